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
