//! Performance forms on the real samples, checked against the sample truth
//! (samples/truth/*.json, made by the sample builder from the seed texts): every fund amount
//! of a form appears in 元 in the matching table, for the spreadsheet / Word file and its PDF.

use budget_extract::find::{Found, find};
use budget_extract::read::{read, sniff};
use budget_extract::record::{Row, Table};
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::Path;

fn found(file: &str) -> Found {
    found_in("samples", file)
}

fn found_in(dir: &str, file: &str) -> Found {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir).join(file);
    let bytes = std::fs::read(&path).expect("sample file");
    let doc = read(&bytes, sniff(&bytes)).expect("readable sample");
    find(&doc, file)
}

fn truth(stem: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/truth")
        .join(format!("{stem}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("truth file")).expect("json")
}

fn dec(v: &Value) -> Decimal {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    s.trim_end_matches('%').parse().expect("a number")
}

/// The truth's performance tables and the found ones, paired in document order.
fn pairs<'a>(t: &'a Value, f: &'a Found) -> Vec<(&'a Value, &'a Table)> {
    let want: Vec<&Value> = t["tables"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["kind"].as_str().unwrap().starts_with("performance."))
        .collect();
    let got: Vec<&Table> = f
        .tables
        .iter()
        .filter(|x| x.kind.starts_with("performance."))
        .collect();
    assert_eq!(
        got.iter().map(|x| &x.kind).collect::<Vec<_>>(),
        want.iter()
            .map(|x| x["kind"].as_str().unwrap())
            .collect::<Vec<_>>(),
        "performance tables found"
    );
    want.into_iter().zip(got).collect()
}

fn row_named<'a>(t: &'a Table, name: &str, part: &str) -> &'a Row {
    t.rows
        .iter()
        .find(|r| r.name == name && r.texts.get("part").is_some_and(|p| p == part))
        .unwrap_or_else(|| panic!("{}: no {part} row named {name}", t.kind))
}

/// 003: label/value fields; money labels give `amount` in 元, the others text.
fn check_fields(file: &str) {
    let t = truth("003_jinzhong_2020_performance");
    let f = found(file);
    for (want, got) in pairs(&t, &f) {
        let funds = want["funds"].as_object().unwrap();
        assert!(!funds.is_empty());
        for (label, amount) in funds {
            let r = row_named(got, label, "field");
            assert_eq!(
                r.values.get("amount").copied().flatten(),
                Some(dec(amount)),
                "{file}: {label}"
            );
        }
        for (label, text) in want["texts"].as_object().unwrap() {
            let r = row_named(got, label, "field");
            assert_eq!(
                r.texts.get("value").map(String::as_str),
                text.as_str(),
                "{file}: {label}"
            );
            assert!(
                r.values.get("amount").copied().flatten().is_none(),
                "{file}: {label} is not an amount"
            );
        }
        let amount = got.columns.iter().find(|c| c.key == "amount").unwrap();
        assert_eq!(amount.unit, "元");
        assert_eq!(got.unit.as_deref(), want["unit"].as_str());
    }
    assert_eq!(f.report.department, None, "填报单位 is blank");
    assert_eq!(
        f.report.year,
        t["report"]["year"].as_i64().map(|y| y as i32)
    );
}

#[test]
fn jinzhong_fields_xlsx() {
    check_fields("003_jinzhong_2020_performance.xlsx");
}

#[test]
fn jinzhong_fields_pdf() {
    check_fields("003_jinzhong_2020_performance.pdf");
}

#[test]
fn jinzhong_indicators_xlsx() {
    let t = truth("003_jinzhong_2020_performance");
    let f = found("003_jinzhong_2020_performance.xlsx");
    for (want, got) in pairs(&t, &f) {
        check_indicators(want, got);
    }
}

/// The LibreOffice print of the xlsx: its long text cells overflow their rows over the
/// indicator header and the first indicator rows (and past the grid); a 二级 cell cut by the
/// page break prints its text below the grid on page 1.
#[test]
fn jinzhong_indicators_pdf() {
    let t = truth("003_jinzhong_2020_performance");
    let f = found("003_jinzhong_2020_performance.pdf");
    for (want, got) in pairs(&t, &f) {
        check_indicators(want, got);
    }
}

/// The PDF print reads as the workbook: every row (fields, indicators with their scores,
/// long texts) the same, printed text compared without white space.
#[test]
fn jinzhong_pdf_equals_xlsx() {
    let a = form_rows(&found("003_jinzhong_2020_performance.xlsx"));
    let b = form_rows(&found("003_jinzhong_2020_performance.pdf"));
    assert_eq!(a.len(), b.len(), "rows");
    for (x, y) in a.iter().zip(&b) {
        // the print's grid draws blank cells after "评价结果等次: | 优" that the sheet does not
        // have: the same field
        assert_eq!(x, y);
    }
}

/// tests/fixtures/forms/overflow_form: a top-aligned text in a row far too low for it runs
/// down over the next field and the indicator header in LibreOffice's print (clipped on the
/// page, kept in the text layer). The PDF reads as the workbook: the overflowing lines are
/// the text's, not the cells' they are printed over.
#[test]
fn overflowing_text_stays_in_its_cell() {
    let a = form_rows(&found_in("tests/fixtures/forms", "overflow_form.xlsx"));
    let b = form_rows(&found_in("tests/fixtures/forms", "overflow_form.pdf"));
    let indicators = |v: &[(String, String, Vec<String>, Vec<String>)]| {
        v.iter().filter(|r| r.0 == "indicator").count()
    };
    assert_eq!(indicators(&a), 7);
    assert_eq!(a.len(), b.len(), "rows");
    for (x, y) in a.iter().zip(&b) {
        if x.1 == "绩效分析" {
            // the print holds the lines LibreOffice drew, not the whole text
            let (xv, yv) = (&x.3, &y.3);
            let text = |v: &[String]| {
                v.iter()
                    .find_map(|t| t.strip_prefix("value:"))
                    .map(String::from)
            };
            let (xt, yt) = (text(xv).unwrap(), text(yv).unwrap());
            let head: String = yt.chars().take(60).collect();
            assert!(xt.starts_with(&head), "{yt}");
            assert!(!yt.contains("无") && !yt.contains("指标"), "{yt}");
            continue;
        }
        assert_eq!(x, y);
    }
}

/// tests/fixtures/forms/series_form: forms printed one project a page, the title over them
/// dropped as a running header on every page it tops. One table per project, each with its
/// own 项目名称 and funds; the form whose indicator tree runs over a page keeps that page.
#[test]
fn forms_printed_one_a_page_are_tables_of_their_own() {
    let f = found_in("tests/fixtures/forms", "series_form.pdf");
    let forms: Vec<&Table> = f
        .tables
        .iter()
        .filter(|t| t.kind.starts_with("performance."))
        .collect();
    let field = |t: &Table, name: &str| -> Vec<String> {
        t.rows
            .iter()
            .filter(|r| r.name == name)
            .map(|r| {
                r.texts
                    .get("value")
                    .cloned()
                    .unwrap_or_else(|| format!("{:?}", r.values.get("amount").copied().flatten()))
            })
            .collect()
    };
    // (项目名称, 年度预算资金总额 in 元, pages) as make_fixtures.py writes them
    let want = [
        ("城市体检评估", "874500", vec![1]),
        ("清洁取暖绩效评价服务", "1083500", vec![2, 3]),
        ("建筑业新技术展厅", "3915700", vec![4]),
        ("历史文化名城保护评估", "600000", vec![5]),
        ("海绵城市模型构建", "4000000", vec![6]),
    ];
    assert_eq!(forms.len(), want.len(), "one table per form");
    for (t, (name, amount, pages)) in forms.iter().zip(want) {
        assert_eq!(t.kind, "performance.project_target");
        assert_eq!(field(t, "项目名称"), [name]);
        let amount: Decimal = amount.parse().unwrap();
        assert_eq!(
            field(t, "年度预算资金总额"),
            [format!("{:?}", Some(amount))],
            "{name}"
        );
        assert_eq!(
            t.location,
            budget_extract::record::Location::Pages { pages },
            "{name}"
        );
    }
    // the tree of the second form, run over onto page 3, stays with it
    let tree = |t: &Table| {
        t.rows
            .iter()
            .filter(|r| r.texts.get("part").is_some_and(|p| p == "indicator"))
            .count()
    };
    assert_eq!(tree(forms[1]), 1 + 5 * 9);
    assert!(
        forms
            .iter()
            .enumerate()
            .all(|(i, t)| i == 1 || tree(t) == 6)
    );
    // and the rows are the workbook's, where every form keeps its title
    let xlsx = found_in("tests/fixtures/forms", "series_form.xlsx");
    assert_eq!(form_rows(&f), form_rows(&xlsx));
}

/// Rows of the performance tables as (part, name, values, texts), text folded; numbers
/// printed in text cells compared as numbers (the workbook's 90.9 is the print's 90.90).
fn form_rows(f: &Found) -> Vec<(String, String, Vec<String>, Vec<String>)> {
    let norm = |s: &str| match s.parse::<Decimal>() {
        Ok(d) => d.normalize().to_string(),
        Err(_) => fold(s),
    };
    f.tables
        .iter()
        .filter(|t| t.kind.starts_with("performance."))
        .flat_map(|t| &t.rows)
        .map(|r| {
            (
                r.texts.get("part").cloned().unwrap_or_default(),
                fold(&r.name),
                r.values.iter().map(|(k, v)| format!("{k}={v:?}")).collect(),
                {
                    let mut v: Vec<String> = r
                        .texts
                        .iter()
                        .map(|(k, v)| format!("{k}:{}", norm(v)))
                        .collect();
                    v.sort();
                    v
                },
            )
        })
        .collect()
}

/// One row per 三级指标 with its 一级 / 二级 carried down, in order.
fn check_indicators(want: &Value, got: &Table) {
    let ind: Vec<&Row> = got
        .rows
        .iter()
        .filter(|r| r.texts.get("part").is_some_and(|p| p == "indicator"))
        .collect();
    let paths: Vec<Vec<&str>> = want["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            i["path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(ind.len(), paths.len(), "{}: indicators", got.kind);
    for (r, p) in ind.iter().zip(&paths) {
        let got_path = [
            r.texts.get("level1").map(String::as_str).unwrap_or(""),
            r.texts.get("level2").map(String::as_str).unwrap_or(""),
            r.name.as_str(),
        ];
        assert_eq!(got_path.as_slice(), p.as_slice(), "{}", got.kind);
        assert!(
            r.values.get("score").copied().flatten().is_some(),
            "{}: score of {}",
            got.kind,
            r.name
        );
    }
}

/// 001: the fund tables of the 整体 and project forms; each truth cell found under the
/// column printed with the same header: amounts in 元, percentages / scores as numbers, dashes
/// as null with the printed dash.
fn check_funds(file: &str, indicators: bool) {
    let t = truth("001_changji_2024_final_narrative");
    let f = found(file);
    let mut n = 0;
    for (want, got) in pairs(&t, &f) {
        for line in want["funds"].as_array().unwrap() {
            let name = line["name"].as_str().unwrap();
            let r = row_named(got, name, "fund");
            for (header, v) in line["values"].as_object().unwrap() {
                let col = got
                    .columns
                    .iter()
                    .find(|c| c.header == *header)
                    .unwrap_or_else(|| panic!("{file}: no column {header}"));
                let s = v.as_str().unwrap();
                let value = r.values.get(&col.key).copied().flatten();
                if s.chars().any(|c| c.is_ascii_digit()) {
                    assert_eq!(value, Some(dec(v)), "{file}: {name} / {header}");
                    n += 1;
                } else {
                    assert_eq!(value, None, "{file}: {name} / {header}");
                    assert_eq!(r.texts.get(&col.key).map(String::as_str), Some(s));
                }
            }
        }
        if indicators {
            check_indicators(want, got);
        }
        // the project name / unit name field
        for (label, text) in want["texts"].as_object().unwrap() {
            let r = row_named(got, label, "field");
            assert_eq!(r.texts.get("value").map(String::as_str), text.as_str());
        }
    }
    assert!(n >= 40, "{file}: {n} fund values checked");
}

#[test]
fn changji_funds_docx() {
    check_funds("001_changji_2024_final_narrative.docx", true);
}

#[test]
fn changji_funds_pdf() {
    check_funds("001_changji_2024_final_narrative.pdf", true);
}

#[test]
fn changji_pdf_equals_docx() {
    let a = found("001_changji_2024_final_narrative.docx");
    let b = found("001_changji_2024_final_narrative.pdf");
    let perf = |f: &Found| -> Vec<Vec<(String, Vec<String>)>> {
        f.tables
            .iter()
            .filter(|t| t.kind.starts_with("performance."))
            .map(|t| {
                t.rows
                    .iter()
                    .map(|r| {
                        (
                            r.name.clone(),
                            r.values
                                .iter()
                                .map(|(k, v)| format!("{k}={v:?}"))
                                .chain(r.texts.iter().map(|(k, v)| format!("{k}:{v}")))
                                .collect(),
                        )
                    })
                    .collect()
            })
            .collect()
    };
    assert_eq!(perf(&a), perf(&b));
}

/// Fold for comparing printed text: NFKC, no white space.
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// One truth cell against the extracted row: amounts (元) and printed numbers / percents as
/// numbers, #DIV/0! and blanks as null.
fn cell_diff(r: &Row, key: &str, want: &Value) -> Option<String> {
    let got = r.values.get(key).copied().flatten();
    let want_num = match want {
        Value::Null => None,
        Value::String(s) if s == "#DIV/0!" || s.trim().is_empty() => None,
        Value::String(s) => Some(dec(&Value::String(s.clone()))),
        other => Some(dec(other)),
    };
    (got.map(|d| d.normalize()) != want_num.map(|d| d.normalize()))
        .then(|| format!("{key} = {got:?}, truth {want}"))
}

/// Every fund line, indicator line and total of the 000 / 004 project forms (truth made from
/// the seed by tools/samples/perf_forms.py) against the extracted form, as difference lines.
fn form_diffs(stem: &str, file: &str) -> (Vec<String>, usize) {
    let t = truth(stem);
    let f = found(file);
    let mut diffs = Vec::new();
    let mut compared = 0;
    for (n, (want, got)) in pairs(&t, &f).into_iter().enumerate() {
        let id = format!("{file} form {} {}", n + 1, got.kind);
        let key_of = |h: &str| {
            got.columns
                .iter()
                .find(|c| fold(&c.header) == fold(h))
                .map(|c| c.key.clone())
        };
        let funds: Vec<&Row> = got
            .rows
            .iter()
            .filter(|r| r.texts.get("part").is_some_and(|p| p == "fund"))
            .collect();
        let mut used = vec![false; funds.len()];
        for line in want["funds"].as_array().unwrap() {
            let name = line["name"].as_str().unwrap();
            let Some(i) =
                (0..funds.len()).find(|&i| !used[i] && fold(&funds[i].name) == fold(name))
            else {
                diffs.push(format!("{id}: no fund line {name}"));
                continue;
            };
            used[i] = true;
            for (h, v) in line["values"].as_object().unwrap() {
                compared += 1;
                match key_of(h) {
                    None => diffs.push(format!("{id}: fund {name}: no column {h}")),
                    Some(k) => {
                        if let Some(d) = cell_diff(funds[i], &k, v) {
                            diffs.push(format!("{id}: fund {name}: {h}: {d}"));
                        }
                    }
                }
            }
        }
        let ind: Vec<&Row> = got
            .rows
            .iter()
            .filter(|r| r.texts.get("part").is_some_and(|p| p == "indicator"))
            .collect();
        let want_ind = want["indicators"].as_array().unwrap();
        if ind.len() != want_ind.len() {
            diffs.push(format!(
                "{id}: {} indicator lines, truth {}",
                ind.len(),
                want_ind.len()
            ));
        }
        for (r, w) in ind.iter().zip(want_ind) {
            let path: Vec<String> = w["path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| fold(p.as_str().unwrap()))
                .collect();
            let got_path = vec![
                fold(r.texts.get("level1").map(String::as_str).unwrap_or("")),
                fold(r.texts.get("level2").map(String::as_str).unwrap_or("")),
                fold(&r.name),
            ];
            compared += 1;
            if got_path != path {
                diffs.push(format!("{id}: indicator {got_path:?}, truth {path:?}"));
                continue;
            }
            for (h, v) in w["texts"].as_object().unwrap() {
                let v = v.as_str().unwrap();
                compared += 1;
                // text-only columns (the reason) are not listed among the value columns
                let text_key = ["偏差原因分析及改进措施", "未完成原因和改进措施"]
                    .contains(&h.as_str())
                    .then(|| "reason".to_string());
                let Some(k) = key_of(h).or(text_key) else {
                    if !v.is_empty() {
                        diffs.push(format!("{id}: indicator {}: no column {h}", r.name));
                    }
                    continue;
                };
                if matches!(k.as_str(), "weight" | "score") {
                    if let Some(d) = cell_diff(r, &k, &Value::from(v)) {
                        diffs.push(format!("{id}: indicator {}: {h}: {d}", r.name));
                    }
                } else {
                    let g = r.texts.get(&k).map(|s| fold(s)).unwrap_or_default();
                    if g != fold(v) {
                        diffs.push(format!(
                            "{id}: indicator {}: {h} {g:?}, truth {v:?}",
                            r.name
                        ));
                    }
                }
            }
        }
    }
    (diffs, compared)
}

/// The 000 / 004 project forms in every format against their truth. What the tool does not
/// read yet is listed in tests/forms_known_gaps.txt (one line per difference): a difference
/// not listed fails, and so does a listed one that no longer occurs (remove it from the list;
/// `UPDATE_FORM_GAPS=1` rewrites the list).
#[test]
fn project_forms_equal_their_truth_in_every_format() {
    let files = [
        ("000_yangcheng_2024_final", "000_yangcheng_2024_final.xlsx"),
        ("000_yangcheng_2024_final", "000_yangcheng_2024_final.docx"),
        (
            "000_yangcheng_2024_final",
            "000_yangcheng_2024_final_from_xlsx.pdf",
        ),
        (
            "000_yangcheng_2024_final",
            "000_yangcheng_2024_final_from_docx.pdf",
        ),
        ("004_yangquan_2026_budget", "004_yangquan_2026_budget.xlsx"),
        ("004_yangquan_2026_budget", "004_yangquan_2026_budget.docx"),
        (
            "004_yangquan_2026_budget",
            "004_yangquan_2026_budget_from_xlsx.pdf",
        ),
        (
            "004_yangquan_2026_budget",
            "004_yangquan_2026_budget_from_docx.pdf",
        ),
    ];
    let mut all = Vec::new();
    let mut compared = 0;
    for (stem, file) in files {
        let (d, n) = form_diffs(stem, file);
        all.extend(d);
        compared += n;
    }
    all.sort();
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/forms_known_gaps.txt");
    if std::env::var_os("UPDATE_FORM_GAPS").is_some() {
        std::fs::write(&list, all.join("\n") + "\n").unwrap();
    }
    let known: Vec<String> = std::fs::read_to_string(&list)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let new: Vec<&String> = all.iter().filter(|d| !known.contains(d)).collect();
    let gone: Vec<&String> = known.iter().filter(|k| !all.contains(k)).collect();
    assert!(compared > 300, "only {compared} form cells compared");
    assert!(
        new.is_empty() && gone.is_empty(),
        "{compared} form cells compared; {} new differences:\n{}\n{} listed gaps no longer occur:\n{}",
        new.len(),
        new.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        gone.len(),
        gone.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// tests/fixtures/forms/packed_form (seed 004's 地震监测… and 应急救援综合保障经费 layouts):
/// each fund label and its amount printed in one cell ("实施期资金总额：200,000",
/// "其中：中央财政资金 0", "市县（区）财政 50万元" under 项目资金（元）) are fund lines with the
/// 实施期 and 年度 amounts in 元, an amount's own unit before the block's; the workbook and its
/// print read alike.
#[test]
fn packed_fund_labels_split_into_label_and_amount() {
    // (name, 实施期, 年度) in 元 as made by tests/fixtures/forms/make_fixtures.py
    let want: [&[(&str, Option<i64>)]; 2] = [
        &[
            ("资金总额", Some(200_000)),
            ("其中：中央财政资金", Some(0)),
            ("省级财政资金", Some(0)),
            ("市县（区）财政资金", Some(200_000)),
            ("单位自筹", Some(0)),
            ("其他资金", None),
        ],
        &[
            ("资金总额", Some(500_000)),
            ("其中：中央财政资金", Some(0)),
            ("省级财政资金", Some(0)),
            ("市县（区）财政", Some(500_000)),
            ("单位自筹", Some(0)),
            ("其他资金", Some(0)),
        ],
    ];
    for file in ["packed_form.xlsx", "packed_form.pdf"] {
        let f = found_in("tests/fixtures/forms", file);
        let forms: Vec<&Table> = f
            .tables
            .iter()
            .filter(|t| t.kind == "performance.project_target")
            .collect();
        assert_eq!(forms.len(), 2, "{file}");
        for (t, want) in forms.iter().zip(want) {
            let funds: Vec<(String, Option<Decimal>, Option<Decimal>)> = t
                .rows
                .iter()
                .filter(|r| r.texts.get("part").is_some_and(|p| p == "fund"))
                .map(|r| {
                    let v = |k: &str| r.values.get(k).copied().flatten();
                    (r.name.clone(), v("period_amount"), v("annual_amount"))
                })
                .collect();
            let want: Vec<(String, Option<Decimal>, Option<Decimal>)> = want
                .iter()
                .map(|(n, a)| (n.to_string(), a.map(Decimal::from), a.map(Decimal::from)))
                .collect();
            assert_eq!(funds, want, "{file}");
        }
    }
    assert_eq!(
        form_rows(&found_in("tests/fixtures/forms", "packed_form.xlsx")),
        form_rows(&found_in("tests/fixtures/forms", "packed_form.pdf"))
    );
}
