//! Performance forms (绩效自评表, 绩效目标表): a form grid → rows. Three parts, told apart by
//! their header words (catalog/forms.toml, catalog/columns.toml):
//!
//! - label/value fields ("上年结转金额(万元) | 303.01 | 年初预算金额(万元) | 6132.9"): one row
//!   per pair, `name` = label without its unit suffix; money labels give `values["amount"]`
//!   in 元, everything else `texts["value"]`;
//! - fund tables (项目资金（万元）: 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分):
//!   one row per fund line, columns keyed by columns.toml (`initial_budget` …), amounts in 元;
//! - indicator trees (一级指标 > 二级指标 > 三级指标): one row per 三级指标, texts `level1`,
//!   `level2`, `target`, `actual`, `reason` …, values `weight`, `score` (merged 一级/二级
//!   cells carried down, also across pages).
//!
//! Every row says which part it comes from in `texts["part"]`: "field", "fund", "indicator",
//! "subtotal" (an 一级 line with its subtotal scores), "other" (rows of no known shape: name =
//! first text, other cells under `col<N>`).

use indexmap::IndexMap;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::catalog::{Catalog, header_key};
use super::view::View;
use crate::normalize::indicator::{parse_packed, parse_value};
use crate::normalize::name::{fold, join_wrapped};
use crate::normalize::number::{CellValue, parse};
use crate::normalize::unit::{Unit, split_header_unit, split_packed_amount, to_yuan, unit_of};
use crate::record::{Column, Problem, Row};

const FORMS_TOML: &str = include_str!("../../catalog/forms.toml");

#[derive(Debug, Deserialize)]
struct IndicatorWords {
    level1: Vec<String>,
    level2: Vec<String>,
    name: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct TextKey {
    key: String,
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct FundKey {
    key: String,
    unit: String,
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RegisterWords {
    name: Vec<String>,
    unit: Vec<String>,
    goal: Vec<String>,
    indicators: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct PeriodWords {
    implementation: Vec<String>,
    annual: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct FormWords {
    money_words: Vec<String>,
    identifier_words: Vec<String>,
    period: PeriodWords,
    normalized_texts: Vec<String>,
    register: RegisterWords,
    register_fund: Vec<TextKey>,
    fund_column: Vec<FundKey>,
    pub department_fields: Vec<String>,
    fund_keys: Vec<String>,
    tree_end: Vec<String>,
    indicator: IndicatorWords,
    indicator_text: Vec<TextKey>,
}

/// The form words of catalog/forms.toml, parsed once.
pub fn words() -> &'static FormWords {
    static W: OnceLock<FormWords> = OnceLock::new();
    W.get_or_init(|| toml::from_str(FORMS_TOML).expect("catalog/forms.toml is invalid"))
}

/// Whether `key` is the header key of one of the catalog words in `list`. The lists are the
/// catalog's (static), so each list's keys are folded once and kept: folding them again for
/// every cell was a fifth of a whole run's time.
fn has_word(list: &'static [String], key: &str) -> bool {
    type Keys = HashMap<(usize, usize), &'static [String]>;
    static KEYS: OnceLock<Mutex<Keys>> = OnceLock::new();
    let keys: &'static [String] = {
        let mut map = KEYS
            .get_or_init(|| Mutex::new(HashMap::new()))
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        map.entry((list.as_ptr() as usize, list.len()))
            .or_insert_with(|| Box::leak(list.iter().map(|w| header_key(w)).collect()))
    };
    keys.iter().any(|w| w == key)
}

/// The side of a 绩效目标表 printing the 实施期 and the 年度 side by side (catalog `period`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Implementation,
    Annual,
}

/// The side a label or header starts with, and the catalog word that says it.
fn side_of(text: &str) -> Option<(Side, &'static str)> {
    let k = header_key(text);
    let w = words();
    [
        (Side::Implementation, &w.period.implementation),
        (Side::Annual, &w.period.annual),
    ]
    .into_iter()
    .find_map(|(side, list)| {
        list.iter()
            .find(|x| k.starts_with(&header_key(x)))
            .map(|x| (side, x.as_str()))
    })
}

/// What a column of an indicator tree holds.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    Level1,
    Level2,
    Name,
    /// A column left of the tree under a blank header cell, printing the section's label down
    /// the tree (烟台 绩效目标表: "" | 一级指标 | 二级指标 | 三级指标 | 指标值 over 绩效指标 | 产出指标 |
    /// …, the label one row high beside a one-row 一级 cell): part of the tree, not a field.
    Label,
    /// A text column: key, header.
    Text(String, String),
    /// A value column: key, header, unit ("score", "%", …).
    Value(String, String, String),
    /// Register columns printed beside the tree (北京 预算12表: 项目名称 | 项目总额 | 财政资金 |
    /// 绩效目标 | 一级指标 …): each project is a row of its own, its indicators follow it.
    Project,
    Goal,
    /// A project's fund column (register_fund).
    Fund(FundCol),
    /// The 年度 side's 二级 / 三级 of a tree printed once per side: key, header (text kept as
    /// printed, also where it repeats the 实施期 side's).
    Annual(String, String),
}

#[derive(Debug, Clone, PartialEq)]
struct FundCol {
    col: usize,
    key: String,
    header: String,
    unit: String,
    own_unit: Option<Unit>,
}

impl FundCol {
    /// A register's fund column (catalog `register_fund`): amounts in 元, in the unit its
    /// header prints or the form's.
    fn register(col: usize, key: &str, header: &str) -> FundCol {
        FundCol {
            col,
            key: key.to_string(),
            header: header.to_string(),
            unit: "元".to_string(),
            own_unit: split_header_unit(header).1,
        }
    }

    /// The amount of this register fund column in `text`, put in `row` (元).
    fn register_value(
        &self,
        ctx: &mut Ctx,
        row: &mut Row,
        text: &str,
        form_unit: Option<&Unit>,
        columns: &mut Vec<Column>,
    ) {
        add_column(columns, &self.key, &self.header, "元");
        let u = self.own_unit.as_ref().or(form_unit);
        ctx.value(row, &self.key, text, "元", u);
    }
}

#[derive(Debug, Clone, Default)]
enum Mode {
    #[default]
    Fields,
    Funds {
        cols: Vec<FundCol>,
        unit: Option<Unit>,
    },
    Indicators {
        roles: Vec<(usize, Role)>,
    },
    Register(Register),
    /// Fund lines printing the 实施期 and the 年度 amounts side by side, each after its own
    /// label: (label column, amount column) per side, their headers and the block's unit.
    PeriodFunds {
        sides: [(usize, usize); 2],
        headers: [String; 2],
        unit: Option<Unit>,
    },
}

/// The columns of a 绩效目标 register (one row per project, indicators packed in one cell).
#[derive(Debug, Clone)]
struct Register {
    name: usize,
    /// The implementing unit (单位名称) when printed in a column of its own.
    unit: Option<usize>,
    funds: Vec<FundCol>,
    goal: Option<usize>,
    indicators: Option<usize>,
}

/// What a form remembers from one grid to the next (a form continued on the next page).
#[derive(Debug, Clone, Default)]
pub struct FormState {
    mode: Mode,
    /// Unit of the form's unit line, if any.
    pub unit: Option<Unit>,
    /// The first unit printed in a label ("上年结转金额(万元)", "项目资金（万元）").
    pub seen_unit: Option<String>,
    level1: Option<String>,
    level2: Option<String>,
    /// Per level (一级, 二级): the first output row under an empty level cell that runs to the
    /// bottom of the page's grid — a merged cell cut by the page break whose text is printed on
    /// the next page's part (LibreOffice prints it where the cell's middle lands).
    split: [Option<usize>; 2],
    cols: usize,
    /// Column bands of a form printed per side (总体目标 over 实施期目标 | 年度目标): first and
    /// last column of each band, its side and its printed head.
    bands: Vec<(usize, usize, Side, String)>,
    /// Columns of the grid the bands were read on (a tree on the next page's grid of other
    /// columns places them anew, see [`bands_here`]).
    bands_cols: usize,
    /// An amount was read with no unit anywhere (said once per form: `unit_missing`).
    unit_missing_said: bool,
}

impl FormState {
    pub fn new(unit: Option<Unit>) -> FormState {
        FormState {
            unit,
            ..Default::default()
        }
    }
}

/// [`own_cells`] of row `r` that print something.
fn filled_cells<'a>(view: &'a View, r: usize) -> Vec<(usize, &'a str, usize)> {
    own_cells(view, r)
        .into_iter()
        .filter(|c| !c.1.is_empty())
        .collect()
}

/// Cells anchored in row r (each once), left to right: (col, text, anchor id).
fn own_cells<'a>(view: &'a View, r: usize) -> Vec<(usize, &'a str, usize)> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for c in 0..view.cols() {
        if let Some(i) = view.id(r, c) {
            if seen.contains(&i) {
                continue;
            }
            seen.push(i);
            if view.cell(i).row as usize == r {
                out.push((c, view.text(r, c), i));
            }
        }
    }
    out
}

/// A label as printed without its unit suffix and trailing colon, and that unit.
fn split_label(text: &str) -> (String, Option<Unit>) {
    let (_, unit) = split_header_unit(text);
    let mut name = text.trim().to_string();
    if unit.is_some()
        && let Some(p) = name.rfind(['(', '（', '[', '【'])
    {
        name.truncate(p);
    }
    let name = name.trim().trim_end_matches([':', '：']).trim().to_string();
    (name, unit)
}

fn is_text(t: &str) -> bool {
    matches!(parse(t), CellValue::Text(_))
}

fn add_column(columns: &mut Vec<Column>, key: &str, header: &str, unit: &str) {
    if !columns.iter().any(|c| c.key == key) {
        columns.push(Column {
            key: key.to_string(),
            header: header.to_string(),
            unit: unit.to_string(),
        });
    }
}

fn new_row(name: &str, part: &str, origin: String) -> Row {
    let mut texts = IndexMap::new();
    texts.insert("part".to_string(), part.to_string());
    Row {
        code: None,
        name: name.to_string(),
        level: None,
        parent: None,
        line: None,
        values: IndexMap::new(),
        texts,
        origin,
    }
}

struct Ctx<'a> {
    table: &'a str,
    problems: &'a mut Vec<Problem>,
    unit_missing_said: bool,
}

impl Ctx<'_> {
    /// A value cell: the number in the column's unit (amounts → 元 with `unit`), or null; the
    /// printed text goes to `texts` when it is not plainly the value.
    fn value(&mut self, row: &mut Row, key: &str, text: &str, col_unit: &str, unit: Option<&Unit>) {
        let v = match parse(text) {
            CellValue::Amount(d) if col_unit == "元" => match unit {
                Some(u) => Some(to_yuan(d, u)),
                None => {
                    // Forms are usually printed in 万元; one with no unit at all is taken as 元
                    // but never silently: the reader must know the scale was not printed.
                    if !self.unit_missing_said {
                        self.unit_missing_said = true;
                        self.problems.push(Problem::warning(
                            "unit_missing",
                            format!(
                                "no unit printed for form {}; amounts taken as 元 (first: row \"{}\" column {key})",
                                self.table, row.name
                            ),
                            row.origin.clone(),
                        ));
                    }
                    Some(d.normalize())
                }
            },
            CellValue::Amount(d) => Some(d.normalize()),
            CellValue::Percent(d) if col_unit == "%" => Some(d.normalize()),
            CellValue::Error(e) => {
                self.problems.push(Problem::warning(
                    "cell_error",
                    format!(
                        "{e} printed in table {} row \"{}\" column {key}: value set to null",
                        self.table, row.name
                    ),
                    row.origin.clone(),
                ));
                row.texts.insert(key.to_string(), text.to_string());
                None
            }
            CellValue::Empty => None,
            _ => {
                row.texts.insert(key.to_string(), text.to_string());
                None
            }
        };
        row.values.insert(key.to_string(), v);
    }
}

/// A fund header's words without the formula printed after them: "全年预算数（A）",
/// "执行率（B/A）", "小计③=①+②", "支出实现率(%)⑤=④/③" → the words before it.
fn fund_header_key(t: &str) -> String {
    static FORMULA: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\s*[(（]\s*[A-Za-z][A-Za-z0-9/×*+\-÷%.％ ]*\s*[)）]\s*$").unwrap()
    });
    let cut = t
        .find(|c: char| ('①'..='⑳').contains(&c))
        .unwrap_or(t.len());
    header_key(&FORMULA.replace(&t[..cut], ""))
}

/// A fund column key and unit for header text t: catalog forms.toml `fund_column`, else
/// columns.toml.
fn fund_column(cat: &Catalog, t: &str) -> Option<(String, String)> {
    let w = words();
    let k = fund_header_key(t);
    if let Some(f) = w.fund_column.iter().find(|f| has_word(&f.aliases, &k)) {
        return Some((f.key.clone(), f.unit.clone()));
    }
    let spec = cat.column_for(&k)?;
    let unit = if w.fund_keys.contains(&spec.key) {
        "元".to_string()
    } else {
        cat.column_unit(&fold(t)).to_string()
    };
    Some((spec.key.clone(), unit))
}

/// The fund table header at row r: its value columns (≥ 2 of the catalog's fund keys) and the
/// first row after the header rows. A header cell merged down from the row above (宁德: 分值 /
/// 得分 beside two header rows) counts. A sub-header row under a header cell that spans
/// several columns (阳城: 年初预算数 over 目标申报数 | 预算编制数) gives that cell's columns,
/// headed "年初预算数/预算编制数".
fn fund_header(
    cat: &Catalog,
    view: &View,
    r: usize,
) -> Option<(Vec<FundCol>, Option<Unit>, usize)> {
    let w = words();
    let mut cols = Vec::new();
    let mut unit = None;
    let mut cells = own_cells(view, r);
    let mut seen: Vec<usize> = cells.iter().map(|x| x.2).collect();
    for c in 0..view.cols() {
        if let Some(i) = view.id(r, c) {
            let cell = view.cell(i);
            if !seen.contains(&i) && (cell.row as usize) < r && cell.col as usize == c {
                seen.push(i);
                cells.push((c, view.text(r, c), i));
            }
        }
    }
    cells.sort_by_key(|x| x.0);
    for (c, t, _) in cells {
        let (_, u) = split_header_unit(t);
        if let Some((key, unit_word)) = fund_column(cat, t) {
            cols.push(FundCol {
                col: c,
                key,
                header: t.to_string(),
                unit: unit_word,
                own_unit: u,
            });
        } else if u.is_some() && unit.is_none() {
            unit = u;
        }
    }
    // the merged label at the left ("项目资金（万元）" spanning the fund rows)
    if unit.is_none() {
        for c in 0..cols.first().map_or(0, |f| f.col) {
            let (_, u) = split_header_unit(view.text(r, c));
            if u.is_some() {
                unit = u;
                break;
            }
        }
    }
    let n = cols.iter().filter(|f| w.fund_keys.contains(&f.key)).count();
    if n < 2 {
        return None;
    }
    let mut end = r + 1;
    if end < view.rows() {
        let sub = own_cells(view, end);
        let under = |c: usize| {
            view.id(r, c)
                .is_some_and(|i| view.cell(i).col_span > 1 && view.cell(i).row == r as u32)
        };
        // only words of the form's own fund columns (forms.toml `fund_column`): the sub-headers
        // of 全年预算数 | 全年执行数 (总额 | 财政拨款 | 其他资金 under each, 西安) would give
        // both parents' columns the same keys
        let form_key = |t: &str| {
            let k = fund_header_key(t);
            w.fund_column
                .iter()
                .find(|f| has_word(&f.aliases, &k))
                .map(|f| (f.key.clone(), f.unit.clone()))
        };
        if !sub.is_empty()
            && sub
                .iter()
                .all(|(c, t, _)| is_text(t) && under(*c) && form_key(t).is_some())
        {
            let mut subs = Vec::new();
            for (c, t, _) in sub {
                let pc = view.cell(view.id(r, c).expect("under a header cell")).col as usize;
                let parent = view.text(r, pc);
                let (key, unit_word) = form_key(t).expect("checked above");
                subs.push((
                    pc,
                    FundCol {
                        col: c,
                        key,
                        header: format!("{parent}/{t}"),
                        unit: unit_word,
                        own_unit: split_header_unit(t).1.or(split_header_unit(parent).1),
                    },
                ));
            }
            cols.retain(|f| !subs.iter().any(|(pc, _)| *pc == f.col));
            cols.extend(subs.into_iter().map(|(_, f)| f));
            cols.sort_by_key(|f| f.col);
            end += 1;
        }
    }
    Some((cols, unit, end))
}

/// The indicator header at row r: column roles and the first row after the header rows.
/// A tree printed once per side (阳泉 绩效目标表: 二级 | 三级 | 指标值 under the 实施期 and again
/// under the 年度; `bands` from the 总体目标 line above, or a side word in the header path) is
/// one row per line: the 实施期 side gives the path and `period_target`, the 年度 side `target`
/// (as in a register's 实施周期指标值 / 年度指标值) and its own 二级 / 三级 as printed.
fn indicator_header(
    cat: &Catalog,
    view: &View,
    r: usize,
    bands: &[(usize, usize, Side, String)],
) -> Option<(Vec<(usize, Role)>, usize)> {
    let w = words();
    let own = own_cells(view, r);
    let keys: Vec<String> = own.iter().map(|(_, t, _)| header_key(t)).collect();
    if !keys.iter().any(|k| has_word(&w.indicator.name, k))
        || !keys
            .iter()
            .any(|k| has_word(&w.indicator.level2, k) || has_word(&w.indicator.level1, k))
    {
        return None;
    }
    // sub-header rows: every cell sits under a merged header cell of row r and holds words
    let mut end = r + 1;
    while end < view.rows() {
        let cells = own_cells(view, end);
        let under = !cells.is_empty()
            && cells.iter().all(|(c, t, _)| {
                is_text(t)
                    && view
                        .id(r, *c)
                        .is_some_and(|i| view.cell(i).col_span > 1 && view.cell(i).row == r as u32)
            });
        if !under {
            break;
        }
        end += 1;
    }
    let mut roles = Vec::new();
    let mut sides: Vec<Option<(Side, String)>> = Vec::new();
    // anchored header cells printing nothing
    let mut blank = Vec::new();
    for c in 0..view.cols() {
        // header path of column c: distinct texts of r..end anchored at column c
        let mut segs: Vec<&str> = Vec::new();
        let mut anchored = false;
        for hr in r..end {
            if let Some(i) = view.id(hr, c) {
                let t = view.text(hr, c);
                if view.cell(i).col as usize == c {
                    anchored = true;
                }
                if !t.is_empty() && !segs.contains(&t) {
                    segs.push(t);
                }
            }
        }
        // a merged header with no sub-header is read at its anchor column only
        if !anchored {
            continue;
        }
        if segs.is_empty() {
            blank.push(c);
            continue;
        }
        let last = header_key(segs[segs.len() - 1]);
        let header = segs.join("/");
        let role = if has_word(&w.indicator.level1, &last) {
            Role::Level1
        } else if has_word(&w.indicator.level2, &last) {
            Role::Level2
        } else if has_word(&w.indicator.name, &last) {
            Role::Name
        } else if has_word(&w.register.name, &last) {
            Role::Project
        } else if has_word(&w.register.goal, &last) {
            Role::Goal
        } else if let Some(f) = w.register_fund.iter().find(|f| has_word(&f.aliases, &last)) {
            Role::Fund(FundCol::register(c, &f.key, &header))
        } else if let Some(t) = w
            .indicator_text
            .iter()
            .find(|t| has_word(&t.aliases, &last))
        {
            Role::Text(t.key.clone(), header.clone())
        } else if let Some(spec) = cat.column_for(&last) {
            let unit = cat.column_unit(&fold(&header)).to_string();
            Role::Value(spec.key.clone(), header, unit)
        } else {
            Role::Text(format!("col{}", c + 1), header.clone())
        };
        let side = segs[..segs.len() - 1]
            .iter()
            .find_map(|t| side_of(t).map(|(s, _)| (s, String::new())))
            .or_else(|| {
                bands
                    .iter()
                    .find(|b| (b.0..=b.1).contains(&c))
                    .map(|b| (b.2, format!("{}/", b.3)))
            });
        roles.push((c, role));
        sides.push(side);
    }
    let has = |side: Side, role: &Role| {
        roles
            .iter()
            .zip(&sides)
            .any(|((_, x), s)| x == role && s.as_ref().is_some_and(|s| s.0 == side))
    };
    if has(Side::Implementation, &Role::Name) && has(Side::Annual, &Role::Name) {
        for ((_, role), side) in roles.iter_mut().zip(&sides) {
            let Some((side, band)) = side else { continue };
            let new = match (side, &*role) {
                (Side::Annual, Role::Level2) => {
                    Role::Annual("annual_level2".into(), format!("{band}二级指标"))
                }
                (Side::Annual, Role::Name) => {
                    Role::Annual("annual_name".into(), format!("{band}三级指标"))
                }
                (Side::Implementation, Role::Text(k, h)) if k == "target" => {
                    Role::Text("period_target".into(), format!("{band}{h}"))
                }
                (Side::Annual, Role::Text(k, h)) if k == "target" => {
                    Role::Text("target".into(), format!("{band}{h}"))
                }
                _ => continue,
            };
            *role = new;
        }
    }
    // several name columns (宁德: "绩效指标" printed down the left of the whole tree, then
    // 一级/二级/三级指标): the name is the column of the most specific word, the list's first
    let rank = |c: usize| {
        let k = header_key(view.text(r, c));
        w.indicator
            .name
            .iter()
            .position(|x| header_key(x) == k)
            .unwrap_or(usize::MAX)
    };
    let best = roles
        .iter()
        .filter(|(_, x)| *x == Role::Name)
        .map(|(c, _)| *c)
        .min_by_key(|&c| rank(c))?;
    roles.retain(|(c, x)| *x != Role::Name || *c == best);
    // blank header cells of one column left of every level and name column: the tree's
    // section label column (see Role::Label)
    let tree_start = roles
        .iter()
        .filter(|(_, x)| matches!(x, Role::Level1 | Role::Level2 | Role::Name))
        .map(|(c, _)| *c)
        .min()?;
    let labels: Vec<(usize, Role)> = blank
        .into_iter()
        .filter(|&c| {
            c < tree_start
                && view
                    .id(r, c)
                    .is_some_and(|i| view.cell(i).col_span == 1 && view.cell(i).row as usize == r)
        })
        .map(|c| (c, Role::Label))
        .collect();
    if !labels.is_empty() {
        roles.extend(labels);
        roles.sort_by_key(|(c, _)| *c);
    }
    Some((roles, end))
}

/// Turn rows `start..` of a form grid into rows appended to `out` (the table's rows so far:
/// a text cell continued from the previous page is joined to the last row).
#[allow(clippy::too_many_arguments)]
pub fn form_rows(
    cat: &Catalog,
    view: &View,
    start: usize,
    table: &str,
    state: &mut FormState,
    out: &mut Vec<Row>,
    columns: &mut Vec<Column>,
    problems: &mut Vec<Problem>,
) {
    if state.cols != view.cols() {
        // another column layout: column roles of the previous grid do not apply
        if state.cols != 0 {
            state.mode = Mode::Fields;
        }
        state.cols = view.cols();
    }
    let mut ctx = Ctx {
        table,
        problems,
        unit_missing_said: state.unit_missing_said,
    };
    let mut r = start;
    // whether a non-empty row of this grid came before row r
    let mut seen_row = false;
    // a form's first value printed above its label (see shifted_fields) is a lone text the
    // finder takes for a title line when the grid starts with it (a PDF page)
    if out.is_empty()
        && start > 0
        && let Some(e) = shifted_fields(&mut ctx, view, start - 1, state, out, columns)
    {
        r = e;
        seen_row = true;
    }
    while r < view.rows() {
        if view.row_is_empty(r) {
            r += 1;
            continue;
        }
        let first_of_grid = !std::mem::replace(&mut seen_row, true);
        if let Some(reg) = register_header(view, r) {
            // also the header repeated on every page of a register
            state.mode = Mode::Register(reg);
            r += 1;
            continue;
        }
        if let Some((cols, unit, end)) = fund_header(cat, view, r) {
            if let Some(u) = &unit
                && state.seen_unit.is_none()
            {
                state.seen_unit = Some(u.name.clone());
            }
            state.mode = Mode::Funds { cols, unit };
            r = end;
            continue;
        }
        if let Some((roles, end)) = indicator_header(cat, view, r, &bands_here(view, r, state)) {
            state.mode = Mode::Indicators { roles };
            state.level1 = None;
            state.level2 = None;
            state.split = [None, None];
            r = end;
            continue;
        }
        if let Some((sides, headers, unit)) = period_fund_header(view, r) {
            state.mode = Mode::PeriodFunds {
                sides,
                headers,
                unit: unit.or_else(|| state.unit.clone()),
            };
        }
        let mode = state.mode.clone();
        match mode {
            Mode::Funds { cols, unit } => {
                if let Some(row) = fund_row(
                    &mut ctx,
                    view,
                    r,
                    &cols,
                    unit.as_ref().or(state.unit.as_ref()),
                    columns,
                ) {
                    out.push(row);
                    r += 1;
                    continue;
                }
                state.mode = Mode::Fields;
            }
            Mode::Indicators { roles } => {
                if indicator_row(&mut ctx, view, r, &roles, state, out, columns) {
                    r += 1;
                    continue;
                }
                state.mode = Mode::Fields;
            }
            Mode::Register(reg) => {
                if register_row(&mut ctx, view, r, &reg, state, first_of_grid, out, columns) {
                    r += 1;
                    continue;
                }
                state.mode = Mode::Fields;
            }
            Mode::PeriodFunds {
                sides,
                headers,
                unit,
            } => {
                if let Some(row) =
                    period_fund_row(&mut ctx, view, r, &sides, &headers, unit.as_ref(), columns)
                {
                    out.push(row);
                    r += 1;
                    continue;
                }
                state.mode = Mode::Fields;
            }
            Mode::Fields => {}
        }
        // the first line of a grid continued from the page before, one text beside no label
        // (a field value cut by the page break: "…提升补助资" | "金"), ends the last field's value
        if first_of_grid
            && let [(c, t)] = view.row_texts(r)[..]
            && c > 0
            && is_text(t)
            && let Some(last) = out.last_mut()
            && last.texts.get("part").is_some_and(|p| p == "field")
            && last.origin != view.row_where(r)
            && let Some(v) = last.texts.get_mut("value")
        {
            *v = join_wrapped(v, t);
            r += 1;
            continue;
        }
        if let Some(e) = shifted_fields(&mut ctx, view, r, state, out, columns) {
            r = e;
            continue;
        }
        if let Some(bands) = band_row(view, r) {
            state.bands = bands;
            state.bands_cols = view.cols();
            r += 1;
            continue;
        }
        r += field_rows(&mut ctx, view, r, state, out, columns);
    }
    state.unit_missing_said = ctx.unit_missing_said;
}

/// The 总体目标 band line on a row of its own (its label cut off by a page break, or printed
/// beside the texts' line): "实施期目标 | 年度目标", words that name no money. Returns the bands.
fn band_row(view: &View, r: usize) -> Option<Vec<(usize, usize, Side, String)>> {
    let cells = filled_cells(view, r);
    let [a, b] = cells[..] else {
        return None;
    };
    let money = |t: &str| names_money(t) || split_packed_amount(t).is_some();
    if money(a.1) || money(b.1) || !is_text(a.1) || !is_text(b.1) {
        return None;
    }
    if side_of(a.1)?.0 != Side::Implementation || side_of(b.1)?.0 != Side::Annual {
        return None;
    }
    let band = |(c, t, i): (usize, &str, usize), side| {
        let end = c + view.cell(i).col_span.max(1) as usize - 1;
        (c, end, side, t.to_string())
    };
    Some(vec![band(a, Side::Implementation), band(b, Side::Annual)])
}

/// The bands in the columns of this grid: those read on a grid of other columns (the band
/// line on the page before the tree's header) are placed anew, each side starting at its 二级
/// column of the header row r (a tree printed once per side: 二级 | 三级 | 指标值 twice).
fn bands_here(view: &View, r: usize, state: &FormState) -> Vec<(usize, usize, Side, String)> {
    if state.bands_cols == view.cols() || state.bands.is_empty() {
        return state.bands.clone();
    }
    let w = words();
    let level2: Vec<usize> = own_cells(view, r)
        .into_iter()
        .filter(|(_, t, _)| has_word(&w.indicator.level2, &header_key(t)))
        .map(|(c, _, _)| c)
        .collect();
    let head = |side: Side| {
        state
            .bands
            .iter()
            .find(|b| b.2 == side)
            .map(|b| b.3.clone())
    };
    match (&level2[..], head(Side::Implementation), head(Side::Annual)) {
        (&[a, b], Some(h0), Some(h1)) => vec![
            (a, b - 1, Side::Implementation, h0),
            (b, view.cols() - 1, Side::Annual, h1),
        ],
        _ => Vec::new(),
    }
}

/// A label column printed one row below its values (阳泉 地震监测… 目标表): the form's first row
/// prints a value beside no label, each row under it a label beside the value of the row below,
/// down to the per-side fund block, whose first line is beside the last field label and whose
/// block label (项目资金（元）) is beside its second line. Each label names the first value of
/// the row above (项目名称 → the project name); the other pairs of a row stay on their row. The
/// block label's unit is the form's. Returns the fund block's first row, after pushing the fields.
fn shifted_fields(
    ctx: &mut Ctx,
    view: &View,
    r: usize,
    state: &mut FormState,
    out: &mut Vec<Row>,
    columns: &mut Vec<Column>,
) -> Option<usize> {
    let filled = |b: usize| filled_cells(view, b);
    let top = filled(r);
    let [(value_col, value0, _)] = top[..] else {
        return None;
    };
    if !is_text(value0) || value_col == 0 {
        return None;
    }
    let mut rows = Vec::new();
    let mut fund = None;
    for b in r + 1..(r + 8).min(view.rows()) {
        let cells = filled(b);
        let &(c, label, _) = cells.first()?;
        if c >= value_col || !is_text(label) {
            return None;
        }
        if period_fund_header(view, b).is_some() {
            fund = Some((b, label));
            break;
        }
        if !label_pairs(&cells) {
            return None;
        }
        rows.push(cells);
    }
    let (e, fund_label) = fund?;
    let label_col = rows.first()?[0].0;
    let block = *filled(e + 1).first()?;
    if filled(e)[0].0 != label_col
        || block.0 != label_col
        || !is_text(block.1)
        || side_of(block.1).is_some()
    {
        return None;
    }
    if state.unit.is_none()
        && let (_, Some(u)) = split_label(block.1)
    {
        state.unit = Some(u);
    }
    let mut fields = |cells: &[(usize, &str, usize)], at: usize| {
        pair_rows(
            ctx,
            cells,
            "field",
            None,
            &view.row_where(at),
            state,
            out,
            columns,
        );
    };
    let mut value = (value0, r);
    for (k, cells) in rows.iter().enumerate() {
        let b = r + 1 + k;
        fields(&[cells[0], (value_col, value.0, 0)], value.1);
        fields(&cells[2..], b);
        value = (cells[1].1, b);
    }
    fields(
        &[(label_col, fund_label, 0), (value_col, value.0, 0)],
        value.1,
    );
    Some(e)
}

/// One fund line, or None when row r is not one (no amount in any amount column).
fn fund_row(
    ctx: &mut Ctx,
    view: &View,
    r: usize,
    cols: &[FundCol],
    unit: Option<&Unit>,
    columns: &mut Vec<Column>,
) -> Option<Row> {
    let first = cols.first()?.col;
    let has_amount = cols.iter().any(|f| {
        f.unit == "元"
            && matches!(
                parse(view.anchor_text(r, f.col)),
                CellValue::Amount(_) | CellValue::NotApplicable | CellValue::Error(_)
            )
    });
    let (name, name_id) = own_cells(view, r)
        .into_iter()
        .find(|(c, t, _)| *c < first && !t.is_empty() && is_text(t))
        .map(|(_, t, i)| (t.to_string(), i))?;
    let name_cell = view.cell(name_id);
    // ... and no cell of the line runs over the amount columns (年度总体目标 | its text)
    let name_inside = (name_cell.col + name_cell.col_span) as usize <= first
        && cols.iter().all(|f| {
            view.id(r, f.col)
                .is_none_or(|i| view.cell(i).col as usize == f.col)
        });
    // a fund line with no amount printed (上年结转资金 | | | — | | —) is still one
    let blank = cols.iter().filter(|f| f.unit == "元").all(|f| {
        matches!(
            parse(view.anchor_text(r, f.col)),
            CellValue::Empty | CellValue::NotApplicable
        )
    });
    if !has_amount && !(blank && name_inside) {
        return None;
    }
    let mut row = new_row(&name, "fund", view.row_where(r));
    for f in cols {
        add_column(columns, &f.key, &f.header, &f.unit);
        let u = f.own_unit.as_ref().or(unit);
        ctx.value(&mut row, &f.key, view.anchor_text(r, f.col), &f.unit, u);
    }
    Some(row)
}

/// The first line of funds printed per side: "项目资金（元） | 实施期资金总额: | 50000 | 年度资金总额: |
/// 50000" — a 实施期 money label and its amount, then a 年度 one (catalog `period`,
/// `money_words`), after at most a block label (its unit is the block's). Returns the (label,
/// amount) columns per side, the side words as column headers, and the block label's unit.
#[allow(clippy::type_complexity)]
fn period_fund_header(
    view: &View,
    r: usize,
) -> Option<([(usize, usize); 2], [String; 2], Option<Unit>)> {
    let w = words();
    let cells = filled_cells(view, r);
    let money = names_money;
    let block_label = |t: &str| is_text(t) && side_of(t).is_none();
    // each side's label and amount packed in one cell ("实施期资金总额：200,000 |
    // 年度资金总额：50万元"): the side's label column is its amount column
    let packed = match cells.len() {
        2 => Some((None, &cells[..])),
        3 => Some((Some(cells[0].1), &cells[1..])),
        _ => None,
    };
    if let Some((label, sides)) = packed {
        if label.is_some_and(|t| !block_label(t)) {
            return None;
        }
        let (a, b) = (sides[0], sides[1]);
        let (la, _, _) = split_packed_amount(a.1)?;
        let sa = side_of(&la)?;
        if !money(&la) {
            return None;
        }
        let headers = match split_packed_amount(b.1) {
            Some((lb, _, _)) => {
                let sb = side_of(&lb)?;
                if sa.0 != Side::Implementation || sb.0 != Side::Annual || !money(&lb) {
                    return None;
                }
                [sa.1.to_string(), sb.1.to_string()]
            }
            // one side's packed money label and a stray label on the other (阳泉 应急救援…:
            // "年度资金总额：50万元 | 实施单位"): the sides are the columns, the 实施期 left as
            // the template prints them; the amount goes to the side its label says
            None if is_text(b.1) && !money(b.1) && side_of(b.1).is_none() => [
                w.period.implementation.first()?.clone(),
                w.period.annual.first()?.clone(),
            ],
            None => return None,
        };
        return Some((
            [(a.0, a.0), (b.0, b.0)],
            headers,
            label.and_then(|t| split_label(t).1),
        ));
    }
    let (label, pairs) = match cells.len() {
        4 => (None, &cells[..]),
        5 => (Some(cells[0].1), &cells[1..]),
        _ => return None,
    };
    if label.is_some_and(|t| !block_label(t)) {
        return None;
    }
    let amount = |t: &str| !is_text(t);
    let (a, b) = (pairs[0], pairs[2]);
    let sa = side_of(a.1)?;
    let sb = side_of(b.1)?;
    if sa.0 != Side::Implementation
        || sb.0 != Side::Annual
        || !money(a.1)
        || !money(b.1)
        || !amount(pairs[1].1)
        || !amount(pairs[3].1)
    {
        return None;
    }
    Some((
        [(a.0, pairs[1].0), (b.0, pairs[3].0)],
        [sa.1.to_string(), sb.1.to_string()],
        label.and_then(|t| split_label(t).1),
    ))
}

/// One fund line of a per-side block: the 实施期 label and amount, then the 年度 ones, at the
/// block's columns (values `period_amount` / `annual_amount` in 元). The name is the 实施期
/// label without its side word ("实施期资金总额:" → "资金总额"); a 年度 label that says
/// something else is kept in `texts.annual_name`. None when row r is not such a line.
fn period_fund_row(
    ctx: &mut Ctx,
    view: &View,
    r: usize,
    sides: &[(usize, usize); 2],
    headers: &[String; 2],
    unit: Option<&Unit>,
    columns: &mut Vec<Column>,
) -> Option<Row> {
    let own = own_cells(view, r);
    let mut labels: [Option<String>; 2] = [None, None];
    // per side, the amount and its own unit of a packed cell ("市县（区）财政50万元")
    let mut packed: [Option<(String, Option<Unit>)>; 2] = [None, None];
    // a side printing a label that names no money (see period_fund_header)
    let mut stray = false;
    // a one-row label left of the line
    let mut beside = false;
    for (c, t, i) in &own {
        if t.is_empty() {
            continue;
        }
        let cell = view.cell(*i);
        let end = (cell.col + cell.col_span) as usize;
        match sides.iter().position(|s| s.0 == *c || s.1 == *c) {
            // label and amount in one cell, or the label alone ("其他资金")
            Some(k) if sides[k].0 == sides[k].1 => match split_packed_amount(t) {
                Some((l, a, u)) => {
                    labels[k] = Some(l);
                    packed[k] = Some((a, u));
                }
                // a label alone names a fund line only if it names money ("其他资金"), not
                // the band line under the block ("实施期目标 | 年度目标")
                None if is_text(t) && names_money(t) => {
                    labels[k] = Some(t.to_string());
                    packed[k] = Some((String::new(), None));
                }
                None if is_text(t) && side_of(t).is_none() => stray = true,
                None => return None,
            },
            // a label ends before its amount; an amount is not words
            Some(k) if sides[k].0 == *c && is_text(t) && end <= sides[k].1 => {
                labels[k] = Some(t.to_string())
            }
            Some(k) if sides[k].1 == *c && !is_text(t) => {}
            // the block's label, spanning its lines on the left, or printed beside one of
            // them (项目资金（元） beside the block's second line: 阳泉 地震监测…)
            None if *c < sides[0].0 && is_text(t) && side_of(t).is_none() => {
                beside |= cell.row_span == 1
            }
            _ => return None,
        }
    }
    // a one-row label beside the line names a field (项目概况 | its text), unless the line
    // prints an amount
    if beside && packed.iter().flatten().all(|(a, _)| a.is_empty()) {
        return None;
    }
    // a packed label naming the other side's word is that side's amount ("年度资金总额：50万元"
    // printed under the 实施期 column beside a stray label); a stray label beside no such
    // label is no fund line
    for k in 0..2 {
        let other = 1 - k;
        let claims_other = labels[k]
            .as_deref()
            .and_then(side_of)
            .is_some_and(|(s, _)| {
                s == if other == 0 {
                    Side::Implementation
                } else {
                    Side::Annual
                }
            });
        if claims_other && labels[other].is_none() && sides[k].0 == sides[k].1 {
            labels.swap(k, other);
            packed.swap(k, other);
            stray = false;
        }
    }
    if stray {
        return None;
    }
    let name_of = |k: usize| {
        labels[k].as_deref().map(|t| {
            let n = split_label(t).0;
            let word = &headers[k];
            let f = fold(&n);
            match f.strip_prefix(&fold(word)) {
                Some(rest) if !rest.is_empty() => n.trim_start_matches(word.as_str()).to_string(),
                _ => n,
            }
        })
    };
    let (na, nb) = (name_of(0), name_of(1));
    let name = na.clone().or(nb.clone())?;
    let mut row = new_row(&name, "fund", view.row_where(r));
    if let (Some(a), Some(b)) = (&na, &nb)
        && fold(a) != fold(b)
    {
        row.texts.insert("annual_name".into(), b.clone());
    }
    for (k, key) in ["period_amount", "annual_amount"].into_iter().enumerate() {
        add_column(columns, key, &headers[k], "元");
        if sides[k].0 == sides[k].1 {
            let (text, own) = packed[k].clone().unwrap_or_default();
            ctx.value(&mut row, key, &text, "元", own.as_ref().or(unit));
            continue;
        }
        let text = view.anchor_text(r, sides[k].1);
        // a label over the amount cell ("其他资金 | | 其他资金" with the amounts blank)
        let text = if is_text(text) { "" } else { text };
        ctx.value(&mut row, key, text, "元", unit);
    }
    Some(row)
}

/// One row of an indicator tree. False when row r ends the tree.
fn indicator_row(
    ctx: &mut Ctx,
    view: &View,
    r: usize,
    roles: &[(usize, Role)],
    state: &mut FormState,
    out: &mut Vec<Row>,
    columns: &mut Vec<Column>,
) -> bool {
    let col_of = |role: &Role| roles.iter().find(|(_, x)| x == role).map(|(c, _)| *c);
    let Some(name_col) = col_of(&Role::Name) else {
        return false;
    };
    let l1 = col_of(&Role::Level1);
    let l2 = col_of(&Role::Level2);
    let first_role = roles.first().map_or(0, |(c, _)| *c);
    let anchored_here = |c: usize| {
        view.id(r, c)
            .is_some_and(|i| view.cell(i).row as usize == r)
    };
    let name_id = view.id(r, name_col);
    // a label of its own, one row high ("综合得分", "总分", also spanning the name columns as
    // in 宁德 "总分值、评价总分(S)"): the tree ends
    let own = own_cells(view, r);
    if let Some((_, t, _)) = own.iter().find(|(_, t, _)| !t.is_empty()) {
        let f = fold(t);
        if words().tree_end.iter().any(|w| f.starts_with(&fold(w))) {
            return false;
        }
    }
    // the section label column: a line of one cell running over the tree's columns (a
    // sign-off line), or a label there beside one cell running over them (备注 | its text), is
    // no longer the tree's; a cell running over the tree's label columns beside values printed
    // right of it is an 一级 line with its subtotals (below)
    let label_cols: Vec<usize> = roles
        .iter()
        .filter(|(_, x)| *x == Role::Label)
        .map(|(c, _)| *c)
        .collect();
    let last_role = roles.last().map_or(0, |(c, _)| *c);
    let filled: Vec<&(usize, &str, usize)> = own.iter().filter(|x| !x.1.is_empty()).collect();
    let spans_tree = |i: usize| {
        let cell = view.cell(i);
        (cell.col + cell.col_span) as usize > last_role
    };
    for &c in &label_cols {
        let Some(i) = view.id(r, c) else { continue };
        let one_line = filled.len() == 1 && filled[0].2 == i && spans_tree(i);
        let field = filled.len() == 2 && filled[0].2 == i && spans_tree(filled[1].2);
        if one_line || field {
            return false;
        }
    }
    // a line whose label spans the 二级/三级 columns: an 一级 heading with its subtotals
    if let Some(i) = name_id {
        let cell = view.cell(i);
        let left = l2.or(l1).unwrap_or(name_col);
        if (cell.col as usize) < name_col && (cell.col as usize) <= left && cell.row as usize == r {
            let text = view.text(r, name_col).to_string();
            let mut row = new_row(&text, "subtotal", view.row_where(r));
            indicator_cells(ctx, view, r, roles, &mut row, columns);
            state.level1 = Some(text);
            state.level2 = None;
            out.push(row);
            return true;
        }
    }
    for (c, t, i) in own {
        if c < first_role.max(1)
            && !t.is_empty()
            && view.cell(i).row_span == 1
            && !roles.iter().any(|(rc, _)| *rc == c)
        {
            return false;
        }
        if c >= first_role {
            break;
        }
    }
    let name_here =
        name_id.is_some() && anchored_here(name_col) && !view.text(r, name_col).is_empty();
    // a line printing its 二级 word over every column (阳泉 应急救援…: 生态效益指标 | 生态效益指标 |
    // … , 效益指标 in the 一级 column): an 二级 with no 三级 under it, not an indicator
    if name_here && let Some(c2) = l2 {
        let w2 = view.text(r, c2);
        let w1 = l1.map_or("", |c| view.text(r, c));
        if anchored_here(c2)
            && !w2.is_empty()
            && view.text(r, name_col) == w2
            && view
                .row_texts(r)
                .iter()
                .filter(|(c, _)| anchored_here(*c))
                .all(|(_, t)| *t == w2 || *t == w1)
        {
            set_levels(view, r, l1, l2, state, out);
            return true;
        }
    }
    if !name_here {
        // an 一级 / 二级 line with no 三级 under it (效益指标 | 经济效益指标 | — ): the tree goes on
        let level_cols: Vec<usize> = roles
            .iter()
            .filter(|(_, x)| {
                matches!(x, Role::Level1 | Role::Level2 | Role::Label)
                    || matches!(x, Role::Annual(k, _) if k == "annual_level2")
            })
            .map(|(c, _)| *c)
            .collect();
        let here: Vec<usize> = view
            .row_texts(r)
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| anchored_here(*c))
            .collect();
        if !here.is_empty() && here.iter().all(|c| level_cols.contains(c)) {
            set_levels(view, r, l1, l2, state, out);
            return true;
        }
        // a text cell continued from the previous page: join it to the last row
        let mut joined = false;
        if let Some(last) = out.last_mut()
            && last.texts.get("part").is_some_and(|p| p == "indicator")
        {
            for (c, role) in roles {
                if let Role::Text(k, header) = role {
                    let t = view.anchor_text(r, *c);
                    if !t.is_empty() && anchored_here(*c) {
                        let prev = last.texts.get(k).cloned().unwrap_or_default();
                        indicator_text(last, k, &join_wrapped(&prev, t), header, columns);
                        joined = true;
                    }
                }
            }
        }
        return joined || view.row_texts(r).iter().all(|(c, _)| !anchored_here(*c));
    }
    // the top row of a continued page printing texts of the tree's name columns only (三级,
    // 二级, the 年度 side's 二级 / 三级) and no value: a Word row split by the page break, each
    // cell continued in its column on the next page (a line of its own prints its 指标值)
    let texts: Vec<(usize, &str)> = view
        .row_texts(r)
        .into_iter()
        .filter(|(c, t)| !t.is_empty() && anchored_here(*c))
        .collect();
    let role_at = |c: usize| roles.iter().find(|(rc, _)| *rc == c).map(|(_, x)| x);
    let continued = |c: usize| {
        matches!(role_at(c), Some(Role::Name | Role::Level2))
            || matches!(role_at(c), Some(Role::Annual(k, _)) if k == "annual_level2" || k == "annual_name")
    };
    if r == 0
        && let Some(last) = out.last_mut()
        && last.texts.get("part").is_some_and(|p| p == "indicator")
        && texts.iter().all(|(c, _)| continued(*c))
    {
        for (c, t) in texts {
            let key = match role_at(c) {
                Some(Role::Name) => {
                    last.name = join_wrapped(&last.name, t);
                    continue;
                }
                Some(Role::Level2) => "level2".to_string(),
                Some(Role::Annual(k, _)) => k.clone(),
                _ => continue,
            };
            let joined = join_wrapped(last.texts.get(&key).map_or("", |v| v.as_str()), t);
            if key == "level2" {
                state.level2 = Some(joined.clone());
            }
            last.texts.insert(key, joined);
        }
        return true;
    }
    set_levels(view, r, l1, l2, state, out);
    let project = project_row(ctx, view, r, roles, state, out, columns);
    let mut row = new_row(view.text(r, name_col), "indicator", view.row_where(r));
    if let Some(p) = project {
        row.texts.insert("project".into(), p);
    }
    if let Some(l) = &state.level1 {
        row.texts.insert("level1".into(), l.clone());
    }
    if let Some(l) = &state.level2 {
        row.texts.insert("level2".into(), l.clone());
    }
    indicator_cells(ctx, view, r, roles, &mut row, columns);
    target_parts_from_columns(&mut row);
    out.push(row);
    true
}

/// The 一级 / 二级 printed on row r carried into the state (a new 一级 clears the 二级). A level
/// cell cut by a page break prints its text on one part only: an empty part running to the
/// bottom of the page opens a split, and the text on top of the next page names the rows of
/// both parts (the 二级 under a continued 一级 stays).
fn set_levels(
    view: &View,
    r: usize,
    l1: Option<usize>,
    l2: Option<usize>,
    state: &mut FormState,
    out: &mut [Row],
) {
    for (level, col) in [(0, l1), (1, l2)] {
        let Some(c) = col else { continue };
        let Some(i) = view.id(r, c) else { continue };
        let cell = view.cell(i);
        let t = view.text(r, c);
        let starts_here = cell.row as usize == r;
        let continued = starts_here && r == 0 && state.split[level].is_some();
        if !t.is_empty() && continued {
            let key = if level == 0 { "level1" } else { "level2" };
            let from = state.split[level].take().unwrap_or(out.len());
            for row in out.iter_mut().skip(from) {
                if row.texts.get("part").is_some_and(|p| p == "indicator") {
                    row.texts.insert(key.into(), t.to_string());
                }
            }
            if level == 0 {
                state.level1 = Some(t.to_string());
            } else {
                state.level2 = Some(t.to_string());
            }
            continue;
        }
        if starts_here {
            // an empty cell of one row under a printed level is that level carried down (the
            // grid may draw a merged cell's inner rules); an empty merged one is a cut part,
            // and so is an empty one-row cell with no level above to carry (the first row
            // under a new 一级: LibreOffice printed the text past the grid's bottom)
            let open = if level == 0 {
                state.level1.is_none()
            } else {
                state.level2.is_none()
            };
            let cut = t.is_empty()
                && (cell.row_span > 1 || open)
                && r + cell.row_span as usize >= view.rows();
            state.split[level] = cut.then_some(out.len());
        }
        if t.is_empty() {
            continue;
        }
        if level == 0 {
            if state.level1.as_deref() != Some(t) {
                state.level2 = None;
            }
            state.level1 = Some(t.to_string());
        } else {
            state.level2 = Some(t.to_string());
        }
    }
}

/// Trees that print the comparator and the unit of the target in columns of their own
/// (北京: 绩效指标性质 "≤" | 本年绩效指标值 "0.74" | 绩效度量单位 "万元") complete the target's
/// parts from them, read by the same normalizer as a packed "≤0.74万元".
fn target_parts_from_columns(row: &mut Row) {
    if row.values.get("target").is_none_or(|v| v.is_none()) {
        return;
    }
    if !row.texts.contains_key("target_comparator")
        && let Some(c) = row.texts.get("comparator")
        && let Some(cmp) = parse_value(&format!("{}1", c.trim())).comparator
    {
        row.texts.insert("target_comparator".into(), cmp);
    }
    if !row.texts.contains_key("target_unit")
        && let Some(u) = row.texts.get("measure_unit").map(|u| u.trim().to_string())
        && !u.is_empty()
    {
        row.texts.insert("target_unit".into(), u);
    }
}

/// The project of row r in a tree printed with register columns (Role::Project): its name,
/// after pushing its own row (part "project": funds in 元, goal) when it is not the last
/// project already in `out` (a project's cells span all its indicator rows, also over a page
/// break).
fn project_row(
    ctx: &mut Ctx,
    view: &View,
    r: usize,
    roles: &[(usize, Role)],
    state: &FormState,
    out: &mut Vec<Row>,
    columns: &mut Vec<Column>,
) -> Option<String> {
    let col = roles.iter().find(|(_, x)| *x == Role::Project)?.0;
    let name = view.text(r, col).trim();
    if name.is_empty() {
        return None;
    }
    let last = out
        .iter()
        .rev()
        .find(|x| x.texts.get("part").is_some_and(|p| p == "project"));
    if last.is_some_and(|p| p.name == name) {
        return Some(name.to_string());
    }
    let origin = view.id(r, col).map_or_else(
        || view.row_where(r),
        |i| view.row_where(view.cell(i).row as usize),
    );
    let mut row = new_row(name, "project", origin);
    for (c, role) in roles {
        match role {
            Role::Fund(fc) => fc.register_value(
                ctx,
                &mut row,
                view.text(r, *c),
                state.unit.as_ref(),
                columns,
            ),
            Role::Goal => {
                let t = view.text(r, *c).trim();
                if !t.is_empty() {
                    row.texts.insert("goal".into(), t.to_string());
                }
            }
            _ => {}
        }
    }
    out.push(row);
    Some(name.to_string())
}

fn indicator_cells(
    ctx: &mut Ctx,
    view: &View,
    r: usize,
    roles: &[(usize, Role)],
    row: &mut Row,
    columns: &mut Vec<Column>,
) {
    for (c, role) in roles {
        match role {
            Role::Text(k, header) => {
                let t = view.anchor_text(r, *c);
                if !t.is_empty() {
                    indicator_text(row, k, t, header, columns);
                }
            }
            Role::Value(k, header, unit) => {
                add_column(columns, k, header, unit);
                ctx.value(row, k, view.anchor_text(r, *c), unit, None);
            }
            Role::Annual(k, header) => {
                add_column(columns, k, header, "text");
                let t = view.anchor_text(r, *c);
                if !t.is_empty() {
                    row.texts.insert(k.clone(), t.to_string());
                }
            }
            _ => {}
        }
    }
}

/// An indicator text cell: the printed text in `texts[key]`; targets and actual values
/// (catalog `normalized_texts`) also as a number with their comparator, unit and period.
fn indicator_text(row: &mut Row, key: &str, text: &str, header: &str, columns: &mut Vec<Column>) {
    row.texts.insert(key.to_string(), text.to_string());
    if !words().normalized_texts.iter().any(|k| k == key) {
        return;
    }
    let v = parse_value(text);
    add_column(columns, key, header, "indicator");
    row.values.insert(key.to_string(), v.value);
    let parts = [
        ("comparator", v.comparator),
        ("unit", v.unit),
        ("per", v.per),
        ("qualifier", v.qualifier),
        ("reference", v.reference),
    ];
    for (p, x) in parts {
        let k = format!("{key}_{p}");
        match x {
            Some(x) => {
                row.texts.insert(k, x);
            }
            None => {
                row.texts.shift_remove(&k);
            }
        }
    }
}

/// The header row of a 绩效目标 register at row r: a name column, the packed indicator
/// column and at least one fund column (catalog `register`, `register_fund`).
fn register_header(view: &View, r: usize) -> Option<Register> {
    let w = words();
    let (mut name, mut goal, mut indicators, mut funds) = (None, None, None, Vec::new());
    let mut unit = None;
    for (c, t, _) in own_cells(view, r) {
        let k = header_key(t);
        // indicators in columns of their own: a tree with project columns (indicator_header)
        if has_word(&w.indicator.level1, &k) || has_word(&w.indicator.level2, &k) {
            return None;
        }
        if name.is_none() && has_word(&w.register.name, &k) {
            name = Some(c);
        } else if unit.is_none() && has_word(&w.register.unit, &k) {
            unit = Some(c);
        } else if has_word(&w.register.goal, &k) {
            goal = Some(c);
        } else if has_word(&w.register.indicators, &k) {
            indicators = Some(c);
        } else if let Some(f) = w.register_fund.iter().find(|f| has_word(&f.aliases, &k)) {
            funds.push(FundCol::register(c, &f.key, t));
        }
    }
    if goal.is_none() && indicators.is_none() {
        return None;
    }
    Some(Register {
        name: name?,
        unit,
        goal,
        indicators,
        funds: (!funds.is_empty()).then_some(funds)?,
    })
}

/// One line of a register: a project (part "project", with its goal and its indicators as
/// rows of part "indicator" after it), a line of amounts only (合计, a 资金使用单位 subtotal:
/// part "group"), or text continued from the previous page (joined to the last project).
/// False when row r is not a register line.
#[allow(clippy::too_many_arguments)]
fn register_row(
    ctx: &mut Ctx,
    view: &View,
    r: usize,
    reg: &Register,
    state: &FormState,
    first_of_grid: bool,
    out: &mut Vec<Row>,
    columns: &mut Vec<Column>,
) -> bool {
    let own = own_cells(view, r);
    let at = |c: usize| own.iter().find(|(oc, _, _)| *oc == c).map_or("", |x| x.1);
    let name = at(reg.name);
    let goal = reg.goal.map_or("", at);
    let packed = reg.indicators.map_or("", at);
    let unit = reg.unit.map_or("", at);
    let has_amount = reg.funds.iter().any(|f| {
        matches!(
            parse(at(f.col)),
            CellValue::Amount(_) | CellValue::NotApplicable | CellValue::Error(_)
        )
    });
    if name.is_empty() {
        let Some(p) = out
            .iter()
            .rposition(|x| x.texts.get("part").is_some_and(|p| p == "project"))
        else {
            return false;
        };
        if goal.is_empty() && packed.is_empty() {
            return !has_amount && own.iter().all(|(_, t, _)| t.is_empty());
        }
        // a project's cells split by the page break
        for (k, t) in [("goal", goal), ("indicators", packed)] {
            if !t.is_empty() {
                let prev = out[p].texts.get(k).cloned().unwrap_or_default();
                out[p].texts.insert(k.to_string(), join_wrapped(&prev, t));
            }
        }
        out.truncate(p + 1);
        let origin = out[p].origin.clone();
        ctx.problems
            .retain(|x| !(x.code == "indicators_unparsed" && x.location == origin));
        packed_indicators(ctx, out, columns);
        return true;
    }
    let f = fold(name);
    if f.starts_with("注:") || f.starts_with("说明:") {
        return false;
    }
    // the first line of a page without an amount, under a project that has one: the
    // project's cells split by the page break, name included (深圳 办公厅 p10–11 "政府公报
    // 编辑管" + "理")
    if first_of_grid
        && !has_amount
        && let Some(p) = out
            .iter()
            .rposition(|x| x.texts.get("part").is_some_and(|p| p != "indicator"))
        && out[p].texts.get("part").is_some_and(|x| x == "project")
        && !out[p].values.values().all(Option::is_none)
    {
        let last = &mut out[p];
        last.name = join_wrapped(&last.name, name);
        for (k, t) in [("unit_name", unit), ("goal", goal), ("indicators", packed)] {
            if !t.is_empty() {
                let prev = last.texts.get(k).cloned().unwrap_or_default();
                last.texts.insert(k.to_string(), join_wrapped(&prev, t));
            }
        }
        if !packed.is_empty() {
            out.truncate(p + 1);
            let origin = out[p].origin.clone();
            ctx.problems
                .retain(|x| !(x.code == "indicators_unparsed" && x.location == origin));
            packed_indicators(ctx, out, columns);
        }
        return true;
    }
    // a name alone heads the projects of one unit (广州卫健 p116 "广州市卫生健康委员会" over
    // its projects): a group line without amounts, the register goes on
    let heading = !has_amount && goal.is_empty() && packed.is_empty();
    if heading && own.iter().any(|(c, t, _)| *c != reg.name && !t.is_empty()) {
        return false;
    }
    let part = if goal.is_empty() && packed.is_empty() {
        "group"
    } else {
        "project"
    };
    let mut row = new_row(name, part, view.row_where(r));
    for fc in &reg.funds {
        fc.register_value(ctx, &mut row, at(fc.col), state.unit.as_ref(), columns);
    }
    if !unit.is_empty() {
        row.texts.insert("unit_name".into(), unit.to_string());
    }
    if !goal.is_empty() {
        row.texts.insert("goal".into(), goal.to_string());
    }
    if !packed.is_empty() {
        row.texts.insert("indicators".into(), packed.to_string());
    }
    out.push(row);
    if part == "project" {
        packed_indicators(ctx, out, columns);
    }
    true
}

/// The indicator rows of the last row of `out` (a register project), from its packed
/// indicator text; an unreadable text stays in the project's `texts.indicators` with a warning.
fn packed_indicators(ctx: &mut Ctx, out: &mut Vec<Row>, columns: &mut Vec<Column>) {
    let Some(project) = out.last() else {
        return;
    };
    let Some(text) = project.texts.get("indicators").cloned() else {
        return;
    };
    let (pname, origin) = (project.name.clone(), project.origin.clone());
    let Some(items) = parse_packed(&text) else {
        ctx.problems.push(Problem::warning(
            "indicators_unparsed",
            format!(
                "table {}: the indicators of project \"{pname}\" are not numbered \"1、一级；二级；\
                 名称；指标值:…\" items; kept as printed in texts.indicators",
                ctx.table
            ),
            origin,
        ));
        return;
    };
    let w = words();
    for it in items {
        let mut row = new_row(&it.name, "indicator", origin.clone());
        row.texts.insert("project".into(), pname.clone());
        row.texts.insert("level1".into(), it.level1);
        row.texts.insert("level2".into(), it.level2);
        for (k, v) in it.values {
            let hk = header_key(&k);
            let key = w
                .indicator_text
                .iter()
                .find(|t| has_word(&t.aliases, &hk))
                .map_or_else(|| fold(&k), |t| t.key.clone());
            indicator_text(&mut row, &key, &v, &k, columns);
        }
        out.push(row);
    }
}

/// Rows of the fields part starting at row r; returns how many grid rows were used.
fn field_rows(
    ctx: &mut Ctx,
    view: &View,
    r: usize,
    state: &mut FormState,
    out: &mut Vec<Row>,
    columns: &mut Vec<Column>,
) -> usize {
    let cells = own_cells(view, r);
    let nonempty: Vec<&(usize, &str, usize)> = cells.iter().filter(|c| !c.1.is_empty()).collect();
    if let Some(used) = continued_section(ctx, view, r, &nonempty, state, out, columns) {
        return used;
    }
    // a label spanning k rows over a header line and k-1 lines of values
    // ("年度总体目标 | 预期目标 | 实际完成情况" over the two goal texts)
    if let Some(&&(_, label, li)) = nonempty.first() {
        let span = view.cell(li).row_span as usize;
        let heads: Vec<(usize, &str)> = nonempty[1..].iter().map(|&&(c, t, _)| (c, t)).collect();
        if span >= 2
            && !heads.is_empty()
            && heads.iter().all(|(_, t)| is_text(t))
            && r + span <= view.rows()
            && (r + 1..r + span).all(|b| {
                own_cells(view, b)
                    .iter()
                    .all(|(c, t, _)| t.is_empty() || heads.iter().any(|(hc, _)| hc == c))
            })
        {
            let section = split_label(label).0;
            // 总体目标 over 实施期目标 | 年度目标: the column bands of the two sides
            if let [(c0, h0), (c1, h1)] = heads[..]
                && side_of(h0).is_some_and(|s| s.0 == Side::Implementation)
                && side_of(h1).is_some_and(|s| s.0 == Side::Annual)
            {
                state.bands_cols = view.cols();
                state.bands = [(c0, h0, Side::Implementation), (c1, h1, Side::Annual)]
                    .into_iter()
                    .filter_map(|(c, h, side)| {
                        let i = view.id(r, c)?;
                        let end = c + view.cell(i).col_span.max(1) as usize - 1;
                        Some((c, end, side, h.to_string()))
                    })
                    .collect();
            }
            // heads in (name, amount with its unit) pairs ("部门预算支出 | 预算金额（万元） | 收入来源 |
            // 预算金额（万元）"): each pair is a list of its own
            let has_unit = |h: &str| split_label(h).1.is_some();
            let mut pairs: Option<Vec<(String, String)>> = (span > 2
                && heads.len() % 2 == 0
                && heads
                    .chunks(2)
                    .all(|p| !has_unit(p[0].1) && has_unit(p[1].1)))
            .then(|| {
                heads
                    .chunks(2)
                    .map(|p| (split_label(p[0].1).0, p[1].1.to_string()))
                    .collect()
            });
            for b in r + 1..r + span {
                let vals: Vec<(usize, &str)> = own_cells(view, b)
                    .into_iter()
                    .filter(|(_, t, _)| !t.is_empty())
                    .map(|(c, t, _)| (c, t))
                    .collect();
                if vals.is_empty() {
                    continue;
                }
                if span == 2 {
                    for (hc, h) in &heads {
                        let v = vals.iter().find(|(c, _)| c == hc).map_or("", |(_, t)| *t);
                        let mut row = new_row(&split_label(h).0, "field", view.row_where(b));
                        row.texts.insert("section".into(), section.clone());
                        field_value(ctx, &mut row, h, v, state, columns);
                        out.push(row);
                    }
                } else if pairs.is_some() {
                    // name | amount pairs under pairs of heads: one field per pair; a row of
                    // words in the amount cells is a new pair of heads
                    let cur = pairs.as_mut().unwrap();
                    for (k, pair) in cur.iter_mut().enumerate() {
                        let (nc, vc) = (heads[2 * k].0, heads[2 * k + 1].0);
                        let name = vals.iter().find(|(c, _)| *c == nc).map_or("", |x| x.1);
                        let v = vals.iter().find(|(c, _)| *c == vc).map_or("", |x| x.1);
                        if name.is_empty() {
                            continue;
                        }
                        if is_text(v) && !v.is_empty() {
                            *pair = (split_label(name).0, v.to_string());
                            continue;
                        }
                        let mut row = new_row(name, "field", view.row_where(b));
                        row.texts
                            .insert("section".into(), format!("{section}/{}", pair.0));
                        field_value(ctx, &mut row, &pair.1, v, state, columns);
                        out.push(row);
                    }
                } else {
                    let mut row = new_row(vals[0].1, "field", view.row_where(b));
                    row.texts.insert("section".into(), section.clone());
                    for (hc, h) in &heads {
                        if let Some((_, v)) = vals.iter().find(|(c, _)| c == hc) {
                            let (key, own) = split_label(h);
                            let unit = own.or_else(|| state.unit.clone());
                            let one = heads.iter().filter(|h| names_money(h.1)).count() == 1;
                            head_cell(ctx, &mut row, &key, v, unit.as_ref(), one, columns);
                        }
                    }
                    out.push(row);
                }
            }
            return span;
        }
    }
    // a section label spanning rows beside label/value pairs ("专项资金情况（万元） | 资金总额 |
    // 745.00" over "财政拨款 | 745.00", "其他资金 | 0.00"): the pairs of each row are fields
    // of that section, the label's unit their unit
    let amount_pairs =
        |cs: &[(usize, &str, usize)]| label_pairs(cs) && cs.chunks(2).all(|p| !is_text(p[1].1));
    if let Some(&(_, label, li)) = cells.first()
        && is_text(label)
        && !label.is_empty()
        && view.cell(li).row_span >= 2
        && amount_pairs(&cells[1..])
    {
        let span = (view.cell(li).row_span as usize).min(view.rows() - r);
        let (section, unit) = split_label(label);
        // a section printing its money unit ("项目资金（万元）", "资金情况（万元）") lists the
        // form's fund lines (资金总额 | 其中：财政拨款 | 其他资金), checked as such
        let part = if unit.is_some() { "fund" } else { "field" };
        if state.unit.is_none() && unit.is_some() {
            state.unit = unit;
        }
        let mut used = 0;
        for b in r..r + span {
            let row_cells: Vec<(usize, &str, usize)> = own_cells(view, b)
                .into_iter()
                .filter(|&(_, _, i)| i != li)
                .collect();
            if !amount_pairs(&row_cells) {
                break;
            }
            let origin = view.row_where(b);
            pair_rows(
                ctx,
                &row_cells,
                part,
                Some(&section),
                &origin,
                state,
                out,
                columns,
            );
            used += 1;
        }
        return used;
    }
    // label/value pairs: label cells (words) each followed by their value cell; blank cells
    // after the last pair are none (a print drawing the grid's empty cells beside "评价结果等次:
    // | 优"), a blank value cell is the last label's
    let filled = cells
        .iter()
        .rposition(|c| !c.1.is_empty())
        .map_or(0, |i| i + 1);
    let pairs = &cells[..(filled + filled % 2).min(cells.len())];
    if label_pairs(pairs) {
        let origin = view.row_where(r);
        pair_rows(ctx, pairs, "field", None, &origin, state, out, columns);
        return 1;
    }
    // anything else: name = first text, the other cells under col<N>
    if let Some(&&(_, name, _)) = nonempty.first() {
        // a section label with a unit ("专项资金情况（万元）") gives the unit of the fields after it
        if state.unit.is_none()
            && let (_, Some(u)) = split_label(name)
        {
            state.unit = Some(u);
        }
        let mut row = new_row(name, "other", view.row_where(r));
        for &&(c, t, _) in &nonempty[1..] {
            if let CellValue::Error(e) = parse(t) {
                ctx.problems.push(Problem::warning(
                    "cell_error",
                    format!(
                        "{e} printed in table {} row \"{name}\" column col{}",
                        ctx.table,
                        c + 1
                    ),
                    row.origin.clone(),
                ));
            }
            row.texts.insert(format!("col{}", c + 1), t.to_string());
        }
        out.push(row);
    }
    1
}

/// A section of rows under heads continued on the next page (广州 部门整体预算绩效目标申报表:
/// 年度重点工作任务 | 名称 | 主要实施内容 | 拟投入的资金 | 期望达到的目标 over three tasks, two
/// more on the next page under the label printed again, its columns laid out anew): rows under
/// a label naming the last field's section are that section's rows, their cells in the order of
/// its heads. Returns the rows used, or None.
fn continued_section(
    ctx: &mut Ctx,
    view: &View,
    r: usize,
    nonempty: &[&(usize, &str, usize)],
    state: &FormState,
    out: &mut Vec<Row>,
    columns: &mut Vec<Column>,
) -> Option<usize> {
    let &&(lc, label, li) = nonempty.first()?;
    let last = out.last()?;
    let section = split_label(label).0;
    if last.texts.get("part").is_none_or(|p| p != "field")
        || last.texts.get("section").is_none_or(|s| *s != section)
    {
        return None;
    }
    let heads: Vec<String> = last
        .texts
        .keys()
        .filter(|k| !matches!(k.as_str(), "part" | "section" | "unit"))
        .cloned()
        .collect();
    if heads.len() < 2 {
        return None;
    }
    // the unit the section's amounts were read in (a head's own unit is gone from its key)
    let unit = last
        .texts
        .get("unit")
        .and_then(|n| unit_of(n))
        .or_else(|| state.unit.clone());
    let one = heads.iter().filter(|h| names_money(h)).count() == 1;
    let span = (view.cell(li).row_span as usize).clamp(1, view.rows() - r);
    let mut rows = Vec::new();
    for b in r..r + span {
        let vals: Vec<&str> = own_cells(view, b)
            .into_iter()
            .filter(|&(c, _, i)| i != li && c > lc)
            .map(|(_, t, _)| t)
            .collect();
        if vals.iter().all(|t| t.is_empty()) {
            continue;
        }
        if vals.len() != heads.len() || vals[0].is_empty() {
            return None;
        }
        let mut row = new_row(vals[0], "field", view.row_where(b));
        row.texts.insert("section".into(), section.clone());
        for (h, v) in heads.iter().zip(&vals) {
            if !v.is_empty() {
                head_cell(ctx, &mut row, h, v, unit.as_ref(), one, columns);
            }
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return None;
    }
    out.extend(rows);
    Some(span)
}

/// A label naming money (catalog forms.toml `money_words`), not an identifier
/// (`identifier_words`: 部门预算编码).
fn names_money(label: &str) -> bool {
    let key = header_key(label);
    let has = |ws: &[String]| ws.iter().any(|w| key.contains(&fold(w)));
    has(&words().money_words) && !has(&words().identifier_words)
}

/// One cell of a row under heads, kept as printed under its head's name; under the one head
/// naming money ("拟投入的资金 | 2,327.67") its amount too, in `unit` (the form's 万元) — with
/// two such heads the row's amount would be ambiguous, so none.
fn head_cell(
    ctx: &mut Ctx,
    row: &mut Row,
    head: &str,
    text: &str,
    unit: Option<&Unit>,
    one_money_head: bool,
    columns: &mut Vec<Column>,
) {
    row.texts.insert(head.to_string(), text.to_string());
    if one_money_head && names_money(head) && matches!(parse(text), CellValue::Amount(_)) {
        if let Some(u) = unit {
            row.texts.insert("unit".into(), u.name.clone());
        }
        add_column(columns, "amount", "金额", "元");
        ctx.value(row, "amount", text, "元", unit);
    }
}

/// Cells in label/value pairs: each label a word, followed by its value cell.
fn label_pairs(cells: &[(usize, &str, usize)]) -> bool {
    !cells.is_empty()
        && cells.len().is_multiple_of(2)
        && cells
            .chunks(2)
            .all(|p| !p[0].1.is_empty() && is_text(p[0].1))
}

/// One row of `part` per label/value pair of `cells` (see [`label_pairs`]), in `section`.
#[allow(clippy::too_many_arguments)]
fn pair_rows(
    ctx: &mut Ctx,
    cells: &[(usize, &str, usize)],
    part: &str,
    section: Option<&str>,
    origin: &str,
    state: &mut FormState,
    out: &mut Vec<Row>,
    columns: &mut Vec<Column>,
) {
    for p in cells.chunks(2) {
        let mut row = new_row(&split_label(p[0].1).0, part, origin.to_string());
        if let Some(s) = section {
            row.texts.insert("section".into(), s.to_string());
        }
        field_value(ctx, &mut row, p[0].1, p[1].1, state, columns);
        out.push(row);
    }
}

/// The value of one label/value field: an amount for money labels, text otherwise.
fn field_value(
    ctx: &mut Ctx,
    row: &mut Row,
    label: &str,
    value: &str,
    state: &mut FormState,
    columns: &mut Vec<Column>,
) {
    let (_, own_unit) = split_label(label);
    let money = names_money(label);
    let unit = own_unit.or_else(|| state.unit.clone());
    if let Some(u) = &unit {
        row.texts.insert("unit".into(), u.name.clone());
    }
    if money
        && matches!(
            parse(value),
            CellValue::Amount(_) | CellValue::NotApplicable | CellValue::Error(_)
        )
    {
        if let Some(u) = &unit
            && state.seen_unit.is_none()
        {
            state.seen_unit = Some(u.name.clone());
        }
        add_column(columns, "amount", "金额", "元");
        ctx.value(row, "amount", value, "元", unit.as_ref());
        return;
    }
    if money {
        add_column(columns, "amount", "金额", "元");
        row.values.insert("amount".into(), None);
    }
    if value.is_empty() {
        return;
    }
    if let CellValue::Error(e) = parse(value) {
        ctx.problems.push(Problem::warning(
            "cell_error",
            format!(
                "{e} printed in table {} row \"{}\" column value: value set to null",
                ctx.table, row.name
            ),
            row.origin.clone(),
        ));
    }
    // a number printed with separators ("3,039,648.00"): its plain digits
    let text = match parse(value) {
        CellValue::Amount(d) if value.contains([',', '.']) => d.normalize().to_string(),
        _ => value.to_string(),
    };
    row.texts.insert("value".into(), text);
}

/// The organisation named by a form field (catalog `department_fields`, best first).
pub fn department(tables: &[crate::record::Table]) -> Option<String> {
    for w in &words().department_fields {
        for t in tables.iter().filter(|t| t.kind.starts_with("performance.")) {
            for r in &t.rows {
                if r.texts.get("part").is_some_and(|p| p == "field")
                    && header_key(&r.name) == header_key(w)
                    && let Some(v) = r.texts.get("value")
                    && !v.trim().is_empty()
                {
                    return Some(v.trim().to_string());
                }
            }
        }
    }
    None
}

/// Does a grid with no title of its own start another form of the series the previous form
/// opened? Forms printed one project a page (烟台, 西安) open each page with the field the
/// previous form opened with (项目名称 | 城市更新城市体检), now naming another project; the
/// page title, printed on every page, is dropped as a running header. A form continued on the
/// next page goes on with its indicator rows instead, and a register continued over pages
/// repeats its column header row (项目名称 | 主管部门 | …), whose cells are all labels.
pub fn restarts_form(first: Option<&Row>, view: &View, from: usize) -> bool {
    let Some(first) = first.filter(|r| r.texts.get("part").is_some_and(|p| p == "field")) else {
        return false;
    };
    let Some(cells) = (from..view.rows())
        .map(|r| filled_cells(view, r))
        .find(|c| !c.is_empty())
    else {
        return false;
    };
    let [(_, label, _), (_, value, _)] = cells.as_slice() else {
        return false;
    };
    let before = first.texts.get("value").map(|v| fold(v));
    let name = |t: &str| header_key(&split_label(t).0);
    name(label) == name(&first.name) && before.is_some_and(|b| !b.is_empty() && b != fold(value))
}

/// Does a grid with no title of its own continue the previous performance form? Only on PDF
/// pages: the previous form ends on the page before, no title is printed between
/// them or in the grid's first rows, and at most three lines between them are not page
/// furniture (text overflowing a form cell is printed outside the grid); a grid of another
/// column layout must hold a fund table or an indicator tree in its first rows.
#[allow(clippy::too_many_arguments)]
pub fn continues_form(
    cat: &Catalog,
    prev_is_form: bool,
    prev: Option<&crate::record::Location>,
    prev_cols: usize,
    origin: &crate::model::Origin,
    before: &[&str],
    view: &View,
    repeated: &dyn Fn(&str) -> bool,
) -> bool {
    use super::title::match_title;
    let (Some(crate::record::Location::Pages { pages }), Some(page)) = (prev, origin.page) else {
        return false;
    };
    if !prev_is_form || origin.sheet.is_some() || origin.table_index.is_some() {
        return false;
    }
    let last = pages.iter().copied().max().unwrap_or(0);
    if page != last + 1 {
        return false;
    }
    if before.iter().any(|l| match_title(cat, l).is_some()) {
        return false;
    }
    let stray = before
        .iter()
        .filter(|l| !super::continuation::lines_allow_continuation(cat, &[**l], repeated))
        .count();
    if stray > 3 {
        return false;
    }
    // another column layout continues a form only where a fund table or indicator tree starts
    let same_cols = prev_cols == view.cols();
    if !same_cols {
        // the part may start below rows continued from the page before (广州 部门整体预算绩效
        // 目标申报表: two more 年度重点工作任务 rows, then the indicator tree)
        let starts_part = (0..view.rows().min(8)).any(|r| {
            fund_header(cat, view, r).is_some() || indicator_header(cat, view, r, &[]).is_some()
        });
        if !starts_part {
            return false;
        }
    }
    (0..view.rows().min(3)).all(|r| {
        view.row_texts(r)
            .iter()
            .all(|(_, t)| match_title(cat, t).is_none())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::find::catalog::catalog;
    use crate::model::{Cell, Grid, Origin};
    use rust_decimal::Decimal;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// A grid from (row, col, row_span, col_span, text).
    fn grid(cells: &[(u32, u32, u32, u32, &str)]) -> Grid {
        let mut g = Grid {
            rows: 0,
            cols: 0,
            cells: Vec::new(),
            origin: Origin::sheet("Sheet1"),
        };
        for &(r, c, rs, cs, t) in cells {
            g.rows = g.rows.max(r + rs);
            g.cols = g.cols.max(c + cs);
            let mut cell = Cell::new(
                r,
                c,
                t,
                Origin::sheet("Sheet1").with_cell(format!("A{}", r + 1)),
            );
            cell.row_span = rs;
            cell.col_span = cs;
            g.cells.push(cell);
        }
        g.cells.sort_by_key(|c| (c.row, c.col));
        g
    }

    fn run(g: &Grid) -> (Vec<Row>, Vec<Column>, Vec<Problem>) {
        let view = View::new(g);
        let mut state = FormState::new(None);
        let (mut rows, mut cols, mut problems) = (Vec::new(), Vec::new(), Vec::new());
        form_rows(
            catalog(),
            &view,
            0,
            "performance.overall_self_eval",
            &mut state,
            &mut rows,
            &mut cols,
            &mut problems,
        );
        (rows, cols, problems)
    }

    fn row<'a>(rows: &'a [Row], name: &str) -> &'a Row {
        rows.iter().find(|r| r.name == name).unwrap_or_else(|| {
            panic!(
                "no row {name}: {:?}",
                rows.iter().map(|r| &r.name).collect::<Vec<_>>()
            )
        })
    }

    #[test]
    fn an_identifier_label_never_names_money() {
        assert!(names_money("年度资金总额"));
        assert!(names_money("预算数（万元）"));
        assert!(!names_money("部门预算编码"));
        assert!(!names_money("项目编号"));
        assert!(!names_money("负责人"));
    }

    #[test]
    fn task_funds_under_heads() {
        // 广州 申报表: 年度重点工作任务 rows under heads, the fund head's cell an amount in the
        // form's unit; the section continued below its label printed again keeps its heads
        let g = grid(&[
            (0, 0, 1, 5, "预算整体情况（万元）"),
            (1, 0, 3, 1, "年度重点工作任务"),
            (1, 1, 1, 1, "名称"),
            (1, 2, 1, 1, "主要实施内容"),
            (1, 3, 1, 1, "拟投入的资金"),
            (1, 4, 1, 1, "期望达到的目标（概述）"),
            (2, 1, 1, 1, "任务一"),
            (2, 2, 1, 1, "监督管理"),
            (2, 3, 1, 1, "2,327.67"),
            (2, 4, 1, 1, "达标"),
            (3, 1, 1, 1, "任务二"),
            (3, 2, 1, 1, "监测"),
            (3, 3, 1, 1, "164.85"),
            (3, 4, 1, 1, "完善"),
            (4, 0, 1, 1, "年度重点工作任务"),
            (4, 1, 1, 1, "任务三"),
            (4, 2, 1, 1, "统筹"),
            (4, 3, 1, 1, "51,365.96"),
            (4, 4, 1, 1, "建成"),
        ]);
        let (rows, cols, _) = run(&g);
        assert!(cols.iter().any(|c| c.key == "amount" && c.unit == "元"));
        for (name, text, yuan) in [
            ("任务一", "2,327.67", "23276700"),
            ("任务二", "164.85", "1648500"),
            ("任务三", "51,365.96", "513659600"),
        ] {
            let r = row(&rows, name);
            assert_eq!(r.texts["section"], "年度重点工作任务");
            assert_eq!(r.texts["拟投入的资金"], text);
            assert!(!r.texts["主要实施内容"].is_empty());
            assert_eq!(r.values["amount"], Some(d(yuan)), "{name}");
        }
    }

    #[test]
    fn two_pairs_per_row() {
        let g = grid(&[
            (0, 0, 1, 1, "单位负责人"),
            (0, 1, 1, 2, "义勃中"),
            (0, 3, 1, 2, "单位联系电话"),
            (0, 5, 1, 2, "3039648"),
            (1, 0, 1, 1, "上年结转金额(万元)"),
            (1, 1, 1, 2, "303.01"),
            (1, 3, 1, 2, "年初预算金额（万元）"),
            (1, 5, 1, 2, "6,132.9"),
            (2, 0, 1, 1, "其他调整资金(万元)"),
            (2, 1, 1, 2, "-31.46"),
            (2, 3, 1, 2, "单位职能概况"),
            (2, 5, 1, 2, "负责应急管理工作，预算执行100万元。"),
        ]);
        let (rows, cols, _) = run(&g);
        assert_eq!(rows.len(), 6);
        let r = row(&rows, "上年结转金额");
        assert_eq!(r.values["amount"], Some(d("3030100")));
        assert_eq!(r.texts["unit"], "万元");
        assert_eq!(
            row(&rows, "年初预算金额").values["amount"],
            Some(d("61329000"))
        );
        assert_eq!(
            row(&rows, "其他调整资金").values["amount"],
            Some(d("-314600"))
        );
        let phone = row(&rows, "单位联系电话");
        assert_eq!(phone.texts["value"], "3039648");
        assert!(phone.values.get("amount").is_none_or(|v| v.is_none()));
        assert_eq!(row(&rows, "单位负责人").texts["value"], "义勃中");
        let mut t = crate::record::Table {
            id: String::new(),
            kind: "performance.overall_self_eval".into(),
            title: String::new(),
            label: None,
            side: None,
            unit: None,
            location: crate::record::Location::TableIndex { table_index: 0 },
            columns: vec![],
            rows: rows.clone(),
            no_data: false,
        };
        assert_eq!(department(std::slice::from_ref(&t)), None);
        t.rows.push(new_row("主管部门", "field", String::new()));
        t.rows
            .last_mut()
            .unwrap()
            .texts
            .insert("value".into(), "某市应急管理局".into());
        assert_eq!(department(&[t]).as_deref(), Some("某市应急管理局"));
        assert!(row(&rows, "单位职能概况").texts["value"].starts_with("负责应急"));
        assert_eq!(cols.len(), 1);
        assert_eq!(
            (
                cols[0].key.as_str(),
                cols[0].header.as_str(),
                cols[0].unit.as_str()
            ),
            ("amount", "金额", "元")
        );
    }

    #[test]
    fn tree_under_a_blank_headed_label_column() {
        // 烟台 绩效目标表: the header's first cell is blank, the column under it prints the
        // section label 绩效指标 beside each 一级 group, one row high beside a one-row group
        let g = grid(&[
            (0, 0, 1, 3, "项目名称"),
            (0, 3, 1, 2, "冬季清洁取暖绩效评价服务"),
            (1, 0, 1, 1, "总体目标"),
            (1, 1, 1, 4, "对清洁取暖项目进行绩效评价。"),
            (2, 0, 1, 1, ""),
            (2, 1, 1, 1, "一级指标"),
            (2, 2, 1, 1, "二级指标"),
            (2, 3, 1, 1, "三级指标"),
            (2, 4, 1, 1, "指标值"),
            (3, 0, 1, 1, "绩效指标"),
            (3, 1, 1, 1, "成本指标"),
            (3, 2, 1, 1, "经济成本"),
            (3, 3, 1, 1, "项目总成本"),
            (3, 4, 1, 1, "≤108.35万元"),
            (4, 0, 2, 1, "绩效指标"),
            (4, 1, 2, 1, "产出指标"),
            (4, 2, 2, 1, "数量指标"),
            (4, 3, 1, 1, "市直部门试点申报项目覆盖率"),
            (4, 4, 1, 1, "=100%"),
            (5, 3, 1, 1, "清洁取暖工程采集样本数量"),
            (5, 4, 1, 1, "≥10000户"),
            (6, 0, 1, 1, "绩效指标"),
            (6, 1, 1, 1, "满意度指标"),
            (6, 2, 1, 1, "服务对象满意度指标"),
            (6, 3, 1, 1, "改造对象满意度"),
            (6, 4, 1, 1, "≥90%"),
            (7, 0, 1, 1, "项目概况"),
            (7, 1, 1, 4, "无"),
        ]);
        let (rows, _, _) = run(&g);
        let parts: Vec<&str> = rows.iter().map(|r| r.texts["part"].as_str()).collect();
        assert_eq!(
            parts,
            [
                "field",
                "field",
                "indicator",
                "indicator",
                "indicator",
                "indicator",
                "field"
            ]
        );
        for (name, l1, l2, target) in [
            ("项目总成本", "成本指标", "经济成本", "108.35"),
            ("市直部门试点申报项目覆盖率", "产出指标", "数量指标", "100"),
            ("清洁取暖工程采集样本数量", "产出指标", "数量指标", "10000"),
            ("改造对象满意度", "满意度指标", "服务对象满意度指标", "90"),
        ] {
            let r = row(&rows, name);
            assert_eq!(r.texts["part"], "indicator", "{name}");
            assert_eq!(r.texts["level1"], l1, "{name}");
            assert_eq!(r.texts["level2"], l2, "{name}");
            assert_eq!(r.values["target"], Some(d(target)), "{name}");
        }
        // the field after the tree, its text running over the tree's columns
        assert_eq!(row(&rows, "项目概况").texts["value"], "无");
    }

    #[test]
    fn tree_with_project_columns() {
        // 北京 预算12表: project cells span their indicator rows; comparator and unit apart
        let g = grid(&[
            (0, 0, 1, 1, "项目名称"),
            (0, 1, 1, 1, "项目总额"),
            (0, 2, 1, 1, "财政资金"),
            (0, 3, 1, 1, "绩效目标"),
            (0, 4, 1, 1, "一级指标"),
            (0, 5, 1, 1, "二级指标"),
            (0, 6, 1, 1, "三级指标"),
            (0, 7, 1, 1, "绩效指标性质"),
            (0, 8, 1, 1, "本年绩效指标值"),
            (0, 9, 1, 1, "绩效度量单位"),
            (
                1,
                0,
                2,
                1,
                "11000024T000002833032-学生资助----研究生国家助学金",
            ),
            (1, 1, 2, 1, "592.96"),
            (1, 2, 2, 1, "592.96"),
            (1, 3, 2, 1, "落实研究生国家助学金政策"),
            (1, 4, 1, 1, "成本指标"),
            (1, 5, 1, 1, "经济成本指标"),
            (1, 6, 1, 1, "项目成本指标额"),
            (1, 7, 1, 1, "≤"),
            (1, 8, 1, 1, "592.96"),
            (1, 9, 1, 1, "万元"),
            (2, 4, 1, 1, "满意度指标"),
            (2, 5, 1, 1, "服务对象满意度指标"),
            (2, 6, 1, 1, "学生满意度"),
            (2, 7, 1, 1, "≥"),
            (2, 8, 1, 1, "95"),
            (2, 9, 1, 1, "%"),
        ]);
        let (rows, _, _) = run(&g);
        let parts: Vec<&str> = rows.iter().map(|r| r.texts["part"].as_str()).collect();
        assert_eq!(parts, ["project", "indicator", "indicator"]);
        assert_eq!(rows[0].values["fund_total"], Some(d("592.96")));
        assert_eq!(rows[0].values["fund_fiscal"], Some(d("592.96")));
        assert_eq!(rows[0].texts["goal"], "落实研究生国家助学金政策");
        let sat = row(&rows, "学生满意度");
        assert_eq!(sat.texts["project"], rows[0].name);
        assert_eq!(sat.values["target"], Some(d("95")));
        assert_eq!(sat.texts["target_comparator"], "≥");
        assert_eq!(sat.texts["target_unit"], "%");
        assert_eq!(row(&rows, "项目成本指标额").texts["target_unit"], "万元");
    }

    #[test]
    fn amounts_without_any_unit_are_flagged_once() {
        let g = grid(&[
            (0, 0, 1, 1, "上年结转金额"),
            (0, 1, 1, 1, "9209.55"),
            (1, 0, 1, 1, "年初预算金额"),
            (1, 1, 1, 1, "100"),
        ]);
        let (rows, _, problems) = run(&g);
        assert_eq!(
            row(&rows, "上年结转金额").values["amount"],
            Some(d("9209.55"))
        );
        let said: Vec<_> = problems
            .iter()
            .filter(|p| p.code == "unit_missing")
            .collect();
        assert_eq!(said.len(), 1, "{problems:?}");
        assert!(said[0].message.contains("上年结转金额"));
        // the same form with its unit printed in the label says nothing
        let g = grid(&[(0, 0, 1, 1, "上年结转金额(万元)"), (0, 1, 1, 1, "9209.55")]);
        let (_, _, problems) = run(&g);
        assert!(!problems.iter().any(|p| p.code == "unit_missing"));
    }

    /// 阳泉 项目支出绩效目标表: funds and the tree printed once per side (实施期 | 年度).
    #[test]
    fn target_form_printed_per_side() {
        let g = grid(&[
            (0, 0, 3, 1, "项目资金 (元)"),
            (0, 1, 1, 1, "实施期资金总额:"),
            (0, 2, 1, 2, "50000"),
            (0, 4, 1, 2, "年度资金总额:"),
            (0, 6, 1, 2, "50,000"),
            (1, 1, 1, 1, "市县(区)财政资金"),
            (1, 2, 1, 2, "50000"),
            (1, 4, 1, 2, "市县(区)财政资金"),
            (1, 6, 1, 2, "50,000"),
            (2, 1, 1, 1, "其他资金"),
            (2, 4, 1, 2, "其他资金"),
            (3, 0, 2, 1, "总体目标"),
            (3, 1, 1, 4, "实施期目标"),
            (3, 5, 1, 3, "年度目标"),
            (4, 1, 1, 4, "完成规划编制"),
            (4, 5, 1, 3, "完成规划编制"),
            (5, 0, 3, 1, "绩效指标"),
            (5, 1, 1, 1, "一级指标"),
            (5, 2, 1, 1, "二级指标"),
            (5, 3, 1, 1, "三级指标"),
            (5, 4, 1, 1, "指标值"),
            (5, 5, 1, 1, "二级指标"),
            (5, 6, 1, 1, "三级指标"),
            (5, 7, 1, 1, "指标值"),
            (6, 1, 2, 1, "产出指标"),
            (6, 2, 1, 1, "数量指标"),
            (6, 3, 1, 1, "检查人员"),
            (6, 4, 1, 1, "≥20人"),
            (6, 5, 1, 1, "数量指标"),
            (6, 6, 1, 1, "检查人"),
            (6, 7, 1, 1, "20人"),
            (7, 2, 1, 1, "社会效益"),
            (7, 3, 1, 1, "预防和抵御的持续提升"),
            (7, 5, 1, 1, "社会效益"),
            (7, 6, 1, 1, "预防和抵御"),
            (7, 7, 1, 1, "持续提升"),
        ]);
        let (rows, cols, _) = run(&g);
        let total = row(&rows, "资金总额");
        assert_eq!(total.texts["part"], "fund");
        assert_eq!(total.values["period_amount"], Some(d("50000")));
        assert_eq!(total.values["annual_amount"], Some(d("50000")));
        let other = row(&rows, "其他资金");
        assert_eq!(other.values["annual_amount"], None);
        let header = |k: &str| cols.iter().find(|c| c.key == k).map(|c| c.header.as_str());
        assert_eq!(header("period_amount"), Some("实施期"));
        assert_eq!(header("target"), Some("年度目标/指标值"));
        let ind = row(&rows, "检查人员");
        assert_eq!(ind.texts["period_target"], "≥20人");
        assert_eq!(ind.texts["period_target_comparator"], "≥");
        assert_eq!(ind.texts["target"], "20人");
        assert_eq!(ind.texts["annual_name"], "检查人");
        assert_eq!(ind.values["target"], Some(d("20")));
        // a blank 实施期 指标值: only the 年度 one
        let ind = row(&rows, "预防和抵御的持续提升");
        assert_eq!(ind.texts["level2"], "社会效益");
        assert!(!ind.texts.contains_key("period_target"));
        assert_eq!(ind.texts["target"], "持续提升");
    }

    #[test]
    fn fund_table() {
        let g = grid(&[
            (0, 0, 1, 1, "项目名称"),
            (0, 1, 1, 7, "安全生产执法经费"),
            (1, 0, 4, 1, "项目资金（万元）"),
            (1, 1, 1, 1, ""),
            (1, 2, 1, 1, "年初预算数"),
            (1, 3, 1, 1, "全年预算数"),
            (1, 4, 1, 1, "全年执行数"),
            (1, 5, 1, 1, "分值"),
            (1, 6, 1, 1, "执行率"),
            (1, 7, 1, 1, "得分"),
            (2, 1, 1, 1, "年度资金总额"),
            (2, 2, 1, 1, "10.00"),
            (2, 3, 1, 1, "12.5"),
            (2, 4, 1, 1, "10.00"),
            (2, 5, 1, 1, "10"),
            (2, 6, 1, 1, "80.00%"),
            (2, 7, 1, 1, "8.00"),
            (3, 1, 1, 1, "其中：当年财政拨款"),
            (3, 2, 1, 1, "10.00"),
            (3, 3, 1, 1, "10.00"),
            (3, 4, 1, 1, "10.00"),
            (3, 5, 1, 1, "—"),
            (3, 6, 1, 1, "—"),
            (3, 7, 1, 1, "—"),
            (4, 1, 1, 1, "上年结转资金"),
            (4, 2, 1, 1, "0"),
            (4, 3, 1, 1, "2.5"),
            (4, 4, 1, 1, "#DIV/0!"),
            (5, 0, 1, 1, "年度总体目标"),
            (5, 1, 1, 7, "完成执法检查"),
        ]);
        let (rows, cols, problems) = run(&g);
        let keys: Vec<&str> = cols.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "initial_budget",
                "full_year_budget",
                "executed",
                "weight",
                "execution_rate",
                "score"
            ]
        );
        let units: Vec<&str> = cols.iter().map(|c| c.unit.as_str()).collect();
        assert_eq!(units, ["元", "元", "元", "score", "%", "score"]);
        let t = row(&rows, "年度资金总额");
        assert_eq!(t.values["initial_budget"], Some(d("100000")));
        assert_eq!(t.values["full_year_budget"], Some(d("125000")));
        assert_eq!(t.values["execution_rate"], Some(d("80")));
        assert_eq!(t.values["weight"], Some(d("10")));
        assert_eq!(t.values["score"], Some(d("8")));
        let f = row(&rows, "其中：当年财政拨款");
        assert_eq!(f.values["weight"], None);
        assert_eq!(f.texts["weight"], "—");
        let c = row(&rows, "上年结转资金");
        assert_eq!(c.values["full_year_budget"], Some(d("25000")));
        assert_eq!(c.values["executed"], None);
        assert!(problems.iter().any(|p| p.code == "cell_error"));
        // the fields around the fund table
        assert_eq!(row(&rows, "项目名称").texts["value"], "安全生产执法经费");
        assert_eq!(row(&rows, "年度总体目标").texts["part"], "field");
        assert_eq!(rows.iter().filter(|r| r.texts["part"] == "fund").count(), 3);
    }

    /// 阳城 县级自评表: 年初预算数 over 目标申报数 | 预算编制数 gives two columns; an 一级 / 二级
    /// line with no 三级 (效益指标 | 经济效益指标) does not end the indicator tree. 西安: 全年预算数
    /// over 总额 | 其他资金 (words of other tables) is not split.
    #[test]
    fn fund_sub_header_and_level_only_lines() {
        let g = grid(&[
            (0, 0, 2, 1, "项目资金(万元)"),
            (0, 1, 2, 1, ""),
            (0, 2, 1, 2, "年初预算数"),
            (0, 4, 2, 1, "全年预算数"),
            (0, 5, 2, 1, "全年执行数"),
            (0, 6, 2, 1, "执行率"),
            (0, 7, 2, 1, "得分"),
            (1, 2, 1, 1, "目标申报数"),
            (1, 3, 1, 1, "预算编制数"),
            (2, 0, 1, 1, ""),
            (2, 1, 1, 1, "资金总额:"),
            (2, 2, 1, 1, "0"),
            (2, 3, 1, 1, "26.184"),
            (2, 4, 1, 1, "13.462"),
            (2, 5, 1, 1, "13.462"),
            (2, 6, 1, 1, "100"),
            (2, 7, 1, 1, "10"),
            (3, 0, 1, 1, "绩效指标"),
            (3, 1, 1, 1, "一级指标"),
            (3, 2, 1, 1, "二级指标"),
            (3, 3, 1, 1, "三级指标"),
            (3, 4, 1, 1, "年初指标值"),
            (3, 5, 1, 1, "调整后指标值"),
            (3, 6, 1, 1, "分值"),
            (3, 7, 1, 1, "得分"),
            (4, 1, 1, 1, "产出指标"),
            (4, 2, 1, 1, "数量指标"),
            (4, 3, 1, 1, "编制应急预案数量"),
            (4, 4, 1, 1, "=个"),
            (4, 5, 1, 1, "=100个"),
            (4, 6, 1, 1, "20"),
            (4, 7, 1, 1, "20"),
            (5, 1, 2, 1, "效益指标"),
            (5, 2, 1, 1, "经济效益指标"),
            (6, 2, 1, 1, "社会效益"),
            (6, 3, 1, 1, "处理突发事件能力"),
            (6, 5, 1, 1, "提升"),
            (6, 6, 1, 1, "30"),
            (6, 7, 1, 1, "30"),
        ]);
        let (rows, cols, _) = run(&g);
        let fund = row(&rows, "资金总额:");
        assert_eq!(fund.values["initial_requested"], Some(d("0")));
        assert_eq!(fund.values["initial_budget"], Some(d("261840")));
        assert_eq!(fund.values["full_year_budget"], Some(d("134620")));
        let h = |k: &str| cols.iter().find(|c| c.key == k).map(|c| c.header.clone());
        assert_eq!(
            h("initial_budget").as_deref(),
            Some("年初预算数/预算编制数")
        );
        let ind: Vec<&Row> = rows
            .iter()
            .filter(|r| r.texts["part"] == "indicator")
            .collect();
        assert_eq!(ind.len(), 2, "{rows:?}");
        assert_eq!(ind[1].name, "处理突发事件能力");
        assert_eq!(ind[1].texts["level1"], "效益指标");
        assert_eq!(ind[1].texts["level2"], "社会效益");
        assert_eq!(ind[1].texts["adjusted_target"], "提升");
        assert_eq!(ind[1].values["score"], Some(d("30")));
        // 全年预算数 over 总额 | 其他资金: no split, the parent reads its anchor column
        let g = grid(&[
            (0, 0, 2, 1, "项目资金(万元)"),
            (0, 1, 1, 2, "全年预算数"),
            (0, 3, 2, 1, "全年执行数"),
            (1, 1, 1, 1, "总额"),
            (1, 2, 1, 1, "其他资金"),
            (2, 0, 1, 1, "资金总额"),
            (2, 1, 1, 1, "56"),
            (2, 2, 1, 1, "0"),
            (2, 3, 1, 1, "56"),
        ]);
        let (_, cols, _) = run(&g);
        assert!(!cols.iter().any(|c| c.header.contains('/')), "{cols:?}");
    }

    #[test]
    fn indicator_tree_with_merged_levels() {
        let g = grid(&[
            (0, 0, 1, 1, "一级指标"),
            (0, 1, 1, 1, "二级指标"),
            (0, 2, 1, 1, "三级指标"),
            (0, 3, 1, 1, "年初指标值"),
            (0, 4, 1, 1, "全年完成值"),
            (0, 5, 1, 1, "分值"),
            (0, 6, 1, 1, "得分"),
            (0, 7, 1, 1, "偏差原因"),
            (1, 0, 3, 1, "产出指标"),
            (1, 1, 2, 1, "数量指标"),
            (1, 2, 1, 1, "检查企业数量"),
            (1, 3, 1, 1, ">=30家"),
            (1, 4, 1, 1, "=31家"),
            (1, 5, 1, 1, "10"),
            (1, 6, 1, 1, "9.67"),
            (1, 7, 1, 1, "设置保守"),
            (2, 2, 1, 1, "隐患排查清单"),
            (2, 3, 1, 1, ">=155家"),
            (2, 4, 1, 1, "=241家"),
            (2, 5, 1, 1, "10"),
            (2, 6, 1, 1, "4.5"),
            (3, 1, 1, 1, "质量指标"),
            (3, 2, 1, 1, "检查覆盖率"),
            (3, 3, 1, 1, "≥90%"),
            (3, 4, 1, 1, "100%"),
            (3, 5, 1, 1, "5"),
            (3, 6, 1, 1, "5"),
            (4, 0, 1, 1, "满意度指标"),
            (4, 1, 1, 1, "满意度指标"),
            (4, 2, 1, 1, "企业满意度"),
            (4, 3, 1, 1, "≥90%"),
            (4, 4, 1, 1, "=100%"),
            (4, 5, 1, 1, "10"),
            (4, 6, 1, 1, "10"),
            (5, 0, 1, 1, "总分"),
            (5, 1, 1, 1, "100"),
            (5, 2, 1, 1, "90.00分"),
        ]);
        let (rows, cols, _) = run(&g);
        let ind: Vec<&Row> = rows
            .iter()
            .filter(|r| r.texts["part"] == "indicator")
            .collect();
        assert_eq!(ind.len(), 4);
        let r = ind[1];
        assert_eq!(r.name, "隐患排查清单");
        assert_eq!(r.texts["level1"], "产出指标");
        assert_eq!(r.texts["level2"], "数量指标");
        assert_eq!(r.texts["target"], ">=155家");
        assert_eq!(r.texts["actual"], "=241家");
        assert_eq!(r.values["weight"], Some(d("10")));
        assert_eq!(r.values["score"], Some(d("4.5")));
        let q = ind[2];
        assert_eq!(
            (q.texts["level1"].as_str(), q.texts["level2"].as_str()),
            ("产出指标", "质量指标")
        );
        assert_eq!(q.texts["target"], "≥90%");
        assert_eq!(ind[0].texts["reason"], "设置保守");
        assert_eq!(ind[3].texts["level1"], "满意度指标");
        assert!(cols.iter().any(|c| c.key == "score" && c.unit == "score"));
        // the tree ends at 总分
        assert_eq!(rows.last().unwrap().name, "总分");
        assert_eq!(rows.last().unwrap().texts["part"], "other");
    }

    #[test]
    fn level1_heading_rows_and_page_continuation() {
        // 晋中 style: no 一级 column, 一级 as a heading line spanning the 二级/三级 columns
        let g = grid(&[
            (0, 1, 1, 1, "二级指标"),
            (0, 2, 1, 1, "三级指标"),
            (0, 3, 1, 2, "指标分值"),
            (0, 5, 1, 1, "评价得分"),
            (1, 3, 1, 1, "参考分值"),
            (1, 4, 1, 1, "设定分值"),
            (2, 1, 1, 2, "投入"),
            (2, 3, 1, 1, "16"),
            (2, 4, 1, 1, "16"),
            (2, 5, 1, 1, "16"),
            (3, 0, 3, 1, "绩效情况"),
            (3, 1, 2, 1, "工作目标设定"),
            (3, 2, 1, 1, "工作规划合理性"),
            (3, 3, 1, 1, "3"),
            (3, 4, 1, 1, "3.00"),
            (3, 5, 1, 1, "3.00"),
            (4, 2, 1, 1, "工作目标明确性"),
            (4, 3, 1, 1, "3"),
            (4, 4, 1, 1, "3"),
            (4, 5, 1, 1, "2"),
        ]);
        let view = View::new(&g);
        let mut state = FormState::new(None);
        let (mut rows, mut cols, mut problems) = (Vec::new(), Vec::new(), Vec::new());
        form_rows(
            catalog(),
            &view,
            0,
            "t",
            &mut state,
            &mut rows,
            &mut cols,
            &mut problems,
        );
        let ind: Vec<&Row> = rows
            .iter()
            .filter(|r| r.texts["part"] == "indicator")
            .collect();
        assert_eq!(ind.len(), 2);
        assert_eq!(ind[1].texts["level1"], "投入");
        assert_eq!(ind[1].texts["level2"], "工作目标设定");
        assert_eq!(ind[1].values["weight"], Some(d("3")));
        assert_eq!(ind[1].values["reference_weight"], Some(d("3")));
        assert_eq!(ind[1].values["score"], Some(d("2")));
        assert_eq!(row(&rows, "投入").texts["part"], "subtotal");
        // the next page: 二级 merged cell split by the page break, no header repeated
        let g2 = grid(&[
            (0, 2, 1, 1, "在职人员控制率"),
            (0, 3, 1, 1, "3"),
            (0, 4, 1, 1, "3.00"),
            (0, 5, 1, 1, "3.00"),
        ]);
        let mut g2 = g2;
        g2.cols = 6;
        form_rows(
            catalog(),
            &View::new(&g2),
            0,
            "t",
            &mut state,
            &mut rows,
            &mut cols,
            &mut problems,
        );
        let last = rows.last().unwrap();
        assert_eq!(last.name, "在职人员控制率");
        assert_eq!(last.texts["level1"], "投入");
        assert_eq!(last.texts["level2"], "工作目标设定");
    }

    #[test]
    fn register_with_packed_indicators_over_two_pages() {
        // 广州 项目支出绩效目标表（含转移支付项目）: header repeated on the next page, a
        // project's indicator cell split by the page break
        let header: [(u32, u32, u32, u32, &str); 7] = [
            (0, 0, 1, 1, "项目名称（资金使用单位）"),
            (0, 1, 1, 1, "总计"),
            (0, 2, 1, 1, "财政拨款"),
            (0, 3, 1, 1, "财政专户拨款"),
            (0, 4, 1, 1, "其他资金"),
            (0, 5, 1, 1, "绩效目标"),
            (0, 6, 1, 1, "绩效指标"),
        ];
        let mut p1 = header.to_vec();
        p1.extend([
            (1, 0, 1, 1, "合计"),
            (1, 1, 1, 1, "1,493.85"),
            (1, 2, 1, 1, "1,493.85"),
            (2, 0, 1, 1, "广州市政务服务和数据管理局"),
            (2, 1, 1, 1, "1,493.85"),
            (2, 2, 1, 1, "1,493.85"),
            (3, 0, 1, 1, "穗智管运营服务项目"),
            (3, 1, 1, 1, "1,391.47"),
            (3, 2, 1, 1, "1,391.47"),
            (3, 5, 1, 1, "汇聚更新数据量不低于10亿条"),
            (
                3,
                6,
                1,
                1,
                "1、1-产出指标；11-数量指标；会议活动保障次数；实施周期指标值:每年≥20场；年度指标值:每年≥20场。2、1-产出指标；12-质量指标；保障场地正常运行；实施周期指标值:≥99.5%；年度",
            ),
        ]);
        let mut p2 = header.to_vec();
        p2.extend([
            (1, 6, 1, 1, "指标值:≥99.5%。"),
            (2, 0, 1, 1, "电子政务工作项目"),
            (2, 1, 1, 1, "102.38"),
            (2, 2, 1, 1, "102.38"),
            (2, 5, 1, 1, "做好超市日常运营"),
            (
                2,
                6,
                1,
                1,
                "1、3-满意度指标；31-服务对象满意度；满意度；年度指标值:≤编制数。",
            ),
        ]);
        let mut state = FormState::new(crate::normalize::unit::parse_unit_line("单位：万元"));
        let (mut rows, mut cols, mut problems) = (Vec::new(), Vec::new(), Vec::new());
        for g in [grid(&p1), grid(&p2)] {
            form_rows(
                catalog(),
                &View::new(&g),
                0,
                "performance.project_target",
                &mut state,
                &mut rows,
                &mut cols,
                &mut problems,
            );
        }
        let parts: Vec<&str> = rows.iter().map(|r| r.texts["part"].as_str()).collect();
        assert_eq!(
            parts,
            [
                "group",
                "group",
                "project",
                "indicator",
                "indicator",
                "project",
                "indicator"
            ]
        );
        let p = row(&rows, "穗智管运营服务项目");
        assert_eq!(p.values["fund_total"], Some(d("13914700")));
        assert_eq!(p.values["fund_fiscal"], Some(d("13914700")));
        assert_eq!(p.values["fund_other"], None);
        assert_eq!(p.texts["goal"], "汇聚更新数据量不低于10亿条");
        let m = row(&rows, "会议活动保障次数");
        assert_eq!(m.texts["project"], "穗智管运营服务项目");
        assert_eq!(
            (m.texts["level1"].as_str(), m.texts["level2"].as_str()),
            ("产出指标", "数量指标")
        );
        assert_eq!(m.texts["target"], "每年≥20场");
        assert_eq!(m.values["target"], Some(d("20")));
        assert_eq!(m.texts["target_per"], "年");
        assert_eq!(m.texts["target_unit"], "场");
        // the indicator split by the page break is read whole, once
        let q = row(&rows, "保障场地正常运行");
        assert_eq!(q.texts["target"], "≥99.5%");
        assert_eq!(q.values["target"], Some(d("99.5")));
        assert!(problems.is_empty(), "{problems:?}");
        let s = row(&rows, "满意度");
        assert_eq!(s.texts["target_comparator"], "≤");
        assert_eq!(s.texts["target_reference"], "编制数");
        assert_eq!(s.values["target"], None);
        assert!(cols.iter().any(|c| c.key == "fund_total" && c.unit == "元"));
    }

    /// A grid opening with the field the previous form opened with, naming another project,
    /// starts a form; the same project's head repeated, a register's column header (项目名称 |
    /// 主管部门 | …) and indicator rows go on with the form.
    #[test]
    fn a_form_restarts_on_its_opening_field() {
        let first = {
            let g = grid(&[
                (0, 0, 1, 2, "项目名称"),
                (0, 2, 1, 3, "城市体检"),
                (1, 0, 1, 2, "实施单位"),
                (1, 2, 1, 3, "住建局"),
            ]);
            run(&g).0.into_iter().next().unwrap()
        };
        assert_eq!(first.name, "项目名称");
        let restarts = |cells: &[(u32, u32, u32, u32, &str)]| {
            let g = grid(cells);
            restarts_form(Some(&first), &View::new(&g), 0)
        };
        assert!(restarts(&[
            (0, 0, 1, 2, "项目名称："),
            (0, 2, 1, 3, "清洁取暖")
        ]));
        assert!(!restarts(&[
            (0, 0, 1, 2, "项目名称"),
            (0, 2, 1, 3, "城市体检")
        ]));
        assert!(!restarts(&[
            (0, 0, 1, 1, "项目名称"),
            (0, 1, 1, 1, "主管部门"),
            (0, 2, 1, 1, "实施单位"),
            (0, 3, 1, 1, "资金"),
        ]));
        assert!(!restarts(&[
            (0, 0, 1, 1, "产出指标"),
            (0, 1, 1, 1, "数量指标"),
            (0, 2, 1, 1, "完成数量"),
            (0, 3, 1, 1, "=1个"),
        ]));
    }
}
