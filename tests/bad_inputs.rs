//! Broken, hostile and mislabeled inputs (tests/fixtures/bad/, see its README): each still
//! gives a record whose problems say why, and none panics or hangs.

use budget_extract::discover::{self, Input};
use budget_extract::pipeline::{self, Limits};
use budget_extract::record::{Record, Severity};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(name)
}

fn run(name: &str) -> Record {
    let (inputs, _) = discover::discover(&[fixture(name)]);
    assert_eq!(inputs.len(), 1, "{name} is one input");
    pipeline::process(&inputs[0], &Limits::default())
}

/// The record has no tables and an error problem with `code` whose message contains `says`.
fn assert_error(rec: &Record, code: &str, says: &str) {
    assert!(
        rec.tables.is_empty(),
        "{}: tables from a broken file",
        rec.source.path
    );
    let p = rec
        .problems
        .iter()
        .find(|p| p.severity == Severity::Error && p.code == code)
        .unwrap_or_else(|| panic!("{}: no {code} error in {:?}", rec.source.path, rec.problems));
    assert!(
        p.message.contains(says),
        "{}: {:?} does not say {says:?}",
        rec.source.path,
        p.message
    );
}

#[test]
fn truncated_pdf_is_reported_as_damaged() {
    let rec = run("truncated_half.pdf");
    assert_eq!(rec.source.format, "pdf");
    assert_error(&rec, "corrupt_file", "damaged or truncated");
}

#[test]
fn truncated_xlsx_is_reported_as_damaged() {
    let rec = run("truncated_half.xlsx");
    assert_eq!(rec.source.format, "xlsx");
    assert_error(&rec, "corrupt_file", "damaged or truncated");
}

#[test]
fn html_served_as_pdf_is_named_for_what_it_is() {
    let rec = run("html_error_page.pdf");
    assert_error(&rec, "unsupported_format", "HTML page");
    assert!(rec.problems.iter().any(|p| p.code == "mislabeled_file"));
}

#[test]
fn empty_file_says_it_is_empty() {
    let rec = run("empty.pdf");
    assert_eq!(rec.source.bytes, 0);
    assert_error(&rec, "unsupported_format", "empty");
}

#[test]
fn password_protected_pdf_asks_for_the_password() {
    let rec = run("password_user.pdf");
    assert_error(&rec, "encrypted", "password");
}

#[test]
fn empty_password_pdf_is_read() {
    let rec = run("encrypted_empty_user_password.pdf");
    assert!(
        !rec.unreadable() && !rec.problems.iter().any(|p| p.code == "encrypted"),
        "{:?}",
        rec.problems
    );
    let table = rec
        .tables
        .iter()
        .find(|t| t.kind == "budget.expenditure")
        .expect("表三 found");
    let row = table
        .rows
        .iter()
        .find(|r| r.code.as_deref() == Some("2240101"))
        .expect("row 2240101");
    // 表三 printed in 元: 行政运行 553.03 万元 = 5530300 元.
    assert_eq!(
        row.values["total"].map(|d| d.normalize().to_string()),
        Some("5530300".into())
    );
}

#[test]
fn zip_members_each_get_a_record_and_gbk_names_are_decoded() {
    let (inputs, issues) = discover::discover(&[fixture("bundle_two_samples_one_broken.zip")]);
    assert!(issues.is_empty(), "{issues:?}");
    let names: Vec<String> = inputs.iter().map(|i| i.file_name()).collect();
    assert!(
        names.contains(&"阳城县应急管理局2024年度决算公开.xlsx".to_string()),
        "{names:?}"
    );
    assert_eq!(inputs.len(), 3);
    let records: Vec<Record> = inputs
        .iter()
        .map(|i: &Input| pipeline::process(i, &Limits::default()))
        .collect();
    let broken: Vec<&Record> = records.iter().filter(|r| r.unreadable()).collect();
    assert_eq!(broken.len(), 1, "exactly the damaged member is unreadable");
    assert!(broken[0].source.path.contains("附件3-损坏.pdf"));
    let good = records
        .iter()
        .find(|r| r.source.path.ends_with("决算公开.xlsx"))
        .unwrap();
    assert_eq!(good.report.department.as_deref(), Some("阳城县应急管理局"));
    assert!(good.tables.len() >= 10);
}

#[test]
fn oversized_file_is_refused_without_reading() {
    let (inputs, _) = discover::discover(&[fixture("truncated_half.pdf")]);
    let rec = pipeline::process(
        &inputs[0],
        &Limits {
            max_bytes: 1000,
            ..Limits::default()
        },
    );
    assert_error(&rec, "too_large", "size limit");
}

#[test]
fn garbage_with_a_pdf_header_never_panics() {
    // Deterministic pseudo-random bytes after a PDF header, in many lengths.
    let mut state: u64 = 0x2545F4914F6CDD1D;
    for len in [10usize, 100, 1000, 10_000] {
        let mut bytes = b"%PDF-1.7\n".to_vec();
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            bytes.push((state >> 24) as u8);
        }
        let input = Input {
            display: format!("garbage{len}.pdf"),
            output_stem: PathBuf::from("g.pdf"),
            source: discover::InputSource::File(PathBuf::from("g.pdf")),
        };
        let rec = pipeline::process_bytes(&input, &bytes);
        assert!(
            rec.problems.iter().any(|p| p.severity == Severity::Error),
            "garbage{len}: {:?}",
            rec.problems
        );
    }
}
