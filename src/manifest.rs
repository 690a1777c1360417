//! The account of a run, for cron jobs and pipelines: `_manifest.jsonl` (one line per input →
//! record) and `_run.json` (what ran, with what, and the counts), both written atomically into
//! the output folder at the end of a run. The manifest of the previous run is also what an
//! incremental run compares with: same bytes, same schema, same build → skip.

use crate::emit::{self, BUILD_ID, MANIFEST_FILE, RUN_FILE};
use crate::record::{Record, SCHEMA_VERSION, Severity};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// What became of one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The input as named on the command line ("archive.zip!member" for a zip member).
    pub input: String,
    /// The record, relative to the output folder ("/"-separated).
    pub record: String,
    pub sha256: String,
    pub bytes: u64,
    pub format: String,
    /// "ok" (read; its tables may still have failed checks), "unreadable" (no data: damaged,
    /// encrypted, not a report, too large...), "timeout" or "internal_error".
    pub status: String,
    /// True when an incremental run kept the record of a previous run (counts are from it).
    pub skipped: bool,
    pub tables: usize,
    pub checks_failed: u32,
    pub problems: usize,
    /// Distinct problem codes, errors first, each once, in order of first appearance.
    pub problem_codes: Vec<String>,
    /// Wall time spent on the input in this run, milliseconds.
    pub duration_ms: u64,
    pub schema_version: String,
    /// Build that made the record (see `budget-extract -V`).
    pub build: String,
}

impl Entry {
    pub fn new(input: &str, record_rel: &Path, rec: &Record, duration_ms: u64) -> Entry {
        let mut codes: Vec<String> = Vec::new();
        for sev in [Severity::Error, Severity::Warning] {
            for p in rec.problems.iter().filter(|p| p.severity == sev) {
                if !codes.contains(&p.code) {
                    codes.push(p.code.clone());
                }
            }
        }
        Entry {
            input: input.to_string(),
            record: rel_string(record_rel),
            sha256: rec.source.sha256.clone(),
            bytes: rec.source.bytes,
            format: rec.source.format.clone(),
            status: status(rec).to_string(),
            skipped: false,
            tables: rec.tables.len(),
            checks_failed: rec.summary.checks_failed,
            problems: rec.problems.len(),
            problem_codes: codes,
            duration_ms,
            schema_version: SCHEMA_VERSION.to_string(),
            build: BUILD_ID.to_string(),
        }
    }

    /// An incremental run may keep this record for input bytes `sha256`: made by this build
    /// and schema from the same bytes, and not a timeout or crash (those are retried).
    pub fn is_current(&self, sha256: &str) -> bool {
        self.sha256 == sha256
            && self.build == BUILD_ID
            && self.schema_version == SCHEMA_VERSION
            && !matches!(self.status.as_str(), "timeout" | "internal_error")
    }
}

/// The status of a record, from its error problems.
pub fn status(rec: &Record) -> &'static str {
    let has = |code: &str| {
        rec.problems
            .iter()
            .any(|p| p.severity == Severity::Error && p.code == code)
    };
    if has("internal_error") {
        "internal_error"
    } else if has("timeout") {
        "timeout"
    } else if rec.unreadable() {
        "unreadable"
    } else {
        "ok"
    }
}

pub fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The previous run's entries by record path; empty when there is none or it is unreadable.
pub fn load(out_dir: &Path) -> HashMap<String, Entry> {
    let Ok(text) = std::fs::read_to_string(out_dir.join(MANIFEST_FILE)) else {
        return HashMap::new();
    };
    text.lines()
        .filter_map(|l| serde_json::from_str::<Entry>(l).ok())
        .map(|e| (e.record.clone(), e))
        .collect()
}

/// Write the manifest (entries in input order) atomically.
pub fn write(out_dir: &Path, entries: &[Entry]) -> std::io::Result<()> {
    let mut text = String::new();
    for e in entries {
        text.push_str(&serde_json::to_string(e).expect("entries serialize"));
        text.push('\n');
    }
    emit::write_inside(out_dir, Path::new(MANIFEST_FILE), text.as_bytes())
}

/// `_run.json`: one run, machine-readable.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Run {
    /// Always "budget-extract run": tells this file from a record.
    pub kind: String,
    pub tool_version: String,
    pub build: String,
    pub schema_version: String,
    /// UTC, RFC 3339.
    pub started: String,
    pub finished: String,
    pub arguments: Vec<String>,
    pub incremental: bool,
    pub counts: Counts,
    /// Records in the folder whose input was not part of this run (left, or removed with
    /// `--prune`).
    pub stale_records: Vec<String>,
    pub pruned: usize,
    pub stale_temp_files_removed: usize,
    pub exit_code: u8,
}

/// How many inputs, by what became of them, and what their records hold.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Counts {
    /// Inputs discovered (zip members count one each).
    pub inputs: usize,
    /// Inputs processed in this run, and kept from a previous run (incremental).
    pub processed: usize,
    pub skipped: usize,
    /// By status, processed and skipped together.
    pub ok: usize,
    pub unreadable: usize,
    pub timeout: usize,
    pub internal_error: usize,
    pub records_not_written: usize,
    pub tables: usize,
    pub checks_failed: u64,
    pub problems: usize,
}

pub fn write_run(out_dir: &Path, run: &Run) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(run).expect("runs serialize");
    text.push('\n');
    emit::write_inside(out_dir, Path::new(RUN_FILE), text.as_bytes())
}

/// Now as "2026-12-02T10:45:36Z".
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    utc(secs)
}

fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_formats_known_instants() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(utc(1_796_208_336), "2026-12-02T10:45:36Z");
    }
}
