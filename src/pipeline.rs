//! Joining the stages: one input → one [`Record`], and a batch of inputs processed in parallel.
//!
//! Whatever happens inside a stage (an error, a panic, a file that takes too long), the input
//! still yields a record whose `problems` say why, and the batch goes on.

use crate::discover::Input;
use crate::model::Document;
use crate::read::{self, Format, ReadError};
use crate::record::{Problem, Record, Report, SCHEMA_VERSION, Source};
use crate::{find, validate};
use sha2::{Digest, Sha256};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Limits applied to every input.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Files larger than this are not read.
    pub max_bytes: u64,
    /// Wall time for one file; past it the file's work is stopped and it gets a "timeout"
    /// record.
    pub timeout: Duration,
    /// Work units (content operators, cells, XML elements) one file may use.
    pub max_work: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 256 * 1024 * 1024,
            timeout: Duration::from_secs(120),
            max_work: read::limits::MAX_WORK_PER_FILE,
        }
    }
}

/// Process one input under `limits`. Never panics.
pub fn process(input: &Input, limits: &Limits) -> Record {
    let bytes = match input.load(limits.max_bytes) {
        Ok(b) => b,
        Err(e) => {
            let mut rec = empty_record(input, &[], "unknown");
            let code = match e {
                crate::discover::LoadError::TooLarge(_) => "too_large",
                crate::discover::LoadError::Refused { code, .. } => code,
                _ => "unreadable_file",
            };
            rec.problems
                .push(Problem::error(code, e.to_string(), input.display.clone()));
            return rec;
        }
    };
    process_loaded(input, bytes, limits)
}

/// Process an input whose bytes are already loaded (an incremental run hashed them to decide
/// whether to run at all), under the same containment as [`process`].
pub fn process_loaded(input: &Input, bytes: Vec<u8>, limits: &Limits) -> Record {
    let bytes = Arc::new(bytes);
    let (tx, rx) = mpsc::channel();
    let worker_input = input.clone();
    let worker_bytes = Arc::clone(&bytes);
    let stop = Arc::new(AtomicBool::new(false));
    let worker_stop = Arc::clone(&stop);
    let deadline = Instant::now().checked_add(limits.timeout);
    let max_work = limits.max_work;
    // A thread of its own, running under a work budget (deadline, stop flag, work counter)
    // that the readers check in their loops: past its time the file's work returns by itself
    // and frees its memory. Rust cannot kill a thread, so work outside those loops (a
    // library call) can only be waited for a little, then abandoned.
    // Logs from the worker (library warnings included) name the input the caller's span names.
    let span = tracing::Span::current();
    let spawned = std::thread::Builder::new()
        // A thread name may not hold NUL (the spawn would panic): printable characters only.
        .name(format!(
            "extract {}",
            input
                .file_name()
                .chars()
                .filter(|c| !c.is_control())
                .take(60)
                .collect::<String>()
        ))
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let _in_span = span.enter();
            let _budget = read::budget::install(deadline, max_work, worker_stop);
            let result = panic::catch_unwind(AssertUnwindSafe(|| {
                process_bytes(&worker_input, &worker_bytes)
            }));
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        let mut rec = empty_record(input, &bytes, "unknown");
        rec.problems.push(Problem::error(
            "internal_error",
            format!("cannot start a worker: {e}"),
            input.display.clone(),
        ));
        return rec;
    }
    let mut outcome = rx.recv_timeout(limits.timeout);
    if outcome.is_err() {
        // Time is up: tell the worker to stop, and give it a moment to return its record.
        stop.store(true, Ordering::Relaxed);
        outcome = rx.recv_timeout(STOP_GRACE.min(limits.timeout.max(Duration::from_millis(100))));
    }
    match outcome {
        Ok(Ok(record)) => record,
        Ok(Err(panic)) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            let mut rec = empty_record(input, &bytes, &read::sniff(&bytes).to_string());
            rec.problems.push(Problem::error(
                "internal_error",
                format!(
                    "the extractor failed on this file ({msg}); please report it with the file"
                ),
                input.display.clone(),
            ));
            rec
        }
        Err(_) => {
            let mut rec = empty_record(input, &bytes, &read::sniff(&bytes).to_string());
            rec.problems.push(Problem::error(
                "timeout",
                format!(
                    "processing took longer than {} s; it did not stop when asked and was \
                     abandoned",
                    limits.timeout.as_secs()
                ),
                input.display.clone(),
            ));
            rec
        }
    }
}

/// How long a file past its time is given to stop by itself before it is abandoned.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// The stages for bytes already loaded. May panic on a bug; [`process`] contains that.
pub fn process_bytes(input: &Input, bytes: &[u8]) -> Record {
    let format = read::sniff(bytes);
    let mut rec = empty_record(input, bytes, &format.to_string());
    if let Some(p) = extension_mismatch(&input.file_name(), format, bytes) {
        rec.problems.push(p);
    }
    let doc = match read::read(bytes, format) {
        Ok(doc) => doc,
        Err(e) => {
            rec.problems.push(Problem::error(
                e.code(),
                e.to_string(),
                input.display.clone(),
            ));
            return rec;
        }
    };
    rec.source.pages = doc.pages;
    assemble(&mut rec, &doc, &input.file_name());
    // The finder and the checks do not look at the budget: say so if it ran out meanwhile.
    if let Some(e) = read::budget::exceeded() {
        let e = ReadError::from_budget(e);
        rec.problems.push(Problem::error(
            e.code(),
            e.to_string(),
            input.display.clone(),
        ));
    }
    rec
}

/// Run find + validate on a document and fill the record.
fn assemble(rec: &mut Record, doc: &Document, file_name: &str) {
    for w in &doc.warnings {
        rec.problems.push(Problem::warning(
            &w.code,
            w.message.clone(),
            w.origin.to_string(),
        ));
    }
    let found = find::find(doc, file_name);
    rec.problems.extend(found.problems);
    let mut tables = found.tables;
    crate::record::assign_table_ids(&mut tables);
    let checked = validate::validate(&found.report, &tables, doc);
    crate::record::unit_codes_as_row_codes(&mut tables);
    rec.report = found.report;
    rec.tables = tables;
    rec.facts = checked.facts;
    rec.projects = checked.projects;
    rec.checks = checked.checks;
    rec.summary = checked.summary;
    rec.problems.extend(checked.problems);
    // a prose-only report (a 自评报告) gives facts, not tables
    if rec.tables.is_empty()
        && rec.facts.is_empty()
        && !rec
            .problems
            .iter()
            .any(|p| p.severity == crate::record::Severity::Error)
    {
        rec.problems.push(Problem::warning(
            "no_tables",
            "no table was found in this file",
            "",
        ));
    }
}

fn empty_record(input: &Input, bytes: &[u8], format: &str) -> Record {
    Record {
        schema_version: SCHEMA_VERSION.to_string(),
        tool_version: crate::emit::TOOL_VERSION.to_string(),
        source: Source {
            path: input.display.clone(),
            sha256: sha256_hex(bytes),
            format: format.to_string(),
            bytes: bytes.len() as u64,
            pages: None,
        },
        report: Report {
            kind: "unknown".into(),
            ..Default::default()
        },
        tables: Vec::new(),
        facts: Vec::new(),
        projects: Vec::new(),
        checks: Vec::new(),
        summary: Default::default(),
        problems: Vec::new(),
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file whose name says one format and whose content is another is processed as its content
/// says, with a warning: portals often serve xlsx renamed .xls, or HTML error pages as .pdf.
/// Content that is no format at all (empty, or a damaged or encrypted OLE container named
/// for one of its formats) is not mislabeled: the read error already says what it is.
fn extension_mismatch(file_name: &str, format: Format, bytes: &[u8]) -> Option<Problem> {
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_lowercase())?;
    let expected: &[Format] = match ext.as_str() {
        "pdf" => &[Format::Pdf],
        "xlsx" | "xlsm" => &[Format::Xlsx],
        "xls" | "et" => &[Format::Xls, Format::Xlsx],
        "docx" => &[Format::Docx],
        "doc" | "wps" => &[Format::Doc, Format::Docx],
        _ => return None,
    };
    if expected.contains(&format) {
        return None;
    }
    let content = match format {
        Format::Unknown if bytes.is_empty() => return None,
        Format::Unknown
            if read::is_ole_container(bytes)
                && matches!(
                    ext.as_str(),
                    "xls" | "et" | "doc" | "wps" | "xlsx" | "xlsm" | "docx"
                ) =>
        {
            return None;
        }
        Format::Unknown if read::is_html(bytes) => "an HTML page".to_string(),
        _ => format.to_string(),
    };
    Some(Problem::warning(
        "mislabeled_file",
        format!("the file is named .{ext} but its content is {content}"),
        file_name.to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::InputSource;
    use std::path::PathBuf;

    fn input(path: &str) -> Input {
        Input {
            display: path.into(),
            output_stem: PathBuf::from(path),
            source: InputSource::File(PathBuf::from(path)),
        }
    }

    #[test]
    fn html_named_pdf_gets_a_record_with_two_problems() {
        let rec = process_bytes(&input("x.pdf"), b"<html><body>404</body></html>");
        let codes: Vec<&str> = rec.problems.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, vec!["mislabeled_file", "unsupported_format"]);
        assert_eq!(rec.source.format, "unknown");
        assert!(rec.tables.is_empty());
    }

    #[test]
    fn missing_file_gives_unreadable_record() {
        let rec = process(&input("/nonexistent/a.pdf"), &Limits::default());
        assert_eq!(rec.problems[0].code, "unreadable_file");
        assert_eq!(rec.problems[0].severity, crate::record::Severity::Error);
    }
}
