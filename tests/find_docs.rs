//! The finder on Documents built the way each reader builds them: a spreadsheet sheet (one
//! grid with title rows and merged header cells), a Word body (paragraphs + tables), PDF pages
//! (text lines + grids, a table continued on the next page).

mod find_support;

use budget_extract::find::find;
use budget_extract::model::{Block, Cell, CellFlag, Document, Grid, Origin};
use budget_extract::record::{Location, Severity, Side};
use find_support::*;

fn cell(r: u32, c: u32, rs: u32, cs: u32, t: &str, sheet: &str) -> Cell {
    let col = (b'A' + c as u8) as char;
    Cell {
        row: r,
        col: c,
        row_span: rs,
        col_span: cs,
        text: t.to_string(),
        flag: None,
        origin: Origin::sheet(sheet).with_cell(format!("{col}{}", r + 1)),
    }
}

/// 公开02 as an xlsx sheet: title / label / department + unit / year rows, a two-row header
/// with merged cells ("项目" over 科目代码+科目名称, "本年收入合计" over two rows), a 栏次 row.
fn income_sheet() -> Grid {
    let s = "公开02";
    let mut cells = vec![
        cell(0, 0, 1, 9, "收入决算表", s),
        cell(1, 8, 1, 1, "公开02表", s),
        cell(2, 0, 1, 4, "部门名称：某某县应急管理局", s),
        cell(2, 7, 1, 2, "金额单位：万元", s),
        cell(3, 0, 1, 9, "2024年度", s),
        cell(4, 0, 1, 2, "项目", s),
        cell(4, 2, 2, 1, "本年收入合计", s),
        cell(4, 3, 2, 1, "财政拨款收入", s),
        cell(4, 4, 2, 1, "上级补助收入", s),
        cell(4, 5, 2, 1, "事业收入", s),
        cell(4, 6, 2, 1, "经营收入", s),
        cell(4, 7, 2, 1, "附属单位上缴收入", s),
        cell(4, 8, 2, 1, "其他收入", s),
        cell(5, 0, 1, 1, "科目代码", s),
        cell(5, 1, 1, 1, "科目名称", s),
        cell(6, 0, 1, 2, "栏次", s),
    ];
    for (i, n) in ["1", "2", "3", "4", "5", "6", "7"].iter().enumerate() {
        cells.push(cell(6, 2 + i as u32, 1, 1, n, s));
    }
    cells.push(cell(7, 0, 1, 2, "合计", s));
    let rows: [(&str, &str, &str, &str); 4] = [
        ("224", "灾害防治及应急管理支出", "100.5", "100.5"),
        ("22401", "应急管理事务", "100.5", "100.5"),
        ("2240101", "行政运行", "96.07", "96.07"),
        ("2240102", "一般行政管理事务", "4.43", "4.43"),
    ];
    cells.push(cell(7, 2, 1, 1, "100.5", s));
    cells.push(cell(7, 3, 1, 1, "100.5", s));
    for (i, (code, name, a, b)) in rows.iter().enumerate() {
        let r = 8 + i as u32;
        cells.push(cell(r, 0, 1, 1, code, s));
        cells.push(cell(r, 1, 1, 1, name, s));
        let mut x = cell(r, 2, 1, 1, a, s);
        x.flag = Some(CellFlag::Number);
        cells.push(x);
        cells.push(cell(r, 3, 1, 1, b, s));
        cells.push(cell(r, 4, 1, 1, "-", s));
    }
    cells.push(cell(
        12,
        0,
        1,
        9,
        "注：本表反映部门本年度取得的各项收入情况。",
        s,
    ));
    cells.sort_by_key(|c| (c.row, c.col));
    Grid {
        rows: 13,
        cols: 9,
        cells,
        origin: Origin::sheet(s),
    }
}

#[test]
fn spreadsheet_sheet_with_title_rows_and_merged_header() {
    let doc = Document {
        blocks: vec![Block::Grid(income_sheet())],
        pages: Some(1),
        warnings: vec![],
    };
    let f = find(&doc, "某某县应急管理局2024年决算.xlsx");
    let t = one(&f, "final.income");
    assert_eq!(t.title, "收入决算表");
    assert_eq!(t.label.as_deref(), Some("公开02表"));
    assert_eq!(t.unit.as_deref(), Some("万元"));
    assert_eq!(
        t.location,
        Location::Sheet {
            sheet: "公开02".into()
        }
    );
    assert_eq!(
        keys(&t),
        [
            "total",
            "fiscal",
            "superior_subsidy",
            "operation_income",
            "business_income",
            "subsidiary_remit",
            "other_income"
        ]
    );
    assert_eq!(t.columns[0].header, "本年收入合计");
    assert_eq!(t.columns[0].unit, "元");
    // 合计 + 4 code rows; title, label, unit, year, header, 栏次 and footnote are not rows
    assert_eq!(t.rows.len(), 5, "{:#?}", t.rows);
    let total = &t.rows[0];
    assert_eq!((total.code.as_deref(), total.name.as_str()), (None, "合计"));
    let r = by_code(&t, "2240101");
    assert_eq!(val(r, "total"), Some(d("960700")));
    assert_eq!(val(r, "superior_subsidy"), None);
    assert_eq!(
        r.texts.get("superior_subsidy").map(String::as_str),
        Some("-")
    );
    assert_eq!(r.origin, "sheet 公开02, row 11");
    assert_eq!(f.report.department.as_deref(), Some("某某县应急管理局"));
    assert_eq!(f.report.year, Some(2024));
    assert_eq!(f.report.kind, "final_accounts");
}

#[test]
fn word_body_paragraphs_then_table_with_code_and_name_in_one_cell() {
    let o = |_: u32| Origin::table(0);
    let mut g = grid(
        &[
            &["项目", "本年支出合计", "基本支出", "项目支出"],
            &["合计", "1,000.00", "800.00", "200.00"],
            &["2240101 行政运行", "800.00", "800.00", ""],
            &["2240102 一般行政管理事务", "200.00", "", "#DIV/0!"],
        ],
        o(0),
    );
    for c in &mut g.cells {
        c.origin = Origin::table(0).with_cell(format!("r{}c{}", c.row + 1, c.col + 1));
    }
    let doc = Document {
        blocks: vec![
            text("某某局2025年度部门决算公开", Origin::default()),
            text("三、支出决算表", Origin::default()),
            text("单位：元", Origin::default()),
            Block::Grid(g),
        ],
        pages: None,
        warnings: vec![],
    };
    let f = find(&doc, "x.docx");
    let t = one(&f, "final.expenditure");
    assert_eq!(t.title, "支出决算表");
    assert_eq!(t.unit.as_deref(), Some("元"));
    assert_eq!(t.location, Location::TableIndex { table_index: 0 });
    assert_eq!(keys(&t), ["total", "basic", "project"]);
    let r = by_code(&t, "2240101");
    assert_eq!(r.name, "行政运行");
    assert_eq!(val(r, "total"), Some(d("800")));
    assert_eq!(r.origin, "table 0, row 3");
    let r = by_code(&t, "2240102");
    assert_eq!(val(r, "project"), None);
    assert_eq!(r.texts.get("project").map(String::as_str), Some("#DIV/0!"));
    let p = f
        .problems
        .iter()
        .find(|p| p.code == "cell_error")
        .expect("a cell_error problem");
    assert_eq!(p.severity, Severity::Warning);
    assert!(p.message.contains("final.expenditure") && p.message.contains("project"));
    assert!(p.message.contains("一般行政管理事务"));
    assert_eq!(p.location, "table 0, row 4");
    assert_eq!(
        f.report.title.as_deref(),
        Some("某某局2025年度部门决算公开")
    );
    assert_eq!(f.report.department.as_deref(), Some("某某局"));
}

#[test]
fn pdf_two_sided_grid_splits_into_income_and_expenditure() {
    let p = Origin::page(2);
    let doc = Document {
        blocks: vec![
            text("财政拨款收支总表", p.clone()),
            text("单位：万元", p.clone()),
            Block::Grid(grid(
                &[
                    &["收入", "", "支出", "", "", "", ""],
                    &["项目", "金额", "项目", "金额", "", "", ""],
                    &[
                        "",
                        "",
                        "",
                        "小计",
                        "一般公共预算",
                        "政府性基金预算",
                        "国有资本经营预算",
                    ],
                    &[
                        "一、一般公共预算",
                        "10.00",
                        "一、一般公共服务支出",
                        "6.00",
                        "6.00",
                        "",
                        "",
                    ],
                    &[
                        "二、政府性基金预算",
                        "",
                        "二、外交支出",
                        "4.00",
                        "4.00",
                        "",
                        "",
                    ],
                    &[
                        "本年收入合计",
                        "10.00",
                        "本年支出合计",
                        "10.00",
                        "10.00",
                        "",
                        "",
                    ],
                ],
                p.clone(),
            )),
        ],
        pages: Some(2),
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    let inc = side(&f, "budget.fiscal_summary", Side::Income);
    let exp = side(&f, "budget.fiscal_summary", Side::Expenditure);
    assert_eq!(inc.title, exp.title);
    assert_eq!(keys(inc), ["amount"]);
    assert_eq!(
        keys(exp),
        ["total", "general_budget", "gov_fund", "state_capital"]
    );
    assert_eq!(exp.columns[1].header, "金额/一般公共预算");
    assert_eq!(inc.rows.len(), 3);
    assert_eq!(val(by_name(inc, "二、政府性基金预算"), "amount"), None);
    assert_eq!(
        val(by_name(exp, "一、一般公共服务支出"), "general_budget"),
        Some(d("60000"))
    );
    assert_eq!(
        val(by_name(exp, "本年支出合计"), "total"),
        Some(d("100000"))
    );
    assert_eq!(f.report.kind, "budget");
}

#[test]
fn side_by_side_lists_one_row_per_code() {
    let p = Origin::page(5);
    // 公用经费合计 printed across the name cells of three lists, its amount in the last column
    let mut g = grid(
        &[
            &["人员经费", "", "", "公用经费", "", "", "", "", ""],
            &[
                "科目代码",
                "科目名称",
                "决算数",
                "科目代码",
                "科目名称",
                "决算数",
                "科目代码",
                "科目名称",
                "决算数",
            ],
            &[
                "301",
                "工资福利支出",
                "10.00",
                "302",
                "商品和服务支出",
                "3.00",
                "310",
                "资本性支出",
                "1.00",
            ],
            &[
                "30101",
                "基本工资",
                "10.00",
                "30201",
                "办公费",
                "3.00",
                "31002",
                "办公设备购置",
                "1.00",
            ],
            &[
                "人员经费合计",
                "",
                "10.00",
                "公用经费合计",
                "",
                "",
                "",
                "",
                "4.00",
            ],
        ],
        p.clone(),
    );
    // the merged 公用经费合计 cell
    let i = g
        .cells
        .iter()
        .position(|c| c.text == "公用经费合计")
        .unwrap();
    g.cells[i].col_span = 5;
    // the merged 人员经费 / 公用经费 heading cells
    let i = g.cells.iter().position(|c| c.text == "人员经费").unwrap();
    g.cells[i].col_span = 3;
    let i = g.cells.iter().position(|c| c.text == "公用经费").unwrap();
    g.cells[i].col_span = 6;
    let doc = Document {
        blocks: vec![
            text("一般公共预算财政拨款基本支出决算表", p.clone()),
            text("公开06表", p.clone()),
            text("金额单位：万元", p.clone()),
            Block::Grid(g),
        ],
        pages: None,
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    let t = one(&f, "final.general_budget_basic");
    assert_eq!(keys(&t), ["amount"]);
    let codes: Vec<&str> = t.rows.iter().filter_map(|r| r.code.as_deref()).collect();
    assert_eq!(codes, ["301", "30101", "302", "30201", "310", "31002"]);
    assert_eq!(val(by_code(&t, "31002"), "amount"), Some(d("10000")));
    assert_eq!(
        by_code(&t, "31002").texts.get("group").map(String::as_str),
        Some("公用经费")
    );
    assert_eq!(by_code(&t, "30101").level.as_deref(), Some("款"));
    assert_eq!(
        val(by_name(&t, "人员经费合计"), "amount"),
        Some(d("100000"))
    );
    let g = by_name(&t, "公用经费合计");
    assert_eq!(g.code, None);
    assert_eq!(val(g, "amount"), Some(d("40000")));
    assert_eq!(t.rows.len(), 8);
}

#[test]
fn table_continued_on_next_page_with_repeated_header() {
    let header: [&[&str]; 2] = [
        &["项目", "", "本年支出", "", ""],
        &["科目代码", "科目名称", "小计", "基本支出", "项目支出"],
    ];
    let mut page3: Vec<&[&str]> = header.to_vec();
    page3.push(&["合计", "", "30.00", "10.00", "20.00"]);
    page3.push(&["224", "灾害防治及应急管理支出", "30.00", "10.00", "20.00"]);
    page3.push(&["22401", "应急管理事务", "30.00", "10.00", "20.00"]);
    let mut page4: Vec<&[&str]> = header.to_vec();
    page4.push(&["2240101", "行政运行", "10.00", "10.00", ""]);
    page4.push(&["2240102", "一般行政管理事务", "20.00", "", "20.00"]);
    let doc = Document {
        blocks: vec![
            text("2024年度", Origin::page(3)),
            text("一般公共预算财政拨款支出决算表", Origin::page(3)),
            text("金额单位：万元", Origin::page(3)),
            Block::Grid(grid(&page3, Origin::page(3))),
            text("- 3 -", Origin::page(3)),
            text("仅供内部审核", Origin::page(4)),
            text("- 4 -", Origin::page(4)),
            text("仅供内部审核", Origin::page(4)),
            Block::Grid(grid(&page4, Origin::page(4))),
            text(
                "注：本表反映部门本年度一般公共预算财政拨款支出情况。",
                Origin::page(4),
            ),
        ],
        pages: Some(4),
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    assert_eq!(
        f.tables.len(),
        1,
        "{:?}",
        f.tables.iter().map(|t| &t.kind).collect::<Vec<_>>()
    );
    let t = one(&f, "final.general_budget_expenditure");
    assert_eq!(t.location, Location::Pages { pages: vec![3, 4] });
    assert_eq!(keys(&t), ["total", "basic", "project"]);
    assert_eq!(
        t.rows.len(),
        5,
        "{:#?}",
        t.rows.iter().map(|r| &r.name).collect::<Vec<_>>()
    );
    assert_eq!(val(by_code(&t, "2240102"), "project"), Some(d("200000")));
    assert_eq!(by_code(&t, "2240102").origin, "page 4");
}

#[test]
fn continuation_without_repeated_header_but_not_after_a_new_title() {
    let doc = Document {
        blocks: vec![
            text("支出决算表", Origin::page(1)),
            text("单位：万元", Origin::page(1)),
            Block::Grid(grid(
                &[
                    &[
                        "科目编码",
                        "科目名称",
                        "本年支出合计",
                        "基本支出",
                        "项目支出",
                    ],
                    &["224", "灾害防治及应急管理支出", "3.00", "1.00", "2.00"],
                ],
                Origin::page(1),
            )),
            Block::Grid(grid(
                &[&["22401", "应急管理事务", "3.00", "1.00", "2.00"]],
                Origin::page(2),
            )),
            text("某某明细表", Origin::page(2)),
            Block::Grid(grid(
                &[&["甲", "乙", "丙", "丁", "戊"], &["a", "b", "1", "2", "3"]],
                Origin::page(2),
            )),
        ],
        pages: Some(2),
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    let t = one(&f, "final.expenditure");
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.location, Location::Pages { pages: vec![1, 2] });
    // the last grid has a title of its own: an unknown table, kept
    let u = one(&f, "unknown");
    assert_eq!(u.title, "某某明细表");
    assert!(!u.columns.is_empty());
}

#[test]
fn table_of_contents_is_never_a_table() {
    let p = Origin::page(1);
    let doc = Document {
        blocks: vec![
            text("目 录", p.clone()),
            text("一、收入支出决算总表.....3", p.clone()),
            text("二、收入决算表.....5", p.clone()),
            Block::Grid(grid(
                &[&["序号", "事项", "金额"], &["1", "某事项", "5.00"]],
                p.clone(),
            )),
        ],
        pages: Some(1),
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    assert_eq!(f.tables.len(), 1);
    assert_eq!(f.tables[0].kind, "unknown");
    // the contents page lends no words to the table's title
    assert_eq!(f.tables[0].title, "");
    // a TOC printed as a grid is not a table either
    let doc = Document {
        blocks: vec![Block::Grid(grid(
            &[
                &["一、收入支出决算总表.....", "3"],
                &["二、收入决算表.....", "5"],
                &["三、支出决算表.....", "7"],
            ],
            p.clone(),
        ))],
        pages: Some(1),
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    assert!(f.tables.is_empty());
    // nor a list of the report's tables without page numbers (西安 目录: 表N | title | 是否空表)
    let doc = Document {
        blocks: vec![
            text("目 录", p.clone()),
            Block::Grid(grid(
                &[
                    &["报表", "报表名称", "是否空表", "公开空表理由"],
                    &["表1", "2022年部门综合预算收支总表", "", ""],
                    &["表2", "2022年部门综合预算收入总表", "", ""],
                    &["表3", "2022年部门综合预算支出总表", "", ""],
                    &["表9", "2022年部门综合预算政府性基金收支表", "是", "不涉及"],
                ],
                p.clone(),
            )),
        ],
        pages: Some(1),
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    assert!(f.tables.is_empty(), "{:?}", f.tables);
}

#[test]
fn wrapped_names_are_joined_and_no_data_tables_flagged() {
    let p = Origin::page(1);
    let doc = Document {
        blocks: vec![
            text("收入决算表", p.clone()),
            text("金额单位：万元", p.clone()),
            Block::Grid(grid(
                &[
                    &["科目代码", "科目名称", "本年收入合计", "财政拨款收入"],
                    &["2080505", "机关事业单位基本养老保险", "1.00", "1.00"],
                    &["", "缴费支出", "", ""],
                    &["2080506", "机关事业单位职业年金缴费", "", ""],
                    &["", "支出", "2.00", "2.00"],
                ],
                p.clone(),
            )),
            text("国有资本经营预算财政拨款支出决算表", p.clone()),
            text("金额单位：万元", p.clone()),
            Block::Grid(grid(
                &[
                    &["科目代码", "科目名称", "本年支出", "", ""],
                    &["", "", "合计", "基本支出", "项目支出"],
                    &["合计", "", "", "", ""],
                ],
                p.clone(),
            )),
            text("说明：本表无数据", p.clone()),
        ],
        pages: Some(1),
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    let t = one(&f, "final.income");
    assert_eq!(t.rows.len(), 2);
    assert_eq!(
        by_code(&t, "2080505").name,
        "机关事业单位基本养老保险缴费支出"
    );
    let r = by_code(&t, "2080506");
    assert_eq!(r.name, "机关事业单位职业年金缴费支出");
    assert_eq!(val(r, "total"), Some(d("20000")));
    let t = one(&f, "final.state_capital");
    assert!(t.no_data);
    assert!(t.rows.is_empty());
    assert_eq!(keys(&t), ["total", "basic", "project"]);
}

#[test]
fn separate_lei_kuan_xiang_columns() {
    let p = Origin::page(1);
    let doc = Document {
        blocks: vec![
            text("2026年一般公共预算支出功能分类预算表", p.clone()),
            text("单位：元", p.clone()),
            Block::Grid(grid(
                &[
                    &[
                        "科目编码",
                        "",
                        "",
                        "科目名称",
                        "合计",
                        "基本支出",
                        "项目支出",
                    ],
                    &["类", "款", "项", "", "", "", ""],
                    &["224", "", "", "灾害防治及应急管理支出", "5", "5", ""],
                    &["224", "01", "", "应急管理事务", "5", "5", ""],
                    &["224", "01", "01", "行政运行", "5", "5", ""],
                ],
                p.clone(),
            )),
        ],
        pages: Some(1),
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    let t = one(&f, "budget.general_budget_expenditure");
    assert_eq!(keys(&t), ["total", "basic", "project"]);
    let codes: Vec<&str> = t.rows.iter().filter_map(|r| r.code.as_deref()).collect();
    assert_eq!(codes, ["224", "22401", "2240101"]);
    assert_eq!(by_code(&t, "2240101").parent.as_deref(), Some("22401"));
    assert_eq!(val(by_code(&t, "2240101"), "total"), Some(d("5")));
}

#[test]
fn unknown_grids_are_kept_and_units_from_header_cells() {
    let p = Origin::page(1);
    let doc = Document {
        blocks: vec![
            text("部门整体支出绩效自评表", p.clone()),
            Block::Grid(grid(
                &[
                    &[
                        "上年结转金额(万元)",
                        "303.01",
                        "年初预算金额(万元)",
                        "6132.90",
                    ],
                    &["预算执行率", "85.8%", "得分", "#DIV/0!"],
                ],
                p.clone(),
            )),
            text("附表：其他说明", p.clone()),
            Block::Grid(grid(
                &[&["名称", "上年结转金额(万元)"], &["某项", "1.5"]],
                p.clone(),
            )),
        ],
        pages: Some(1),
        warnings: vec![],
    };
    let f = find(&doc, "晋中市应急管理局2020年绩效自评.xlsx");
    assert_eq!(f.report.kind, "performance");
    let t = one(&f, "performance.overall_self_eval");
    // label/value pairs: one row per pair, amounts of money labels in 元
    assert_eq!(t.rows.len(), 4);
    assert_eq!(t.rows[0].name, "上年结转金额");
    assert_eq!(val(&t.rows[0], "amount"), Some(d("3030100")));
    assert_eq!(
        t.rows[2].texts.get("value").map(String::as_str),
        Some("85.8%")
    );
    let u = one(&f, "unknown");
    assert_eq!(u.columns[0].header, "上年结转金额(万元)");
    assert_eq!(u.columns[0].key, "carryover_start");
    assert_eq!(u.columns[0].unit, "元");
    assert_eq!(val(&u.rows[0], "carryover_start"), Some(d("15000")));
}

#[test]
fn two_sided_grid_with_two_expenditure_lists() {
    // 江苏 style: 收入 | 支出 (功能分类 | 支出用途); 当年支出小计 merged over three columns
    let p = Origin::page(10);
    let mut g = grid(
        &[
            &["收入", "", "支出", "", "", ""],
            &["项目名称", "金额", "功能分类", "", "支出用途", ""],
            &["", "", "功能科目名称", "金额", "项目名称", "金额"],
            &[
                "一、财政拨款",
                "17,981.68",
                "一、一般公共服务支出",
                "",
                "一、基本支出",
                "12,323.48",
            ],
            &[
                "二、其他资金",
                "15.00",
                "二、公共安全支出",
                "17,996.68",
                "二、项目支出",
                "5,673.20",
            ],
            &[
                "当年收入小计",
                "17,996.68",
                "当年支出小计",
                "",
                "",
                "17,996.68",
            ],
        ],
        p.clone(),
    );
    for (text, span) in [
        ("收入", 2),
        ("支出", 4),
        ("功能分类", 2),
        ("支出用途", 2),
        ("当年支出小计", 3),
    ] {
        let i = g.cells.iter().position(|c| c.text == text).unwrap();
        g.cells[i].col_span = span;
    }
    let i = g.cells.iter().position(|c| c.text == "项目名称").unwrap();
    g.cells[i].row_span = 2;
    let i = g.cells.iter().position(|c| c.text == "金额").unwrap();
    g.cells[i].row_span = 2;
    let doc = Document {
        blocks: vec![
            text("公开01表：收支预算总表", p.clone()),
            text("部门： 江苏省人民检察院 单位：万元", p.clone()),
            Block::Grid(g),
        ],
        pages: None,
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    assert_eq!(f.report.department.as_deref(), Some("江苏省人民检察院"));
    let inc = side(&f, "budget.income_expenditure_summary", Side::Income);
    let exp = side(&f, "budget.income_expenditure_summary", Side::Expenditure);
    assert_eq!(inc.title, "收支预算总表");
    assert_eq!(inc.rows.len(), 3);
    assert_eq!(keys(exp), ["amount"]);
    assert_eq!(
        val(by_name(exp, "二、公共安全支出"), "amount"),
        Some(d("179966800"))
    );
    assert_eq!(
        by_name(exp, "二、公共安全支出")
            .texts
            .get("group")
            .map(String::as_str),
        Some("功能分类")
    );
    assert_eq!(
        val(by_name(exp, "一、基本支出"), "amount"),
        Some(d("123234800"))
    );
    assert_eq!(
        by_name(exp, "一、基本支出")
            .texts
            .get("group")
            .map(String::as_str),
        Some("支出用途")
    );
    // the subtotal's amount printed under the second list belongs to the merged name
    assert_eq!(
        val(by_name(exp, "当年支出小计"), "amount"),
        Some(d("179966800"))
    );
    assert_eq!(exp.rows.len(), 5);
}

#[test]
fn odd_grids_never_panic_and_are_kept() {
    let p = Origin::page(1);
    let mut odd = vec![
        Grid::default(),
        grid(&[&["1"]], p.clone()),
        grid(&[&["", ""], &["", ""]], p.clone()),
        grid(&[&["1", "2", "3"], &["4", "5", "6"]], p.clone()),
        grid(&[&["收入"], &["支出"]], p.clone()),
        grid(&[&["合计", "", ""]], p.clone()),
        grid(
            &[&["项目", "项目", "项目"], &["项目", "金额", "项目"]],
            p.clone(),
        ),
        grid(
            &[
                &["科目编码", "科目名称", "科目编码", "科目名称"],
                &["224", "x", "301", "y"],
            ],
            p.clone(),
        ),
    ];
    // a merged cell reaching past the grid
    let mut g = grid(
        &[&["收入支出决算总表", "", ""], &["a", "1", "2"]],
        p.clone(),
    );
    g.cells[0].col_span = 9;
    g.cells[0].row_span = 4;
    odd.push(g);
    for g in odd {
        for title in [
            "收入支出决算总表",
            "一般公共预算财政拨款基本支出决算表",
            "项目支出绩效自评表",
            "无关",
        ] {
            let doc = Document {
                blocks: vec![text(title, p.clone()), Block::Grid(g.clone())],
                pages: Some(1),
                warnings: vec![],
            };
            let f = find(&doc, "");
            if g.rows > 0 && g.cols > 0 && !g.cells.is_empty() {
                assert!(!f.tables.is_empty(), "grid dropped: {g:?}");
            }
        }
    }
}

#[test]
fn large_sheet_is_fast() {
    let s = "大表";
    let n = 20_000u32;
    let mut cells = vec![
        cell(0, 0, 1, 4, "支出决算表", s),
        cell(1, 0, 1, 4, "单位：元", s),
        cell(2, 0, 1, 1, "科目编码", s),
        cell(2, 1, 1, 1, "科目名称", s),
        cell(2, 2, 1, 1, "基本支出", s),
        cell(2, 3, 1, 1, "项目支出", s),
    ];
    for i in 0..n {
        let r = 3 + i;
        cells.push(cell(r, 0, 1, 1, &format!("{}", 2010101 + i % 90), s));
        cells.push(cell(r, 1, 1, 1, "行政运行", s));
        cells.push(cell(r, 2, 1, 1, "1.5", s));
        cells.push(cell(r, 3, 1, 1, "2", s));
    }
    let g = Grid {
        rows: n + 3,
        cols: 4,
        cells,
        origin: Origin::sheet(s),
    };
    let doc = Document {
        blocks: vec![Block::Grid(g)],
        pages: None,
        warnings: vec![],
    };
    let t0 = std::time::Instant::now();
    let f = find(&doc, "x.xlsx");
    assert_eq!(one(&f, "final.expenditure").rows.len(), n as usize);
    assert!(t0.elapsed().as_secs() < 20, "took {:?}", t0.elapsed());
}

#[test]
fn lists_of_units_and_bodies_are_recognised_by_their_structure() {
    // 西安: the sentence above, wrapped; 序号 | 单位名称 | 拟变动情况, no amounts
    let p = Origin::page(9);
    let doc = Document {
        blocks: vec![
            text("三、部门预算单位构成", p.clone()),
            text(
                "本部门的部门预算包括部门本级预算和所属事业单位预算。纳入本部门2020年部门预算编制",
                p.clone(),
            ),
            text("范围的预算单位共有3个，包括：", p.clone()),
            Block::Grid(grid(
                &[
                    &["序号", "单位名称", "拟变动情况"],
                    &["1", "西安市某某局（机关）", ""],
                    &["2", "西安市某某中心", "职能划转至西安市某局"],
                    &["3", "西安市某某所", ""],
                ],
                p.clone(),
            )),
            text("四、部门人员情况说明", p.clone()),
        ],
        pages: Some(9),
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    let t = one(&f, "budget.unit_scope");
    assert_eq!(
        t.title,
        "纳入本部门2020年部门预算编制范围的预算单位共有3个，包括："
    );
    let names: Vec<&str> = t.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["西安市某某局（机关）", "西安市某某中心", "西安市某某所"]
    );
    assert!(t.columns.iter().all(|c| c.unit == "text"));
    assert_eq!(
        by_name(t, "西安市某某中心")
            .texts
            .values()
            .next()
            .map(String::as_str),
        Some("职能划转至西安市某局")
    );

    // the same shape with amounts is no list of units
    let doc = Document {
        blocks: vec![
            text("纳入本部门预算编制范围的单位共有2个，包括：", p.clone()),
            Block::Grid(grid(
                &[
                    &["序号", "单位名称", "金额"],
                    &["1", "西安市某某局", "12.50"],
                    &["2", "西安市某某中心", "3.25"],
                ],
                p.clone(),
            )),
        ],
        pages: Some(9),
        warnings: vec![],
    };
    assert!(tables(&find(&doc, "x.pdf"), "budget.unit_scope").is_empty());

    // 内设机构: a grid of names without a header under the line naming them
    let doc = Document {
        blocks: vec![
            text("西安市某某委员会内设机构信息", p.clone()),
            Block::Grid(grid(
                &[
                    &["办公室", "组织人事处"],
                    &["发展规划处（政策法规处）", "综合处"],
                    &["机关党委（机关纪委）", ""],
                ],
                p.clone(),
            )),
        ],
        pages: Some(9),
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    let t = one(&f, "budget.internal_bodies");
    assert_eq!(t.title, "西安市某某委员会内设机构信息");
    assert_eq!(t.rows.len(), 5);
    assert_eq!(t.rows[2].name, "发展规划处（政策法规处）");
}

#[test]
fn a_title_wrapped_after_its_middle_is_joined() {
    let p = Origin::page(66);
    let doc = Document {
        blocks: vec![
            text("表12", p.clone()),
            text(
                "2022年部门综合预算政府采购（资产配置、购买服务）",
                p.clone(),
            ),
            text("预算表（不含上年结转）", p.clone()),
            text("预算单位：西安市某局 金额单位：万元", p.clone()),
            Block::Grid(grid(
                &[
                    &["采购项目", "采购目录", "预算金额"],
                    &["合计", "", "10.00"],
                    &["某项目", "C0901技术测试和分析服务", "10.00"],
                ],
                p.clone(),
            )),
        ],
        pages: Some(66),
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    let t = one(&f, "budget.gov_procurement");
    assert_eq!(
        t.title,
        "2022年部门综合预算政府采购（资产配置、购买服务）预算表（不含上年结转）"
    );
}

/// A row cut by the page break (杭州公安 收入预算总表 p21/22): the name and the last digit of
/// one amount continue in the first row of the next page. Joined because the joined row adds
/// up across its columns; a first row that is a row of its own stays one.
#[test]
fn a_row_cut_by_the_page_break_is_joined_when_it_adds_up() {
    let header: [&[&str]; 1] = [&["单位名称", "合计", "一般公共预算", "事业收入", "其他收入"]];
    let mut page3: Vec<&[&str]> = header.to_vec();
    page3.push(&["合计", "14,559.64", "10.00", "12,437.36", "2,112.28"]);
    page3.push(&["某某单位", "10.00", "10.00", "", ""]);
    page3.push(&["某某市机动", "14,549.64", "", "12,437.3", "2,112.28"]);
    let mut page4: Vec<&[&str]> = header.to_vec();
    page4.push(&["车驾驶员考试服务中心", "", "", "6", ""]);
    page4.push(&["乙单位", "5.00", "5.00", "", ""]);
    // a row of its own after a row that adds up: never joined
    let mut page5: Vec<&[&str]> = header.to_vec();
    page5.push(&["丙单位", "", "", "6", ""]);
    let doc = Document {
        blocks: vec![
            text("收入总表", Origin::page(3)),
            text("单位：万元", Origin::page(3)),
            Block::Grid(grid(&page3, Origin::page(3))),
            Block::Grid(grid(&page4, Origin::page(4))),
            Block::Grid(grid(&page5, Origin::page(5))),
        ],
        pages: Some(5),
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    let t = &f.tables[0];
    let names: Vec<&str> = t.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "合计",
            "某某单位",
            "某某市机动车驾驶员考试服务中心",
            "乙单位",
            "丙单位"
        ],
        "{:?}",
        keys(t)
    );
    let cut = by_name(t, "某某市机动车驾驶员考试服务中心");
    let has = |v: &str| cut.values.values().any(|a| *a == Some(d(v)));
    assert!(has("124373600") && !has("124373000"), "{:?}", cut.values);
}

/// An empty table prints its 合计 row over blank cells (北京 预算07表: 合计 in the 科目名称
/// column, also a header word): the row is kept, not read as a header row or a repeated
/// header.
#[test]
fn the_blank_total_row_of_an_empty_table_is_kept() {
    let page: Vec<&[&str]> = vec![
        &["科目编码", "科目名称", "本年政府性基金预算支出", "", ""],
        &["", "", "合计", "基本支出", "项目支出"],
        &["", "合计", "", "", ""],
    ];
    let doc = Document {
        blocks: vec![
            text("政府性基金预算支出表", Origin::page(3)),
            text("单位：万元", Origin::page(3)),
            Block::Grid(grid(&page, Origin::page(3))),
        ],
        pages: Some(3),
        warnings: vec![],
    };
    let f = find(&doc, "x.pdf");
    let t = &f.tables[0];
    assert_eq!(keys(t), ["total", "basic", "project"]);
    let names: Vec<&str> = t.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["合计"]);
    assert!(t.rows[0].values.values().all(Option::is_none));
}
