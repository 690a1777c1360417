//! Fonts: how the bytes of a shown string split into character codes, what Unicode text each
//! code stands for, and how wide it is.
//!
//! Simple fonts (Type1/TrueType/Type3): one byte per code; text from ToUnicode, else from the
//! /Encoding (base encoding + Differences, decoded through lopdf's tables, plus `uniXXXX`
//! glyph names); widths from /Widths.
//! Type0 fonts: Identity-H/V (2-byte codes = CIDs), embedded CMap streams, or Adobe's
//! predefined Chinese CMaps (UniGB-UCS2-H, UniGB-UTF16-H: the codes are Unicode;
//! GB-EUC-H / GBK-EUC-H / GBKp-EUC-H / GBpc-EUC-H / GBK2K-H: the codes are GB2312/GBK/GB18030);
//! text from ToUnicode first, else from the predefined CMap; widths from /W and /DW by CID.

use super::cmap::CMap;
use lopdf::{Dictionary, Document, Object};

/// How codes of a Type0 font are read, when no ToUnicode map answers.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scheme {
    /// Simple font: one byte per code.
    Simple,
    /// Identity-H / Identity-V: two bytes, CID = code, text only via ToUnicode.
    Identity,
    /// UCS-2 predefined CMap (Uni*-UCS2-H/V): two bytes, code = Unicode.
    Ucs2,
    /// UTF-16 predefined CMap (Uni*-UTF16-H/V): two or four bytes.
    Utf16,
    /// GB2312/GBK EUC CMaps: one byte below 0x81, else two.
    Gbk,
    /// GBK2K (GB 18030): one, two or four bytes.
    Gb18030,
    /// Big Five (B5pc, ETen-B5, HKscs-B5).
    Big5,
    /// Embedded CMap stream (codespace + cid ranges).
    Embedded,
    /// Another predefined CMap we do not know: two bytes, text via ToUnicode only.
    Unknown,
}

pub struct Font {
    scheme: Scheme,
    to_unicode: Option<CMap>,
    /// Embedded encoding CMap (Scheme::Embedded).
    enc: Option<CMap>,
    /// Simple fonts without ToUnicode: code → char (0 = unknown).
    simple_map: Option<Box<[u32; 256]>>,
    /// Simple fonts: advance widths in text space units (em = 1).
    widths: Option<Box<[f32; 256]>>,
    /// Type0: (lo, hi, width in em) sorted by lo.
    cid_widths: Vec<(u32, u32, f32)>,
    default_width: f32,
    pub vertical: bool,
}

/// Glyph names that stand for one Unicode char: `uniXXXX`, `uXXXX[XX]`, single letters and
/// digits, a few common names. Others are resolved through lopdf's glyph list.
pub fn glyph_name_to_char(name: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(name).ok()?;
    let s = s.split('.').next().unwrap_or(s);
    if let Some(h) = s.strip_prefix("uni")
        && h.len() >= 4
        && h.is_char_boundary(4)
    {
        return u32::from_str_radix(&h[..4], 16)
            .ok()
            .and_then(char::from_u32);
    }
    if let Some(h) = s.strip_prefix('u')
        && (4..=6).contains(&h.len())
        && h.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return u32::from_str_radix(h, 16).ok().and_then(char::from_u32);
    }
    if s.len() == 1 && s.as_bytes()[0].is_ascii_alphabetic() {
        return s.chars().next();
    }
    const DIGITS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    if let Some(i) = DIGITS.iter().position(|d| *d == s) {
        return char::from_digit(i as u32, 10);
    }
    Some(match s {
        "space" => ' ',
        "period" => '.',
        "comma" => ',',
        "hyphen" | "minus" => '-',
        "percent" => '%',
        "parenleft" => '(',
        "parenright" => ')',
        "colon" => ':',
        "semicolon" => ';',
        "slash" => '/',
        _ => return None,
    })
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().and_then(|o| deref(doc, o))
}

fn num(o: &Object) -> Option<f32> {
    o.as_float().ok().filter(|v| v.is_finite())
}

/// Limit on decompressed font-related streams (ToUnicode, CMaps).
const STREAM_LIMIT: usize = 16 * 1024 * 1024;

fn stream_bytes(doc: &Document, o: Option<&Object>) -> Option<Vec<u8>> {
    let s = deref(doc, o?)?.as_stream().ok()?;
    match s.decompressed_content_with_limit(STREAM_LIMIT) {
        Ok(v) => Some(v),
        Err(_) if s.dict.get(b"Filter").is_err() => Some(s.content.clone()),
        Err(_) => None,
    }
}

impl Font {
    /// A font whose codes decode to nothing (missing or broken font resource): two-byte
    /// codes are not assumed; every byte is one undecodable glyph of width 0.5 em.
    pub fn null() -> Font {
        Font {
            scheme: Scheme::Simple,
            to_unicode: None,
            enc: None,
            simple_map: None,
            widths: None,
            cid_widths: Vec::new(),
            default_width: 0.5,
            vertical: false,
        }
    }

    pub fn load(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = get(doc, dict, b"Subtype").and_then(|o| o.as_name().ok());
        let to_unicode = stream_bytes(doc, dict.get(b"ToUnicode").ok())
            .map(|b| CMap::parse(&b))
            .filter(|c| c.has_unicode());
        if subtype == Some(b"Type0") {
            Self::load_type0(doc, dict, to_unicode)
        } else {
            Self::load_simple(doc, dict, to_unicode, subtype == Some(b"Type3"))
        }
    }

    fn load_simple(doc: &Document, dict: &Dictionary, to_unicode: Option<CMap>, t3: bool) -> Font {
        // Width scale: glyph space → text space.
        let scale = if t3 {
            get(doc, dict, b"FontMatrix")
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(num)
                .filter(|v| *v != 0.0)
                .unwrap_or(0.001)
        } else {
            0.001
        };
        let desc = get(doc, dict, b"FontDescriptor").and_then(|o| o.as_dict().ok());
        let missing = desc
            .and_then(|d| get(doc, d, b"MissingWidth"))
            .and_then(num)
            .filter(|w| *w > 0.0);
        let base = get(doc, dict, b"BaseFont")
            .and_then(|o| o.as_name().ok())
            .unwrap_or(b"");
        let fallback = missing.unwrap_or(if base.windows(7).any(|w| w == b"Courier") {
            600.0
        } else {
            500.0
        });
        let mut widths = Box::new([fallback * scale; 256]);
        let first = get(doc, dict, b"FirstChar")
            .and_then(num)
            .unwrap_or(0.0)
            .max(0.0) as usize;
        if let Some(ws) = get(doc, dict, b"Widths").and_then(|o| o.as_array().ok()) {
            for (i, w) in ws.iter().enumerate() {
                if let Some(slot) = widths.get_mut(first + i)
                    && let Some(v) = deref(doc, w).and_then(num)
                {
                    *slot = v * scale;
                }
            }
        }
        // Kept even with a ToUnicode map: those can be partial.
        let simple_map = Some(Self::simple_map(doc, dict));
        Font {
            scheme: Scheme::Simple,
            to_unicode,
            enc: None,
            simple_map,
            widths: Some(widths),
            cid_widths: Vec::new(),
            default_width: fallback * scale,
            vertical: false,
        }
    }

    /// Code → char for a simple font from its /Encoding (lopdf knows the base encodings and
    /// the Adobe glyph list; `uniXXXX` names are added here).
    fn simple_map(doc: &Document, dict: &Dictionary) -> Box<[u32; 256]> {
        let mut map = Box::new([0u32; 256]);
        // lopdf prefers /Encoding and falls back to ToUnicode; hide ToUnicode so that this is
        // purely the encoding.
        let mut d = dict.clone();
        d.remove(b"ToUnicode");
        if !d.has(b"Type") {
            d.set("Type", Object::Name(b"Font".to_vec()));
        }
        let has_encoding = d.has(b"Encoding");
        if let Ok(enc) = d.get_font_encoding(doc) {
            for b in 0..=255u8 {
                if let Ok(s) = enc.bytes_to_string(&[b]) {
                    let mut cs = s.chars();
                    if let (Some(c), None) = (cs.next(), cs.next()) {
                        map[b as usize] = c as u32;
                    }
                }
            }
        }
        if !has_encoding {
            // Fonts without /Encoding (often symbolic TrueType from Word): printable ASCII
            // is the best guess; standard encoding differs only in quotes.
            for b in 0x20..0x7fu32 {
                if map[b as usize] == 0 {
                    map[b as usize] = b;
                }
            }
        }
        if let Some(enc) = get(doc, dict, b"Encoding").and_then(|o| o.as_dict().ok())
            && let Some(diffs) = get(doc, enc, b"Differences").and_then(|o| o.as_array().ok())
        {
            let mut code = 0usize;
            for item in diffs {
                match item {
                    Object::Integer(i) => code = (*i).clamp(0, 1000) as usize,
                    Object::Name(n) => {
                        // Other names: lopdf's answer stands (it knows the glyph list).
                        if let Some(slot) = map.get_mut(code)
                            && let Some(c) = glyph_name_to_char(n)
                        {
                            *slot = c as u32;
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        map
    }

    fn load_type0(doc: &Document, dict: &Dictionary, to_unicode: Option<CMap>) -> Font {
        let mut scheme = Scheme::Unknown;
        let mut enc = None;
        let mut vertical = false;
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                let n = n.as_slice();
                vertical = n.ends_with(b"-V");
                scheme = if n.starts_with(b"Identity") {
                    Scheme::Identity
                } else if n.starts_with(b"Uni") && contains(n, b"UCS2") {
                    Scheme::Ucs2
                } else if n.starts_with(b"Uni") && contains(n, b"UTF16") {
                    Scheme::Utf16
                } else if contains(n, b"GBK2K") {
                    Scheme::Gb18030
                } else if n.starts_with(b"GB") && contains(n, b"EUC") {
                    Scheme::Gbk
                } else if contains(n, b"B5") {
                    Scheme::Big5
                } else {
                    Scheme::Unknown
                };
            }
            Some(Object::Stream(s)) => {
                let bytes = s
                    .decompressed_content_with_limit(STREAM_LIMIT)
                    .unwrap_or_else(|_| s.content.clone());
                let cm = CMap::parse(&bytes);
                if !cm.codespace.is_empty() {
                    scheme = Scheme::Embedded;
                    enc = Some(cm);
                } else {
                    scheme = Scheme::Identity;
                }
            }
            _ => {}
        }
        let desc = get(doc, dict, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        let mut default_width = 1.0;
        let mut cid_widths = Vec::new();
        if let Some(cf) = desc {
            if let Some(dw) = get(doc, cf, b"DW").and_then(num) {
                default_width = dw / 1000.0;
            }
            if let Some(w) = get(doc, cf, b"W").and_then(|o| o.as_array().ok()) {
                let mut i = 0;
                while i < w.len() && cid_widths.len() < 200_000 {
                    let Some(first) = deref(doc, &w[i]).and_then(num) else {
                        i += 1;
                        continue;
                    };
                    let first = first.max(0.0) as u32;
                    match w.get(i + 1).and_then(|o| deref(doc, o)) {
                        Some(Object::Array(list)) => {
                            for (k, v) in list.iter().enumerate() {
                                if let Some(v) = deref(doc, v).and_then(num) {
                                    let c = first + k as u32;
                                    cid_widths.push((c, c, v / 1000.0));
                                }
                            }
                            i += 2;
                        }
                        Some(o) => {
                            let last = num(o).unwrap_or(0.0).max(0.0) as u32;
                            let v = w.get(i + 2).and_then(|o| deref(doc, o)).and_then(num);
                            if let Some(v) = v
                                && last >= first
                            {
                                cid_widths.push((first, last, v / 1000.0));
                            }
                            i += 3;
                        }
                        None => break,
                    }
                }
            }
        }
        cid_widths.sort_by_key(|e| e.0);
        Font {
            scheme,
            to_unicode,
            enc,
            simple_map: None,
            widths: None,
            cid_widths,
            default_width,
            vertical,
        }
    }

    /// The next code at the start of `bytes`: (code, byte length ≥ 1).
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        let n = match self.scheme {
            Scheme::Simple => 1,
            Scheme::Identity | Scheme::Ucs2 | Scheme::Unknown => 2,
            Scheme::Utf16 => {
                if bytes.len() >= 4 && (0xD8..=0xDB).contains(&bytes[0]) {
                    4
                } else {
                    2
                }
            }
            Scheme::Gbk | Scheme::Big5 => {
                if bytes[0] < 0x81 {
                    1
                } else {
                    2
                }
            }
            Scheme::Gb18030 => {
                if bytes[0] < 0x81 {
                    1
                } else if bytes.len() >= 4 && (0x30..=0x39).contains(&bytes[1]) {
                    4
                } else {
                    2
                }
            }
            Scheme::Embedded => self
                .enc
                .as_ref()
                .and_then(|c| c.code_len(bytes))
                .unwrap_or(2),
        };
        let n = n.min(bytes.len()).max(1);
        let code = bytes[..n].iter().fold(0u32, |a, &b| a << 8 | b as u32);
        (code, n)
    }

    fn cid_width(&self, cid: u32) -> Option<f32> {
        let i = self.cid_widths.partition_point(|e| e.0 <= cid);
        let e = self.cid_widths.get(i.checked_sub(1)?)?;
        (e.1 >= cid).then_some(e.2)
    }

    /// Advance width of a code in text space units (em = 1, before font size).
    pub fn width(&self, code: u32, len: usize) -> f32 {
        match self.scheme {
            Scheme::Simple => self
                .widths
                .as_ref()
                .and_then(|w| w.get(code as usize).copied())
                .unwrap_or(self.default_width),
            Scheme::Identity | Scheme::Unknown => {
                self.cid_width(code).unwrap_or(self.default_width)
            }
            Scheme::Embedded => {
                let cid = self
                    .enc
                    .as_ref()
                    .and_then(|c| c.cid(code, len as u8))
                    .unwrap_or(code);
                self.cid_width(cid).unwrap_or(self.default_width)
            }
            Scheme::Ucs2 | Scheme::Utf16 | Scheme::Gbk | Scheme::Gb18030 | Scheme::Big5 => {
                // Approximation instead of the Adobe-GB1 code→CID tables: in every Adobe
                // CJK collection CIDs 1–95 are the proportional ASCII glyphs 0x20–0x7E, so a
                // code in the ASCII range takes the /W entry of CID (code − 31), or half an
                // em; every other code (ideographs, full-width forms) takes /DW.
                if code < 0x7f && code >= 0x20 {
                    self.cid_width(code - 31).unwrap_or(0.5)
                } else if code < 0x20 {
                    0.5
                } else {
                    self.default_width
                }
            }
        }
    }

    /// Append the Unicode text of a code; false when the code does not decode.
    pub fn decode(&self, code: u32, bytes: &[u8], out: &mut String) -> bool {
        let len = bytes.len() as u8;
        if let Some(tu) = &self.to_unicode
            && tu.unicode(code, len, self.scheme == Scheme::Simple, out)
        {
            return true;
        }
        let push = |c: Option<char>, out: &mut String| match c {
            Some(c) => {
                out.push(c);
                true
            }
            None => false,
        };
        match self.scheme {
            Scheme::Simple => {
                let c = self
                    .simple_map
                    .as_ref()
                    .and_then(|m| m.get(code as usize).copied())
                    .filter(|&c| c != 0)
                    .and_then(char::from_u32);
                push(c, out)
            }
            Scheme::Identity | Scheme::Unknown | Scheme::Embedded => false,
            Scheme::Ucs2 => push(char::from_u32(code).filter(|_| len == 2), out),
            Scheme::Utf16 => {
                let units = bytes
                    .chunks(2)
                    .filter(|c| c.len() == 2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]));
                let c = char::decode_utf16(units).next().and_then(|r| r.ok());
                push(c, out)
            }
            Scheme::Gbk | Scheme::Gb18030 | Scheme::Big5 => {
                if len == 1 && bytes[0] < 0x80 {
                    return push(Some(bytes[0] as char), out);
                }
                let e = match self.scheme {
                    Scheme::Big5 => encoding_rs::BIG5,
                    Scheme::Gb18030 => encoding_rs::GB18030,
                    _ => encoding_rs::GBK,
                };
                match e.decode_without_bom_handling_and_without_replacement(bytes) {
                    Some(s) if !s.is_empty() => {
                        out.push_str(&s);
                        true
                    }
                    _ => false,
                }
            }
        }
    }
}

fn contains(h: &[u8], n: &[u8]) -> bool {
    h.windows(n.len()).any(|w| w == n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_to_char(b"uni4E2D"), Some('中'));
        assert_eq!(glyph_name_to_char(b"u20000"), Some('\u{20000}'));
        assert_eq!(glyph_name_to_char(b"A"), Some('A'));
        assert_eq!(glyph_name_to_char(b"seven"), Some('7'));
        assert_eq!(glyph_name_to_char(b"g123"), None);
    }

    #[test]
    fn gbk_codes_split_and_decode() {
        let mut f = Font::null();
        f.scheme = Scheme::Gbk;
        let bytes = [0x41u8, 0xD6, 0xD0, 0xB9, 0xFA];
        let mut out = String::new();
        let mut i = 0;
        while i < bytes.len() {
            let (code, n) = f.next_code(&bytes[i..]);
            assert!(f.decode(code, &bytes[i..i + n], &mut out));
            i += n;
        }
        assert_eq!(out, "A中国");
    }
}
