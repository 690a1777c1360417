//! Discovering inputs: files and directories given on the command line, walked recursively in
//! a stable order, with zip archives opened so that each member is an input of its own.

use std::io::Read;
use std::path::{Path, PathBuf};

/// File name endings taken when walking a directory. Files named explicitly are always taken,
/// whatever their name, so a mislabeled file still gets a record.
const REPORT_EXTENSIONS: &[&str] = &["pdf", "xlsx", "xlsm", "xls", "docx", "doc", "wps", "et"];

/// Upper bound on one zip member's uncompressed size (a zip bomb guard).
pub const MAX_MEMBER_BYTES: u64 = 512 * 1024 * 1024;
/// Archives with more entries than this are not opened (each member read re-reads the central
/// directory: 100,000 tiny members would take hours); the archive's record says why.
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// Zip archives inside an archive are opened one level deep; together they may hold at most
/// this many bytes (each is copied out once, to a temporary file, to be read like any archive).
pub const MAX_NESTED_ZIP_BYTES: u64 = MAX_MEMBER_BYTES;
/// Longest file name (in bytes) used for a record; longer member names are shortened.
const MAX_NAME_BYTES: usize = 160;

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
    /// With `inner`, member `index` is itself a zip archive and the input is its member
    /// `inner.index`, called `name`.
    ZipMember {
        archive: PathBuf,
        index: usize,
        name: String,
        inner: Option<InnerMember>,
    },
    /// An input refused before reading (an archive with too many entries, a zip nested too
    /// deep): loading it gives the reason and its problem code, so it still gets a record.
    Refused {
        path: PathBuf,
        code: &'static str,
        reason: String,
    },
}

/// A member of a zip archive that is itself a member of the input archive.
#[derive(Debug, Clone)]
pub struct InnerMember {
    /// The inner archive, copied out of the outer one during discovery (removed when the last
    /// input referring to it is dropped).
    pub copy: std::sync::Arc<tempfile::TempPath>,
    pub index: usize,
}

impl Input {
    /// The file name alone (last path segment), for metadata fallbacks.
    pub fn file_name(&self) -> String {
        let full = match &self.source {
            InputSource::File(p) => p.to_string_lossy().to_string(),
            InputSource::ZipMember { name, .. } => name.clone(),
            InputSource::Refused { path, .. } => path.to_string_lossy().to_string(),
        };
        full.rsplit(['/', '\\']).next().unwrap_or(&full).to_string()
    }

    /// Read the input's bytes, refusing anything over `max_bytes`.
    pub fn load(&self, max_bytes: u64) -> Result<Vec<u8>, LoadError> {
        match &self.source {
            InputSource::File(p) => {
                // Looked at before opening: opening a FIFO blocks until a writer comes, and
                // a device (/dev/zero) never ends.
                refuse_non_regular(&std::fs::metadata(p)?)?;
                let file = std::fs::File::open(p)?;
                let meta = file.metadata()?; // the file opened, not the name looked at
                refuse_non_regular(&meta)?;
                if meta.len() > max_bytes {
                    return Err(LoadError::TooLarge(meta.len()));
                }
                // The size may change while reading: never read more than the limit + 1.
                let mut buf = Vec::with_capacity(meta.len() as usize);
                file.take(max_bytes + 1).read_to_end(&mut buf)?;
                if buf.len() as u64 > max_bytes {
                    return Err(LoadError::TooLarge(buf.len() as u64));
                }
                Ok(buf)
            }
            InputSource::Refused { code, reason, .. } => Err(LoadError::Refused {
                code,
                reason: reason.clone(),
            }),
            InputSource::ZipMember {
                archive,
                index,
                inner,
                ..
            } => {
                let (archive, index) = match inner {
                    Some(m) => (m.copy.to_path_buf(), m.index),
                    None => (archive.clone(), *index),
                };
                let file = std::fs::File::open(archive)?;
                let mut zip =
                    zip::ZipArchive::new(file).map_err(|e| LoadError::Zip(e.to_string()))?;
                let limit = max_bytes.min(MAX_MEMBER_BYTES);
                let mut buf = Vec::new();
                read_member(&mut zip, index, limit, &mut buf)?;
                Ok(buf)
            }
        }
    }
}

/// Append member `index` of `zip` to `out`, refusing more than `limit` bytes.
fn read_member<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    index: usize,
    limit: u64,
    out: &mut impl std::io::Write,
) -> Result<u64, LoadError> {
    let member = zip
        .by_index(index)
        .map_err(|e| LoadError::Zip(e.to_string()))?;
    if member.size() > limit {
        return Err(LoadError::TooLarge(member.size()));
    }
    // `take` guards against a member whose header lies about its size.
    let n = std::io::copy(&mut member.take(limit + 1), out)?;
    if n > limit {
        return Err(LoadError::TooLarge(n));
    }
    Ok(n)
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot read the zip member: {0}")]
    Zip(String),
    #[error("the file is {0} bytes, over the size limit")]
    TooLarge(u64),
    #[error("{0}")]
    NotRegular(String),
    #[error("{reason}")]
    Refused { code: &'static str, reason: String },
}

fn refuse_non_regular(meta: &std::fs::Metadata) -> Result<(), LoadError> {
    let t = meta.file_type();
    if t.is_file() {
        return Ok(());
    }
    Err(LoadError::NotRegular(format!(
        "the input is {}; only regular files are read",
        file_kind(&t)
    )))
}

#[cfg(unix)]
fn file_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn file_kind(t: &std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
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
                    Ok(e) if e.file_type().is_dir() => {}
                    Ok(e) => {
                        let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                        let rel = prefix.join(rel);
                        // A link to a file is read as that file (the record is named by the
                        // link); a link to a directory is not followed (it may loop), and
                        // says so. Other non-regular entries (FIFOs, devices) get a record
                        // saying they are not read.
                        if e.path_is_symlink() {
                            match std::fs::metadata(e.path()) {
                                Ok(m) if m.is_dir() => {
                                    issues.push(DiscoverIssue {
                                        path: e.path().display().to_string(),
                                        message: "a symbolic link to a directory; not followed"
                                            .into(),
                                    });
                                    continue;
                                }
                                Ok(_) => {}
                                Err(err) if wanted(e.path()) => {
                                    issues.push(DiscoverIssue {
                                        path: e.path().display().to_string(),
                                        message: format!(
                                            "a symbolic link whose target cannot be read: {err}"
                                        ),
                                    });
                                    continue;
                                }
                                Err(_) => continue,
                            }
                        }
                        if wanted(e.path()) {
                            add_file(e.path(), rel, &mut inputs, &mut issues);
                        }
                    }
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
///
/// A member that is itself a zip archive (a portal's bundle of bundles) is opened one level
/// deep, under the limits of the outer archive: entries of both count against
/// [`MAX_ZIP_ENTRIES`], and the inner archives together against [`MAX_NESTED_ZIP_BYTES`].
/// A zip inside those is refused with a record saying so.
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
    if zip.len() > MAX_ZIP_ENTRIES {
        inputs.push(Input {
            display: path.display().to_string(),
            output_stem: rel.to_path_buf(),
            source: InputSource::Refused {
                path: path.to_path_buf(),
                code: "too_large",
                reason: format!(
                    "the zip archive holds {} entries, more than the limit of {MAX_ZIP_ENTRIES}; \
                     none was read",
                    zip.len()
                ),
            },
        });
        return true;
    }
    // The zip reader keeps one entry per name: entries sharing a name vanish unless said.
    if let Some(declared) = declared_entries(path).filter(|&n| n > zip.len()) {
        issues.push(DiscoverIssue {
            path: path.display().to_string(),
            message: repeated_names(declared, zip.len()),
        });
    }
    let outer = Archive {
        display: path.display().to_string(),
        rel: rel.to_path_buf(),
    };
    let mut walk = Walk {
        inputs,
        issues,
        stems: Default::default(),
        entries: zip.len(),
        nested_bytes: 0,
    };
    for (name, index) in walk.report_members(&mut zip, &outer.display) {
        let Some((stem, display)) = walk.name_member(&outer, &name, index) else {
            continue;
        };
        if ext_of(Path::new(&name)).as_deref() != Some("zip") {
            walk.inputs.push(Input {
                display,
                output_stem: stem,
                source: InputSource::ZipMember {
                    archive: path.to_path_buf(),
                    index,
                    name,
                    inner: None,
                },
            });
            continue;
        }
        match walk.open_inner(&mut zip, index) {
            Ok((copy, mut inner)) => {
                let copy = std::sync::Arc::new(copy);
                if let Some(declared) = declared_entries(&copy).filter(|&n| n > inner.len()) {
                    walk.issues.push(DiscoverIssue {
                        path: display.clone(),
                        message: repeated_names(declared, inner.len()),
                    });
                }
                let here = Archive { display, rel: stem };
                for (inner_name, inner_index) in walk.report_members(&mut inner, &here.display) {
                    let Some((stem, display)) = walk.name_member(&here, &inner_name, inner_index)
                    else {
                        continue;
                    };
                    let source = if ext_of(Path::new(&inner_name)).as_deref() == Some("zip") {
                        InputSource::Refused {
                            path: path.to_path_buf(),
                            code: "unsupported_format",
                            reason: "a zip archive inside a zip archive inside the input: only \
                                     one level of nesting is opened; unpack the outer archive \
                                     and run on the folder"
                                .into(),
                        }
                    } else {
                        InputSource::ZipMember {
                            archive: path.to_path_buf(),
                            index,
                            name: inner_name,
                            inner: Some(InnerMember {
                                copy: copy.clone(),
                                index: inner_index,
                            }),
                        }
                    };
                    walk.inputs.push(Input {
                        display,
                        output_stem: stem,
                        source,
                    });
                }
            }
            Err((code, reason)) => walk.inputs.push(Input {
                display,
                output_stem: stem,
                source: InputSource::Refused {
                    path: path.to_path_buf(),
                    code,
                    reason,
                },
            }),
        }
    }
    true
}

fn repeated_names(declared: usize, kept: usize) -> String {
    format!(
        "{} of its {declared} entries repeat the name of another entry; only one entry per \
         name is read",
        declared - kept
    )
}

/// An archive being listed: the file it lives in, its name for messages, and the record path
/// its members are named under.
struct Archive {
    display: String,
    rel: PathBuf,
}

/// The state of listing one input archive and the archives inside it.
struct Walk<'a> {
    inputs: &'a mut Vec<Input>,
    issues: &'a mut Vec<DiscoverIssue>,
    /// Record paths given so far (shared by the outer and inner archives: "b.zip/a.pdf" may be
    /// an outer member and a member of the inner "b.zip" at once).
    stems: std::collections::HashSet<PathBuf>,
    /// Entries of the outer archive and of the inner archives opened so far.
    entries: usize,
    /// Bytes of the inner archives copied out so far.
    nested_bytes: u64,
}

impl Walk<'_> {
    /// The file members of `zip` (name, index), sorted by name; other entries are said.
    fn report_members<R: std::io::Read + std::io::Seek>(
        &mut self,
        zip: &mut zip::ZipArchive<R>,
        display: &str,
    ) -> Vec<(String, usize)> {
        let mut members: Vec<(String, usize)> = Vec::new();
        for i in 0..zip.len() {
            match zip.by_index_raw(i) {
                Ok(m) if m.is_file() => members.push((member_name(m.name_raw()), i)),
                Ok(m) if m.is_dir() => {}
                Ok(m) => self.issues.push(DiscoverIssue {
                    path: format!("{display}!{}", printable(&member_name(m.name_raw()))),
                    message: "not a regular file inside the archive (a symbolic link?); not read"
                        .into(),
                }),
                Err(e) => self.issues.push(DiscoverIssue {
                    path: display.to_string(),
                    message: format!("zip entry {i} cannot be read: {e}"),
                }),
            }
        }
        members.sort();
        members
    }

    /// The record path and display name of member `name` (number `index`) of `archive`, or
    /// None when it is not a report. Taken names are remembered.
    fn name_member(
        &mut self,
        archive: &Archive,
        name: &str,
        index: usize,
    ) -> Option<(PathBuf, String)> {
        // Backslashes are separators too (Windows tools write them).
        let name_path = name.replace('\\', "/");
        if !wanted(Path::new(&name_path)) {
            return None;
        }
        // Members with ".." or absolute paths must not escape the output directory; names
        // with control characters or too long for a file system are made writable.
        let safe: PathBuf = Path::new(&name_path)
            .components()
            .filter_map(|c| match c {
                std::path::Component::Normal(s) => Some(safe_segment(&s.to_string_lossy())),
                _ => None,
            })
            .collect();
        let mut stem = archive.rel.join(&safe);
        let mut display = format!("{}!{}", archive.display, printable(name));
        // Two members may land on one record name (the same name twice, "a/../b.pdf" and
        // "b.pdf", a GBK and a UTF-8 spelling): each keeps a record of its own.
        if !self.stems.insert(stem.clone()) {
            stem = archive
                .rel
                .join(with_suffix(&safe, &format!("~{}", index + 1)));
            display = format!("{display} (entry {})", index + 1);
            self.stems.insert(stem.clone());
        }
        Some((stem, display))
    }

    /// Copy member `index` of `zip` (a zip archive itself) to a temporary file and open it,
    /// within what is left of the outer archive's limits. Err is (problem code, reason) for
    /// the inner archive's record.
    fn open_inner<R: std::io::Read + std::io::Seek>(
        &mut self,
        zip: &mut zip::ZipArchive<R>,
        index: usize,
    ) -> Result<(tempfile::TempPath, zip::ZipArchive<std::fs::File>), (&'static str, String)> {
        let left = MAX_NESTED_ZIP_BYTES.saturating_sub(self.nested_bytes);
        let mut tmp = tempfile::Builder::new()
            .prefix(".budget-extract-inner")
            .suffix(".zip")
            .tempfile()
            .map_err(|e| {
                (
                    "unreadable_file",
                    format!("cannot copy out the inner zip archive: {e}"),
                )
            })?;
        match read_member(zip, index, left, tmp.as_file_mut()) {
            Ok(n) => self.nested_bytes += n,
            Err(LoadError::TooLarge(n)) => {
                return Err((
                    "too_large",
                    format!(
                        "a zip archive inside the archive, of {n} bytes: the inner archives \
                         of one archive may hold {MAX_NESTED_ZIP_BYTES} bytes together; not \
                         opened"
                    ),
                ));
            }
            Err(e) => return Err(("unreadable_file", e.to_string())),
        }
        let (file, copy) = tmp.into_parts();
        let inner = zip::ZipArchive::new(file).map_err(|e| {
            (
                "corrupt_file",
                format!("the file is damaged: a zip archive inside the archive that cannot be opened: {e}"),
            )
        })?;
        // Counted with the outer archive's entries, so that nesting cannot multiply the limit.
        self.entries += inner.len();
        if self.entries > MAX_ZIP_ENTRIES {
            return Err((
                "too_large",
                format!(
                    "a zip archive inside the archive, holding {} entries: with the entries \
                     of the archives around it that makes {}, more than the limit of \
                     {MAX_ZIP_ENTRIES}; not opened",
                    inner.len(),
                    self.entries
                ),
            ));
        }
        Ok((copy, inner))
    }
}

/// The entry count the archive's end-of-central-directory record declares (None for zip64
/// archives or when it cannot be found).
fn declared_entries(path: &Path) -> Option<usize> {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::File::open(path).ok()?;
    let len = f.metadata().ok()?.len();
    let tail_len = len.min(22 + 65_535);
    f.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = Vec::new();
    f.take(tail_len).read_to_end(&mut tail).ok()?;
    let at = tail.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let n = u16::from_le_bytes(tail.get(at + 10..at + 12)?.try_into().ok()?);
    (n != 0xFFFF).then_some(n as usize)
}

/// A name with control characters (NUL, newline) written as escapes, for messages and logs.
fn printable(name: &str) -> String {
    name.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// One path segment as a file name: control characters become '_', and a name longer than
/// [`MAX_NAME_BYTES`] is shortened (keeping its extension) so that a record can be written.
fn safe_segment(seg: &str) -> String {
    let clean: String = seg
        .chars()
        .map(|c| if c.is_control() { '_' } else { c })
        .collect();
    if clean.len() <= MAX_NAME_BYTES {
        return clean;
    }
    let (base, ext) = match clean.rsplit_once('.') {
        Some((b, e)) if e.len() <= 8 && !b.is_empty() => (b, format!(".{e}")),
        _ => (clean.as_str(), String::new()),
    };
    let mut cut = MAX_NAME_BYTES - ext.len() - 1;
    while !base.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}~{ext}", &base[..cut])
}

/// `a/b.pdf` + `~3` → `a/b~3.pdf`.
fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let name = match p.extension() {
        Some(e) => format!("{stem}{suffix}.{}", e.to_string_lossy()),
        None => format!("{stem}{suffix}"),
    };
    p.with_file_name(name)
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

#[cfg(test)]
mod hostile_tests {
    use super::*;

    fn hostile(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/bad/hostile")
            .join(name)
    }

    #[test]
    fn bad_member_names_each_get_a_writable_stem() {
        let (inputs, issues) = discover(&[hostile("zip_bad_names.zip")]);
        let stems: Vec<String> = inputs
            .iter()
            .map(|i| format!("{:?}", i.output_stem))
            .collect();
        assert_eq!(inputs.len(), 5, "{stems:?} {issues:?}");
        for i in &inputs {
            for seg in i.output_stem.iter() {
                let seg = seg.to_string_lossy();
                assert!(seg.len() <= MAX_NAME_BYTES, "{seg}");
                assert!(!seg.chars().any(|c| c.is_control()), "{seg:?}");
            }
            assert!(
                !i.display.chars().any(|c| c.is_control()),
                "{:?}",
                i.display
            );
        }
    }

    #[test]
    fn colliding_member_names_keep_a_record_each() {
        let (inputs, issues) = discover(&[hostile("zip_colliding_names.zip")]);
        let mut stems: Vec<String> = inputs
            .iter()
            .map(|i| i.output_stem.display().to_string())
            .collect();
        let n = stems.len();
        stems.sort();
        stems.dedup();
        assert_eq!(stems.len(), n, "{stems:?}");
        // Five entries: each has a record or a line saying why not.
        assert_eq!(inputs.len() + issues.len(), 5, "{stems:?} {issues:?}");
    }
}
