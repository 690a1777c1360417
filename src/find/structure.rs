//! Tables recognised by their structure rather than by a title line (`structure` in
//! catalog/tables.toml): a list of names introduced by the text just above the grid. The
//! budget units in scope ("纳入本部门…预算编制范围的二级预算单位共有7个，包括：" over
//! 序号 | 单位名称 | 拟变动情况; "…列入2026年单位预算编制范围的单位详细情况见下表:" over
//! 序号 | 单位名称), the internal bodies of a department ("…内设机构信息" over a grid of
//! names). Such a grid holds no amounts.

use super::catalog::{Catalog, LabelRole, Structure, header_key};
use super::continuation::is_page_number_line;
use super::view::View;
use crate::model::Grid;
use crate::normalize::name::{fold, has_numbering, join_wrapped};
use crate::normalize::number::{CellValue, parse};
use crate::record::Row;

/// A grid recognised by its structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Structural {
    /// Index into `Catalog::tables`.
    pub table: usize,
    /// The introducing text as printed (its wrapped lines joined).
    pub title: String,
    /// The grid has no header: every non-empty cell is a name.
    pub headerless: bool,
}

const SENTENCE_END: &[char] = &['。', '；', ';', '！', '？', '!', '?'];
const CLAUSE_START: &[char] = &['：', ':'];

/// The text that ends `lines` (the lines just above a grid): its wrapped lines joined, also
/// over a page break (page numbers skipped), from the start of its sentence, and from the
/// clause after a colon ("其中：列入2026年部" + "门预算编制范围的单位详细情况见下表:" →
/// "列入2026年部门预算编制范围的单位详细情况见下表:"). A heading line above it ("三、部门
/// 预算单位构成") is not part of it.
pub fn closing_text(lines: &[&str]) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for l in lines.iter().rev() {
        let t = l.trim();
        if t.is_empty() || is_page_number_line(&fold(t)) {
            continue;
        }
        if !parts.is_empty()
            && (t.ends_with(SENTENCE_END)
                || (has_numbering(t) && t.chars().count() <= 20)
                || parts.len() >= 4)
        {
            break;
        }
        parts.push(t);
        if has_numbering(t) {
            break;
        }
    }
    let joined = parts
        .iter()
        .rev()
        .fold(String::new(), |acc, p| join_wrapped(&acc, p));
    let body: Vec<char> = joined.chars().collect();
    let n = body.len();
    // the clause after the last sentence end, then after the last colon, not counting the
    // text's own last character ("…包括：")
    let cut = |stops: &[char], from: usize| {
        body[..n.saturating_sub(1)]
            .iter()
            .rposition(|c| stops.contains(c))
            .map_or(from, |i| (i + 1).max(from))
    };
    let start = cut(SENTENCE_END, 0);
    let start = cut(CLAUSE_START, start);
    let out: String = body[start..].iter().collect::<String>().trim().to_string();
    (!out.is_empty()).then_some(out)
}

/// The kind a grid has by its structure, with the text introducing it.
pub fn recognise(cat: &Catalog, before: &[&str], view: &View, start: usize) -> Option<Structural> {
    let intro = closing_text(before)?;
    let f = fold(&intro);
    cat.tables.iter().enumerate().find_map(|(i, spec)| {
        let st = spec.structure.as_ref()?;
        let names = |ws: &[String]| ws.iter().any(|w| f.contains(&fold(w)));
        if !names(&st.subject) || (!st.intro.is_empty() && !names(&st.intro)) {
            return None;
        }
        let shaped = if st.name_headers.is_empty() {
            names_only(cat, view, start)
        } else {
            name_list(cat, view, start, st)
        };
        shaped.then(|| Structural {
            table: i,
            title: intro.clone(),
            headerless: st.name_headers.is_empty(),
        })
    })
}

/// Is the text a name (words, not a number, not a header word of the catalog)?
fn is_name(cat: &Catalog, t: &str) -> bool {
    let k = header_key(t);
    matches!(parse(t), CellValue::Text(_))
        && t.chars().count() <= 40
        && cat.column_for(&k).is_none()
        && cat.label_for(&k).is_none()
}

/// A header row naming a name column (`name_headers`), then rows of names: no cell outside a
/// 序号 column holds an amount.
fn name_list(cat: &Catalog, view: &View, start: usize, st: &Structure) -> bool {
    let Some(h) = (start..view.rows()).find(|&r| !view.row_is_empty(r)) else {
        return false;
    };
    let heads: Vec<String> = st.name_headers.iter().map(|w| header_key(w)).collect();
    let header = view.row_texts(h);
    let Some(&(name_col, _)) = header.iter().find(|(_, t)| heads.contains(&header_key(t))) else {
        return false;
    };
    let line_cols: Vec<usize> = header
        .iter()
        .filter(|(_, t)| {
            cat.label_for(&header_key(t))
                .is_some_and(|l| l.role == LabelRole::Line)
        })
        .map(|(c, _)| *c)
        .collect();
    let mut names = 0;
    for r in h + 1..view.rows() {
        for (c, t) in view.row_texts(r) {
            if line_cols.contains(&c) {
                continue;
            }
            if matches!(parse(t), CellValue::Amount(_) | CellValue::Percent(_)) {
                return false;
            }
            if c == name_col {
                names += 1;
            }
        }
    }
    names > 0
}

/// A grid of names only, without a header: at least two rows, every cell a name.
fn names_only(cat: &Catalog, view: &View, start: usize) -> bool {
    let mut cells = 0;
    let mut rows = 0;
    for r in start..view.rows() {
        let texts = view.row_texts(r);
        if texts.is_empty() {
            continue;
        }
        rows += 1;
        for (_, t) in texts {
            if !is_name(cat, t) {
                return false;
            }
            cells += 1;
        }
    }
    rows >= 2 && cells >= 4
}

/// The rows of a grid of names without a header: one row per name, row by row, left to
/// right.
pub fn name_rows(view: &View, grid: &Grid, start: usize) -> Vec<Row> {
    let mut out = Vec::new();
    for r in start..view.rows() {
        for (_, t) in view.row_texts(r) {
            out.push(Row {
                code: None,
                name: t.to_string(),
                level: None,
                parent: None,
                line: None,
                values: Default::default(),
                texts: Default::default(),
                origin: super::view::where_of(&view.row_origin(r), &grid.origin, r),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_just_above_from_its_sentence_start() {
        assert_eq!(
            closing_text(&[
                "三、部门预算单位构成",
                "本部门的部门预算包括部门本级预算和所属事业单位预算。纳入本部门2020年部门预算编制",
                "范围的预算单位共有13个，包括：",
            ])
            .as_deref(),
            Some("纳入本部门2020年部门预算编制范围的预算单位共有13个，包括：")
        );
        // wrapped over a page break, after "其中："
        assert_eq!(
            closing_text(&[
                "二、部门预算单位构成",
                "从预算单位构成看，福州市医疗保障局包括6个机关行",
                "政处（科、股）室及3个下属单位，其中：列入2026年部",
                "4",
                "门预算编制范围的单位详细情况见下表:",
            ])
            .as_deref(),
            Some("列入2026年部门预算编制范围的单位详细情况见下表:")
        );
        // a sentence ending with its full stop
        assert_eq!(
            closing_text(&[
                "二、机构设置",
                "纳入2022年度本部门决算编制范围的单位共28个，包括本级",
                "及所属27个二级预算单位。",
            ])
            .as_deref(),
            Some("纳入2022年度本部门决算编制范围的单位共28个，包括本级及所属27个二级预算单位。")
        );
        assert_eq!(
            closing_text(&[
                "室及市经济动员办公室。",
                "西安市发展和改革委员会内设机构信息"
            ])
            .as_deref(),
            Some("西安市发展和改革委员会内设机构信息")
        );
        assert_eq!(closing_text(&["", "3"]), None);
    }
}
