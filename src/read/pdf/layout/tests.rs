use super::super::page;
use super::*;
use crate::model::Grid;

fn load(name: &str) -> Vec<PageContent> {
    let path = format!(
        "{}/tests/fixtures/layout/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let s = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&s).unwrap()
}

/// One string per row: cells "text" separated by " | ", spans as "text{rows x cols}".
fn rows(g: &Grid) -> Vec<String> {
    let mut out = vec![Vec::new(); g.rows as usize];
    for c in &g.cells {
        let span = if c.row_span > 1 || c.col_span > 1 {
            format!("{{{}x{}}}", c.row_span, c.col_span)
        } else {
            String::new()
        };
        out[c.row as usize].push(format!("{}{}", c.text, span));
    }
    out.into_iter().map(|v| v.join(" | ")).collect()
}

fn render(blocks: &[Block]) -> String {
    let mut s = String::new();
    for b in blocks {
        match b {
            Block::Text(t) => s.push_str(&format!(
                "T p{} [{:?}] {}\n",
                t.origin.page.unwrap_or(0),
                t.size,
                t.text
            )),
            Block::Grid(g) => {
                s.push_str(&format!(
                    "G p{} {}x{} {:?}\n",
                    g.origin.page.unwrap_or(0),
                    g.rows,
                    g.cols,
                    g.origin.bbox
                ));
                for r in rows(g) {
                    s.push_str(&format!("  {r}\n"));
                }
            }
        }
    }
    s
}

fn grids(b: &[Block]) -> Vec<&Grid> {
    b.iter()
        .filter_map(|x| match x {
            Block::Grid(g) => Some(g),
            _ => None,
        })
        .collect()
}

fn texts(b: &[Block]) -> Vec<&str> {
    b.iter()
        .filter_map(|x| match x {
            Block::Text(t) => Some(t.text.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn dump_all_fixtures() {
    // `LAYOUT_DUMP=1 cargo test dump_all -- --nocapture` prints every fixture's layout
    if std::env::var("LAYOUT_DUMP").is_err() {
        return;
    }
    let dir = format!("{}/tests/fixtures/layout", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let only = std::env::var("LAYOUT_DUMP").unwrap();
    for n in names {
        let stem = n.trim_end_matches(".json");
        if only != "1" && !stem.contains(&only) {
            continue;
        }
        println!("===== {stem}");
        print!("{}", render(&layout_document(&load(stem))));
    }
}

#[test]
fn dump_file() {
    // `LAYOUT_FILE=/path/pages.json cargo test dump_file -- --nocapture`
    let Ok(path) = std::env::var("LAYOUT_FILE") else {
        return;
    };
    let pages: Vec<PageContent> =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let t = std::time::Instant::now();
    let blocks = layout_document(&pages);
    let el = t.elapsed();
    print!("{}", render(&blocks));
    println!("{} pages in {:?}", pages.len(), el);
}

fn only_grid(name: &str) -> (Vec<Block>, Grid) {
    let b = layout_document(&load(name));
    let g = grids(&b);
    assert_eq!(g.len(), 1, "{}", render(&b));
    let g = g[0].clone();
    (b, g)
}

#[test]
fn two_sided_merged_header_and_wrap() {
    let (b, g) = only_grid("two_sided");
    assert_eq!((g.rows, g.cols), (6, 4));
    assert_eq!(
        rows(&g),
        vec![
            "收入{1x2} | 支出{1x2}",
            "项目 | 金额 | 项目 | 金额",
            "一、财政拨款 | 100.00 | 一、一般公共服务支出 | 60.00",
            "二、事业收入 | 20.50 | 二、社会保障和就业支出 | 40.50",
            "三、其他收入 |  | 三、灾害防治及应急管理支出和其他很长的名称 | 20.00",
            "本年收入合计 | 120.50 | 本年支出合计 | 120.50",
        ]
    );
    assert_eq!(texts(&b), vec!["收支总表", "部门：示例单位 单位：万元"]);
    // reading order: title, unit line, grid
    assert!(matches!(b[2], Block::Grid(_)));
    let c = g.covering(0, 3).unwrap();
    assert_eq!((c.row, c.col, c.col_span), (0, 2, 2));
    assert_eq!(c.origin.page, Some(1));
    assert!(c.origin.bbox.is_some());
    assert_eq!(g.cells.len(), 22);
}

#[test]
fn continued_table_keeps_repeated_header() {
    let b = layout_document(&load("continued"));
    let g = grids(&b);
    assert_eq!(g.len(), 2, "{}", render(&b));
    assert_eq!((g[0].rows, g[0].cols), (45, 3));
    assert_eq!((g[1].rows, g[1].cols), (17, 3));
    assert_eq!(rows(g[0])[0], "科目编码 | 科目名称 | 金额");
    assert_eq!(rows(g[1])[0], "科目编码 | 科目名称 | 金额");
    assert_eq!(rows(g[0])[44], "2010144 | 科目44 | 55.00");
    assert_eq!(rows(g[1])[1], "2010145 | 科目45 | 56.25");
    assert_eq!(g[1].origin.page, Some(2));
    assert_eq!(texts(&b), vec!["支出表"]);
}

#[test]
fn wide_table_side_by_side_lists() {
    let (_, g) = only_grid("wide");
    assert_eq!((g.rows, g.cols), (7, 12));
    let r = rows(&g);
    assert_eq!(r[0], "组1{1x3} | 组2{1x3} | 组3{1x3} | 组4{1x3}");
    assert_eq!(
        r[1],
        "编码 | 名称 | 金额 | 编码 | 名称 | 金额 | 编码 | 名称 | 金额 | 编码 | 名称 | 金额"
    );
    assert_eq!(
        r[6],
        "305 | 名称04 | 4.00 | 315 | 名称14 | 14.00 | 325 | 名称24 | 24.00 | 335 | 名称34 | 34.00"
    );
}

#[test]
fn horizontal_rules_only_with_wrapped_name() {
    let (b, g) = only_grid("hrules");
    assert_eq!(
        rows(&g),
        vec![
            "编码 | 名称 | 合计 | 基本支出",
            "201 | 一般公共服务 | 10.00 | 8.00",
            "20101 | 人大事务和其他需要换行的事务 | 6.00 | 4.00",
            "2010101 | 行政运行 | 4.00 | 4.00",
            "208 | 社会保障 | 3.00 | ",
        ]
    );
    assert_eq!(texts(&b), vec!["横线表", "注：本表为示例。"]);
}

#[test]
fn borderless_table() {
    let (_, g) = only_grid("borderless");
    assert_eq!(
        rows(&g),
        vec![
            "项目 | 预算数 | 决算数",
            "因公出国费 | 1.00 | 0.50",
            "公务接待费 | 2.00 | 1.75",
            "合计 | 3.00 | 2.25",
        ]
    );
}

#[test]
fn word_table_with_vertical_and_horizontal_merges() {
    let (b, g) = only_grid("word_table");
    assert_eq!(
        rows(&g),
        vec![
            "一级指标{2x1} | 指标值{1x3}",
            "年初 | 全年 | 得分",
            "产出 | 100 | 98 | 9.5",
            "效益 | ≥90% | 95% | 10",
        ]
    );
    assert_eq!(
        texts(&b),
        vec![
            "一、部门概况",
            "本部门主要职责是示例文字，用于测试版面还原。",
            "注：示例。"
        ]
    );
    // order: two text lines, the grid, the note
    assert!(matches!(b[2], Block::Grid(_)));
}

#[test]
fn real_lattice_with_open_merges() {
    let (b, g) = only_grid("real_jc2017_p10");
    assert_eq!((g.rows, g.cols), (26, 6));
    let r = rows(&g);
    assert_eq!(r[0], "收入{1x2} | 支出{1x4}");
    assert_eq!(
        r[1],
        "项目名称{2x1} | 金额{2x1} | 功能分类{1x2} | 支出用途{1x2}"
    );
    assert_eq!(r[2], "功能科目名称 | 金额 | 项目名称 | 金额");
    assert_eq!(
        r[3],
        "一、财政拨款 | 17,981.68 | 一、一般公共服务支出 |  | 一、基本支出 | 12,323.48"
    );
    // wrapped cell text joined without separator
    assert_eq!(
        r[5],
        "2.政府性基金预算 |  | 三、国防支出 |  | 三、单位预留机动经费 | 140.20"
    );
    assert_eq!(
        r[23],
        "当年收入小计 | 17,996.68 | 当年支出小计{1x3} | 17,996.68"
    );
    assert_eq!(r[25], "收入合计 | 17,996.68 | 支出合计{1x3} | 17,996.68");
    assert_eq!(
        texts(&b),
        vec!["一、收支预算总表", "部门： 江苏省人民检察院 单位：万元"]
    );
}

#[test]
fn real_lattice_with_background_rects_and_prose_above() {
    let b = layout_document(&load("real_jc2018_p13"));
    let g = grids(&b);
    assert_eq!(g.len(), 1);
    assert_eq!((g[0].rows, g[0].cols), (20, 6));
    assert_eq!(rows(g[0])[19], " |  | 十七、国土海洋气象等支 |  |  | ");
    let t = texts(&b);
    assert_eq!(t.len(), 7);
    assert_eq!(t[4], "第二部分2018年度部门预算表");
    assert_eq!(t[5], "公开01表：收支预算总表");
}

/// Watermark glyphs (large, rotated or repeated on every page) and page numbers vanish.
#[test]
fn watermark_and_page_numbers_dropped() {
    let mut pages = load("continued");
    for p in &mut pages {
        // a rotated watermark over the table and a big upright one repeated on every page
        for (k, ch) in "仅供内部审核".chars().enumerate() {
            let x = 150.0 + 40.0 * k as f32;
            let y = 300.0 - 30.0 * k as f32;
            p.glyphs.push(Glyph {
                text: ch.to_string(),
                x0: x,
                y0: y,
                x1: x + 40.0,
                y1: y + 40.0,
                size: 40.0,
                upright: false,
            });
            p.glyphs.push(Glyph {
                text: ch.to_string(),
                x0: 100.0 + 40.0 * k as f32,
                y0: 40.0,
                x1: 140.0 + 40.0 * k as f32,
                y1: 80.0,
                size: 40.0,
                upright: true,
            });
        }
        let n = format!("- {} -", p.number);
        for (k, ch) in n.chars().enumerate() {
            let x = 290.0 + 6.0 * k as f32;
            p.glyphs.push(Glyph {
                text: ch.to_string(),
                x0: x,
                y0: p.height - 30.0,
                x1: x + 5.0,
                y1: p.height - 20.0,
                size: 10.0,
                upright: true,
            });
        }
    }
    let b = layout_document(&pages);
    let g = grids(&b);
    assert_eq!(g.len(), 2, "{}", render(&b));
    assert_eq!(rows(g[0])[0], "科目编码 | 科目名称 | 金额");
    assert_eq!(rows(g[0])[5], "2010105 | 科目5 | 6.25");
    assert_eq!(texts(&b), vec!["支出表"], "{}", render(&b));
}

#[test]
fn fake_bold_outline_segments_ignored() {
    let mut pages = load("two_sided");
    let p = &mut pages[0];
    // outline strokes inside every glyph box
    let boxes: Vec<[f32; 4]> = p.glyphs.iter().map(|g| [g.x0, g.y0, g.x1, g.y1]).collect();
    for [x0, y0, x1, y1] in boxes {
        let my = (y0 + y1) / 2.0;
        let mx = (x0 + x1) / 2.0;
        p.segments.push(page::Segment {
            x0: x0 + 0.5,
            y0: my,
            x1: x1 - 0.5,
            y1: my,
        });
        p.segments.push(page::Segment {
            x0: mx,
            y0: y0 + 0.5,
            x1: mx,
            y1: y1 - 0.5,
        });
    }
    let (_, g) = only_grid_pages(&pages);
    assert_eq!((g.rows, g.cols), (6, 4));
    assert_eq!(
        rows(&g)[4],
        "三、其他收入 |  | 三、灾害防治及应急管理支出和其他很长的名称 | 20.00"
    );
}

fn only_grid_pages(pages: &[PageContent]) -> (Vec<Block>, Grid) {
    let b = layout_document(pages);
    let g = grids(&b);
    assert_eq!(g.len(), 1, "{}", render(&b));
    let g = g[0].clone();
    (b, g)
}

#[test]
fn text_joining() {
    let g = |t: &str, x0: f32| Glyph {
        text: t.into(),
        x0,
        y0: 0.0,
        x1: x0 + 5.0,
        y1: 10.0,
        size: 10.0,
        upright: true,
    };
    let all = vec![
        g("2", 0.0),
        g("2", 5.0),
        g("4", 14.0),
        g("合", 19.0),
        g("计", 40.0),
    ];
    assert_eq!(text::join_line(&all, &[0, 1, 2, 3, 4]), "22 4合计");
    assert_eq!(
        text::join_lines(&["本年收入合".into(), "计".into()]),
        "本年收入合计"
    );
}

/// The ruled region misses the first column: its text stands left of the grid.
#[test]
fn ruled_region_missing_outer_column() {
    let mut pages = load("continued");
    let p = &mut pages[1];
    // drop the verticals and horizontal extents left of the second column
    let x_second = p
        .segments
        .iter()
        .filter(|s| (s.x0 - s.x1).abs() < 0.1)
        .map(|s| s.x0)
        .fold(f32::MAX, f32::min);
    p.segments
        .retain(|s| !((s.x0 - s.x1).abs() < 0.1 && (s.x0 - x_second).abs() < 1.0));
    let x_cut = p
        .segments
        .iter()
        .filter(|s| (s.x0 - s.x1).abs() < 0.1)
        .map(|s| s.x0)
        .fold(f32::MAX, f32::min);
    for s in &mut p.segments {
        if (s.y0 - s.y1).abs() < 0.1 {
            s.x0 = s.x0.max(x_cut);
        }
    }
    let b = layout_document(&pages[1..]);
    let g = grids(&b);
    assert_eq!(g.len(), 1, "{}", render(&b));
    assert_eq!((g[0].rows, g[0].cols), (17, 3), "{}", render(&b));
    assert_eq!(rows(g[0])[0], "科目编码 | 科目名称 | 金额");
    assert_eq!(rows(g[0])[16], "2010160 | 科目60 | 75.00");
}

/// A synthetic page of glyphs: texts placed at their left edge, amounts at their right edge
/// (a CJK character 10 pt wide, others 5 pt, size 10).
fn synthetic_page(
    number: u32,
    texts: &[(&str, f32, f32)],
    amounts: &[(&str, f32, f32)],
) -> PageContent {
    let width = |c: char| if text::is_cjk(c) { 10.0 } else { 5.0 };
    let mut glyphs = Vec::new();
    let mut put = |s: &str, mut x: f32, y: f32| {
        for c in s.chars() {
            glyphs.push(Glyph {
                text: c.to_string(),
                x0: x,
                y0: y,
                x1: x + width(c),
                y1: y + 10.0,
                size: 10.0,
                upright: true,
            });
            x += width(c);
        }
    };
    for &(s, x, y) in texts {
        put(s, x, y);
    }
    for &(s, x1, y) in amounts {
        put(s, x1 - s.chars().map(width).sum::<f32>(), y);
    }
    PageContent {
        number,
        width: 600.0,
        height: 800.0,
        glyphs,
        segments: Vec::new(),
        undecodable_glyphs: 0,
        has_images: false,
    }
}

/// An unruled table running to the bottom of page 1 goes on at the top of page 2 with no
/// header: its rows there never fill 人员 and 公用 on one line, which alone would make one
/// column of them; in the columns of page 1 they keep theirs.
#[test]
fn headerless_continuation_keeps_the_columns_of_the_page_before() {
    let mut pages = Vec::new();
    for (number, top, n, header) in [(1u32, 100.0f32, 40usize, true), (2, 60.0, 6, false)] {
        let mut texts: Vec<(String, f32, f32)> = Vec::new();
        let mut amounts: Vec<(String, f32, f32)> = Vec::new();
        let mut y = top;
        if header {
            texts.extend([("编码".into(), 50.0, y), ("名称".into(), 120.0, y)]);
            for (w, x1) in [("合计", 400.0), ("人员", 480.0), ("公用", 560.0)] {
                amounts.push((w.into(), x1, y));
            }
            y += 16.0;
        }
        for k in 0..n {
            let i = k + if header { 0 } else { 40 };
            texts.push((format!("301{i:02}"), 50.0, y));
            texts.push((format!("名称{i}"), 120.0, y));
            let v = format!("{}.00", i + 1);
            amounts.push((v.clone(), 400.0, y));
            amounts.push((v, if i % 2 == 0 { 480.0 } else { 560.0 }, y));
            y += 16.0;
        }
        let t: Vec<(&str, f32, f32)> = texts.iter().map(|(s, x, y)| (s.as_str(), *x, *y)).collect();
        let a: Vec<(&str, f32, f32)> = amounts
            .iter()
            .map(|(s, x, y)| (s.as_str(), *x, *y))
            .collect();
        pages.push(synthetic_page(number, &t, &a));
    }
    let b = layout_document(&pages);
    let g = grids(&b);
    assert_eq!(g.len(), 2, "{}", render(&b));
    assert_eq!((g[0].cols, g[1].cols), (5, 5), "{}", render(&b));
    assert_eq!(
        rows(g[1])[0],
        "30140 | 名称40 | 41.00 | 41.00 | ",
        "{}",
        render(&b)
    );
    assert_eq!(
        rows(g[1])[1],
        "30141 | 名称41 | 42.00 |  | 42.00",
        "{}",
        render(&b)
    );
}

#[test]
fn outlined_title_over_small_body_is_no_grid() {
    // A re-distilled print (pdftocairo of 西安 p21) draws its fake-bold 13 pt title as stroked
    // glyph outlines over a 6 pt table body: the outline strokes sit inside the title glyph and
    // are no table rules, even though the title is more than twice the body size.
    let glyph = |t: &str, x0: f32, y0: f32, size: f32| page::Glyph {
        text: t.into(),
        x0,
        y0,
        x1: x0 + size,
        y1: y0 + size,
        size,
        upright: true,
    };
    let mut glyphs = vec![
        glyph("部", 355.0, 73.1, 13.0),
        glyph("门", 368.0, 73.1, 13.0),
    ];
    for i in 0..40 {
        glyphs.push(glyph("1", 40.0 + 6.0 * i as f32, 200.0, 6.0));
    }
    // a closed box and a cross of outline strokes inside 部
    let seg = |x0: f32, y0: f32, x1: f32, y1: f32| page::Segment { x0, y0, x1, y1 };
    let segments = vec![
        seg(357.7, 81.2, 360.7, 81.2),
        seg(360.7, 81.2, 360.7, 83.8),
        seg(357.7, 83.8, 360.7, 83.8),
        seg(357.7, 81.2, 357.7, 83.8),
        seg(363.8, 75.6, 363.8, 85.6),
        seg(355.6, 79.4, 363.0, 79.4),
        seg(363.1, 77.2, 363.1, 85.9),
    ];
    let (hs, vs) = lattice::page_rules(&glyphs, &segments);
    assert!(hs.is_empty() && vs.is_empty(), "{hs:?} {vs:?}");
    // a 40 pt upright watermark glyph's box still does not hide a real rule drawn across it
    glyphs.push(glyph("内", 100.0, 100.0, 40.0));
    let (hs, _) = lattice::page_rules(&glyphs, &[seg(101.0, 120.0, 139.0, 120.0)]);
    assert_eq!(hs.len(), 1);
}
