//! The content-stream interpreter: graphics and text state, fonts, Form XObjects and paths →
//! glyphs with boxes and ruling segments, in displayed-page coordinates (top-left origin,
//! y downwards, page rotation applied).

use super::content::{Lexer, Tok};
use super::font::Font;
use super::page::{Glyph, PageContent, Segment};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Affine matrix [a b c d e f]: (x, y) → (a x + c y + e, b x + d y + f).
pub type M = [f32; 6];
pub const IDENTITY: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a` then `b` (PDF's row-vector convention: a × b).
#[inline]
pub fn mul(a: &M, b: &M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

#[inline]
pub fn apply(m: &M, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// Limits per page.
pub const MAX_OPS_PER_PAGE: usize = 5_000_000;
/// Operators read in a whole document (forms drawn many times count each time): a 500-page
/// report uses a few million; forms that fan out can ask for billions.
pub const MAX_OPS_PER_DOCUMENT: usize = 20_000_000;
pub const MAX_FORM_DEPTH: usize = 16;
pub const MAX_CONTENT_BYTES: usize = 128 * 1024 * 1024;
const MAX_SEGMENTS: usize = 100_000;
const MAX_GLYPHS: usize = 100_000;
/// Segments shorter than this (points) are dropped (glyph outlines drawn as paths, dots).
const MIN_SEGMENT: f32 = 2.0;
/// A filled rectangle no thicker than this is a rule.
const MAX_RULE_THICKNESS: f32 = 3.0;
/// Glyph box in em, relative to the baseline (descent, ascent).
const DESCENT: f32 = -0.12;
const ASCENT: f32 = 0.88;

#[derive(Clone)]
struct GState {
    ctm: M,
    font: Option<Rc<Font>>,
    size: f32,
    tc: f32,
    tw: f32,
    th: f32,
    tl: f32,
    rise: f32,
    fill_white: bool,
    stroke_white: bool,
    /// Bounding box of the clipping path in displayed-page coordinates (None: the page).
    /// Producers hide overflowing cell text (HTML-made reports print CSS) behind a cell's
    /// clip rectangle; a non-rectangular clip is approximated by its box, so nothing visible
    /// is ever dropped.
    clip: Option<[f32; 4]>,
}

impl GState {
    fn new(ctm: M) -> Self {
        GState {
            ctm,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            rise: 0.0,
            fill_white: false,
            stroke_white: false,
            clip: None,
        }
    }
}

/// Document-wide caches shared by all pages.
pub struct Extractor<'a> {
    pub doc: &'a Document,
    fonts: HashMap<u64, Rc<Font>>,
    forms: HashMap<ObjectId, Rc<Vec<u8>>>,
    null_font: Rc<Font>,
    /// Operators run so far by this extractor, all pages.
    pub ops_total: usize,
}

/// Per-page outcome besides the content.
#[derive(Debug, Default)]
pub struct PageIssues {
    pub truncated: bool,
    pub content_error: Option<String>,
}

struct Ctx {
    out: PageContent,
    page_m: M,
    ops: usize,
    issues: PageIssues,
    form_stack: Vec<ObjectId>,
    text: String,
    /// Glyphs drawn outside their clip: (glyph index, clip key).
    clipped: Vec<(usize, ClipKey)>,
    /// Clips under which some glyph was drawn inside (visible).
    clips_shown: HashSet<ClipKey>,
}

/// A clip box rounded to 0.1 pt: the same cell's clip set again for each line is one clip.
type ClipKey = [i32; 4];

fn clip_key(c: [f32; 4]) -> ClipKey {
    c.map(|v| (v * 10.0).round() as i32)
}

/// Inherited page attribute (Resources, MediaBox, CropBox, Rotate).
pub fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut d = page;
    for _ in 0..32 {
        if let Ok(o) = d.get(key) {
            return doc.dereference(o).ok().map(|(_, o)| o);
        }
        d = d
            .get(b"Parent")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())?;
    }
    None
}

fn rect(doc: &Document, o: Option<&Object>) -> Option<[f32; 4]> {
    let a = o?.as_array().ok()?;
    if a.len() != 4 {
        return None;
    }
    let mut v = [0f32; 4];
    for (i, x) in a.iter().enumerate() {
        v[i] = doc.dereference(x).ok()?.1.as_float().ok()?;
        if !v[i].is_finite() {
            return None;
        }
    }
    let r = [
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ];
    (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r)
}

/// Page box, rotation → (width, height, user space → displayed page matrix).
pub fn page_geometry(doc: &Document, page: &Dictionary) -> (f32, f32, M) {
    let media = rect(doc, inherited(doc, page, b"MediaBox")).unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let bx = match rect(doc, inherited(doc, page, b"CropBox")) {
        Some(c) => {
            let i = [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ];
            if i[2] - i[0] > 1.0 && i[3] - i[1] > 1.0 {
                i
            } else {
                media
            }
        }
        None => media,
    };
    let rot = inherited(doc, page, b"Rotate")
        .and_then(|o| o.as_float().ok())
        .map(|r| (((r as i64 / 90) % 4 + 4) % 4) * 90)
        .unwrap_or(0);
    let [llx, lly, urx, ury] = bx;
    let (w, h) = (urx - llx, ury - lly);
    match rot {
        90 => (h, w, [0.0, 1.0, 1.0, 0.0, -lly, -llx]),
        180 => (w, h, [-1.0, 0.0, 0.0, 1.0, urx, -lly]),
        270 => (h, w, [0.0, -1.0, -1.0, 0.0, ury, urx]),
        _ => (w, h, [1.0, 0.0, 0.0, -1.0, -llx, ury]),
    }
}

fn obj_key(o: &Object, direct: &Dictionary) -> u64 {
    match o {
        Object::Reference(id) => ((id.0 as u64) << 16) | id.1 as u64,
        _ => (1u64 << 63) | (direct as *const Dictionary as usize as u64),
    }
}

fn is_white_gray(v: f32) -> bool {
    v >= 0.98
}

impl<'a> Extractor<'a> {
    pub fn new(doc: &'a Document) -> Self {
        Extractor {
            doc,
            fonts: HashMap::new(),
            forms: HashMap::new(),
            null_font: Rc::new(Font::null()),
            ops_total: 0,
        }
    }

    fn deref(&self, o: &'a Object) -> Option<&'a Object> {
        self.doc.dereference(o).ok().map(|(_, o)| o)
    }

    /// `resources / category / name`, the object as stored (maybe a reference).
    fn resource(&self, res: Option<&'a Dictionary>, cat: &[u8], name: &[u8]) -> Option<&'a Object> {
        let cat = self.deref(res?.get(cat).ok()?)?.as_dict().ok()?;
        cat.get(name).ok()
    }

    fn font(&mut self, res: Option<&'a Dictionary>, name: &[u8]) -> Rc<Font> {
        let Some(o) = self.resource(res, b"Font", name) else {
            return self.null_font.clone();
        };
        let Some(dict) = self.deref(o).and_then(|d| d.as_dict().ok()) else {
            return self.null_font.clone();
        };
        let key = obj_key(o, dict);
        if let Some(f) = self.fonts.get(&key) {
            return f.clone();
        }
        let f = Rc::new(Font::load(self.doc, dict));
        self.fonts.insert(key, f.clone());
        f
    }

    /// Extract one page. `number` is 1-based.
    pub fn page(&mut self, number: u32, page_id: ObjectId) -> (PageContent, PageIssues) {
        let doc = self.doc;
        let Ok(page) = doc.get_dictionary(page_id) else {
            let issues = PageIssues {
                content_error: Some("page object missing".into()),
                ..Default::default()
            };
            return (
                PageContent {
                    number,
                    width: 595.0,
                    height: 842.0,
                    ..Default::default()
                },
                issues,
            );
        };
        let (width, height, page_m) = page_geometry(doc, page);
        let mut ctx = Ctx {
            out: PageContent {
                number,
                width,
                height,
                ..Default::default()
            },
            page_m,
            ops: 0,
            issues: PageIssues::default(),
            form_stack: Vec::new(),
            text: String::new(),
            clipped: Vec::new(),
            clips_shown: HashSet::new(),
        };
        let res = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());
        match doc.get_page_content_with_limit(page_id, MAX_CONTENT_BYTES) {
            Ok(content) => {
                self.run(&mut ctx, &content, res, GState::new(IDENTITY), 0);
            }
            Err(e) => ctx.issues.content_error = Some(e.to_string()),
        }
        drop_hidden_clips(&mut ctx);
        clip_to_page(&mut ctx.out);
        (ctx.out, ctx.issues)
    }

    fn run(
        &mut self,
        ctx: &mut Ctx,
        data: &[u8],
        res: Option<&'a Dictionary>,
        gs0: GState,
        depth: usize,
    ) {
        let mut lx = Lexer::new(data);
        let mut buf: Vec<u8> = Vec::with_capacity(256);
        let mut ops: Vec<Tok> = Vec::with_capacity(16);
        let mut stack: Vec<GState> = Vec::new();
        let mut gs = gs0;
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        // Path: points in displayed-page coordinates with "reached by a straight line";
        // subpaths as (start index, closed).
        let mut pts: Vec<(f32, f32, bool)> = Vec::new();
        let mut subs: Vec<(usize, bool)> = Vec::new();
        // `W`/`W*` seen: the path ended by the next painting operator also clips.
        let mut clip_pending = false;

        while let Some(t) = lx.next(&mut buf) {
            let Tok::Kw(a, b) = t else {
                if ops.len() < 4096 {
                    ops.push(t);
                }
                continue;
            };
            ctx.ops += 1;
            self.ops_total += 1;
            if ctx.ops > MAX_OPS_PER_PAGE {
                ctx.issues.truncated = true;
                return;
            }
            // The document's bound and the file's budget end the page; extract() says why.
            if self.ops_total > MAX_OPS_PER_DOCUMENT || crate::read::budget::charge(1).is_err() {
                return;
            }
            let op = &data[a as usize..b as usize];
            // Numeric operand i counted from the end (0 = last).
            let n = |i: usize| -> f32 {
                match ops.len().checked_sub(i + 1).map(|k| ops[k]) {
                    Some(Tok::Num(v)) => v,
                    _ => 0.0,
                }
            };
            let nums = |k: usize| -> Option<[f32; 6]> {
                if ops.len() < k {
                    return None;
                }
                let mut v = [0f32; 6];
                for (j, t) in ops[ops.len() - k..].iter().enumerate() {
                    match t {
                        Tok::Num(x) => v[j] = *x,
                        _ => return None,
                    }
                }
                Some(v)
            };
            match op {
                b"q" => {
                    if stack.len() < 256 {
                        stack.push(gs.clone());
                    }
                }
                b"Q" => {
                    if let Some(g) = stack.pop() {
                        gs = g;
                    }
                }
                b"cm" => {
                    if let Some(m) = nums(6) {
                        gs.ctm = mul(&m, &gs.ctm);
                    }
                }
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"ET" => {}
                b"Tf" => {
                    gs.size = n(0);
                    if let Some(Tok::Name(x, y)) = ops.len().checked_sub(2).map(|k| ops[k]) {
                        let name = &buf[x as usize..y as usize];
                        gs.font = Some(self.font(res, name));
                    }
                }
                b"Tc" => gs.tc = n(0),
                b"Tw" => gs.tw = n(0),
                b"Tz" => gs.th = n(0) / 100.0,
                b"TL" => gs.tl = n(0),
                b"Ts" => gs.rise = n(0),
                b"Td" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(1), n(0)], &tlm);
                    tm = tlm;
                }
                b"TD" => {
                    gs.tl = -n(0);
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(1), n(0)], &tlm);
                    tm = tlm;
                }
                b"Tm" => {
                    if let Some(m) = nums(6) {
                        tlm = m;
                        tm = m;
                    }
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" => {
                    if op == b"\"" {
                        gs.tw = n(2);
                        gs.tc = n(1);
                    }
                    if op != b"Tj" {
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                        tm = tlm;
                    }
                    if let Some(Tok::Str(x, y)) = ops.last().copied() {
                        self.show(ctx, &gs, &mut tm, &buf[x as usize..y as usize]);
                    }
                }
                b"TJ" => {
                    for t in ops.iter() {
                        match *t {
                            Tok::Str(x, y) => {
                                self.show(ctx, &gs, &mut tm, &buf[x as usize..y as usize])
                            }
                            Tok::Num(v) => {
                                let tx = -v / 1000.0 * gs.size * gs.th;
                                tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                            }
                            _ => {}
                        }
                    }
                }
                // Paths.
                b"m" => {
                    let m = mul(&gs.ctm, &ctx.page_m);
                    let (x, y) = apply(&m, n(1), n(0));
                    subs.push((pts.len(), false));
                    pts.push((x, y, false));
                }
                b"l" => {
                    let m = mul(&gs.ctm, &ctx.page_m);
                    let (x, y) = apply(&m, n(1), n(0));
                    if subs.is_empty() {
                        subs.push((pts.len(), false));
                    }
                    pts.push((x, y, true));
                }
                b"c" | b"v" | b"y" => {
                    let m = mul(&gs.ctm, &ctx.page_m);
                    let (x, y) = apply(&m, n(1), n(0));
                    if subs.is_empty() {
                        subs.push((pts.len(), false));
                    }
                    pts.push((x, y, false));
                }
                b"h" => {
                    if let Some(s) = subs.last_mut() {
                        s.1 = true;
                    }
                }
                b"re" => {
                    if let Some(v) = nums(4) {
                        let [x, y, w, h, ..] = v;
                        let m = mul(&gs.ctm, &ctx.page_m);
                        subs.push((pts.len(), true));
                        for (i, (px, py)) in [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
                            .into_iter()
                            .enumerate()
                        {
                            let (dx, dy) = apply(&m, px, py);
                            pts.push((dx, dy, i > 0));
                        }
                    }
                }
                b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"n" => {
                    if op == b"s" || op == b"b" || op == b"b*" {
                        if let Some(s) = subs.last_mut() {
                            s.1 = true;
                        }
                    }
                    let stroke = matches!(op, b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*");
                    let fill = matches!(op, b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*");
                    let first_new = ctx.out.segments.len();
                    if stroke && !gs.stroke_white {
                        emit_stroke(&mut ctx.out.segments, &pts, &subs);
                    }
                    if fill && !gs.fill_white {
                        emit_fill(&mut ctx.out.segments, &pts, &subs);
                    }
                    if let Some(c) = gs.clip {
                        drop_outside(&mut ctx.out.segments, first_new, c);
                    }
                    // the clip applies to what is painted after this operator
                    if std::mem::take(&mut clip_pending) {
                        if let Some(b) = points_box(pts.iter().map(|p| (p.0, p.1))) {
                            gs.clip = Some(intersect(gs.clip, b));
                        }
                    }
                    pts.clear();
                    subs.clear();
                }
                // Colours: only "is it white" matters (white rules are invisible).
                b"g" => gs.fill_white = is_white_gray(n(0)),
                b"G" => gs.stroke_white = is_white_gray(n(0)),
                b"rg" => gs.fill_white = [n(0), n(1), n(2)].iter().all(|v| is_white_gray(*v)),
                b"RG" => gs.stroke_white = [n(0), n(1), n(2)].iter().all(|v| is_white_gray(*v)),
                b"k" => gs.fill_white = [n(0), n(1), n(2), n(3)].iter().all(|v| *v <= 0.02),
                b"K" => gs.stroke_white = [n(0), n(1), n(2), n(3)].iter().all(|v| *v <= 0.02),
                b"cs" => gs.fill_white = false,
                b"CS" => gs.stroke_white = false,
                b"sc" | b"scn" | b"SC" | b"SCN" => {
                    let k = ops.iter().take_while(|t| matches!(t, Tok::Num(_))).count();
                    let white = ops.len() == k
                        && match k {
                            1 | 3 => (0..k).all(|i| is_white_gray(n(i))),
                            4 => (0..k).all(|i| n(i) <= 0.02),
                            _ => false,
                        };
                    if op == b"sc" || op == b"scn" {
                        gs.fill_white = white;
                    } else {
                        gs.stroke_white = white;
                    }
                }
                b"Do" => {
                    if let Some(Tok::Name(x, y)) = ops.last().copied() {
                        let name = buf[x as usize..y as usize].to_vec();
                        self.xobject(ctx, res, &name, &gs, depth);
                        if ctx.issues.truncated {
                            return;
                        }
                    }
                }
                b"W" | b"W*" => clip_pending = true,
                b"BI" => {
                    lx.skip_inline_image();
                    ctx.out.has_images = true;
                }
                _ => {}
            }
            ops.clear();
            buf.clear();
        }
    }

    fn xobject(
        &mut self,
        ctx: &mut Ctx,
        res: Option<&'a Dictionary>,
        name: &[u8],
        gs: &GState,
        depth: usize,
    ) {
        let Some(o) = self.resource(res, b"XObject", name) else {
            return;
        };
        let id = o.as_reference().ok();
        let Some(stream) = self.deref(o).and_then(|s| s.as_stream().ok()) else {
            return;
        };
        let subtype = stream.dict.get(b"Subtype").and_then(|s| s.as_name()).ok();
        match subtype {
            Some(b"Image") => ctx.out.has_images = true,
            Some(b"Form") => {
                let Some(id) = id else { return };
                if depth >= MAX_FORM_DEPTH || ctx.form_stack.contains(&id) {
                    return;
                }
                let data = match self.forms.get(&id) {
                    Some(d) => d.clone(),
                    None => {
                        let d = match stream.decompressed_content_with_limit(MAX_CONTENT_BYTES) {
                            Ok(d) => d,
                            Err(_) if stream.dict.get(b"Filter").is_err() => stream.content.clone(),
                            Err(_) => Vec::new(),
                        };
                        let d = Rc::new(d);
                        self.forms.insert(id, d.clone());
                        d
                    }
                };
                let matrix = stream
                    .dict
                    .get(b"Matrix")
                    .ok()
                    .and_then(|m| m.as_array().ok())
                    .and_then(|a| {
                        let v: Vec<f32> = a.iter().filter_map(|x| x.as_float().ok()).collect();
                        (v.len() == 6).then(|| [v[0], v[1], v[2], v[3], v[4], v[5]])
                    })
                    .unwrap_or(IDENTITY);
                let form_res = stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|r| self.deref(r))
                    .and_then(|r| r.as_dict().ok())
                    .or(res);
                let mut g = gs.clone();
                g.ctm = mul(&matrix, &gs.ctm);
                // the form's BBox clips what it paints
                if let Some(b) = stream
                    .dict
                    .get(b"BBox")
                    .ok()
                    .and_then(|b| b.as_array().ok())
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_float().ok())
                            .collect::<Vec<f32>>()
                    })
                    .filter(|v| v.len() == 4)
                {
                    let m = mul(&g.ctm, &ctx.page_m);
                    let corners = [(b[0], b[1]), (b[2], b[1]), (b[0], b[3]), (b[2], b[3])];
                    if let Some(bb) = points_box(corners.map(|(x, y)| apply(&m, x, y))) {
                        g.clip = Some(intersect(g.clip, bb));
                    }
                }
                ctx.form_stack.push(id);
                self.run(ctx, &data, form_res, g, depth + 1);
                ctx.form_stack.pop();
            }
            _ => {}
        }
    }

    /// Show a string: one glyph per code, advancing the text matrix.
    fn show(&self, ctx: &mut Ctx, gs: &GState, tm: &mut M, bytes: &[u8]) {
        let font: &Font = gs.font.as_deref().unwrap_or(&self.null_font);
        let base = mul(&gs.ctm, &ctx.page_m);
        let size = gs.size;
        let mut i = 0;
        while i < bytes.len() {
            let (code, len) = font.next_code(&bytes[i..]);
            let cb = &bytes[i..i + len];
            i += len;
            let w = font.width(code, len);
            ctx.text.clear();
            let ok = font.decode(code, cb, &mut ctx.text);
            let visible = ok && ctx.text.chars().any(|c| !c.is_whitespace());
            let garbage = ok
                && ctx
                    .text
                    .chars()
                    .any(|c| (c.is_control() && !c.is_whitespace()) || c == '\u{FFFD}');
            if !ok || garbage {
                ctx.out.undecodable_glyphs += 1;
            } else if visible && ctx.out.glyphs.len() < MAX_GLYPHS {
                let trm = mul(
                    &mul(&[size * gs.th, 0.0, 0.0, size, 0.0, gs.rise], tm),
                    &base,
                );
                let ww = if w > 0.0 { w } else { 0.5 };
                let mut x0 = f32::MAX;
                let mut y0 = f32::MAX;
                let mut x1 = f32::MIN;
                let mut y1 = f32::MIN;
                for (gx, gy) in [(0.0, DESCENT), (ww, DESCENT), (0.0, ASCENT), (ww, ASCENT)] {
                    let (x, y) = apply(&trm, gx, gy);
                    x0 = x0.min(x);
                    y0 = y0.min(y);
                    x1 = x1.max(x);
                    y1 = y1.max(y);
                }
                let eff = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
                let hidden_by = gs.clip.filter(|c| !overlaps(*c, [x0, y0, x1, y1]));
                let upright = trm[0] > 0.0 && trm[1].abs() <= 0.05 * trm[0] && trm[3] < 0.0;
                if x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite() {
                    match (gs.clip, hidden_by) {
                        (_, Some(c)) => ctx.clipped.push((ctx.out.glyphs.len(), clip_key(c))),
                        (Some(c), None) => {
                            ctx.clips_shown.insert(clip_key(c));
                        }
                        _ => {}
                    }
                    ctx.out.glyphs.push(Glyph {
                        text: ctx.text.clone(),
                        x0,
                        y0,
                        x1,
                        y1,
                        size: eff,
                        upright,
                    });
                }
            }
            let mut tx = w * size + gs.tc;
            if len == 1 && code == 32 {
                tx += gs.tw;
            }
            tx *= gs.th;
            if font.vertical {
                // Vertical writing is approximated as horizontal (rare in these documents).
            }
            tm[4] += tx * tm[0];
            tm[5] += tx * tm[1];
        }
    }
}

/// Slack of the clip tests, in points: a glyph or rule on the clip's edge stays.
const CLIP_SLACK: f32 = 1.0;

/// Bounding box of points; None when there are none or one is not finite.
fn points_box(pts: impl IntoIterator<Item = (f32, f32)>) -> Option<[f32; 4]> {
    let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
    let mut any = false;
    for (x, y) in pts {
        if !(x.is_finite() && y.is_finite()) {
            return None;
        }
        b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
        any = true;
    }
    any.then_some(b)
}

/// The clip after intersecting `clip` (None: unclipped) with the box `b`.
fn intersect(clip: Option<[f32; 4]>, b: [f32; 4]) -> [f32; 4] {
    match clip {
        None => b,
        Some(c) => [
            c[0].max(b[0]),
            c[1].max(b[1]),
            c[2].min(b[2]),
            c[3].min(b[3]),
        ],
    }
}

/// Whether a glyph box shows at least partly inside the clip box.
fn overlaps(c: [f32; 4], g: [f32; 4]) -> bool {
    g[0] < c[2] && g[2] > c[0] && g[1] < c[3] && g[3] > c[1]
}

/// Drop the segments from `first` on that lie wholly outside the clip box.
fn drop_outside(segments: &mut Vec<Segment>, first: usize, c: [f32; 4]) {
    let mut i = first;
    while i < segments.len() {
        let s = segments[i];
        let (x0, x1) = (s.x0.min(s.x1), s.x0.max(s.x1));
        let (y0, y1) = (s.y0.min(s.y1), s.y0.max(s.y1));
        let outside = x1 < c[0] - CLIP_SLACK
            || x0 > c[2] + CLIP_SLACK
            || y1 < c[1] - CLIP_SLACK
            || y0 > c[3] + CLIP_SLACK;
        if outside {
            segments.swap_remove(i);
        } else {
            i += 1;
        }
    }
}

/// Text a clip hides entirely is not printed (an HTML-made report's CSS behind an empty
/// cell's clip); text overflowing a clip that shows some of it is the cell's own content cut
/// by a too small cell (a spreadsheet's long merged cell printed over two pages) and stays.
fn drop_hidden_clips(ctx: &mut Ctx) {
    let mut drop = vec![false; ctx.out.glyphs.len()];
    for (i, key) in &ctx.clipped {
        if !ctx.clips_shown.contains(key) {
            drop[*i] = true;
        }
    }
    let mut i = 0;
    ctx.out.glyphs.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

/// Content outside the displayed page box is not visible: glyphs whose centre lies outside
/// are dropped, segments are clipped to the page.
fn clip_to_page(p: &mut PageContent) {
    let (w, h) = (p.width, p.height);
    p.glyphs.retain(|g| {
        let (cx, cy) = ((g.x0 + g.x1) / 2.0, (g.y0 + g.y1) / 2.0);
        cx >= 0.0 && cx <= w && cy >= 0.0 && cy <= h
    });
    p.segments.retain_mut(|s| {
        s.x0 = s.x0.max(0.0);
        s.y0 = s.y0.max(0.0);
        s.x1 = s.x1.min(w);
        s.y1 = s.y1.min(h);
        s.x0 <= s.x1 && s.y0 <= s.y1 && (s.x1 - s.x0).max(s.y1 - s.y0) >= MIN_SEGMENT
    });
}

fn push_segment(out: &mut Vec<Segment>, a: (f32, f32), b: (f32, f32)) {
    if out.len() >= MAX_SEGMENTS {
        return;
    }
    let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
    if !(dx.is_finite() && dy.is_finite()) {
        return;
    }
    if dy <= 0.5 && dx >= MIN_SEGMENT {
        let y = (a.1 + b.1) / 2.0;
        out.push(Segment {
            x0: a.0.min(b.0),
            y0: y,
            x1: a.0.max(b.0),
            y1: y,
        });
    } else if dx <= 0.5 && dy >= MIN_SEGMENT {
        let x = (a.0 + b.0) / 2.0;
        out.push(Segment {
            x0: x,
            y0: a.1.min(b.1),
            x1: x,
            y1: a.1.max(b.1),
        });
    }
}

fn sub_range(pts: &[(f32, f32, bool)], subs: &[(usize, bool)], k: usize) -> (usize, usize) {
    let start = subs[k].0;
    let end = subs.get(k + 1).map(|s| s.0).unwrap_or(pts.len());
    (start, end.min(pts.len()))
}

fn emit_stroke(out: &mut Vec<Segment>, pts: &[(f32, f32, bool)], subs: &[(usize, bool)]) {
    for k in 0..subs.len() {
        let (s, e) = sub_range(pts, subs, k);
        if e <= s {
            continue;
        }
        for i in s + 1..e {
            if pts[i].2 {
                push_segment(out, (pts[i - 1].0, pts[i - 1].1), (pts[i].0, pts[i].1));
            }
        }
        if subs[k].1 && e - s > 2 {
            push_segment(out, (pts[e - 1].0, pts[e - 1].1), (pts[s].0, pts[s].1));
        }
    }
}

/// Filled subpaths that are thin quadrilaterals (rectangles, mitred border pieces) become one
/// centre-line segment.
fn emit_fill(out: &mut Vec<Segment>, pts: &[(f32, f32, bool)], subs: &[(usize, bool)]) {
    for k in 0..subs.len() {
        let (s, e) = sub_range(pts, subs, k);
        let mut p: Vec<(f32, f32)> = Vec::with_capacity(5);
        for (i, q) in pts[s..e].iter().enumerate() {
            if i > 0 && !q.2 {
                p.clear();
                break;
            }
            p.push((q.0, q.1));
        }
        if p.len() == 5 && (p[4].0 - p[0].0).abs() < 0.01 && (p[4].1 - p[0].1).abs() < 0.01 {
            p.pop();
        }
        if p.len() != 4 {
            continue;
        }
        let (x0, x1) = (
            p.iter().map(|q| q.0).fold(f32::MAX, f32::min),
            p.iter().map(|q| q.0).fold(f32::MIN, f32::max),
        );
        let (y0, y1) = (
            p.iter().map(|q| q.1).fold(f32::MAX, f32::min),
            p.iter().map(|q| q.1).fold(f32::MIN, f32::max),
        );
        // Any thin quadrilateral is a rule: some producers draw each border as a trapezoid
        // with mitred ends (广州 部门预算: (798, 495.15) (42, 495.15) (42, 494.4)
        // (797.25, 494.4)), not as a rectangle.
        let (w, h) = (x1 - x0, y1 - y0);
        if h <= MAX_RULE_THICKNESS && w >= MIN_SEGMENT && w >= h {
            let y = (y0 + y1) / 2.0;
            push_segment(out, (x0, y), (x1, y));
        } else if w <= MAX_RULE_THICKNESS && h >= MIN_SEGMENT {
            let x = (x0 + x1) / 2.0;
            push_segment(out, (x, y0), (x, y1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(pts: &[(f32, f32)]) -> Vec<Segment> {
        let p: Vec<(f32, f32, bool)> = pts
            .iter()
            .enumerate()
            .map(|(i, q)| (q.0, q.1, i > 0))
            .collect();
        let mut out = Vec::new();
        emit_fill(&mut out, &p, &[(0, true)]);
        out
    }

    #[test]
    fn thin_filled_trapezoids_are_rules() {
        // a horizontal border with mitred ends, then a vertical one
        let h = fill(&[
            (798.0, 495.15),
            (42.0, 495.15),
            (42.0, 494.4),
            (797.25, 494.4),
        ]);
        assert_eq!(h.len(), 1);
        assert!(
            h[0].y0 == h[0].y1 && (h[0].x0 - 42.0).abs() < 0.01 && (h[0].x1 - 798.0).abs() < 0.01
        );
        let v = fill(&[
            (42.0, 84.3),
            (42.0, 36.0),
            (42.75, 36.75),
            (42.75, 84.3),
            (42.0, 84.3),
        ]);
        assert_eq!(v.len(), 1);
        assert!(
            v[0].x0 == v[0].x1 && (v[0].y0 - 36.0).abs() < 0.01 && (v[0].y1 - 84.3).abs() < 0.01
        );
        // a filled box is not a rule
        assert!(fill(&[(0.0, 0.0), (50.0, 0.0), (50.0, 20.0), (0.0, 20.0)]).is_empty());
    }
}
