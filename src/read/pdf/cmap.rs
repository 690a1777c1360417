//! CMap files: ToUnicode maps (bfchar / bfrange, including the array form and UTF-16
//! surrogates) and embedded encoding CMaps (cidchar / cidrange, codespace ranges).

use super::content::{Lexer, Tok};

/// What a code maps to.
#[derive(Debug, Clone, Copy)]
enum Dst {
    /// A single Unicode scalar (ToUnicode) or CID (cid maps); ranges add `code - lo`.
    Base(u32),
    /// A multi-char string: index into `CMap::strings` (only for single codes).
    Str(u32),
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    lo: u32,
    hi: u32,
    len: u8,
    dst: Dst,
}

#[derive(Debug, Clone, Default)]
pub struct CMap {
    /// (byte length, low, high) codespace ranges.
    pub codespace: Vec<(u8, u32, u32)>,
    /// Code → Unicode entries (sorted by `lo` after parsing).
    uni: Vec<Entry>,
    /// Code → CID entries (sorted by `lo`).
    cid: Vec<Entry>,
    strings: Vec<String>,
}

/// Decode UTF-16BE bytes as a string (lone surrogates dropped).
pub fn utf16be(bytes: &[u8]) -> String {
    let units = bytes.chunks(2).map(|c| {
        if c.len() == 2 {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            c[0] as u16
        }
    });
    char::decode_utf16(units).filter_map(|r| r.ok()).collect()
}

fn be(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |a, &b| a << 8 | b as u32)
}

const MAX_RANGE_EXPAND: u32 = 4096;

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut cm = CMap::default();
        let mut lx = Lexer::new(data);
        let mut buf = Vec::new();
        // Operand stack of the tokens since the last keyword.
        let mut ops: Vec<Tok> = Vec::new();
        let mut mode: u8 = 0; // 1 codespace, 2 bfchar, 3 bfrange, 4 cidchar, 5 cidrange
        let mut count = 0usize;
        while let Some(t) = lx.next(&mut buf) {
            count += 1;
            if count > 2_000_000 {
                break;
            }
            match t {
                Tok::Kw(a, b) => {
                    let kw = &data[a as usize..b as usize];
                    match kw {
                        b"begincodespacerange" => mode = 1,
                        b"beginbfchar" => mode = 2,
                        b"beginbfrange" => mode = 3,
                        b"begincidchar" => mode = 4,
                        b"begincidrange" => mode = 5,
                        b"endcodespacerange" | b"endbfchar" | b"endbfrange" | b"endcidchar"
                        | b"endcidrange" => {
                            cm.apply(mode, &ops, &buf);
                            mode = 0;
                        }
                        _ => {}
                    }
                    ops.clear();
                    if mode == 0 {
                        buf.clear();
                    }
                }
                other => {
                    if mode != 0 {
                        ops.push(other)
                    }
                }
            }
        }
        cm.uni.sort_by_key(|e| (e.lo, e.len));
        cm.cid.sort_by_key(|e| (e.lo, e.len));
        cm
    }

    fn apply(&mut self, mode: u8, ops: &[Tok], buf: &[u8]) {
        let s = |t: &Tok| -> Option<&[u8]> {
            match *t {
                Tok::Str(a, b) => buf.get(a as usize..b as usize),
                _ => None,
            }
        };
        match mode {
            1 => {
                for pair in ops.chunks(2) {
                    if let [a, b] = pair
                        && let (Some(lo), Some(hi)) = (s(a), s(b))
                        && !lo.is_empty()
                        && lo.len() <= 4
                    {
                        self.codespace.push((lo.len() as u8, be(lo), be(hi)));
                    }
                }
            }
            2 => {
                for pair in ops.chunks(2) {
                    if let [a, b] = pair
                        && let Some(src) = s(a)
                        && !src.is_empty()
                        && src.len() <= 4
                    {
                        let code = be(src);
                        let len = src.len() as u8;
                        match b {
                            Tok::Str(..) => {
                                let dst = s(b).unwrap_or(&[]);
                                self.push_uni(code, code, len, dst);
                            }
                            Tok::Name(x, y) => {
                                // Glyph name destination (rare): uniXXXX only.
                                if let Some(c) = buf
                                    .get(*x as usize..*y as usize)
                                    .and_then(super::font::glyph_name_to_char)
                                {
                                    self.uni.push(Entry {
                                        lo: code,
                                        hi: code,
                                        len,
                                        dst: Dst::Base(c as u32),
                                    });
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            3 => {
                let mut i = 0;
                while i + 2 < ops.len() {
                    let (Some(lo), Some(hi)) = (s(&ops[i]), ops.get(i + 1).and_then(s)) else {
                        i += 1;
                        continue;
                    };
                    if lo.is_empty() || lo.len() > 4 {
                        i += 1;
                        continue;
                    }
                    let (lo_c, hi_c, len) = (be(lo), be(hi), lo.len() as u8);
                    match ops.get(i + 2) {
                        Some(t @ Tok::Str(..)) => {
                            let dst = s(t).unwrap_or(&[]);
                            if hi_c >= lo_c {
                                self.push_uni(lo_c, hi_c, len, dst);
                            }
                            i += 3;
                        }
                        Some(Tok::ArrOpen) => {
                            let mut j = i + 3;
                            let mut code = lo_c;
                            while j < ops.len() && ops[j] != Tok::ArrClose {
                                if let Some(dst) = s(&ops[j])
                                    && code <= hi_c
                                {
                                    self.push_uni(code, code, len, dst);
                                }
                                code = code.wrapping_add(1);
                                j += 1;
                            }
                            i = j + 1;
                        }
                        _ => i += 3,
                    }
                }
            }
            4 => {
                for pair in ops.chunks(2) {
                    if let [a, Tok::Num(n)] = pair
                        && let Some(src) = s(a)
                        && !src.is_empty()
                        && src.len() <= 4
                    {
                        let c = be(src);
                        self.cid.push(Entry {
                            lo: c,
                            hi: c,
                            len: src.len() as u8,
                            dst: Dst::Base(*n as u32),
                        });
                    }
                }
            }
            5 => {
                for tr in ops.chunks(3) {
                    if let [a, b, Tok::Num(n)] = tr
                        && let (Some(lo), Some(hi)) = (s(a), s(b))
                        && !lo.is_empty()
                        && lo.len() <= 4
                        && be(hi) >= be(lo)
                    {
                        self.cid.push(Entry {
                            lo: be(lo),
                            hi: be(hi),
                            len: lo.len() as u8,
                            dst: Dst::Base(*n as u32),
                        });
                    }
                }
            }
            _ => {}
        }
    }

    fn push_uni(&mut self, lo: u32, hi: u32, len: u8, dst: &[u8]) {
        let text = utf16be(dst);
        let mut chars = text.chars();
        let first = chars.next();
        let single = first.is_some() && chars.next().is_none();
        if single {
            let base = first.map(|c| c as u32).unwrap_or(0);
            self.uni.push(Entry {
                lo,
                hi,
                len,
                dst: Dst::Base(base),
            });
        } else if text.is_empty() {
            // Maps to nothing: leave undefined.
        } else if lo == hi {
            self.strings.push(text);
            self.uni.push(Entry {
                lo,
                hi,
                len,
                dst: Dst::Str((self.strings.len() - 1) as u32),
            });
        } else {
            // A multi-char destination for a range: the last char increments.
            let n = (hi - lo).min(MAX_RANGE_EXPAND);
            for k in 0..=n {
                let mut s: Vec<char> = text.chars().collect();
                if let Some(last) = s.last_mut() {
                    *last = char::from_u32(*last as u32 + k).unwrap_or(*last);
                }
                self.strings.push(s.into_iter().collect());
                self.uni.push(Entry {
                    lo: lo + k,
                    hi: lo + k,
                    len,
                    dst: Dst::Str((self.strings.len() - 1) as u32),
                });
            }
        }
    }

    fn find(entries: &[Entry], code: u32, len: u8, any_len: bool) -> Option<(Entry, u32)> {
        let idx = entries.partition_point(|e| e.lo <= code);
        let mut fallback = None;
        for e in entries[..idx].iter().rev().take(8) {
            if e.hi >= code {
                if e.len == len {
                    return Some((*e, code - e.lo));
                }
                if any_len && fallback.is_none() {
                    fallback = Some((*e, code - e.lo));
                }
            }
        }
        fallback
    }

    pub fn has_unicode(&self) -> bool {
        !self.uni.is_empty()
    }

    /// Append the Unicode text of `code` (`len` bytes) to `out`; false when unmapped.
    /// `any_len`: accept an entry written with another byte length (broken simple-font maps).
    pub fn unicode(&self, code: u32, len: u8, any_len: bool, out: &mut String) -> bool {
        match Self::find(&self.uni, code, len, any_len) {
            Some((e, off)) => match e.dst {
                Dst::Base(b) => match char::from_u32(b.wrapping_add(off)) {
                    Some(c) => {
                        out.push(c);
                        true
                    }
                    None => false,
                },
                Dst::Str(i) => match self.strings.get(i as usize) {
                    Some(s) => {
                        out.push_str(s);
                        true
                    }
                    None => false,
                },
            },
            None => false,
        }
    }

    /// CID of `code` from cidchar/cidrange entries.
    pub fn cid(&self, code: u32, len: u8) -> Option<u32> {
        match Self::find(&self.cid, code, len, false)?.0 {
            Entry {
                lo,
                dst: Dst::Base(b),
                ..
            } => Some(b.wrapping_add(code - lo)),
            _ => None,
        }
    }

    /// Length in bytes of the code starting at `bytes[0]`, by the codespace ranges
    /// (None when no codespace is declared).
    pub fn code_len(&self, bytes: &[u8]) -> Option<usize> {
        if self.codespace.is_empty() {
            return None;
        }
        for n in 1..=4usize {
            if bytes.len() < n {
                break;
            }
            let c = be(&bytes[..n]);
            if self
                .codespace
                .iter()
                .any(|&(l, lo, hi)| l as usize == n && within(c, lo, hi, n))
            {
                return Some(n);
            }
        }
        // No match: use the shortest declared length that fits (spec: treat as undefined).
        let min = self
            .codespace
            .iter()
            .map(|c| c.0 as usize)
            .min()
            .unwrap_or(1);
        Some(min.min(bytes.len()).max(1))
    }
}

/// Codespace ranges are byte-wise: every byte must lie between the bytes of lo and hi.
fn within(c: u32, lo: u32, hi: u32, n: usize) -> bool {
    (0..n).all(|i| {
        let sh = 8 * (n - 1 - i);
        let (b, l, h) = ((c >> sh) & 0xff, (lo >> sh) & 0xff, (hi >> sh) & 0xff);
        b >= l && b <= h
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOUNI: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0003> <0020>
<0010> <4E2D>
<0011> <D840DC00>
endbfchar
2 beginbfrange
<0020> <0022> <5E74>
<0030> <0031> [<0041> <00660069>]
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn parses_bfchar_bfrange_array_and_surrogates() {
        let cm = CMap::parse(TOUNI);
        let get = |c: u32| {
            let mut s = String::new();
            cm.unicode(c, 2, false, &mut s).then_some(s)
        };
        assert_eq!(get(0x10).as_deref(), Some("中"));
        assert_eq!(get(0x11).as_deref(), Some("\u{20000}"));
        assert_eq!(get(0x20).as_deref(), Some("年"));
        assert_eq!(get(0x22).as_deref(), Some("\u{5E76}"));
        assert_eq!(get(0x23), None);
        assert_eq!(get(0x30).as_deref(), Some("A"));
        assert_eq!(get(0x31).as_deref(), Some("fi"));
        assert_eq!(cm.code_len(&[0, 0x10]), Some(2));
        // A 1-byte lookup finds nothing unless any length is accepted.
        let mut s = String::new();
        assert!(!cm.unicode(0x10, 1, false, &mut s));
        assert!(cm.unicode(0x10, 1, true, &mut s));
    }

    #[test]
    fn parses_cid_ranges() {
        let cm = CMap::parse(
            b"2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange
             1 begincidrange <8140> <817E> 100 endcidrange 1 begincidchar <20> 1 endcidchar",
        );
        assert_eq!(cm.cid(0x8141, 2), Some(101));
        assert_eq!(cm.cid(0x20, 1), Some(1));
        assert_eq!(cm.code_len(&[0x41, 0x81]), Some(1));
        assert_eq!(cm.code_len(&[0x81, 0x41]), Some(2));
    }
}
