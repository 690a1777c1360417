//! Emitting records: one pretty JSON file per input, written atomically (temp file + rename)
//! so that a crash or a stop never leaves a half-written record for a warehouse to load.

use crate::record::{Record, SCHEMA_VERSION};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Version of this tool, recorded nowhere but used to invalidate incremental skips.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where the record of the input with output stem `stem` goes: `<out>/<stem>.json`.
pub fn record_path(out_dir: &Path, stem: &Path) -> PathBuf {
    let mut name = stem.as_os_str().to_owned();
    name.push(".json");
    out_dir.join(name)
}

/// Serialize a record deterministically (field order fixed by the types, maps in column order).
pub fn to_json(record: &Record) -> String {
    let mut s = serde_json::to_string_pretty(record).expect("records always serialize");
    s.push('\n');
    s
}

/// Write `record` to `path` atomically, creating parent directories.
pub fn write_record(path: &Path, record: &Record) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(to_json(record).as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// For incremental runs: the existing record at `path` is current when it was made from the
/// same bytes (sha256) with the same schema version.
pub fn is_current(path: &Path, sha256: &str) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
        return false;
    };
    value["schema_version"] == SCHEMA_VERSION
        && value["source"]["sha256"] == sha256
        && value["tool_version"] == TOOL_VERSION
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_path_appends_json_to_the_stem() {
        let p = record_path(Path::new("out"), Path::new("a/b.pdf"));
        assert_eq!(p, PathBuf::from("out/a/b.pdf.json"));
    }
}
