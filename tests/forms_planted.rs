//! Planted changes in a performance form, made on the bytes of the generated workbook
//! (samples/000_yangcheng_2024_final.xlsx, sheet 绩效06 = 行政执法制式服装经费项目支出绩效自评表,
//! laid out by tools/samples/perf_forms.py): one 得分, one 全年执行数 and one fund line's
//! 全年预算数 are changed, one at a time; the failed check must name that form, that line and
//! that column, and its problem must point at the sheet row. The same for the 资金总额 of a
//! 绩效目标表 printed per side (samples/004_yangquan_2026_budget.xlsx, sheet 目标表01).

use budget_extract::read::{read, sniff};
use budget_extract::record::{Check, Problem};
use budget_extract::{find, validate};
use std::io::{Read, Write};
use std::path::PathBuf;

const SAMPLE: &str = "000_yangcheng_2024_final.xlsx";
const SHEET: &str = "绩效06";

fn sample() -> Vec<u8> {
    sample_file(SAMPLE)
}

fn sample_file(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    std::fs::read(p).expect("sample")
}

/// The worksheet part of `sheet`: openpyxl writes sheet N as xl/worksheets/sheetN.xml, N the
/// sheet's position in workbook.xml.
fn sheet_part(files: &[(String, Vec<u8>)], sheet: &str) -> String {
    let wb = files
        .iter()
        .find(|(n, _)| n == "xl/workbook.xml")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("workbook.xml");
    let pos = wb
        .split("<sheet ")
        .skip(1)
        .position(|s| s.contains(&format!("name=\"{sheet}\"")))
        .expect("sheet listed");
    format!("xl/worksheets/sheet{}.xml", pos + 1)
}

/// The workbook with the number in `cell` of `sheet` changed from `old` to `new`.
fn plant(bytes: &[u8], sheet: &str, cell: &str, old: &str, new: &str) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut files = Vec::new();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        files.push((f.name().expect("entry name").to_string(), buf));
    }
    let part = sheet_part(&files, sheet);
    let xml = files
        .iter_mut()
        .find(|(n, _)| *n == part)
        .expect("sheet part");
    let text = String::from_utf8(xml.1.clone()).unwrap();
    let re = regex::Regex::new(&format!(r#"(<c r="{cell}"[^>]*>)<v>([^<]*)</v>"#)).unwrap();
    let caps = re
        .captures(&text)
        .unwrap_or_else(|| panic!("{sheet}!{cell} not found"));
    assert_eq!(
        &caps[2], old,
        "{sheet}!{cell} holds the number the test expects"
    );
    let changed = re
        .replace(&text, format!("${{1}}<v>{new}</v>"))
        .into_owned();
    xml.1 = changed.into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zw = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in &files {
            zw.start_file(name.as_str(), opts).unwrap();
            zw.write_all(data).unwrap();
        }
        zw.finish().unwrap();
    }
    out.into_inner()
}

fn run(bytes: &[u8]) -> (Vec<Check>, Vec<Problem>) {
    run_named(bytes, SAMPLE)
}

fn run_named(bytes: &[u8], name: &str) -> (Vec<Check>, Vec<Problem>) {
    let doc = read(bytes, sniff(bytes)).expect("readable");
    let found = find::find(&doc, name);
    let v = validate::validate(&found.report, &found.tables, &doc);
    (v.checks, v.problems)
}

/// The form on 绩效03: checks and problems name its kind; the sheet and row tell it apart from
/// the other project forms.
const KIND: &str = "performance.project_self_eval";

fn failed_on_form(checks: &[Check]) -> Vec<&Check> {
    checks
        .iter()
        .filter(|c| !c.passed && c.rule.starts_with("form."))
        .collect()
}

/// The two forms of the seed whose printed 总分 is not the sum of their printed 得分: the check
/// must fail on them (the document is wrong as printed), and only on them.
/// 应急指挥中心运行经费: 7+7+6+10+5+4+3+3+15+15+10 + 10 (funds) = 95, 总分 100.
/// 应急管理及安全生产教育经费: the seed prints no 资金总额 line and no fund 得分 (88 + the lost
/// 10 would be 98, the printed 总分).
const WRONG_TOTALS: [(i64, i64); 2] = [(95, 100), (88, 98)];

#[test]
fn the_clean_forms_pass_their_checks() {
    let (checks, _) = run(&sample());
    let form: Vec<&Check> = checks
        .iter()
        .filter(|c| c.rule.starts_with("form."))
        .collect();
    let failed = failed_on_form(&checks);
    let wrong: Vec<(String, String)> = WRONG_TOTALS
        .iter()
        .map(|(e, a)| (e.to_string(), a.to_string()))
        .collect();
    assert!(
        failed.len() == wrong.len()
            && failed.iter().all(|c| c.rule == "form.total_score"
                && wrong.contains(&(c.expected.to_string(), c.actual.to_string()))),
        "clean sample: {failed:?}"
    );
    // every rule runs on the planted form
    for rule in [
        "form.score_le_weight",
        "form.total_score",
        "form.execution_rate",
        "form.fund_total",
    ] {
        assert!(
            form.iter().any(|c| c.rule == rule && c.table == KIND),
            "{rule} does not run on {KIND}"
        );
    }
}

/// Plant, then assert a failed check at (row, column) — as the checked cell or as one of its
/// terms — and a problem that names the sheet and the Excel row.
fn caught(cell: &str, old: &str, new: &str, row: &str, column: &str, excel_row: u32) {
    let form = Form {
        sample: SAMPLE,
        sheet: SHEET,
        kind: KIND,
    };
    caught_in(&form, cell, old, new, row, column, excel_row);
}

/// A form of a sample workbook: the sheet it is on and the kind it is read as.
struct Form {
    sample: &'static str,
    sheet: &'static str,
    kind: &'static str,
}

fn caught_in(
    form: &Form,
    cell: &str,
    old: &str,
    new: &str,
    row: &str,
    column: &str,
    excel_row: u32,
) {
    let (sheet, kind) = (form.sheet, form.kind);
    let bytes = plant(&sample_file(form.sample), sheet, cell, old, new);
    let (checks, problems) = run_named(&bytes, form.sample);
    let failed = failed_on_form(&checks);
    // a table id carries its number when the report has several forms of one kind
    let of_kind = |t: &str| t == kind || t.strip_prefix(kind).is_some_and(|r| r.starts_with('#'));
    let hit = failed.iter().find(|c| {
        of_kind(&c.table)
            && c.row == row
            && (c.column == column || c.terms.iter().any(|t| t == column))
    });
    assert!(
        hit.is_some(),
        "{cell} {old}→{new}: no failed check at {kind} row {row} column {column}; failed: {failed:?}"
    );
    let origin = format!("sheet {sheet}, row {excel_row}");
    assert!(
        problems.iter().any(|p| p.code == "check_failed"
            && p.message.starts_with(kind)
            && p.message.contains(&format!(": row {row},"))
            && p.message.contains(&origin)),
        "{cell}: no problem pointing at {origin}: {:?}",
        problems
            .iter()
            .filter(|p| p.code == "check_failed")
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_changed_score_is_caught_at_its_cell() {
    // 配备执法服装数量: 分值 20, 得分 20 → 25 (above its weight; the 总分 100 no longer adds up)
    caught("I12", "20", "25", "配备执法服装数量", "score", 12);
}

#[test]
fn a_changed_execution_is_caught_at_its_cell() {
    // 资金总额: 全年执行数 12.144 → 11.144 万元 while 执行率 stays 100
    caught("F7", "12.144", "11.144", "资金总额:", "executed", 7);
}

#[test]
fn a_changed_fund_line_is_caught_at_its_cell() {
    // 市市区财政资金: 全年预算数 12.144 → 13.144 万元 while 执行率 stays 100.00
    caught(
        "E8",
        "12.144",
        "13.144",
        "市市区财政资金",
        "full_year_budget",
        8,
    );
}

/// 目标表01 (安全生产举报奖励经费, funds in 元, 实施期 | 年度 side by side).
const TARGET: Form = Form {
    sample: "004_yangquan_2026_budget.xlsx",
    sheet: "目标表01",
    kind: "performance.project_target",
};

#[test]
fn the_clean_target_forms_pass_the_fund_total() {
    let (checks, _) = run_named(&sample_file(TARGET.sample), TARGET.sample);
    let total: Vec<&Check> = checks
        .iter()
        .filter(|c| c.rule == "form.fund_total" && c.table.starts_with(TARGET.kind))
        .collect();
    // both sides of both forms
    assert!(total.len() >= 4, "{total:?}");
    assert!(total.iter().all(|c| c.passed), "{total:?}");
}

#[test]
fn a_changed_fund_total_is_caught_at_its_cell() {
    // 年度资金总额 50,000 → 55,000 元 while its sources still add up to 50,000
    caught_in(
        &TARGET,
        "G6",
        "50000",
        "55000",
        "资金总额",
        "annual_amount",
        6,
    );
}

#[test]
fn a_changed_fund_source_is_caught_at_its_total() {
    // 市县(区)财政资金 (实施期) 50000 → 40000 元: the 实施期资金总额 no longer adds up, the changed
    // line is among the terms
    let bytes = plant(
        &sample_file(TARGET.sample),
        TARGET.sheet,
        "C9",
        "50000",
        "40000",
    );
    let (checks, _) = run_named(&bytes, TARGET.sample);
    let hit = failed_on_form(&checks).into_iter().find(|c| {
        c.rule == "form.fund_total"
            && c.row == "资金总额"
            && c.column == "period_amount"
            && c.terms.iter().any(|t| t == "市县(区)财政资金")
    });
    assert!(hit.is_some(), "{:?}", failed_on_form(&checks));
}
