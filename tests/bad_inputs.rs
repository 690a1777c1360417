//! Broken, hostile and mislabeled inputs (tests/fixtures/bad/, see its README): each still
//! gives a record whose problems say why, and none panics or hangs.

use budget_extract::discover::{self, Input};
use budget_extract::pipeline::{self, Limits};
use budget_extract::record::{Location, Record, Severity, Table};
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
    assert_error(&rec, "corrupt_file", "the file is truncated");
    assert_says_the_cause_once(&rec);
}

#[test]
fn truncated_xlsx_is_reported_as_damaged() {
    let rec = run("truncated_half.xlsx");
    assert_eq!(rec.source.format, "xlsx");
    assert_error(&rec, "corrupt_file", "the file is damaged: xlsx:");
    assert_says_the_cause_once(&rec);
}

#[test]
fn truncated_xls_is_reported_as_damaged_not_unsupported() {
    // the OLE directory naming the Workbook stream was cut off with the second half
    let rec = run("truncated_half.xls");
    assert_error(&rec, "corrupt_file", "OLE compound file");
    // a damaged .xls is not also a mislabeled one
    assert!(
        rec.problems
            .iter()
            .all(|p| p.code != "unsupported_format" && p.code != "mislabeled_file"),
        "{:?}",
        rec.problems
    );
    assert_says_the_cause_once(&rec);
}

/// The corrupt_file message names its cause ("the file is truncated", "… is damaged") once.
fn assert_says_the_cause_once(rec: &Record) {
    for p in rec.problems.iter().filter(|p| p.code == "corrupt_file") {
        let m = p.message.to_lowercase();
        assert!(m.starts_with("the file is "), "{m}");
        assert_eq!(m.matches("the file is").count(), 1, "{m}");
        assert!(
            m.matches("truncated").count() + m.matches("damaged").count() == 1,
            "{m}"
        );
    }
}

#[test]
fn html_served_as_pdf_is_named_for_what_it_is() {
    let rec = run("html_error_page.pdf");
    assert_error(&rec, "unsupported_format", "HTML page");
    assert!(
        rec.problems
            .iter()
            .any(|p| p.code == "mislabeled_file"
                && p.message.ends_with("its content is an HTML page"))
    );
}

#[test]
fn empty_file_says_it_is_empty() {
    let rec = run("empty.pdf");
    assert_eq!(rec.source.bytes, 0);
    assert_error(&rec, "unsupported_format", "empty");
    assert!(rec.problems.iter().all(|p| p.code != "mislabeled_file"));
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

// ---------------------------------------------------------------- hostile inputs (issue 9)
// Fixtures in tests/fixtures/bad/hostile/ are built by tools/hostile/make_hostile.py; larger
// ones (100,000 zip members, FIFOs, devices) are made here. Each case must give a record
// saying why, quickly, without taking the process (or the machine) down.

use std::time::{Duration, Instant};

fn hostile(name: &str) -> PathBuf {
    fixture("hostile").join(name)
}

fn run_with(path: &std::path::Path, limits: &Limits) -> (Record, Duration) {
    let (inputs, issues) = discover::discover(&[path.to_path_buf()]);
    assert_eq!(inputs.len(), 1, "{path:?}: {issues:?}");
    let t = Instant::now();
    let rec = pipeline::process(&inputs[0], limits);
    (rec, t.elapsed())
}

fn run_hostile(name: &str) -> Record {
    let (rec, took) = run_with(&hostile(name), &Limits::default());
    assert!(took < Duration::from_secs(10), "{name} took {took:?}");
    rec
}

fn codes(rec: &Record) -> Vec<&str> {
    rec.problems.iter().map(|p| p.code.as_str()).collect()
}

#[test]
fn docx_spans_of_four_billion_are_clipped_not_allocated() {
    for name in [
        "docx_gridspan_4e9.docx",
        "docx_gridbefore_4e9.docx",
        "docx_many_spans.docx",
    ] {
        let rec = run_hostile(name);
        assert!(!rec.unreadable(), "{name}: {:?}", rec.problems);
        assert!(
            codes(&rec).contains(&"grid_clipped"),
            "{name}: {:?}",
            codes(&rec)
        );
    }
}

#[test]
fn xls_with_huge_dimensions_or_far_cells_is_refused_before_calamine() {
    let rec = run_hostile("xls_dimensions_huge.xls");
    assert_error(&rec, "too_large", "dimensions record");
    let rec = run_hostile("xls_far_cells.xls");
    assert_error(&rec, "too_large", "cells span");
    // The same container with sane records is read (the generator's control case).
    let rec = run_hostile("xls_control.xls");
    assert!(!rec.unreadable(), "{:?}", rec.problems);
}

#[test]
fn xls_with_looping_sector_chains_is_damaged() {
    for name in [
        "xls_fat_self_loop.xls",
        "xls_fat_two_cycle.xls",
        "xls_directory_self_loop.xls",
    ] {
        let rec = run_hostile(name);
        assert_error(&rec, "corrupt_file", "loops back");
    }
}

#[test]
fn xlsx_lying_shared_string_count_is_not_preallocated() {
    let rec = run_hostile("xlsx_sst_unique_1e11.xlsx");
    assert!(!rec.unreadable(), "{:?}", rec.problems);
}

#[test]
fn xlsx_far_corners_and_whole_sheet_merge_are_clipped_quickly() {
    for name in ["xlsx_far_corners.xlsx", "xlsx_merge_whole_sheet.xlsx"] {
        let rec = run_hostile(name);
        assert!(!rec.unreadable(), "{name}: {:?}", rec.problems);
        assert!(
            codes(&rec).contains(&"grid_clipped"),
            "{name}: {:?}",
            codes(&rec)
        );
    }
    let rec = run_hostile("xlsx_30000_merges.xlsx");
    assert!(
        codes(&rec).contains(&"too_many_merges"),
        "{:?}",
        codes(&rec)
    );
}

#[test]
fn pdf_forms_that_fan_out_are_stopped_at_the_deadline() {
    let limits = Limits {
        timeout: Duration::from_secs(1),
        ..Limits::default()
    };
    let (rec, took) = run_with(&hostile("pdf_form_fanout.pdf"), &limits);
    // Stopped by its own budget check (not abandoned): the record comes back well within the
    // grace period.
    assert!(took < Duration::from_secs(4), "took {took:?}");
    assert_error(&rec, "timeout", "was stopped");
}

#[test]
fn pdf_forms_that_fan_out_exhaust_the_work_budget() {
    let limits = Limits {
        max_work: 2_000_000,
        ..Limits::default()
    };
    let (rec, took) = run_with(&hostile("pdf_form_fanout.pdf"), &limits);
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_error(&rec, "too_large", "units of work");
}

#[cfg(unix)]
#[test]
fn fifo_and_device_inputs_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.pdf");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let (rec, took) = run_with(&fifo, &Limits::default());
        assert!(took < Duration::from_secs(2), "FIFO took {took:?}");
        assert_error(&rec, "unreadable_file", "FIFO");
        // Inside a walked folder it gets a record too.
        let (inputs, _) = discover::discover(&[dir.path().to_path_buf()]);
        assert_eq!(inputs.len(), 1);
    }
    let limits = Limits {
        max_bytes: 1024 * 1024,
        ..Limits::default()
    };
    let (rec, took) = run_with(std::path::Path::new("/dev/zero"), &limits);
    assert!(took < Duration::from_secs(2), "/dev/zero took {took:?}");
    assert_error(&rec, "unreadable_file", "character device");
}

#[test]
fn zip_of_100000_members_is_refused_with_a_record() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.zip");
    let mut zw = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..100_000 {
        zw.start_file(format!("m{i}.pdf"), opts).unwrap();
        zw.write_all(b"%PDF").unwrap();
    }
    zw.finish().unwrap();
    let t = Instant::now();
    let (rec, _) = run_with(&path, &Limits::default());
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "took {:?}",
        t.elapsed()
    );
    assert_error(&rec, "too_large", "100000 entries");
}

/// A zip archive at `path` holding `members` (name, bytes), stored uncompressed.
fn write_zip(path: &std::path::Path, members: &[(&str, &[u8])]) {
    use std::io::Write;
    let mut zw = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in members {
        zw.start_file(*name, opts).unwrap();
        zw.write_all(bytes).unwrap();
    }
    zw.finish().unwrap();
}

#[test]
fn a_zip_inside_a_zip_is_opened_one_level_deep() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = sample_bytes("003_jinzhong_2020_performance.xlsx");
    let deeper = dir.path().join("deeper.zip");
    write_zip(&deeper, &[("c.xlsx", &xlsx)]);
    let inner = dir.path().join("inner.zip");
    write_zip(
        &inner,
        &[
            ("sub/b.xlsx", &xlsx),
            ("deeper.zip", &std::fs::read(&deeper).unwrap()),
        ],
    );
    let outer = dir.path().join("outer.zip");
    write_zip(
        &outer,
        &[
            ("a.xlsx", &xlsx),
            ("inner.zip", &std::fs::read(&inner).unwrap()),
            ("broken.zip", b"PK\x03\x04 not really a zip"),
        ],
    );
    let (inputs, issues) = discover::discover(&[outer.clone()]);
    assert!(issues.is_empty(), "{issues:?}");
    // Named by the archive's path as given, then the path inside.
    let base = discover::as_given(dir.path());
    let stems: Vec<String> = inputs
        .iter()
        .map(|i| {
            let rel = i.output_stem.strip_prefix(&base).unwrap();
            rel.to_string_lossy().into_owned()
        })
        .collect();
    assert_eq!(
        stems,
        [
            "outer.zip/a.xlsx",
            "outer.zip/broken.zip",
            "outer.zip/inner.zip/deeper.zip",
            "outer.zip/inner.zip/sub/b.xlsx",
        ]
    );
    let records: Vec<Record> = inputs
        .iter()
        .map(|i| pipeline::process(i, &Limits::default()))
        .collect();
    // The member of the inner archive reads as the same file at the top level does.
    assert!(!records[3].unreadable(), "{:?}", records[3].problems);
    assert!(
        records[3]
            .source
            .path
            .ends_with("outer.zip!inner.zip!sub/b.xlsx")
    );
    assert_eq!(records[3].tables, records[0].tables);
    assert!(!records[0].tables.is_empty());
    assert_error(
        &records[1],
        "corrupt_file",
        "a zip archive inside the archive that cannot be opened",
    );
    assert_error(
        &records[2],
        "unsupported_format",
        "only one level of nesting is opened",
    );
    // The copy of the inner archive goes with the last input that reads it.
    let copy = inputs
        .iter()
        .find_map(|i| match &i.source {
            discover::InputSource::ZipMember { inner: Some(m), .. } => Some(m.copy.to_path_buf()),
            _ => None,
        })
        .unwrap();
    assert!(copy.exists());
    drop(inputs);
    // (A worker thread drops its clone of the input just after sending the record.)
    let t = Instant::now();
    while copy.exists() && t.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!copy.exists(), "{copy:?} left behind");
}

#[test]
fn entries_of_a_zip_inside_a_zip_count_against_the_outer_limit() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..6000).map(|i| format!("m{i}.pdf")).collect();
    let members: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"%PDF"[..])).collect();
    let inner = dir.path().join("inner.zip");
    write_zip(&inner, &members);
    let inner_bytes = std::fs::read(&inner).unwrap();
    let mut outer_members = members[..5000].to_vec();
    outer_members.push(("inner.zip", &inner_bytes));
    let outer = dir.path().join("outer.zip");
    write_zip(&outer, &outer_members);
    let t = Instant::now();
    let (inputs, _) = discover::discover(&[outer]);
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "took {:?}",
        t.elapsed()
    );
    // The 5,000 outer members are inputs; the inner archive (6,000 more) is one refused input.
    assert_eq!(inputs.len(), 5001);
    let refused = inputs
        .iter()
        .find(|i| i.output_stem.ends_with("inner.zip"))
        .unwrap();
    let rec = pipeline::process(refused, &Limits::default());
    assert_error(
        &rec,
        "too_large",
        "that makes 11001, more than the limit of 10000",
    );
}

#[cfg(unix)]
#[test]
fn symlinks_in_a_walked_folder_get_a_record_or_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let real = fixture("html_error_page.pdf");
    std::os::unix::fs::symlink(&real, dir.path().join("linked.pdf")).unwrap();
    std::os::unix::fs::symlink(fixture("hostile"), dir.path().join("linked_dir")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/x.pdf", dir.path().join("broken.pdf")).unwrap();
    let (inputs, issues) = discover::discover(&[dir.path().to_path_buf()]);
    let names: Vec<String> = inputs.iter().map(|i| i.file_name()).collect();
    assert_eq!(names, ["linked.pdf"], "{issues:?}");
    assert_eq!(issues.len(), 2, "{issues:?}");
    assert!(issues.iter().any(|i| i.message.contains("not followed")));
    assert!(issues.iter().any(|i| i.path.ends_with("broken.pdf")));
}

#[test]
fn a_batch_of_hostile_files_gives_every_input_a_record() {
    let (inputs, _) = discover::discover(&[fixture("hostile")]);
    assert!(inputs.len() >= 20, "{}", inputs.len());
    let limits = Limits {
        timeout: Duration::from_secs(2),
        ..Limits::default()
    };
    let t = Instant::now();
    let records: Vec<Record> = inputs
        .iter()
        .map(|i| pipeline::process(i, &limits))
        .collect();
    assert_eq!(records.len(), inputs.len());
    assert!(
        t.elapsed() < Duration::from_secs(30),
        "took {:?}",
        t.elapsed()
    );
    let mut paths: Vec<&str> = records.iter().map(|r| r.source.path.as_str()).collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), records.len(), "two records for one input");
}

// ------------------------------------------------ inputs that made calamine panic (fuzzing)
// Found by the `xls` and `xlsx` fuzz targets (tests/fixtures/bad/hostile/fuzz/); a pre-check
// now names the damage before calamine reads it.

fn run_fuzz_case(name: &str) -> Record {
    run_hostile(&format!("fuzz/{name}"))
}

#[test]
fn xls_with_a_fat_sector_cut_mid_entry_is_truncated() {
    // The file ends 27 bytes into its FAT sector (calamine: `assert_eq!(len % 4, 0)`).
    let rec = run_fuzz_case("xls-crash-f9f50b99.xls");
    assert_error(
        &rec,
        "corrupt_file",
        "the file is truncated: xls: a FAT sector (sector 8) is cut short by the end of the file",
    );
    assert!(
        !codes(&rec).contains(&"internal_error"),
        "{:?}",
        rec.problems
    );
}

#[test]
fn xlsx_with_a_reference_past_the_grid_skips_that_sheet() {
    // Sheet "Hidden" has `<dimension ref="A1:AtUpPrtlenain">` (calamine: u32 overflow in the
    // column); the other sheets are read.
    let rec = run_fuzz_case("xlsx-crash-c4afd57d.xlsx");
    assert!(!rec.unreadable(), "{:?}", rec.problems);
    assert!(!rec.tables.is_empty());
    let p = rec
        .problems
        .iter()
        .find(|p| p.code == "sheet_unreadable")
        .unwrap_or_else(|| panic!("{:?}", rec.problems));
    assert!(
        p.message.contains("sheet Hidden")
            && p.message
                .contains("\"A1:AtUpPrtlenain\" lies past Excel's last column"),
        "{}",
        p.message
    );
    assert!(
        !codes(&rec).contains(&"internal_error"),
        "{:?}",
        rec.problems
    );
}

/// A one-sheet xlsx whose sheet data is `sheet_data`, written to a temp dir.
fn one_sheet_xlsx(dir: &std::path::Path, sheet_data: &str) -> PathBuf {
    one_sheet_xlsx_then(dir, sheet_data, "")
}

/// As [`one_sheet_xlsx`], with `after` (merges, say) following the sheet data.
fn one_sheet_xlsx_then(dir: &std::path::Path, sheet_data: &str, after: &str) -> PathBuf {
    use std::io::Write;
    let path = dir.join("one.xlsx");
    let mut zw = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let ns = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    for (name, body) in [
        (
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            format!(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<workbook {ns} xmlns:r="{rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(r#"<worksheet {ns}><sheetData>{sheet_data}</sheetData>{after}</worksheet>"#),
        ),
    ] {
        zw.start_file(name, opts).unwrap();
        zw.write_all(body.as_bytes()).unwrap();
    }
    zw.finish().unwrap();
    path
}

#[test]
fn xlsx_whose_only_sheet_has_a_wrapping_reference_is_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let good = one_sheet_xlsx(
        dir.path(),
        r#"<row r="1"><c r="B1" t="inlineStr"><is><t>x</t></is></c></row>"#,
    );
    let (rec, _) = run_with(&good, &Limits::default());
    assert!(!rec.unreadable(), "{:?}", rec.problems);
    // Column letters that wrap a u32 (26^7 > 2^32) could land the cell anywhere; a row of
    // eleven digits likewise.
    for (data, says) in [
        (
            r#"<row r="1"><c r="ZZZZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row>"#,
            "\"ZZZZZZZZ1\" lies past Excel's last column (XFD)",
        ),
        (
            r#"<row r="42949672970"><c r="A42949672970" t="inlineStr"><is><t>x</t></is></c></row>"#,
            "\"42949672970\" lies past Excel's last row (1048576)",
        ),
    ] {
        let path = one_sheet_xlsx(dir.path(), data);
        let (rec, _) = run_with(&path, &Limits::default());
        assert_error(&rec, "corrupt_file", says);
    }
}

// ------------------------------------------------------------------- cut-short PDFs (salvage)

fn sample_bytes(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name),
    )
    .unwrap()
}

fn process_named(display: &str, bytes: &[u8]) -> Record {
    let input = Input {
        display: display.into(),
        output_stem: PathBuf::from(display),
        source: discover::InputSource::File(PathBuf::from(display)),
    };
    pipeline::process_bytes(&input, bytes)
}

#[test]
fn truncated_pdf_keeps_the_pages_that_survive_and_says_which() {
    // 3 pages; at 60% the file stops inside page 2's content stream, before page 3's and
    // before the cross-reference table and trailer.
    let full = sample_bytes("000_yangcheng_2024_final_cidfont.pdf");
    let cut = &full[..full.len() * 6 / 10];
    let whole = process_named("whole.pdf", &full);
    let rec = process_named("cut.pdf", cut);
    assert!(!rec.unreadable(), "{:?}", rec.problems);
    let p = rec
        .problems
        .iter()
        .find(|p| p.code == "file_truncated")
        .unwrap_or_else(|| panic!("{:?}", rec.problems));
    assert_eq!(p.severity, Severity::Warning);
    assert!(
        p.message
            .contains(&format!("stops after {} bytes", cut.len()))
            && p.message.contains("page 1 of 3 was read, pages 2–3 lost"),
        "{}",
        p.message
    );
    // What was read is what the whole file gives for page 1, table for table.
    assert!(!rec.tables.is_empty());
    let on_page_1: Vec<&Table> = whole
        .tables
        .iter()
        .filter(|t| matches!(&t.location, Location::Pages { pages } if pages == &[1]))
        .collect();
    assert_eq!(rec.tables.iter().collect::<Vec<_>>(), on_page_1);
    // The whole file says nothing of the kind.
    assert!(!whole.problems.iter().any(|p| p.code == "file_truncated"));
}

#[test]
fn truncated_pdf_with_no_page_left_is_corrupt_and_says_truncated() {
    // 1 page whose content stream lies past the cut.
    let full = sample_bytes("004_yangquan_2026_budget_cidfont.pdf");
    let rec = process_named("cut.pdf", &full[..full.len() * 6 / 10]);
    assert_error(
        &rec,
        "corrupt_file",
        "the content of its only page lies in the missing part",
    );
    // Cut before the page tree and the catalog (pages written last): nothing to rebuild from.
    let rec = run("truncated_half.pdf");
    assert_error(
        &rec,
        "corrupt_file",
        "the file is truncated (it stops after",
    );
}

// ------------------------------------------- found by the fuzz targets in the long runs
// (README "Fuzzing"): the raw inputs are in tests/fixtures/bad/hostile/fuzz/.

#[test]
fn xls_formula_longer_than_its_record_is_damaged() {
    // A Formula record whose expression length (cce) runs past the record (calamine:
    // `rgce[2..2 + cce]`, slice index out of range).
    let rec = run_fuzz_case("xls-crash-cd31086d.xls");
    assert_error(&rec, "corrupt_file", "a formula record (row ");
    assert_says_the_cause_once(&rec);
}

#[test]
fn xls_workbook_entry_without_a_name_length_is_still_checked() {
    // The minimised form of the case above: the Workbook entry's name-length field is 0, its
    // size 0 and its start mini sector 106, past the 4,608-byte mini stream (calamine finds
    // the entry by name alone and fetches its first sector whatever the size).
    let rec = run_fuzz_case("xls-crash-cd31086d-min.xls");
    assert_error(
        &rec,
        "corrupt_file",
        "the file is truncated: xls: the Workbook stream's mini sector 106 lies past the end of \
         the mini stream",
    );
}

#[test]
fn xls_mulrk_record_running_backwards_is_damaged() {
    // calamine: `col_last - col_first + 1` in u16 overflows.
    let rec = run_fuzz_case("xls-crash-9d0cc0b0.xls");
    assert_error(&rec, "corrupt_file", "a MulRk record (row ");
    assert_says_the_cause_once(&rec);
}

#[test]
fn xls_sheet_starting_past_the_workbook_stream_is_damaged() {
    // A BoundSheet8 record places a sheet at byte 50393930 (calamine: `&stream[pos..]`).
    let rec = run_fuzz_case("xls-crash-7e5b8137.xls");
    assert_error(&rec, "corrupt_file", "a sheet is said to start at byte ");
}

#[test]
fn xls_biff5_dimensions_running_backwards_is_damaged() {
    // A 10-byte (BIFF5) Dimensions record from row 5 to row 1 (rwMac 2): calamine's
    // `end - start + 1` wraps to 4,294,967,293 rows × 108 columns in release builds, an
    // aborting 18.5 TB reserve (the check had read only the 14-byte BIFF8 form).
    let rec = run_fuzz_case("xls-crash-f159e9ac.xls");
    assert_error(
        &rec,
        "corrupt_file",
        "a sheet's dimensions record runs from row 5 back to row 1",
    );
    assert_says_the_cause_once(&rec);
}

#[test]
fn xlsx_worksheet_with_broken_deflate_data_is_skipped_whole() {
    // The worksheet's deflate stream breaks 850 KB in; just before the break stands a
    // backwards merge range ("A53712:B526") that calamine would parse from the part it could
    // inflate. The sheet is refused as a whole, naming the damage.
    let rec = run_fuzz_case("xlsx-crash-b6e1239a.xlsx");
    assert!(
        rec.problems
            .iter()
            .any(|p| p.message.contains("its compressed data is damaged")),
        "{:?}",
        rec.problems
    );
    assert!(
        !codes(&rec).contains(&"internal_error"),
        "{:?}",
        rec.problems
    );
}

#[test]
fn xlsx_merge_range_written_backwards_is_refused_not_subtracted() {
    // Merge ranges such as "A10640:B1040" (calamine: `end - start` overflows).
    let rec = run_fuzz_case("xlsx-crash-27701ddb.xlsx");
    assert!(
        rec.problems
            .iter()
            .any(|p| p.message.contains("ends above or left of where it starts")),
        "{:?}",
        rec.problems
    );
    assert!(
        !codes(&rec).contains(&"internal_error"),
        "{:?}",
        rec.problems
    );
    // The same on a clean one-sheet workbook: the only sheet is skipped, so the file is damaged.
    let dir = tempfile::tempdir().unwrap();
    let data = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>"#;
    let path = one_sheet_xlsx_then(
        dir.path(),
        data,
        r#"<mergeCells count="1"><mergeCell ref="A3:B1"/></mergeCells>"#,
    );
    let (rec, _) = run_with(&path, &Limits::default());
    assert_error(
        &rec,
        "corrupt_file",
        "\"A3:B1\" ends above or left of where it starts",
    );
    let path = one_sheet_xlsx_then(
        dir.path(),
        data,
        r#"<mergeCells count="1"><mergeCell ref="A1:B3"/></mergeCells>"#,
    );
    let (rec, _) = run_with(&path, &Limits::default());
    assert!(!rec.unreadable(), "{:?}", rec.problems);
}
