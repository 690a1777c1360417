//! Emitting records: one pretty JSON file per input, written atomically (temp file + rename)
//! so that a crash or a stop never leaves a half-written record for a warehouse to load.
//!
//! Everything lands inside the output folder: record paths are made of plain name components
//! only, and an existing symlink (or file) in the way of a record's folder is an error, never
//! followed out of the folder.

use crate::discover::{Input, InputSource};
use crate::record::Record;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Version of this tool, written into every record (`tool_version`).
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What decides a record besides its input: the crate version and a hash of the extractor's
/// code, catalogs and locked dependencies, computed by `build.rs`. Incremental runs redo every
/// input whose record was made by another build.
pub const BUILD_ID: &str = env!("BUDGET_EXTRACT_BUILD_ID");

/// Files in the output folder that are not records. Records always end in `.json` and are
/// named after inputs, so these are reserved: an input that would be named like one is refused.
pub const RUN_FILE: &str = "_run.json";
pub const MANIFEST_FILE: &str = "_manifest.jsonl";
pub const RESERVED: &[&str] = &[RUN_FILE, MANIFEST_FILE];

/// Marker in the names of temporary files (`.<name>.be-tmp.<pid>.<n>`), so that a later run
/// can tell its own leftovers from anything else in the folder.
const TMP_MARK: &str = ".be-tmp.";

/// Where the record of the input with output stem `stem` goes: `<out>/<stem>.json`. Only the
/// plain name components of `stem` are used, so no stem can point outside `out`.
pub fn record_path(out_dir: &Path, stem: &Path) -> PathBuf {
    out_dir.join(record_rel(stem))
}

/// The record's path relative to the output folder.
pub fn record_rel(stem: &Path) -> PathBuf {
    let mut rel: PathBuf = stem
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s),
            _ => None,
        })
        .collect();
    let mut name = rel.file_name().map(|n| n.to_owned()).unwrap_or_default();
    name.push(".json");
    rel.set_file_name(name);
    rel
}

/// Plan the record path of every input: drop repeats of one source (the same file named twice),
/// and refuse, with one line per clash, two sources that would share a record, a record that
/// would be the folder of another (`x.pdf` beside a folder `x.pdf.json/`), or a reserved name.
pub fn plan(inputs: Vec<Input>) -> Result<Vec<(Input, PathBuf)>, Vec<String>> {
    let mut planned: Vec<(Input, PathBuf)> = Vec::new();
    let mut by_rel: HashMap<PathBuf, (usize, SourceKey)> = HashMap::new();
    let mut clashes = Vec::new();
    for input in inputs {
        let rel = record_rel(&input.output_stem);
        let key = source_key(&input);
        if let Some((i, other)) = by_rel.get(&rel) {
            if *other != key {
                clashes.push(format!(
                    "{} and {} would both be recorded as {}",
                    planned[*i].0.display,
                    input.display,
                    rel.display()
                ));
            }
            continue;
        }
        by_rel.insert(rel.clone(), (planned.len(), key));
        planned.push((input, rel));
    }
    let mut folders: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for (i, (_, rel)) in planned.iter().enumerate() {
        for dir in rel.ancestors().skip(1) {
            if !dir.as_os_str().is_empty() {
                folders.entry(dir.to_path_buf()).or_insert(i);
            }
        }
    }
    for (input, rel) in &planned {
        if let Some(&i) = folders.get(rel) {
            clashes.push(format!(
                "the record of {} ({}) would be the folder holding the record of {}",
                input.display,
                rel.display(),
                planned[i].0.display
            ));
        }
        if let Some(top) = rel.components().next()
            && RESERVED.iter().any(|r| top.as_os_str() == *r)
        {
            clashes.push(format!(
                "{}: its record would be named {}, which is reserved for the run files",
                input.display,
                rel.display()
            ));
        }
    }
    if clashes.is_empty() {
        Ok(planned)
    } else {
        Err(clashes)
    }
}

/// What makes two inputs the same source: the canonical file (or archive and member).
#[derive(Debug, Clone, PartialEq, Eq)]
enum SourceKey {
    File(PathBuf),
    Member(PathBuf, usize),
}

fn source_key(input: &Input) -> SourceKey {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    match &input.source {
        InputSource::File(p) => SourceKey::File(canon(p)),
        InputSource::ZipMember { archive, index, .. } => SourceKey::Member(canon(archive), *index),
        InputSource::Refused { path, .. } => SourceKey::File(canon(path)),
    }
}

/// Serialize a record deterministically (field order fixed by the types, maps in column order).
pub fn to_json(record: &Record) -> String {
    let mut s = serde_json::to_string_pretty(record).expect("records always serialize");
    s.push('\n');
    s
}

/// Write `record` at `rel` inside `out_dir` atomically, creating parent folders.
pub fn write_record(out_dir: &Path, rel: &Path, record: &Record) -> std::io::Result<()> {
    write_inside(out_dir, rel, to_json(record).as_bytes())
}

/// Write `bytes` at `rel` inside `out_dir` atomically: the folders on the way are created
/// as real folders (an existing symlink or file among them is an error, never followed), the
/// bytes go to a hidden temp file beside the target, which is then renamed over it (a symlink
/// at the target itself is replaced, not followed). The file gets the mode any new file gets
/// (0666 less the umask), not the 0600 of a private temp file.
pub fn write_inside(out_dir: &Path, rel: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut dir = out_dir.to_path_buf();
    let parent = rel.parent().unwrap_or(Path::new(""));
    for c in parent.components() {
        let Component::Normal(name) = c else {
            return Err(invalid(format!(
                "{} is not a plain relative path",
                rel.display()
            )));
        };
        dir.push(name);
        make_real_dir(&dir)?;
    }
    let name = rel
        .file_name()
        .ok_or_else(|| invalid(format!("{} has no file name", rel.display())))?;
    let target = dir.join(name);
    if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
        return Err(invalid(format!("{} is a folder", target.display())));
    }
    let tmp = dir.join(format!(
        ".{}{TMP_MARK}{}.{}",
        name.to_string_lossy(),
        std::process::id(),
        TMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = {
            // Registered before it exists, so an interrupt that cleans up sees it.
            let mut live = LIVE_TEMPS.lock().unwrap_or_else(|e| e.into_inner());
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)?;
            live.push(tmp.clone());
            file
        };
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    LIVE_TEMPS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|p| p != &tmp);
    result
}

fn invalid(msg: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, msg)
}

/// `dir` exists as a real folder afterwards, or the error says what is in the way.
fn make_real_dir(dir: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => Err(invalid(format!(
            "{} is a symlink; records are not written through links in the output folder",
            dir.display()
        ))),
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(invalid(format!(
            "{} is a file where a folder of records is needed",
            dir.display()
        ))),
        Err(_) => match std::fs::create_dir(dir) {
            Ok(()) => Ok(()),
            // Another worker made it meanwhile: check what it is.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                match std::fs::symlink_metadata(dir) {
                    Ok(m) if m.is_dir() => Ok(()),
                    _ => Err(e),
                }
            }
            Err(e) => Err(e),
        },
    }
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);
static LIVE_TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// On an interrupt: remove the temp files being written and keep any new one from being
/// created (the lock is held until the process exits).
pub fn abandon_temp_files() {
    let guard = LIVE_TEMPS.lock().unwrap_or_else(|e| e.into_inner());
    for p in guard.iter() {
        let _ = std::fs::remove_file(p);
    }
    std::mem::forget(guard);
}

/// Remove temp files a killed run left in `out_dir`: ours (`.<name>.be-tmp.<pid>.<n>`, whose
/// process is gone) and those of versions that used `tempfile`'s `.tmpXXXXXX` names. Symlinks
/// are not followed. Returns how many were removed.
pub fn remove_stale_temp_files(out_dir: &Path) -> usize {
    let mut removed = 0;
    for entry in walkdir::WalkDir::new(out_dir).follow_links(false) {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if is_stale_temp(&name) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

fn is_stale_temp(name: &str) -> bool {
    if let Some((_, rest)) = name.split_once(TMP_MARK) {
        let pid = rest.split('.').next().unwrap_or("");
        let alive = pid.parse::<u32>().is_ok_and(|p| {
            p == std::process::id() || Path::new("/proc").join(p.to_string()).exists()
        });
        return name.starts_with('.') && !alive;
    }
    name.len() == 10
        && name.starts_with(".tmp")
        && name[4..].bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(display: &str, stem: &str, file: &Path) -> Input {
        Input {
            display: display.into(),
            output_stem: PathBuf::from(stem),
            source: InputSource::File(file.to_path_buf()),
        }
    }

    #[test]
    fn record_path_appends_json_to_the_stem_and_keeps_inside() {
        let p = record_path(Path::new("out"), Path::new("a/b.pdf"));
        assert_eq!(p, PathBuf::from("out/a/b.pdf.json"));
        let p = record_path(Path::new("out"), Path::new("/../x/../b.pdf"));
        assert_eq!(p, PathBuf::from("out/x/b.pdf.json"));
    }

    #[test]
    fn plan_refuses_clashes_and_drops_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
        std::fs::write(&a, "a").unwrap();
        std::fs::write(&b, "b").unwrap();
        let same = plan(vec![input("a", "x.pdf", &a), input("a again", "x.pdf", &a)]).unwrap();
        assert_eq!(same.len(), 1);
        let clash = plan(vec![input("a", "x.pdf", &a), input("b", "x.pdf", &b)]).unwrap_err();
        assert!(
            clash[0].contains("would both be recorded as x.pdf.json"),
            "{clash:?}"
        );
        let folder = plan(vec![
            input("a", "x.pdf", &a),
            input("b", "x.pdf.json/y.pdf", &b),
        ])
        .unwrap_err();
        assert!(folder[0].contains("would be the folder"), "{folder:?}");
        let reserved = plan(vec![input("a", "_run", &a)]).unwrap_err();
        assert!(reserved[0].contains("reserved"), "{reserved:?}");
    }

    #[test]
    fn writes_refuse_symlinks_on_the_way() {
        let out = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), out.path().join("a")).unwrap();
        assert!(write_inside(out.path(), Path::new("a/x.json"), b"{}").is_err());
        assert!(
            std::fs::read_dir(elsewhere.path())
                .unwrap()
                .next()
                .is_none()
        );
        write_inside(out.path(), Path::new("b/x.json"), b"{}").unwrap();
        assert_eq!(std::fs::read(out.path().join("b/x.json")).unwrap(), b"{}");
    }

    #[test]
    fn stale_temp_names() {
        assert!(is_stale_temp(".x.pdf.json.be-tmp.4000000000.3"));
        assert!(!is_stale_temp(&format!(
            ".x.json.be-tmp.{}.1",
            std::process::id()
        )));
        assert!(is_stale_temp(".tmpAb12Cd"));
        assert!(!is_stale_temp("x.pdf.json"));
    }
}
