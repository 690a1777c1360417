//! A small allocation-free lexer for PDF content streams (and CMap files, which share the
//! syntax). Strings and names are decoded into a caller-owned buffer; tokens refer to ranges
//! of it, so the interpreter can reuse one buffer for the whole page.

/// One lexical token. `Str`/`Name` hold a range of the decode buffer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tok {
    Num(f32),
    /// A string (literal or hex), bytes in `buf[start..end]`.
    Str(u32, u32),
    /// A name without its slash, bytes in `buf[start..end]`.
    Name(u32, u32),
    ArrOpen,
    ArrClose,
    DictOpen,
    DictClose,
    /// A keyword (operator, `true`, `false`, `null`...), bytes in `data[start..end]`.
    Kw(u32, u32),
}

pub struct Lexer<'a> {
    pub data: &'a [u8],
    pub pos: usize,
}

#[inline]
pub fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | 0x0c | 0)
}

#[inline]
pub fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    fn skip_ws(&mut self) {
        let d = self.data;
        while self.pos < d.len() {
            let b = d[self.pos];
            if is_ws(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.pos < d.len() && d[self.pos] != b'\n' && d[self.pos] != b'\r' {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or None at the end of the data. Decoded string/name bytes are
    /// appended to `buf`.
    pub fn next(&mut self, buf: &mut Vec<u8>) -> Option<Tok> {
        loop {
            self.skip_ws();
            let d = self.data;
            let b = *d.get(self.pos)?;
            match b {
                b'[' => {
                    self.pos += 1;
                    return Some(Tok::ArrOpen);
                }
                b']' => {
                    self.pos += 1;
                    return Some(Tok::ArrClose);
                }
                b'{' | b'}' | b')' => {
                    // Stray delimiters (PostScript procedures in CMaps): skip.
                    self.pos += 1;
                    continue;
                }
                b'>' => {
                    self.pos += 1;
                    if d.get(self.pos) == Some(&b'>') {
                        self.pos += 1;
                        return Some(Tok::DictClose);
                    }
                    continue;
                }
                b'<' => {
                    if d.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        return Some(Tok::DictOpen);
                    }
                    self.pos += 1;
                    let start = buf.len();
                    let mut hi: Option<u8> = None;
                    while self.pos < d.len() {
                        let c = d[self.pos];
                        self.pos += 1;
                        if c == b'>' {
                            break;
                        }
                        if let Some(v) = hex_val(c) {
                            match hi.take() {
                                None => hi = Some(v),
                                Some(h) => buf.push(h << 4 | v),
                            }
                        }
                    }
                    if let Some(h) = hi {
                        buf.push(h << 4);
                    }
                    return Some(Tok::Str(start as u32, buf.len() as u32));
                }
                b'(' => {
                    self.pos += 1;
                    let start = buf.len();
                    self.literal(buf);
                    return Some(Tok::Str(start as u32, buf.len() as u32));
                }
                b'/' => {
                    self.pos += 1;
                    let start = buf.len();
                    while self.pos < d.len() {
                        let c = d[self.pos];
                        if is_ws(c) || is_delim(c) {
                            break;
                        }
                        if c == b'#'
                            && let (Some(h), Some(l)) = (
                                d.get(self.pos + 1).and_then(|&x| hex_val(x)),
                                d.get(self.pos + 2).and_then(|&x| hex_val(x)),
                            )
                        {
                            buf.push(h << 4 | l);
                            self.pos += 3;
                            continue;
                        }
                        buf.push(c);
                        self.pos += 1;
                    }
                    return Some(Tok::Name(start as u32, buf.len() as u32));
                }
                b'+' | b'-' | b'.' | b'0'..=b'9' => {
                    let start = self.pos;
                    while self.pos < d.len() {
                        let c = d[self.pos];
                        if is_ws(c) || is_delim(c) {
                            break;
                        }
                        self.pos += 1;
                    }
                    return Some(Tok::Num(parse_num(&d[start..self.pos])));
                }
                _ => {
                    let start = self.pos;
                    while self.pos < d.len() {
                        let c = d[self.pos];
                        if is_ws(c) || is_delim(c) {
                            break;
                        }
                        self.pos += 1;
                    }
                    if self.pos == start {
                        self.pos += 1;
                        continue;
                    }
                    return Some(Tok::Kw(start as u32, self.pos as u32));
                }
            }
        }
    }

    fn literal(&mut self, buf: &mut Vec<u8>) {
        let d = self.data;
        let mut depth = 1usize;
        while self.pos < d.len() {
            let c = d[self.pos];
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    buf.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                    buf.push(c);
                }
                b'\\' => {
                    let Some(&e) = d.get(self.pos) else { return };
                    self.pos += 1;
                    match e {
                        b'n' => buf.push(b'\n'),
                        b'r' => buf.push(b'\r'),
                        b't' => buf.push(b'\t'),
                        b'b' => buf.push(8),
                        b'f' => buf.push(12),
                        b'\r' => {
                            if d.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v: u32 = (e - b'0') as u32;
                            for _ in 0..2 {
                                match d.get(self.pos) {
                                    Some(&o @ b'0'..=b'7') => {
                                        v = v * 8 + (o - b'0') as u32;
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            buf.push(v as u8);
                        }
                        other => buf.push(other),
                    }
                }
                _ => buf.push(c),
            }
        }
    }

    /// After a `BI` keyword: skip the inline image dictionary and data up to and including
    /// `EI`.
    pub fn skip_inline_image(&mut self) {
        let d = self.data;
        // Find the ID keyword (surrounded by whitespace/delimiters).
        let mut i = self.pos;
        let mut found = None;
        while i + 1 < d.len() {
            if d[i] == b'I'
                && d[i + 1] == b'D'
                && (i == 0 || is_ws(d[i - 1]) || is_delim(d[i - 1]))
                && d.get(i + 2).is_none_or(|&c| is_ws(c))
            {
                found = Some(i + 3);
                break;
            }
            i += 1;
        }
        let Some(mut j) = found else {
            self.pos = d.len();
            return;
        };
        // Data runs until whitespace + "EI" + whitespace/end.
        while j + 1 < d.len() {
            if d[j] == b'E'
                && d[j + 1] == b'I'
                && j > 0
                && is_ws(d[j - 1])
                && d.get(j + 2).is_none_or(|&c| is_ws(c) || is_delim(c))
            {
                self.pos = j + 2;
                return;
            }
            j += 1;
        }
        self.pos = d.len();
    }
}

/// Parse a PDF number leniently ("--5", "5.", ".5", "1.2.3" → best effort, 0 on garbage).
pub fn parse_num(s: &[u8]) -> f32 {
    let mut neg = false;
    let mut i = 0;
    while i < s.len() && (s[i] == b'-' || s[i] == b'+') {
        if s[i] == b'-' {
            neg = !neg;
        }
        i += 1;
    }
    let mut int: f64 = 0.0;
    while i < s.len() && s[i].is_ascii_digit() {
        int = int * 10.0 + (s[i] - b'0') as f64;
        i += 1;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        let mut scale = 0.1;
        while i < s.len() && s[i].is_ascii_digit() {
            int += (s[i] - b'0') as f64 * scale;
            scale *= 0.1;
            i += 1;
        }
    }
    let v = if neg { -int } else { int };
    if v.is_finite() { v as f32 } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &[u8]) -> (Vec<Tok>, Vec<u8>) {
        let mut buf = Vec::new();
        let mut lx = Lexer::new(s);
        let mut out = Vec::new();
        while let Some(t) = lx.next(&mut buf) {
            out.push(t);
        }
        (out, buf)
    }

    #[test]
    fn lexes_strings_names_numbers() {
        let (t, buf) =
            toks(b"/F1 12 Tf [(a\\(b\\051)-250<4E2D 6>] TJ % c\n-.5 3. BI /W 1 ID \x00\xff EI Q");
        assert!(matches!(t[0], Tok::Name(0, 2)));
        assert_eq!(&buf[0..2], b"F1");
        assert_eq!(t[1], Tok::Num(12.0));
        assert!(matches!(t[3], Tok::ArrOpen));
        if let Tok::Str(a, b) = t[4] {
            assert_eq!(&buf[a as usize..b as usize], b"a(b)");
        } else {
            panic!("{:?}", t[4]);
        }
        assert_eq!(t[5], Tok::Num(-250.0));
        if let Tok::Str(a, b) = t[6] {
            assert_eq!(&buf[a as usize..b as usize], &[0x4E, 0x2D, 0x60]);
        } else {
            panic!();
        }
        assert_eq!(t[9], Tok::Num(-0.5));
        assert_eq!(t[10], Tok::Num(3.0));
    }

    #[test]
    fn skips_inline_images() {
        let data = b"BI /W 1 /H 1 ID \x00EI\xff EI Q";
        let mut lx = Lexer::new(data);
        let mut buf = Vec::new();
        assert!(matches!(lx.next(&mut buf), Some(Tok::Kw(0, 2))));
        lx.skip_inline_image();
        match lx.next(&mut buf) {
            Some(Tok::Kw(a, b)) => assert_eq!(&data[a as usize..b as usize], b"Q"),
            other => panic!("{other:?}"),
        }
    }
}
