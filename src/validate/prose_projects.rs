//! The project list of a prose report (峨边 部门整体支出绩效自评报告 "（三）部门预算项目支出情况
//! 分析"): a line "<ordinal>项目名称：<name>" starts a project, followed by labelled statements
//! ("该项目年初目标：…；完成情况：…；自评情况：…") up to the next project or heading.
//!
//! Words are in `catalog/validate.toml` ([prose_projects]); only the shape is here: name word +
//! colon at the start of a line, statement label + colon anywhere in the project's text. The
//! statements are cut at the labels, not at sentence ends, because the seed ends one with "；"
//! and the next with "。" (and a PDF wraps them anywhere).

use super::catalog::{ProseProjects, catalog};
use super::prose::{Line, heading_like, join};
use super::view::fold;
use crate::record::{Project, Statement};
use once_cell::sync::Lazy;
use regex::Regex;

/// A project and the lines it spans in its run (for the facts stated inside it).
pub(super) struct Span {
    pub run: usize,
    pub first: usize,
    pub last: usize,
    pub project: Project,
}

static ORDINAL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^\s*(?:([0-9]{1,3})\s*[.、．]|[（(]([0-9]{1,3})[)）]|[一二三四五六七八九十]+[、.])?\s*",
    )
    .unwrap()
});
/// A funding document: issuer words, the year in brackets, the number ("川财建〔2023〕377号").
static DOC_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\p{Han}{2,12}[〔\[［﹝【][0-9]{4}[〕\]］﹞】][0-9]{1,5}号").unwrap());
/// A page number line ("- 12 -", "12") that a PDF prints between a statement's lines.
static PAGE_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[-—–－\s]*[0-9]{1,4}[-—–－\s]*$").unwrap());
const COLONS: &[char] = &['：', ':'];
const END_PUNCT: &[char] = &['；', ';', '。', '，', ',', '、', ' ', '\u{3000}'];

/// The project a line starts: its ordinal and the text after "项目名称：".
fn project_start<'a>(words: &ProseProjects, text: &'a str) -> Option<(Option<u32>, &'a str)> {
    let m = ORDINAL.captures(text)?;
    let rest = &text[m.get(0).unwrap().end()..];
    let number = m
        .get(1)
        .or(m.get(2))
        .and_then(|d| d.as_str().parse::<u32>().ok());
    for w in &words.name_words {
        if let Some(after) = rest.trim_start().strip_prefix(w.as_str()) {
            let after = after.trim_start();
            if let Some(c) = after.chars().next().filter(|c| COLONS.contains(c)) {
                return Some((number, &after[c.len_utf8()..]));
            }
        }
    }
    None
}

/// Every labelled statement start in `body`: (start of the label, end of label + colon, label).
fn labels_in<'a>(words: &'a ProseProjects, body: &str) -> Vec<(usize, usize, &'a str)> {
    let mut hits: Vec<(usize, usize, &str)> = Vec::new();
    for s in &words.statement {
        for a in &s.aliases {
            for (i, _) in body.match_indices(a.as_str()) {
                let after = &body[i + a.len()..];
                if let Some(c) = after.chars().next().filter(|c| COLONS.contains(c)) {
                    hits.push((i, i + a.len() + c.len_utf8(), s.label.as_str()));
                }
            }
        }
    }
    // at one place the longest alias ("实际完成情况" over "完成情况"); none inside another
    hits.sort_by_key(|&(s, e, _)| (e, std::cmp::Reverse(e - s)));
    let mut out: Vec<(usize, usize, &str)> = Vec::new();
    for h in hits {
        if out.last().is_none_or(|l| h.0 >= l.1) {
            out.push(h);
        } else if let Some(l) = out.last_mut().filter(|l| l.1 == h.1 && h.0 < l.0) {
            *l = h;
        }
    }
    out
}

fn trim_statement(s: &str) -> String {
    s.trim_matches(|c: char| END_PUNCT.contains(&c) || c.is_whitespace())
        .to_string()
}

/// The projects of the document's prose, run by run (`runs` from `prose::lines_of`).
pub(super) fn projects(runs: &[Vec<Line>]) -> Vec<Span> {
    let Some(words) = catalog().prose_projects.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (ri, lines) in runs.iter().enumerate() {
        let mut i = 0;
        while i < lines.len() {
            let Some((number, _)) = project_start(words, &lines[i].text) else {
                i += 1;
                continue;
            };
            // The project runs to the next project, or the next heading-like line.
            let mut j = i + 1;
            while j < lines.len()
                && project_start(words, &lines[j].text).is_none()
                && !heading_like(&lines[j].text)
            {
                j += 1;
            }
            let kept: Vec<Line> = lines[i..j]
                .iter()
                .filter(|l| !PAGE_NUMBER.is_match(l.text.trim()))
                .cloned()
                .collect();
            let text = join(&kept).text.replace('\n', "");
            if let Some(p) = project(words, number, &text, &lines[i].origin) {
                out.push(Span {
                    run: ri,
                    first: i,
                    last: j - 1,
                    project: p,
                });
            }
            i = j;
        }
    }
    out
}

fn project(words: &ProseProjects, number: Option<u32>, text: &str, at: &str) -> Option<Project> {
    let (_, body) = project_start(words, text)?;
    let labels = labels_in(words, body);
    let name_end = labels.first().map_or(body.len(), |l| l.0);
    let mut name = body[..name_end].trim_end().to_string();
    if labels.first().is_some() {
        for w in &words.lead_words {
            if let Some(n) = name.strip_suffix(w.as_str()) {
                name = n.to_string();
                break;
            }
        }
    }
    let name = trim_statement(&name);
    if name.is_empty() {
        return None;
    }
    let statements = labels
        .iter()
        .enumerate()
        .map(|(k, &(_, start, label))| {
            let end = labels.get(k + 1).map_or(body.len(), |n| n.0);
            let mut s = body[start..end].to_string();
            // "…保障防灾减灾救灾工作开展；该项目完成情况：" — a lead word before the next label
            if k + 1 < labels.len() {
                let t = s.trim_end().to_string();
                s = words
                    .lead_words
                    .iter()
                    .find_map(|w| t.strip_suffix(w.as_str()).map(str::to_string))
                    .unwrap_or(t);
            }
            Statement {
                label: label.to_string(),
                text: trim_statement(&s),
            }
        })
        .collect();
    let document_number = DOC_NUMBER
        .find(&fold(&name))
        .map(|m| m.as_str().to_string());
    Some(Project {
        number,
        name,
        document_number,
        statements,
        location: at.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(t: &str) -> Line {
        Line {
            text: t.into(),
            origin: String::new(),
            section: String::new(),
        }
    }

    fn parse(lines: &[&str]) -> Vec<Project> {
        let run: Vec<Line> = lines.iter().map(|t| line(t)).collect();
        projects(&[run]).into_iter().map(|s| s.project).collect()
    }

    #[test]
    fn name_and_statements_on_separate_lines() {
        let p = parse(&[
            "1.项目名称：（乐市财政环〔2024〕49号）全省第二批地质灾害应急处置项目试点",
            "该项目年初目标：做好当前和今后一个时期应急抢险工作；完成情况：按要求开展；自评情况：按实支付。",
            "2.项目名称：改建黑竹沟二级乡镇消防站经费",
            "该项目年初目标：完成改建；完成情况：完成了项目资金申请拨付。自评情况：100%完成。",
            "（四）结果应用情况。",
            "（1）信息公开。",
        ]);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].number, Some(1));
        assert_eq!(
            p[0].name,
            "（乐市财政环〔2024〕49号）全省第二批地质灾害应急处置项目试点"
        );
        assert_eq!(
            p[0].document_number.as_deref(),
            Some("乐市财政环〔2024〕49号")
        );
        let st: Vec<(&str, &str)> = p[0]
            .statements
            .iter()
            .map(|s| (s.label.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            st,
            [
                ("年初目标", "做好当前和今后一个时期应急抢险工作"),
                ("完成情况", "按要求开展"),
                ("自评情况", "按实支付")
            ]
        );
        assert_eq!(p[1].statements[1].text, "完成了项目资金申请拨付");
        assert_eq!(p[1].statements[2].text, "100%完成");
        assert_eq!(p[1].document_number, None);
    }

    #[test]
    fn name_and_first_statement_on_one_line_and_wrapped_pdf_lines() {
        let p = parse(&[
            "10.项目名称：峨边涉农气象指数灾害保险经费该项目年初目标：完成峨边彝族自治县涉农",
            "气象指数灾害保险的购买；完成情况：按照相关规定完成",
            "- 12 -",
            "了项目资金申请拨付；自评情况：100%完成。",
        ]);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].number, Some(10));
        assert_eq!(p[0].name, "峨边涉农气象指数灾害保险经费");
        assert_eq!(
            p[0].statements[0].text,
            "完成峨边彝族自治县涉农气象指数灾害保险的购买"
        );
        assert_eq!(
            p[0].statements[1].text,
            "按照相关规定完成了项目资金申请拨付"
        );
    }

    #[test]
    fn a_longer_label_wins_and_prose_without_colon_is_no_label() {
        let p = parse(&[
            "（1）项目名称：应急演练经费",
            "绩效目标：开展演练3次，实际完成情况与年初目标相符；实际完成情况：开展演练3次。",
        ]);
        assert_eq!(p[0].number, Some(1));
        let labels: Vec<&str> = p[0].statements.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["年初目标", "完成情况"]);
        assert_eq!(p[0].statements[1].text, "开展演练3次");
        // no "项目名称：" line, no project
        assert!(parse(&["项目支出情况分析", "本年度项目支出391.74万元。"]).is_empty());
    }
}
