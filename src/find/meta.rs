//! Context lines (department, year, unit, label lines above a table) and the report's
//! metadata: kind, department, year, title.

use once_cell::sync::Lazy;
use regex::Regex;

use super::catalog::Catalog;
use super::title::{is_breakdown_line, is_toc_line, label_of, match_title, starts_with_label};
use crate::model::{Document, Grid};
use crate::normalize::name::fold;
use crate::normalize::unit::parse_unit_line;
use crate::record::{Report, Table};

static DEPT_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:部门名称|单位名称|编制单位|填报单位|编报单位|预算单位|部门\(单位\)名称|单位\(部门\)名称|主管部门|部门)(?:\(公章\)|\(盖章\))?[:：](.*)$")
        .unwrap()
});
static YEAR_LINE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[(（]?(\d{4})[)）]?年度?[)）]?$|^[(（](\d{4})年度?[)）]$").unwrap());
static DATE_LINE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\d{4}年\d{1,2}月(\d{1,2}日)?$").unwrap());
static COVER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^(.{2,40}?)[(（]?(\d{4})[)）]?年度?(?:部门|单位)?(?:预算|决算|整体支出|项目支出|绩效)",
    )
    .unwrap()
});
/// "2018年度江苏省高级人民法院预算公开": the year before the department.
static COVER_YEAR_FIRST: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^[(（]?\d{4}[)）]?年度?(.{2,40}?)(?:部门|单位)?(?:预算|决算|整体支出|项目支出|绩效)",
    )
    .unwrap()
});
static ORG_NAME: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\p{Han}{1,8}?(?:省|自治区|市|自治州|州|县|区|旗|盟)\p{Han}{2,12}?(?:管理局|局|委员会|办公室|中心|厅)").unwrap()
});
static ANY_YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(20\d{2}|19\d{2})\s*[)）]?\s*年").unwrap());
static ORG_END: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(局|委|办|院|厅|部|中心|政府|委员会|所|站|队|馆|会|校|处|室|社|团|署|台|场|司|庭|宫|园|科|组|盟|旗|区|县|市)$").unwrap()
});

/// The department named by a "部门名称：…" / "单位名称：…" / "编制单位：…" line.
pub fn department_of_line(text: &str) -> Option<String> {
    let f = fold(text);
    let c = DEPT_LINE.captures(&f)?;
    let mut v = c.get(1)?.as_str().to_string();
    // "部门名称：X 单位：万元" / "X 金额单位：万元" on one line
    for cut in ["金额单位", "单位:", "单位：", "年度", "(公章)", "(盖章)"] {
        if let Some(p) = v.find(cut) {
            v.truncate(p);
        }
    }
    // a year glued to the end ("某局2024")
    let v = v.trim_end_matches(|c: char| c.is_ascii_digit()).to_string();
    // keep the printed spacing-free form; strip "217-" style unit codes
    let v = v
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-')
        .trim()
        .to_string();
    (!v.is_empty()).then_some(v)
}

/// A line giving only the year ("2024年度", "(2024年度)", "（2026）年度").
pub fn year_of_line(text: &str) -> Option<i32> {
    let f = fold(text);
    let c = YEAR_LINE.captures(&f)?;
    c.get(1).or(c.get(2))?.as_str().parse().ok()
}

/// Context lines sit between a title and its grid: department, year, unit, label, date.
pub fn is_context_line(cat: &Catalog, text: &str) -> bool {
    let f = fold(text);
    f.is_empty()
        || department_of_line(text).is_some()
        || year_of_line(text).is_some()
        || DATE_LINE.is_match(&f)
        || parse_unit_line(text).is_some()
        || label_of(text).is_some()
        || match_title(cat, text).is_some()
        || is_breakdown_line(cat, text)
        || f.starts_with("填报日期")
        || f.starts_with("填报单位")
}

/// The texts of a small layout grid that holds only context ("部门名称：… | 单位：万元" in a
/// Word table between the title and the data table), in reading order; `None` for any other
/// grid. Such a grid is read as context lines of the table below it. A sheet is never one: its
/// title and unit rows are part of its grid.
pub fn context_grid_lines<'g>(cat: &Catalog, grid: &'g Grid) -> Option<Vec<&'g str>> {
    if grid.origin.sheet.is_some() || grid.rows > 2 {
        return None;
    }
    let mut cells: Vec<&crate::model::Cell> = grid
        .cells
        .iter()
        .filter(|c| !c.text.trim().is_empty())
        .collect();
    cells.sort_by_key(|c| (c.row, c.col));
    let context = |t: &str| match_title(cat, t).is_none() && is_context_line(cat, t);
    (!cells.is_empty() && cells.iter().all(|c| context(&c.text)))
        .then(|| cells.iter().map(|c| c.text.as_str()).collect())
}

/// What the document says about itself.
pub fn report_meta(cat: &Catalog, doc: &Document, tables: &[Table], file_name: &str) -> Report {
    let lines: Vec<&str> = doc
        .text_lines()
        .map(|t| t.text.as_str())
        .filter(|t| !t.trim().is_empty())
        .collect();
    // grid cells of title/context rows also carry metadata (spreadsheets)
    let mut grid_lines: Vec<String> = Vec::new();
    for g in doc.grids() {
        for c in &g.cells {
            if c.row < 6 && c.text.chars().count() <= 60 {
                grid_lines.push(c.text.clone());
            }
        }
    }

    // title: the first line naming a report
    let several_tables = tables.len() > 1;
    let title = report_title(&lines, true, several_tables).or_else(|| {
        let gl: Vec<&str> = grid_lines.iter().map(|s| s.as_str()).collect();
        report_title(&gl, false, several_tables)
    });

    // department: most frequent "部门名称：" value, else from the title / cover
    let mut depts: Vec<(String, usize)> = Vec::new();
    for l in lines
        .iter()
        .copied()
        .chain(grid_lines.iter().map(|s| s.as_str()))
    {
        if let Some(d) = department_of_line(l) {
            match depts.iter_mut().find(|(x, _)| *x == d) {
                Some(e) => e.1 += 1,
                None => depts.push((d, 1)),
            }
        }
    }
    depts.sort_by(|a, b| b.1.cmp(&a.1));
    let mut department = depts.first().map(|d| d.0.clone());
    if department.is_none()
        && let Some(t) = &title
    {
        department = department_of_title(&fold(t));
    }
    if department.is_none() {
        // a cover line holding only an organisation name just before the title
        department = cover_department(&lines);
    }
    if department.is_none() {
        // the organisation named most often in the text ("晋中市应急管理局是市政府的工作部门")
        let mut counts: Vec<(String, usize)> = Vec::new();
        for l in lines
            .iter()
            .take(300)
            .copied()
            .chain(grid_lines.iter().map(|s| s.as_str()))
        {
            for m in ORG_NAME.find_iter(&fold(l)) {
                match counts.iter_mut().find(|(x, _)| x == m.as_str()) {
                    Some(e) => e.1 += 1,
                    None => counts.push((m.as_str().to_string(), 1)),
                }
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1));
        department = counts.into_iter().next().map(|c| c.0);
    }

    // year
    let mut year = title.as_deref().and_then(year_in);
    if year.is_none() {
        year = lines
            .iter()
            .take(200)
            .find_map(|l| year_of_line(l))
            .or_else(|| grid_lines.iter().find_map(|l| year_of_line(l)));
    }
    if year.is_none() {
        year = tables.iter().find_map(|t| year_in(&t.title));
    }

    // kind
    let mut kind = report_kind(cat, tables, title.as_deref());

    let mut from_file_name = Vec::new();
    let stem = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(file_name);
    let fstem = fold(stem);
    if kind == "unknown" {
        let k = kind_from_words(&fstem);
        if k != "unknown" {
            kind = k.to_string();
            from_file_name.push("kind".to_string());
        }
    }
    if year.is_none()
        && let Some(y) = year_in(&fstem).or_else(|| {
            Regex::new(r"(20\d{2})")
                .ok()?
                .captures(&fstem)?
                .get(1)?
                .as_str()
                .parse()
                .ok()
        })
    {
        year = Some(y);
        from_file_name.push("year".to_string());
    }
    if department.is_none()
        && let Some(d) = department_of_title(&fstem)
    {
        department = Some(d);
        from_file_name.push("department".to_string());
    }
    // A document that is one table (a form, a single budget sheet) is titled by that table.
    let only_table = match tables {
        [t] if t.kind != "unknown" && !t.title.trim().is_empty() => {
            Some(t.title.trim().to_string())
        }
        _ => None,
    };
    let title = match title.or(only_table) {
        Some(t) => Some(t),
        None if !stem.is_empty() => {
            from_file_name.push("title".to_string());
            Some(stem.to_string())
        }
        None => None,
    };
    Report {
        kind,
        department,
        year,
        title,
        from_file_name,
    }
}

fn year_in(s: &str) -> Option<i32> {
    ANY_YEAR
        .captures(&fold(s))
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
}

fn department_of_title(folded: &str) -> Option<String> {
    let c = COVER
        .captures(folded)
        .filter(|c| {
            c.get(1)
                .is_some_and(|m| !m.as_str().chars().all(|ch| ch.is_ascii_digit()))
        })
        .or_else(|| COVER_YEAR_FIRST.captures(folded))?;
    let d = c
        .get(1)?
        .as_str()
        .trim_matches(|c: char| !c.is_alphanumeric());
    ORG_END.is_match(d).then(|| d.to_string())
}

fn cover_department(lines: &[&str]) -> Option<String> {
    for (i, l) in lines.iter().enumerate().take(40) {
        let f = fold(l);
        if COVER.is_match(&format!("某单位{f}"))
            && f.starts_with(|c: char| c.is_ascii_digit())
            && i > 0
        {
            let prev = fold(lines[i - 1]);
            if prev.chars().count() <= 30 && ORG_END.is_match(&prev) {
                return Some(prev);
            }
        }
    }
    None
}

const REPORT_WORDS: [&str; 3] = ["预算", "决算", "绩效"];

/// How a report's title ends, once a trailing bracket ("（草案）", "(2020年度)") is dropped: the
/// report itself (…部门预算, …决算公开说明, …绩效自评报告, …绩效目标申报表), never a table of it
/// (…支出总表), a project name that mentions 绩效, or a heading such as "整体绩效目标".
static REPORT_TITLE_END: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?:(?:预算|决算)(?:公开|报表|报告|草案)?(?:的?(?:情况)?的?说明)?|公开|(?:自评|评价)报告|绩效(?:目标|自评)(?:申报)?表)$",
    )
    .unwrap()
});

/// Whether a candidate line reads as a report's title by how it ends.
fn reads_as_report_title(text: &str) -> bool {
    let mut f = fold(text).trim().to_string();
    while f.ends_with([')', '）']) {
        match f.rfind(['(', '（']) {
            Some(p) => f = f[..p].trim_end().to_string(),
            None => break,
        }
    }
    REPORT_TITLE_END.is_match(&f)
}

/// The report's main title: the first short line naming a budget / final accounts /
/// performance report (joined with the next line when wrapped, prefixed by the department
/// when the cover prints it on the line above).
fn report_title(lines: &[&str], join: bool, several_tables: bool) -> Option<String> {
    let cat = super::catalog::catalog();
    let n = lines.len().min(60);
    for i in 0..n {
        let l = lines[i].trim();
        let f = fold(l);
        if f.is_empty() || is_toc_line(l) || f.chars().count() > 50 || f.contains('。') {
            continue;
        }
        if f.starts_with('第') && f.contains("部分") || f.starts_with("目录") {
            continue;
        }
        let has = |s: &str| REPORT_WORDS.iter().any(|w| s.contains(w));
        let next = lines.get(i + 1).map(|s| s.trim()).unwrap_or("");
        // cells of a grid only when they read like a report title
        if !join && !(["公开", "报告", "说明"].iter().any(|w| f.contains(w)) || COVER.is_match(&f))
        {
            continue;
        }
        let candidate = if has(&f) {
            Some(l.to_string())
        } else if join
            && !next.is_empty()
            && next.chars().count() <= 12
            // the word may be cut by the wrap itself ("…部门预" / "算")
            && has(&fold(&format!("{l}{next}")))
            && f.chars().count() >= 4
            && !is_toc_line(next)
        {
            Some(format!("{l}{next}"))
        } else {
            None
        };
        if let Some(t) = candidate {
            // table titles and labels are not the report title
            if label_of(&t).is_some()
                || starts_with_label(&t)
                || !reads_as_report_title(&t)
                // a form's title titles the report only when the report is that one form
                || match_title(cat, &t).is_some_and(|h| {
                    several_tables || cat.tables[h.table].layout != super::catalog::Layout::Form
                })
                || f.starts_with("部门名称")
                || f.starts_with("单位名称")
                // a context line ("部门：X 单位：万元") run into a table title
                || ["部门:", "单位:", "编制单位"].iter().any(|w| fold(&t).contains(w))
            {
                continue;
            }
            // cover: organisation line, then "2024年度单位决算公开"
            if f.starts_with(|c: char| c.is_ascii_digit()) && i > 0 {
                let prev = lines[i - 1].trim();
                let pf = fold(prev);
                if pf.chars().count() <= 30 && ORG_END.is_match(&pf) && !has(&pf) {
                    return Some(format!("{prev}{t}"));
                }
            }
            return Some(t);
        }
    }
    None
}

fn kind_from_words(f: &str) -> &'static str {
    if f.contains("绩效") && (f.contains("自评") || f.contains("目标") || f.contains("评价"))
    {
        "performance"
    } else if f.contains("决算") {
        "final_accounts"
    } else if f.contains("预算") {
        "budget"
    } else if f.contains("绩效") {
        "performance"
    } else {
        "unknown"
    }
}

/// Standard tables decide (not the lists recognised by their structure, printed in budgets
/// and final accounts alike); else the title's words; else performance forms.
fn report_kind(cat: &Catalog, tables: &[Table], title: Option<&str>) -> String {
    let count = |p: &str| {
        tables
            .iter()
            .filter(|t| {
                t.kind.starts_with(p) && cat.table(&t.kind).is_none_or(|s| s.structure.is_none())
            })
            .count()
    };
    let (f, b) = (count("final."), count("budget."));
    if f + b > 0 {
        return if f >= b { "final_accounts" } else { "budget" }.to_string();
    }
    if let Some(t) = title {
        let k = kind_from_words(&fold(t));
        if k != "unknown" {
            return k.to_string();
        }
    }
    if count("performance.") > 0 {
        return "performance".to_string();
    }
    "unknown".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::find::catalog::catalog;
    use crate::model::{Block, Origin, TextLine};

    fn doc(lines: &[&str]) -> Document {
        Document {
            blocks: lines
                .iter()
                .map(|l| {
                    Block::Text(TextLine {
                        text: l.to_string(),
                        size: None,
                        origin: Origin::page(1),
                    })
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn department_lines() {
        assert_eq!(
            department_of_line("部门名称：阳城县应急管理局").as_deref(),
            Some("阳城县应急管理局")
        );
        assert_eq!(
            department_of_line("单位名称: 阳城县应急管理局").as_deref(),
            Some("阳城县应急管理局")
        );
        assert_eq!(
            department_of_line("编制单位：阳泉市应急管理局     金额单位：万元").as_deref(),
            Some("阳泉市应急管理局")
        );
        assert_eq!(department_of_line("填报单位(公章):"), None);
        assert_eq!(department_of_line("单位：万元"), None);
        assert_eq!(department_of_line("部门职责"), None);
    }

    #[test]
    fn years() {
        assert_eq!(year_of_line("2024年度"), Some(2024));
        assert_eq!(year_of_line("(2024年度)"), Some(2024));
        assert_eq!(year_of_line("（2026）年度"), Some(2026));
        assert_eq!(year_of_line("2024年度收入总计9,316.63万元"), None);
    }

    #[test]
    fn year_first_title_names_the_department() {
        // 江苏 cover: the year before the department; the prose below names other offices
        // ("依据省财政厅…"), which must not become the department.
        let d = doc(&[
            "2018年度江苏省高级人民法院预算公开",
            "2018年2月24日",
            "江苏省高级人民法院依据省财政厅的批复编制预算。",
        ]);
        let r = report_meta(catalog(), &d, &[], "x.pdf");
        assert_eq!(r.department.as_deref(), Some("江苏省高级人民法院"));
        assert_eq!(r.year, Some(2018));
        assert_eq!(r.kind, "budget");
    }

    #[test]
    fn context_line_run_into_a_title_is_not_the_report_title() {
        let d = doc(&["部门： 江苏省人大常委会办公厅 单位：万元2019年部门收支预算总表"]);
        let r = report_meta(catalog(), &d, &[], "x.pdf");
        assert_ne!(
            r.title.as_deref(),
            Some("部门： 江苏省人大常委会办公厅 单位：万元2019年部门收支预算总表")
        );
    }

    #[test]
    fn cover_of_a_final_report() {
        let d = doc(&[
            "仅供内部审核",
            "阳城县应急管理局",
            "2024年度单位决算公开",
            "目 录",
            "第一部分 概况\t1",
        ]);
        let r = report_meta(catalog(), &d, &[], "x.pdf");
        assert_eq!(r.kind, "final_accounts");
        assert_eq!(r.department.as_deref(), Some("阳城县应急管理局"));
        assert_eq!(r.year, Some(2024));
        assert_eq!(
            r.title.as_deref(),
            Some("阳城县应急管理局2024年度单位决算公开")
        );
        assert!(r.from_file_name.is_empty());
    }

    #[test]
    fn report_titles_by_their_ending() {
        for t in [
            "2026年深圳市水务局部门预算",
            "北京市人民政府国有资产监督管理委员会2026部门预算情况的说明",
            "昌吉回族自治州应急管理局2024年度部门决算公开说明",
            "2026年度苏州市水务局单位预算公开",
            "晋中市部门整体支出绩效自评表 (2020年度)",
            "广州市生态环境局2026年部门整体预算绩效目标申报表",
            "西安市交通运输局2022年部门综合预算",
        ] {
            assert!(reads_as_report_title(t), "{t}");
        }
        for t in [
            "2026年预算支出总表",
            "4057-市属企业财务统计、检查与绩效评",
            "（2026年度）整体绩效目标",
            "注：本套报表因取数时四舍五入，部分金额可能存在尾差2026年预算收入总表",
        ] {
            assert!(!reads_as_report_title(t), "{t}");
        }
    }

    #[test]
    fn title_wrapped_inside_a_word() {
        let d = doc(&[
            "2026 年深圳市人民政府办公厅部门预",
            "算",
            "目 录",
            "第一部分 部门概况",
            "2025年，深圳市人民政府办公厅（本级）预算，具体如下：",
        ]);
        let r = report_meta(catalog(), &d, &[], "x.pdf");
        assert_eq!(
            r.title.as_deref(),
            Some("2026 年深圳市人民政府办公厅部门预算")
        );
        assert_eq!(r.year, Some(2026));
    }

    #[test]
    fn wrapped_title_and_performance() {
        let d = doc(&[
            "昌吉回族自治州应急管理局2024年度部门",
            "决算公开说明",
            "第一部分 单位概况",
        ]);
        let r = report_meta(catalog(), &d, &[], "x.docx");
        assert_eq!(
            r.title.as_deref(),
            Some("昌吉回族自治州应急管理局2024年度部门决算公开说明")
        );
        assert_eq!(r.kind, "final_accounts");
        assert_eq!(r.department.as_deref(), Some("昌吉回族自治州应急管理局"));
        assert_eq!(r.year, Some(2024));

        let d = doc(&[
            "晋中市部门整体支出绩效自评表 (2020年度)",
            "填报单位(公章):",
            "晋中市应急管理局工作职能 晋中市应急管理局是市政府的工作部门,为正处级",
        ]);
        let r = report_meta(catalog(), &d, &[], "x.xlsx");
        assert_eq!(r.kind, "performance");
        assert_eq!(r.year, Some(2020));
        assert_eq!(r.department.as_deref(), Some("晋中市应急管理局"));
    }

    #[test]
    fn file_name_fallback() {
        let d = doc(&["附件"]);
        let r = report_meta(catalog(), &d, &[], "/in/某某县财政局2023年部门预算.pdf");
        assert_eq!(r.kind, "budget");
        assert_eq!(r.year, Some(2023));
        assert_eq!(r.department.as_deref(), Some("某某县财政局"));
        assert!(r.from_file_name.contains(&"kind".to_string()));
        assert!(r.from_file_name.contains(&"year".to_string()));
        assert!(r.from_file_name.contains(&"department".to_string()));
    }
}
