//! Discovering inputs: files and directories given on the command line, walked recursively in
//! a stable order, with zip archives opened so that each member is an input of its own.

use std::io::Read;
use std::path::{Path, PathBuf};

/// File name endings taken when walking a directory. Files named explicitly are always taken,
/// whatever their name, so a mislabeled file still gets a record.
const REPORT_EXTENSIONS: &[&str] = &["pdf", "xlsx", "xlsm", "xls", "docx", "doc", "wps", "et"];

/// Upper bound on one zip member's uncompressed size (a zip bomb guard).
pub const MAX_MEMBER_BYTES: u64 = 512 * 1024 * 1024;

/// One report to process.
#[derive(Debug, Clone)]
pub struct Input {
    /// Path as the user would name it: "samples/a.pdf", or "portal.zip!2024/a.pdf" for a member.
    pub display: String,
    /// Relative path used to name the output record (stable across runs).
    pub output_stem: PathBuf,
    pub source: InputSource,
}

#[derive(Debug, Clone)]
pub enum InputSource {
    File(PathBuf),
    /// Member number `index` of zip archive `archive`, called `name` (decoded for display).
    ZipMember {
        archive: PathBuf,
        index: usize,
        name: String,
    },
}

impl Input {
    /// The file name alone (last path segment), for metadata fallbacks.
    pub fn file_name(&self) -> String {
        let full = match &self.source {
            InputSource::File(p) => p.to_string_lossy().to_string(),
            InputSource::ZipMember { name, .. } => name.clone(),
        };
        full.rsplit(['/', '\\']).next().unwrap_or(&full).to_string()
    }

    /// Read the input's bytes, refusing anything over `max_bytes`.
    pub fn load(&self, max_bytes: u64) -> Result<Vec<u8>, LoadError> {
        match &self.source {
            InputSource::File(p) => {
                let len = std::fs::metadata(p)?.len();
                if len > max_bytes {
                    return Err(LoadError::TooLarge(len));
                }
                Ok(std::fs::read(p)?)
            }
            InputSource::ZipMember { archive, index, .. } => {
                let file = std::fs::File::open(archive)?;
                let mut zip =
                    zip::ZipArchive::new(file).map_err(|e| LoadError::Zip(e.to_string()))?;
                let member = zip
                    .by_index(*index)
                    .map_err(|e| LoadError::Zip(e.to_string()))?;
                let limit = max_bytes.min(MAX_MEMBER_BYTES);
                if member.size() > limit {
                    return Err(LoadError::TooLarge(member.size()));
                }
                let mut buf = Vec::with_capacity(member.size() as usize);
                // `take` guards against a member whose header lies about its size.
                member.take(limit + 1).read_to_end(&mut buf)?;
                if buf.len() as u64 > limit {
                    return Err(LoadError::TooLarge(buf.len() as u64));
                }
                Ok(buf)
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot read the zip member: {0}")]
    Zip(String),
    #[error("the file is {0} bytes, over the size limit")]
    TooLarge(u64),
}

/// A problem met while discovering (an unreadable directory, a broken zip): reported, not fatal.
#[derive(Debug, Clone)]
pub struct DiscoverIssue {
    pub path: String,
    pub message: String,
}

/// Expand `paths` into inputs, in a deterministic order (sorted within each directory).
///
/// Output naming (`Input::output_stem`), the rule the README and `--help` state: with exactly
/// one argument and that argument a directory, a report is named by its path under that
/// directory; otherwise every report is named by its path as given ([`as_given`]), so that
/// `a/x.pdf b/x.pdf`, two directories that both hold `x.pdf`, and `find … | xargs` batches
/// each get distinct names that do not depend on how the arguments were grouped.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<DiscoverIssue>) {
    let mut inputs = Vec::new();
    let mut issues = Vec::new();
    let under_one_dir = paths.len() == 1 && paths[0].is_dir();
    for root in paths {
        let prefix = if under_one_dir {
            PathBuf::new()
        } else {
            as_given(root)
        };
        if root.is_dir() {
            let walker = walkdir::WalkDir::new(root)
                .sort_by_file_name()
                .follow_links(false);
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() && wanted(e.path()) => {
                        let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                        let rel = prefix.join(rel);
                        add_file(e.path(), rel, &mut inputs, &mut issues);
                    }
                    Ok(_) => {}
                    Err(err) => issues.push(DiscoverIssue {
                        path: err
                            .path()
                            .map(|p| p.display().to_string())
                            .unwrap_or_default(),
                        message: err.to_string(),
                    }),
                }
            }
        } else {
            // Named explicitly: taken whatever it is called (the CLI refuses missing paths
            // before discovering; a library caller still gets a record saying why).
            let rel = if under_one_dir || prefix.as_os_str().is_empty() {
                PathBuf::from(root.file_name().unwrap_or(root.as_os_str()))
            } else {
                prefix
            };
            add_file(root, rel, &mut inputs, &mut issues);
        }
    }
    (inputs, issues)
}

/// A path as given, made relative and lexically clean: `.` dropped, `a/../b` → `b`, and a
/// leading `/`, drive prefix or `..` (which would climb out of the output folder) removed:
/// `/data/x.pdf` → `data/x.pdf`, `../y/x.pdf` → `y/x.pdf`, `/x/..` → `` (empty).
pub fn as_given(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => parts.push(s),
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    parts.iter().collect()
}

/// Why a command-line path cannot be an input, as one line for the user; `None` when it can.
/// A missing path, `-`, a URL or an unexpanded glob would otherwise become a junk record.
pub fn argument_error(path: &Path) -> Option<String> {
    let text = path.to_string_lossy();
    if text == "-" {
        return Some(
            "`-`: reading a report from standard input is not supported; name a file or directory"
                .into(),
        );
    }
    if text.contains("://") {
        return Some(format!(
            "{text}: URLs are not fetched; download the file and name the local copy"
        ));
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() || m.is_dir() => None,
        Ok(_) => Some(format!("{text}: not a regular file or directory")),
        Err(_) if text.contains(['*', '?', '[']) => Some(format!(
            "{text}: no such file; it looks like a wildcard pattern that the shell did not \
             expand (nothing matched, or it was quoted)"
        )),
        Err(e) => Some(format!("{text}: {e}")),
    }
}

fn wanted(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') || name.starts_with("~$") {
        return false; // hidden files and Office lock files
    }
    ext_of(path).is_some_and(|e| e == "zip" || REPORT_EXTENSIONS.contains(&e.as_str()))
}

fn ext_of(path: &Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_lowercase())
}

fn add_file(path: &Path, rel: PathBuf, inputs: &mut Vec<Input>, issues: &mut Vec<DiscoverIssue>) {
    if ext_of(path).as_deref() == Some("zip") && add_zip_members(path, &rel, inputs, issues) {
        return;
    }
    inputs.push(Input {
        display: path.display().to_string(),
        output_stem: rel,
        source: InputSource::File(path.to_path_buf()),
    });
}

/// Add each report member of a zip archive. Returns false when the archive cannot be opened,
/// in which case the caller keeps it as a plain input (so it gets a record saying why).
fn add_zip_members(
    path: &Path,
    rel: &Path,
    inputs: &mut Vec<Input>,
    issues: &mut Vec<DiscoverIssue>,
) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return false;
    };
    let mut members: Vec<(String, usize)> = Vec::new();
    for i in 0..zip.len() {
        match zip.by_index_raw(i) {
            Ok(m) if m.is_file() => members.push((member_name(m.name_raw()), i)),
            Ok(_) => {}
            Err(e) => issues.push(DiscoverIssue {
                path: path.display().to_string(),
                message: e.to_string(),
            }),
        }
    }
    members.sort();
    for (name, index) in members {
        let member = Path::new(&name);
        if !wanted(member) {
            continue;
        }
        // Members with ".." or absolute paths must not escape the output directory.
        let safe: PathBuf = member
            .components()
            .filter_map(|c| match c {
                std::path::Component::Normal(s) => Some(s),
                _ => None,
            })
            .collect();
        inputs.push(Input {
            display: format!("{}!{}", path.display(), name),
            output_stem: rel.join(safe),
            source: InputSource::ZipMember {
                archive: path.to_path_buf(),
                index,
                name,
            },
        });
    }
    true
}

/// A member name as its author wrote it: UTF-8 when it is valid UTF-8, otherwise GBK, which is
/// what Chinese Windows zip tools store without setting the UTF-8 flag (the zip crate would
/// decode such names as CP437 mojibake).
fn member_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GBK.decode(raw).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn walks_directories_in_order_and_opens_zips() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.pdf"), b"%PDF-1.4").unwrap();
        std::fs::write(dir.path().join("a.xlsx"), b"x").unwrap();
        std::fs::write(dir.path().join("notes.txt"), b"skip me").unwrap();
        let zpath = dir.path().join("c.zip");
        let mut zw = zip::ZipWriter::new(std::fs::File::create(&zpath).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        zw.start_file("../evil/x.docx", opts).unwrap();
        zw.write_all(b"PK").unwrap();
        zw.start_file("readme.txt", opts).unwrap();
        zw.finish().unwrap();

        let (inputs, issues) = discover(&[dir.path().to_path_buf()]);
        assert!(issues.is_empty());
        let stems: Vec<String> = inputs
            .iter()
            .map(|i| i.output_stem.display().to_string())
            .collect();
        assert_eq!(stems, vec!["a.xlsx", "b.pdf", "c.zip/evil/x.docx"]);
        assert_eq!(inputs[2].file_name(), "x.docx");
        assert_eq!(inputs[2].load(1 << 20).unwrap(), b"PK");
    }

    #[test]
    fn gbk_member_names_are_decoded() {
        let gbk = encoding_rs::GBK.encode("阳城县决算.xlsx").0;
        assert_eq!(member_name(&gbk), "阳城县决算.xlsx");
        assert_eq!(member_name("附件3.pdf".as_bytes()), "附件3.pdf");
    }

    #[test]
    fn explicit_missing_file_is_kept_and_fails_on_load() {
        let (inputs, _) = discover(&[PathBuf::from("/nonexistent/report.pdf")]);
        assert_eq!(inputs.len(), 1);
        assert!(inputs[0].load(1 << 20).is_err());
    }
}
