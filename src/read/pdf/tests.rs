//! Extraction tests on the fixtures of tests/fixtures/pdf (made by make_fixtures.py).

use super::page::{Glyph, PageContent};
use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let p = format!("{}/tests/fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn text(glyphs: &[&Glyph]) -> String {
    glyphs.iter().map(|g| g.text.as_str()).collect()
}

/// Glyphs whose baseline box lies around `y` (top-left coordinates), left to right.
fn line_at(p: &PageContent, y: f32) -> Vec<&Glyph> {
    let mut v: Vec<&Glyph> = p.glyphs.iter().filter(|g| g.y0 <= y && g.y1 >= y).collect();
    v.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    v
}

fn near(a: f32, b: f32, tol: f32) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn predefined_ucs2_cmap_decodes_with_positions() {
    let ex = extract(&fixture("predefined_cmap.pdf")).unwrap();
    assert_eq!(ex.pages.len(), 2);
    let p = &ex.pages[0];
    assert!(near(p.width, 595.27, 0.1) && near(p.height, 841.89, 0.1));
    assert_eq!(p.undecodable_glyphs, 0);
    // drawString(72, 800, ...) at 12pt: baseline 41.89 from the top.
    let title = line_at(p, 40.0);
    assert_eq!(text(&title), "收入支出决算总表2024年");
    assert!(near(title[0].x0, 72.0, 0.01), "{:?}", title[0]);
    assert!(
        near(title[0].x1, 84.0, 0.01),
        "full-width char is 1 em wide"
    );
    assert!(near(title[0].size, 12.0, 0.01));
    assert!(title.iter().all(|g| g.upright));
    assert!(
        title.windows(2).all(|w| w[1].x0 >= w[0].x1 - 0.01),
        "x increasing"
    );
    // "2024" is half-width: narrower than the ideographs.
    let two = title.iter().find(|g| g.text == "2").unwrap();
    assert!(two.x1 - two.x0 < 9.0, "{two:?}");
    assert!(two.y0 < 41.89 && two.y1 > 41.89);
    assert_eq!(text(&line_at(p, 841.89 - 668.0)), "合计9,316.63");
    // The ruled table: 3 horizontal, 3 vertical rules.
    let h: Vec<_> = p.segments.iter().filter(|s| s.y0 == s.y1).collect();
    let v: Vec<_> = p.segments.iter().filter(|s| s.x0 == s.x1).collect();
    assert_eq!((h.len(), v.len()), (3, 3), "{:?}", p.segments);
    assert!(h.iter().any(|s| near(s.y0, 841.89 - 700.0, 0.01)
        && near(s.x0, 72.0, 0.01)
        && near(s.x1, 372.0, 0.01)));
    assert!(v.iter().any(|s| near(s.x0, 222.0, 0.01)
        && near(s.y0, 841.89 - 700.0, 0.01)
        && near(s.y1, 841.89 - 660.0, 0.01)));
}

#[test]
fn rotated_page_reads_upright_top_left() {
    let ex = extract(&fixture("predefined_cmap.pdf")).unwrap();
    let p = &ex.pages[1];
    // MediaBox [0 0 841.89 595.28] (landscape) with /Rotate 90: displayed portrait.
    assert!(near(p.width, 595.27, 0.1) && near(p.height, 841.89, 0.1));
    let upright: Vec<&Glyph> = {
        let mut v: Vec<&Glyph> = p.glyphs.iter().filter(|g| g.upright).collect();
        v.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        v
    };
    assert_eq!(text(&upright), "旋转页面");
    assert!(near(upright[0].x0, 72.0, 0.01), "{:?}", upright[0]);
    assert!(upright[0].y0 < 100.0 && upright[0].y1 > 100.0 && upright[0].y1 < 103.0);
    assert!(near(upright[0].x1 - upright[0].x0, 12.0, 0.01));
    // Text drawn unrotated on a /Rotate 90 page runs downwards: not upright.
    let vertical: Vec<&Glyph> = p.glyphs.iter().filter(|g| !g.upright).collect();
    assert_eq!(text(&vertical), "竖排");
    // User (300, 500) → displayed x = 500, y = 300; the second char is below the first.
    assert!(vertical[0].x0 < 500.0 && vertical[0].x1 > 500.0);
    assert!(vertical[1].y0 > vertical[0].y0 + 11.0);
}

#[test]
fn handmade_fonts_forms_rules_and_cropbox() {
    let ex = extract(&fixture("handmade.pdf")).unwrap();
    let p = &ex.pages[0];
    // CropBox [50 50 550 750]: displayed = (x - 50, 750 - y).
    assert_eq!((p.width, p.height), (500.0, 700.0));
    // GBK-EUC-H, no ToUnicode: 'A' (1 byte, W of CID 34 = 600) then 预算 (2 bytes, DW).
    let l = line_at(p, 48.0);
    assert_eq!(text(&l), "A预算");
    assert!(
        near(l[0].x0, 50.0, 0.01) && near(l[0].x1, 56.0, 0.01),
        "{:?}",
        l[0]
    );
    assert!(
        near(l[1].x0, 56.0, 0.01) && near(l[2].x0, 66.0, 0.01),
        "{:?}",
        l[1]
    );
    assert!(near(l[0].y1 - l[0].y0, 10.0, 0.01));
    // Simple font with Differences /uni4E2D, /Widths, TJ kerning of one em.
    let l = line_at(p, 98.0);
    assert_eq!(text(&l), "A中B");
    assert!(near(l[0].x1, 64.0, 0.01), "{:?}", l[0]);
    assert!(
        near(l[1].x0, 84.0, 0.01) && near(l[1].x1, 104.0, 0.01),
        "{:?}",
        l[1]
    );
    assert!(near(l[2].x1, 120.0, 0.01), "{:?}", l[2]);
    // Form XObject with /Matrix [2 0 0 2 300 300]: "B" at 20pt at (250, 450).
    let b = line_at(p, 448.0);
    assert_eq!(text(&b), "B");
    assert!(
        near(b[0].x0, 250.0, 0.01) && near(b[0].size, 20.0, 0.01),
        "{:?}",
        b[0]
    );
    // Identity-H without ToUnicode: counted, not emitted.
    assert_eq!(p.undecodable_glyphs, 2);
    assert_eq!(p.glyphs.len(), 7);
    // Inline image.
    assert!(p.has_images);
    // Segments: the form's line and the thin filled rule; the curve is dropped.
    let mut segs = p.segments.clone();
    segs.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    assert_eq!(segs.len(), 2, "{segs:?}");
    assert!(near(segs[0].y0, 249.75, 0.01) && near(segs[0].x0, 50.0, 0.01));
    assert!(near(segs[0].x1, 250.0, 0.01) && segs[0].y0 == segs[0].y1);
    assert!(near(segs[1].y0, 450.0, 0.01) && near(segs[1].x0, 250.0, 0.01));
    assert!(near(segs[1].x1, 450.0, 0.01));
}

#[test]
fn office_identity_h_with_tounicode() {
    let ex = extract(&fixture("office_table.pdf")).unwrap();
    let p = &ex.pages[0];
    assert_eq!(p.undecodable_glyphs, 0);
    let all: String = p.glyphs.iter().map(|g| g.text.as_str()).collect();
    for want in [
        "一般公共预算财政拨款支出决算表",
        "科目编码",
        "2240101",
        "行政运行",
        "1,234.56",
    ] {
        assert!(all.contains(want), "{want} not in {all}");
    }
    // The code's digits are on one line, left to right.
    let g7: Vec<&Glyph> = {
        let first = p.glyphs.iter().position(|g| g.text == "2").unwrap();
        p.glyphs[first..first + 7].iter().collect()
    };
    assert_eq!(text(&g7), "2240101");
    assert!(
        g7.windows(2)
            .all(|w| w[1].x0 > w[0].x0 && near(w[1].y0, w[0].y0, 0.5))
    );
    // Table Grid borders: at least 4 horizontal and 4 vertical rules.
    let h = p.segments.iter().filter(|s| s.y0 == s.y1).count();
    let v = p.segments.iter().filter(|s| s.x0 == s.x1).count();
    assert!(h >= 4 && v >= 4, "{h} {v}: {:?}", p.segments);
}

#[test]
fn empty_password_encryption_opens() {
    let ex = extract(&fixture("encrypted_empty.pdf")).unwrap();
    let t: String = ex.pages[0].glyphs.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(t, "EncryptedHello");
}

#[test]
fn user_password_is_an_encrypted_error() {
    match extract(&fixture("encrypted_user.pdf")) {
        Err(ReadError::Encrypted) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn scanned_page_is_named() {
    let doc = read(&fixture("scanned.pdf")).unwrap();
    assert_eq!(doc.pages, Some(1));
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    assert_eq!(doc.warnings[0].code, "scanned_pages");
    assert_eq!(doc.warnings[0].origin.page, Some(1));
    assert!(doc.warnings[0].message.contains("page 1"));
}

#[test]
fn undecodable_pages_are_named() {
    let mut pages = vec![PageContent {
        number: 1,
        ..Default::default()
    }];
    pages.push(PageContent {
        number: 2,
        undecodable_glyphs: 50,
        ..Default::default()
    });
    let w = text_layer_warnings(&pages);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, "undecodable_text");
    assert!(w[0].message.starts_with("page 2:"), "{}", w[0].message);
    assert_eq!(pages_phrase(&[1, 2, 3, 5]), "pages 1–3, 5");
}

#[test]
fn truncated_and_garbage_files_error_without_panic() {
    let bytes = fixture("office_table.pdf");
    for cut in [10, 100, 1000, bytes.len() / 2, bytes.len() - 200] {
        // Either an error or a (possibly partial) extraction: never a panic.
        let _ = extract(&bytes[..cut]);
    }
    assert!(matches!(extract(&bytes[..10]), Err(ReadError::Corrupt(_))));
    assert!(extract(b"%PDF-1.4\ngarbage").is_err());
    // Flip bytes throughout the file.
    let mut noisy = bytes.clone();
    for i in (0..noisy.len()).step_by(97) {
        noisy[i] ^= 0x5a;
    }
    let _ = extract(&noisy);
}

#[test]
fn real_pdf_rotated_a3_table_page() {
    // One of the published files, when present (they are not part of the repository).
    let p = "/work/shared/real/江苏省人大办公厅__江苏省人大常委会办公厅2019年部门预算公开表.pdf";
    let Ok(bytes) = std::fs::read(p) else { return };
    let ex = extract(&bytes).unwrap();
    assert_eq!(ex.pages.len(), 13);
    let pg = &ex.pages[0];
    assert!(pg.width > pg.height, "landscape after /Rotate 90");
    let t: String = pg.glyphs.iter().map(|g| g.text.as_str()).collect();
    assert!(t.contains("收支预算总表"));
    // The title is the topmost line, centred on the landscape page.
    let top = pg
        .glyphs
        .iter()
        .min_by(|a, b| a.y0.total_cmp(&b.y0))
        .unwrap();
    assert!(
        top.text == "收" || "收支预算总表".contains(&top.text),
        "{top:?}"
    );
    assert!(top.x0 > 300.0 && top.x0 < 700.0, "{top:?}");
    assert!(t.contains("18,330.37"));
    assert!(pg.glyphs.iter().all(|g| g.upright));
    assert!(pg.segments.len() > 20);
}

#[test]
fn text_a_clip_hides_entirely_is_not_printed() {
    let ex = extract(&fixture("clipped.pdf")).unwrap();
    let p = &ex.pages[0];
    let all: String = p.glyphs.iter().map(|g| g.text.as_str()).collect();
    // the CSS lines behind the empty cell's clip are gone, nothing else is
    assert!(!all.contains("overflow"), "{all}");
    assert!(!all.contains("display"), "{all}");
    // y = 841.89 - baseline: the cell's own overflowing second line stays
    assert_eq!(text(&line_at(p, 841.89 - 706.0)), "会展专场推介");
    assert_eq!(text(&line_at(p, 841.89 - 693.0)), "活动经费");
    assert_eq!(text(&line_at(p, 841.89 - 653.0)), "合计");
    // the rule wholly outside its clip is not printed
    assert!(p.segments.is_empty(), "{:?}", p.segments);
}
