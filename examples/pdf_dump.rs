//! Dump what the PDF text extractor sees.
//!
//!   cargo run --example pdf_dump -- file.pdf            JSON: {"pages": [PageContent...], "warnings": [...]}
//!   cargo run --example pdf_dump -- file.pdf --text     plain text, glyphs grouped into lines
//!   cargo run --example pdf_dump -- file.pdf --pages 2-3 [--text]
//!   cargo run --example pdf_dump -- --time file.pdf...  pages/s of extraction only

use budget_extract::read::pdf::{self, page::PageContent};
use std::time::Instant;

fn lines(p: &PageContent) -> Vec<String> {
    let mut gs: Vec<&pdf::page::Glyph> = p.glyphs.iter().collect();
    gs.sort_by(|a, b| {
        let (ya, yb) = ((a.y0 + a.y1) / 2.0, (b.y0 + b.y1) / 2.0);
        ya.total_cmp(&yb)
    });
    let mut rows: Vec<Vec<&pdf::page::Glyph>> = Vec::new();
    for g in gs {
        let yc = (g.y0 + g.y1) / 2.0;
        match rows.last_mut() {
            Some(r) if (yc - (r[0].y0 + r[0].y1) / 2.0).abs() < (g.y1 - g.y0) * 0.4 => r.push(g),
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter()
        .map(|mut r| {
            r.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let mut s = String::new();
            let mut last_x1: Option<f32> = None;
            for g in r {
                if let Some(x1) = last_x1
                    && g.x0 - x1 > (g.y1 - g.y0) * 0.3
                {
                    s.push(' ');
                }
                s.push_str(&g.text);
                last_x1 = Some(g.x1);
            }
            s
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(|s| s.as_str()) == Some("--time") {
        let t = Instant::now();
        let mut pages = 0usize;
        for f in &args[1..] {
            let bytes = std::fs::read(f).expect("read file");
            match pdf::extract(&bytes) {
                Ok(ex) => pages += ex.pages.len(),
                Err(e) => eprintln!("{f}: {e}"),
            }
        }
        let s = t.elapsed().as_secs_f64();
        println!("{pages} pages in {s:.3}s = {:.0} pages/s", pages as f64 / s);
        return;
    }
    let Some(path) = args
        .iter()
        .find(|a| !a.starts_with("--") && !a.contains('-') || a.ends_with(".pdf"))
    else {
        eprintln!("usage: pdf_dump FILE.pdf [--text] [--pages A-B]");
        std::process::exit(2);
    };
    let text = args.iter().any(|a| a == "--text");
    let range = args
        .iter()
        .position(|a| a == "--pages")
        .and_then(|i| args.get(i + 1))
        .map(|r| {
            let mut it = r.split('-').map(|x| x.parse::<u32>().unwrap_or(0));
            let a = it.next().unwrap_or(1);
            (a, it.next().unwrap_or(a))
        });
    let bytes = std::fs::read(path).expect("read file");
    let ex = match pdf::extract(&bytes) {
        Ok(ex) => ex,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let pages: Vec<&PageContent> = ex
        .pages
        .iter()
        .filter(|p| range.is_none_or(|(a, b)| p.number >= a && p.number <= b))
        .collect();
    if text {
        for p in pages {
            println!(
                "=== page {} ({}x{}, {} glyphs, {} segments, {} undecodable, images: {})",
                p.number,
                p.width,
                p.height,
                p.glyphs.len(),
                p.segments.len(),
                p.undecodable_glyphs,
                p.has_images
            );
            for l in lines(p) {
                println!("{l}");
            }
        }
        for w in &ex.warnings {
            println!("warning {}: {}", w.code, w.message);
        }
    } else {
        let v = serde_json::json!({ "pages": pages, "warnings": ex.warnings });
        println!("{}", serde_json::to_string_pretty(&v).expect("json"));
    }
}
