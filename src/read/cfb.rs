//! Checks on an OLE compound file (.xls) before calamine sees it.
//!
//! calamine follows sector chains until they end and lays every sheet out as a dense range
//! the moment the workbook is opened, sized by what the file says. So a chain that loops (a
//! sector whose FAT entry points back into its own chain) makes it read forever, and a
//! dimensions record or a cell position far away makes it allocate without bound (an
//! aborting allocation, not a catchable panic). These checks walk the same structures with
//! every step bounded by the file's size and refuse such files with a clear reason.

use super::ReadError;
use super::limits::{MAX_GRID_AREA, MAX_WORK_PER_FILE};

fn corrupt(what: String) -> ReadError {
    ReadError::damaged(format!("xls: {what}"))
}

/// Damage that comes from the file being cut short.
fn truncated(what: String) -> ReadError {
    ReadError::Corrupt(format!("the file is truncated: xls: {what}"))
}

fn too_large(what: String) -> ReadError {
    ReadError::TooLarge(format!("xls: {what}"))
}

/// Largest range (rows × columns) one xls sheet may span: calamine builds it densely.
pub const MAX_SHEET_AREA: u64 = MAX_GRID_AREA * 2;
/// Largest sum of sheet ranges in one workbook (calamine holds them all at once).
pub const MAX_WORKBOOK_AREA: u64 = MAX_SHEET_AREA * 2;

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const MAXREGSECT: u32 = 0xFFFF_FFFA;
const MINI_CUTOFF: u64 = 4096;

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}
fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

struct Container<'a> {
    bytes: &'a [u8],
    ss: usize,
    n_sectors: usize,
    fat: Vec<u32>,
}

impl<'a> Container<'a> {
    fn sector(&self, id: u32) -> &'a [u8] {
        let start = (id as usize + 1)
            .saturating_mul(self.ss)
            .min(self.bytes.len());
        let end = start.saturating_add(self.ss).min(self.bytes.len());
        &self.bytes[start..end]
    }

    /// A DIFAT or FAT sector, which calamine reads as whole u32s: it must lie in the file and
    /// not be cut short mid-entry.
    fn whole_u32_sector(&self, id: u32, what: &str) -> Result<&'a [u8], ReadError> {
        let s = self.sector(id);
        if id as usize >= self.n_sectors {
            return Err(truncated(format!(
                "{what} (sector {id}) lies past the end of the file"
            )));
        }
        if s.len() % 4 != 0 {
            return Err(truncated(format!(
                "{what} (sector {id}) is cut short by the end of the file ({} of {} bytes)",
                s.len(),
                self.ss
            )));
        }
        Ok(s)
    }

    /// The sectors of the chain starting at `start`, as calamine follows it: until
    /// ENDOFCHAIN or until `need` bytes are read. Refuses a chain that loops, that points past
    /// the end of the file (calamine would slice out of bounds) or past the end of the FAT
    /// (calamine would index out of bounds).
    fn chain(&self, start: u32, need: u64, what: &str) -> Result<Vec<u32>, ReadError> {
        let mut seen = vec![false; self.n_sectors];
        let mut out = Vec::new();
        let mut got = 0u64;
        let mut id = start;
        while id < MAXREGSECT {
            if id as usize >= self.n_sectors {
                return Err(truncated(format!(
                    "the sector chain of {what} points at sector {id}, past the end of the file"
                )));
            }
            if std::mem::replace(&mut seen[id as usize], true) {
                return Err(corrupt(format!(
                    "the sector chain of {what} loops back on itself"
                )));
            }
            out.push(id);
            got += self.sector(id).len() as u64;
            if got >= need {
                break;
            }
            id = *self.fat.get(id as usize).ok_or_else(|| {
                corrupt(format!(
                    "the sector chain of {what} reaches sector {id}, which the FAT does not cover"
                ))
            })?;
        }
        Ok(out)
    }

    /// Refuse a chain that loops, marking its sectors with `no` in `marks`; a chain that runs
    /// into an earlier (checked) chain ends there, so all streams together cost one pass.
    fn check_chain(
        &self,
        start: u32,
        marks: &mut [u32],
        no: u32,
        what: &str,
    ) -> Result<(), ReadError> {
        let mut id = start;
        while id < MAXREGSECT && (id as usize) < self.n_sectors {
            match marks[id as usize] {
                0 => marks[id as usize] = no,
                m if m == no => {
                    return Err(corrupt(format!(
                        "the sector chain of {what} loops back on itself"
                    )));
                }
                _ => return Ok(()),
            }
            match self.fat.get(id as usize) {
                Some(&next) => id = next,
                None => break,
            }
        }
        Ok(())
    }

    fn read_chain(&self, chain: &[u32], len: u64) -> Vec<u8> {
        let mut out = Vec::with_capacity((len as usize).min(chain.len() * self.ss));
        for &id in chain {
            out.extend_from_slice(self.sector(id));
        }
        out.truncate(len as usize);
        out
    }
}

/// Check the container and return the Workbook stream (None when there is none: calamine
/// then says so itself).
pub fn check_xls(bytes: &[u8]) -> Result<Option<Vec<u8>>, ReadError> {
    if bytes.len() < 512 {
        return Ok(None);
    }
    let ss = match u16_at(bytes, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Ok(None),
    };
    let n_sectors = bytes.len().saturating_sub(ss).div_ceil(ss);
    let mut c = Container {
        bytes,
        ss,
        n_sectors,
        fat: Vec::new(),
    };
    // DIFAT: 109 FAT sector ids in the header, then a chain of DIFAT sectors (bounded).
    // calamine reads each DIFAT and FAT sector as whole u32s (asserting a length that is a
    // multiple of 4) and slices sectors past the end of the file out of bounds: both are
    // refused here as truncation.
    let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 76 + 4 * i)).collect();
    let mut difat = u32_at(bytes, 68).unwrap_or(ENDOFCHAIN);
    let mut steps = 0;
    while difat < MAXREGSECT {
        steps += 1;
        if steps > n_sectors {
            return Err(corrupt(
                "the DIFAT sector chain loops back on itself".into(),
            ));
        }
        let s = c.whole_u32_sector(difat, "a DIFAT sector")?;
        let n = s.len() / 4;
        fat_sectors.extend((0..n.saturating_sub(1)).filter_map(|i| u32_at(s, 4 * i)));
        difat = if n > 0 {
            u32_at(s, 4 * (n - 1)).unwrap_or(ENDOFCHAIN)
        } else {
            ENDOFCHAIN
        };
    }
    // calamine reads every listed id below DIFSECT as a FAT sector.
    fat_sectors.retain(|&id| id < DIFSECT);
    if fat_sectors.len() > n_sectors {
        return Err(corrupt(format!(
            "it lists {} FAT sectors in a file of {n_sectors} sectors",
            fat_sectors.len()
        )));
    }
    for &id in &fat_sectors {
        let s = c.whole_u32_sector(id, "a FAT sector")?;
        c.fat
            .extend((0..s.len() / 4).filter_map(|i| u32_at(s, 4 * i)));
    }

    let dir_start = u32_at(bytes, 48).unwrap_or(ENDOFCHAIN);
    let dir_chain = c.chain(dir_start, u64::MAX, "the directory")?;
    let dirs = c.read_chain(&dir_chain, (dir_chain.len() * ss) as u64);
    let large_size = ss == 4096;
    let entries: Vec<(String, u8, u32, u64)> = dirs
        .chunks_exact(128)
        .map(|e| {
            // As calamine names an entry: all 32 UTF-16 units up to the first NUL, whatever
            // the name-length field says (an entry whose length field is 0 is still found).
            let units: Vec<u16> = (0..32)
                .filter_map(|i| u16_at(e, 2 * i))
                .take_while(|&u| u != 0)
                .collect();
            let size = if large_size {
                u32_at(e, 120).unwrap_or(0) as u64 | (u32_at(e, 124).unwrap_or(0) as u64) << 32
            } else {
                u32_at(e, 120).unwrap_or(0) as u64
            };
            (
                String::from_utf16_lossy(&units),
                e[66],
                u32_at(e, 116).unwrap_or(ENDOFCHAIN),
                size,
            )
        })
        .collect();
    let Some(root) = entries.first() else {
        return Ok(None);
    };
    // calamine loads the mini stream and the mini FAT only when the header counts mini FAT
    // sectors.
    let (mini_stream, minifat) = if u32_at(bytes, 64).unwrap_or(0) > 0 {
        let mini_chain = c.chain(root.2, root.3, "the mini stream")?;
        let mini_stream = c.read_chain(&mini_chain, root.3);
        let minifat_start = u32_at(bytes, 60).unwrap_or(ENDOFCHAIN);
        let minifat_len = u32_at(bytes, 64).unwrap_or(0) as u64 * ss as u64;
        let minifat_chain = c.chain(minifat_start, minifat_len, "the mini FAT")?;
        let minifat_bytes = c.read_chain(&minifat_chain, minifat_len);
        if minifat_bytes.len() % 4 != 0 {
            return Err(truncated(format!(
                "the mini FAT is cut short mid-entry ({} bytes)",
                minifat_bytes.len()
            )));
        }
        let minifat: Vec<u32> = (0..minifat_bytes.len() / 4)
            .filter_map(|i| u32_at(&minifat_bytes, 4 * i))
            .collect();
        (mini_stream, minifat)
    } else {
        (Vec::new(), Vec::new())
    };

    let mut marks = vec![0u32; n_sectors];
    for (no, (name, typ, start, size)) in entries.iter().enumerate().skip(1) {
        if *typ == 2 && *size >= MINI_CUTOFF {
            c.check_chain(*start, &mut marks, no as u32, &format!("stream {name}"))?;
        }
    }
    // The stream calamine reads: the first named Workbook, else the first named Book.
    let book = |want: &str| entries.iter().find(|e| e.0.eq_ignore_ascii_case(want));
    let workbook = match book("Workbook").or_else(|| book("Book")) {
        None => None,
        Some((_, _, start, size)) if *size < MINI_CUTOFF => {
            // Mini streams are read up to their (small) size: a loop costs nothing there. As
            // calamine reads it: a mini sector must start inside the mini stream and the mini
            // FAT must cover every sector the chain goes on from.
            let mut out = Vec::new();
            let mut id = *start;
            let mut steps = 0;
            // calamine fetches the first sector before looking at the size: a stream of size 0
            // still needs its start inside the mini stream.
            while id != ENDOFCHAIN && steps <= minifat.len() {
                let at = id as usize * 64;
                let Some(chunk) = mini_stream.get(at..(at + 64).min(mini_stream.len())) else {
                    return Err(truncated(format!(
                        "the Workbook stream's mini sector {id} lies past the end of the \
                         mini stream"
                    )));
                };
                if chunk.is_empty() {
                    return Err(truncated(format!(
                        "the Workbook stream's mini sector {id} lies past the end of the \
                         mini stream"
                    )));
                }
                out.extend_from_slice(chunk);
                if (out.len() as u64) >= *size {
                    break;
                }
                id = *minifat.get(id as usize).ok_or_else(|| {
                    corrupt(format!(
                        "the Workbook stream reaches mini sector {id}, which the mini FAT \
                         does not cover"
                    ))
                })?;
                steps += 1;
            }
            out.truncate(*size as usize);
            Some(out)
        }
        Some((name, _, start, size)) => {
            let chain = c.chain(*start, *size, &format!("stream {name}"))?;
            Some(c.read_chain(&chain, *size))
        }
    };
    if let Some(stream) = &workbook {
        check_biff(stream)?;
    }
    Ok(workbook)
}

/// Records of a BIFF stream from `pos`: (type, data).
fn records(stream: &[u8], mut pos: usize) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, pos)?;
        let len = u16_at(stream, pos + 2)? as usize;
        let data = stream.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((typ, data))
    })
}

/// Records of the workbook globals as calamine groups them: each with the Continue records
/// (0x003C) that follow it. Ends where calamine's record reader would fail.
fn records_with_continues(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8], Vec<&[u8]>)> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let (typ, data) = records(stream, pos).next()?;
        pos += 4 + data.len();
        let mut cont = Vec::new();
        while stream.len() > pos + 4 && u16_at(stream, pos) == Some(0x003C) {
            let (_, c) = records(stream, pos).next()?;
            cont.push(c);
            pos += 4 + c.len();
        }
        Some((typ, data, cont))
    })
}

/// The BIFF version as calamine reads it from a BOF record: true for BIFF8.
fn bof_is_biff8(data: &[u8]) -> bool {
    let dt = if data.len() >= 4 {
        u16_at(data, 2)
    } else {
        None
    };
    match u16_at(data, 0) {
        Some(0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500) => false,
        Some(0) => dt != Some(0x1000),
        _ => true,
    }
}

/// A record shorter than the fields calamine reads from it unchecked (a panic).
fn short(what: &str, need: usize, data: &[u8]) -> Result<(), ReadError> {
    if data.len() < need {
        return Err(corrupt(format!(
            "a {what} record holds {} bytes, fewer than the {need} it must have",
            data.len()
        )));
    }
    Ok(())
}

/// Check the workbook globals (up to their EOF) for records calamine would read past their
/// end; return the sheet positions named by BoundSheet8 records and whether the workbook is
/// BIFF8 (as calamine tracks it, from the last BOF).
fn check_globals(stream: &[u8]) -> Result<(Vec<usize>, bool), ReadError> {
    let mut sheets = Vec::new();
    let mut biff8 = true;
    for (typ, data, cont) in records_with_continues(stream) {
        match typ {
            0x002F => short("FilePass", 2, data)?,
            0x0042 => short("CodePage", 2, data)?,
            0x0022 => short("DateMode", 2, data)?,
            0x0809 => {
                short("BOF", 2, data)?;
                biff8 = bof_is_biff8(data);
            }
            0x0085 => {
                short("BoundSheet8", 6, data)?;
                sheets.extend(u32_at(data, 0).map(|p| p as usize));
            }
            0x0017 if biff8 => short("ExternSheet", 2, data)?,
            0x0018 => check_lbl(data, biff8)?,
            0x00FC => {
                if let Some(what) = sst_overrun(data, &cont) {
                    return Err(corrupt(format!("the shared string table: {what}")));
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    Ok((sheets, biff8))
}

/// A defined name (Lbl): its formula is the record's last `cce` bytes, and calamine reads the
/// first token of it by fixed offsets.
fn check_lbl(data: &[u8], biff8: bool) -> Result<(), ReadError> {
    short("defined name (Lbl)", 14, data)?;
    let cce = u16_at(data, 4).unwrap_or(0) as usize;
    let Some(rgce) = data.len().checked_sub(cce).map(|at| &data[at..]) else {
        return Err(corrupt(format!(
            "a defined name states {cce} bytes of formula in a record of {} bytes",
            data.len()
        )));
    };
    let need = match (rgce.first(), biff8) {
        (Some(0x3a | 0x5a | 0x7a), true) => 7,
        (Some(0x3b | 0x5b | 0x7b), true) => 11,
        (Some(0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d), true) => 3,
        (Some(0x3a | 0x5a | 0x7a), false) => 18,
        (Some(0x3b | 0x5b | 0x7b), false) => 21,
        (Some(0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d), false) => 13,
        _ => 0,
    };
    if rgce.len() < need {
        return Err(corrupt(format!(
            "a defined name's reference (token 0x{:02X}) holds {} bytes, fewer than its {need}",
            rgce[0],
            rgce.len()
        )));
    }
    Ok(())
}

/// Walk the shared string table as calamine reads it (strings continuing into Continue
/// records) and say where it would read a field past the end of its data; None when the
/// table is whole or calamine stops on it with an error of its own.
fn sst_overrun<'a>(data: &'a [u8], cont: &[&'a [u8]]) -> Option<String> {
    let mut data = data.get(8..)?;
    let mut cont = cont.iter();
    // calamine's `continue_record`: the next Continue record's data, if any.
    let mut next = |data: &mut &'a [u8]| cont.next().map(|c| *data = c).is_some();
    let mut n = 0usize;
    while !data.is_empty() || next(&mut data) {
        n += 1;
        if data.is_empty() {
            continue;
        }
        if data.len() < 3 {
            return None;
        }
        let cch = u16_at(data, 0).unwrap_or(0) as usize;
        let flags = data[2];
        data = &data[3..];
        let mut runs = 0usize;
        let mut ext = 0usize;
        // calamine reads these counts unchecked (a panic when the record ends first).
        if flags & 0x8 != 0 {
            let Some(r) = u16_at(data, 0) else {
                return Some(format!(
                    "string {n} states formatting runs but its record ends before their count"
                ));
            };
            runs = r as usize;
            data = &data[2..];
        }
        if flags & 0x4 != 0 {
            let Some(e) = u32_at(data, 0) else {
                return Some(format!(
                    "string {n} states extended data but its record ends before its size"
                ));
            };
            // As calamine converts it: a negative size is huge and runs to the end.
            ext = e as i32 as usize;
            data = &data[4..];
        }
        let mut left = cch;
        let mut high = flags & 1 != 0;
        while left > 0 {
            let l = if high { data.len() / 2 } else { data.len() }.min(left);
            data = &data[if high { 2 * l } else { l }..];
            left -= l;
            if left > 0 {
                if !next(&mut data) {
                    return None;
                }
                let Some(&f) = data.first() else {
                    return Some(format!("string {n} goes on in an empty Continue record"));
                };
                high = f & 1 != 0;
                data = &data[1..];
            }
        }
        for mut skip in [runs.saturating_mul(4), ext] {
            while skip > 0 {
                if data.is_empty() && !next(&mut data) {
                    return None;
                }
                let l = skip.min(data.len());
                data = &data[l..];
                skip -= l;
            }
        }
    }
    None
}

/// Bound what calamine will allocate for each sheet: the reserve it makes from a dimensions
/// record, and the dense range spanning the sheet's cells.
fn check_biff(stream: &[u8]) -> Result<(), ReadError> {
    // Sheet substreams named by BoundSheet8 records in the globals (up to their EOF).
    let (sheets, biff8) = check_globals(stream)?;
    let mut total: u64 = 0;
    let mut scanned: u64 = 0;
    let mut areas: std::collections::HashMap<usize, u64> = Default::default();
    for pos in sheets {
        // calamine slices the stream at the position a BoundSheet8 record gives (a panic past
        // its end).
        if pos > stream.len() {
            return Err(corrupt(format!(
                "a sheet is said to start at byte {pos} of the {}-byte Workbook stream",
                stream.len()
            )));
        }
        let area = match areas.get(&pos) {
            Some(&a) => a,
            None => {
                let a = sheet_area(stream, pos, biff8, &mut scanned)?;
                areas.insert(pos, a);
                a
            }
        };
        total = total.saturating_add(area);
        if total > MAX_WORKBOOK_AREA {
            return Err(too_large(format!(
                "its sheets span more than {MAX_WORKBOOK_AREA} cells in all (the reader lays \
                 every sheet out in full)"
            )));
        }
    }
    Ok(())
}

/// The area of the range spanned by one sheet's cells; refuses a dimensions record or a
/// cell range over [`MAX_SHEET_AREA`].
fn sheet_area(stream: &[u8], pos: usize, biff8: bool, scanned: &mut u64) -> Result<u64, ReadError> {
    let mut depth = 0usize;
    let mut seen_bof = false;
    let mut bbox: Option<(u32, u32, u32, u32)> = None;
    let mut add = |r: u32, c: u32| {
        bbox = Some(match bbox {
            None => (r, r, c, c),
            Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
        })
    };
    for (typ, data) in records(stream, pos) {
        *scanned += 1;
        if *scanned > MAX_WORK_PER_FILE {
            return Err(too_large(
                "its sheets hold more records than the work limit".into(),
            ));
        }
        if typ == 0x0809 {
            if seen_bof {
                depth += 1;
            }
            seen_bof = true;
            continue;
        }
        if typ == 0x000A {
            if depth == 0 {
                break;
            }
            depth -= 1;
            continue;
        }
        // A Formula record's parsed expression is sliced by the length it states (calamine:
        // `rgce[2..2 + cce]`, a panic when the record is shorter): checked in nested
        // substreams too, since calamine reads on through them up to the first EOF.
        if typ == 0x0006 && data.len() >= 20 {
            let cce = u16_at(data, 20).map(usize::from);
            let at = format!(
                "a formula record (row {}, column {})",
                u16_at(data, 0).unwrap_or(0),
                u16_at(data, 2).unwrap_or(0)
            );
            if cce.is_none_or(|n| 22 + n > data.len()) {
                return Err(corrupt(format!(
                    "{at} states {} bytes of formula but holds {}",
                    cce.map_or("a length and".into(), |n| n.to_string()),
                    data.len().saturating_sub(22)
                )));
            }
            // calamine parses the formulas of the sheet itself only, not of nested substreams.
            let cce = cce.unwrap_or(0);
            if let Some(what) = formula_overrun(&data[22..22 + cce], biff8).filter(|_| depth == 0) {
                return Err(corrupt(format!("{at}: {what}")));
            }
        }
        // MulRk: calamine computes `last - first + 1` columns in u16 (an overflow when the
        // record runs backwards).
        if typ == 0x00BD && data.len() >= 6 {
            let first = u16_at(data, 2).unwrap_or(0);
            let last = u16_at(data, data.len() - 2).unwrap_or(0);
            if last < first || last - first == u16::MAX {
                return Err(corrupt(format!(
                    "a MulRk record (row {}) runs from column {first} {} column {last}",
                    u16_at(data, 0).unwrap_or(0),
                    if last < first { "back to" } else { "to" }
                )));
            }
        }
        // MergeCells: calamine reads as many 8-byte ranges as the count says.
        if typ == 0x00E5 && depth == 0 {
            let count = u16_at(data, 0).map_or(0, usize::from);
            if data.len() < 2 + 8 * count {
                return Err(corrupt(format!(
                    "a MergeCells record lists {count} ranges in {} bytes",
                    data.len()
                )));
            }
        }
        if depth > 0 {
            continue;
        }
        match typ {
            0x0200 if matches!(data.len(), 10 | 14 | 16) => {
                // As calamine reads it (BIFF8: u32 rows, u16 columns; the 10-byte BIFF5 form:
                // u16 all four; wrapping arithmetic in release builds).
                let (rf, rl, c) = if data.len() == 10 {
                    let row = |i| u16_at(data, i).unwrap_or(0) as u32;
                    (row(0), row(2), 4)
                } else {
                    (
                        u32_at(data, 0).unwrap_or(0),
                        u32_at(data, 4).unwrap_or(0),
                        8,
                    )
                };
                let (mut cf, cl) = (
                    u16_at(data, c).unwrap_or(0) as u32,
                    u16_at(data, c + 2).unwrap_or(0) as u32,
                );
                if cf > 0xFF || cl < cf {
                    cf = 0;
                }
                if rl >= 1 && cl >= 1 {
                    let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1) as u64;
                    let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1) as u64;
                    // Rows running backwards wrap to ~4e9 (an aborting reserve).
                    if rl < rf && cols > 0 {
                        return Err(corrupt(format!(
                            "a sheet's dimensions record runs from row {rf} back to row {}",
                            rl - 1
                        )));
                    }
                    if rows.saturating_mul(cols) > MAX_SHEET_AREA {
                        return Err(too_large(format!(
                            "a sheet's dimensions record claims {rows} rows × {cols} columns"
                        )));
                    }
                }
            }
            // Cell records: row and column are the first two u16 fields.
            0x0006 | 0x0203 | 0x0204 | 0x00FD | 0x027E | 0x0205 | 0x00D6 | 0x0201 => {
                if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    add(r as u32, c as u32);
                }
            }
            // MulRk / MulBlank: first and last column.
            0x00BD | 0x00BE if data.len() >= 6 => {
                let r = u16_at(data, 0).unwrap_or(0) as u32;
                add(r, u16_at(data, 2).unwrap_or(0) as u32);
                add(r, u16_at(data, data.len() - 2).unwrap_or(0) as u32);
            }
            _ => {}
        }
    }
    let area = bbox.map_or(0, |(r0, r1, c0, c1)| {
        (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64
    });
    if area > MAX_SHEET_AREA {
        return Err(too_large(format!(
            "a sheet's cells span {area} positions (more than {MAX_SHEET_AREA}); \
             the reader would lay them all out"
        )));
    }
    Ok(area)
}

/// Walk a formula's parsed expression (its tokens) as calamine's `parse_formula` consumes it
/// and say where a token's operands run past the expression's end (calamine slices them
/// unchecked: a panic). None when the tokens fit or calamine stops on them with an error of
/// its own. calamine's operand-stack errors are not mirrored: a formula broken that way and
/// cut short as well is refused rather than read as text.
fn formula_overrun(rgce: &[u8], biff8: bool) -> Option<String> {
    let mut i = 0;
    while let Some(&ptg) = rgce.get(i) {
        let rest = &rgce[i + 1..];
        // Bytes of operands after the token byte, as calamine reads them.
        let need = match ptg {
            0x3a | 0x5a | 0x7a | 0x3c | 0x5c | 0x7c | 0x39 | 0x59 => 6,
            0x3b | 0x5b | 0x7b | 0x3d | 0x5d | 0x7d => 10,
            0x01 if rest.len() < 4 => return None,
            0x01 => 4,
            0x03..=0x16 => 0,
            0x17 => {
                // PtgStr: calamine checks the characters against the expression itself.
                let cch = *rest.first()? as usize;
                let chars = if !biff8 {
                    cch
                } else if rest.get(1)? & 1 != 0 {
                    1 + 2 * cch
                } else {
                    1 + cch
                };
                if rest.len() < 1 + chars {
                    return None;
                }
                1 + chars
            }
            0x18 => 5,
            0x19 => match (rest.get(1), rest.get(2)) {
                _ if rest.is_empty() => 1,
                (_, _) if matches!(rest[0], 0x01 | 0x02 | 0x08 | 0x10 | 0x20 | 0x21) => 3,
                // PtgAttrChoose: a count, then count + 1 offsets.
                (Some(&a), Some(&b)) if rest[0] == 0x04 => {
                    3 + 2 * (u16::from_le_bytes([a, b]) as usize + 1)
                }
                _ if rest[0] == 0x04 => 3,
                (Some(&t), _) if matches!(rest[0], 0x40 | 0x41) && t > 6 => return None,
                _ if matches!(rest[0], 0x40 | 0x41) => 3,
                _ => return None,
            },
            0x1C if rest.first().is_some_and(|e| {
                !matches!(e, 0x00 | 0x07 | 0x0F | 0x17 | 0x1D | 0x24 | 0x2A | 0x2B)
            }) =>
            {
                return None;
            }
            0x1C | 0x1D => 1,
            0x1E => 2,
            0x1F => 8,
            0x20 | 0x40 | 0x60 => 7,
            0x22 | 0x42 | 0x62 => 3,
            // calamine refuses an index past its function table (485 entries) itself.
            0x21 | 0x41 | 0x61 if u16_at(rest, 0).is_some_and(|f| f >= 485) => return None,
            0x21 | 0x41 | 0x61 => 2,
            // Defined names are counted from 1 (calamine subtracts 1).
            0x23 | 0x43 | 0x63 if u32_at(rest, 0) == Some(0) => {
                return Some(format!("token {} names defined name 0", i));
            }
            0x23 | 0x43 | 0x63 => 4,
            0x24 | 0x44 | 0x64 | 0x2A | 0x4A | 0x6A => {
                if biff8 {
                    4
                } else {
                    3
                }
            }
            0x25 | 0x45 | 0x65 | 0x2B | 0x4B | 0x6B => {
                if biff8 {
                    8
                } else {
                    6
                }
            }
            _ => return None,
        };
        if rest.len() < need {
            return Some(format!(
                "its formula token 0x{ptg:02X} at byte {i} needs {need} bytes after it, {} are left",
                rest.len()
            ));
        }
        i += 1 + need;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A BIFF8 stream: globals (BOF, `globals`, one BoundSheet8, EOF), then one sheet (BOF,
    /// `sheet`, EOF).
    fn book(globals: &[(u16, Vec<u8>)], sheet: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let rec = |out: &mut Vec<u8>, typ: u16, data: &[u8]| {
            out.extend(typ.to_le_bytes());
            out.extend((data.len() as u16).to_le_bytes());
            out.extend(data);
        };
        let bof = [0x00, 0x06, 0x05, 0x00];
        let mut g = Vec::new();
        rec(&mut g, 0x0809, &bof);
        for (t, d) in globals {
            rec(&mut g, *t, d);
        }
        let boundsheet_at = g.len();
        rec(&mut g, 0x0085, &[0, 0, 0, 0, 0, 0, 1, 0, b'S']);
        rec(&mut g, 0x000A, &[]);
        let sheet_at = g.len() as u32;
        g[boundsheet_at + 4..boundsheet_at + 8].copy_from_slice(&sheet_at.to_le_bytes());
        rec(&mut g, 0x0809, &[0x00, 0x06, 0x10, 0x00]);
        for (t, d) in sheet {
            rec(&mut g, *t, d);
        }
        rec(&mut g, 0x000A, &[]);
        g
    }

    fn message(stream: &[u8]) -> String {
        match check_biff(stream) {
            Ok(()) => String::new(),
            Err(e) => e.to_string(),
        }
    }

    /// A Formula record at A1 whose parsed expression is `rgce`.
    fn formula(rgce: &[u8]) -> (u16, Vec<u8>) {
        let mut d = vec![0u8; 20];
        d[6..14].copy_from_slice(&[0, 0, 0, 0, 0, 0, 0xF0, 0x3F]);
        d.extend((rgce.len() as u16).to_le_bytes());
        d.extend(rgce);
        (0x0006, d)
    }

    #[test]
    fn whole_records_pass() {
        // SUM(A1:B2)+3, a string literal, a shared string table with a rich string continued
        // in a Continue record, a merge.
        let sst = {
            let mut d = vec![2, 0, 0, 0, 2, 0, 0, 0];
            d.extend([3, 0, 0, b'a', b'b', b'c']);
            d.extend([4, 0, 0x08, 1, 0, b'x', b'y']);
            d
        };
        let cont = vec![0x00, b'z', b'w', 0, 0, 0, 0];
        let s = book(
            &[(0x00FC, sst), (0x003C, cont)],
            &[
                formula(&[0x25, 0, 0, 1, 0, 0, 0xC0, 1, 0xC0, 0x1E, 3, 0, 0x03]),
                formula(&[0x17, 2, 0, b'h', b'i']),
                (0x00E5, vec![1, 0, 0, 0, 1, 0, 0, 0, 1, 0]),
            ],
        );
        assert_eq!(message(&s), "");
    }

    #[test]
    fn short_globals_records_are_refused() {
        let s = book(&[(0x0042, vec![0xE4])], &[]);
        assert!(
            message(&s).contains("a CodePage record holds 1 bytes"),
            "{}",
            message(&s)
        );
        // A defined name whose formula length exceeds its record.
        let mut lbl = vec![0u8; 14];
        lbl[4..6].copy_from_slice(&40u16.to_le_bytes());
        let s = book(&[(0x0018, lbl)], &[]);
        assert!(
            message(&s).contains("states 40 bytes of formula"),
            "{}",
            message(&s)
        );
        // A defined name holding a PtgArea3d cut to 5 of its 11 bytes.
        let mut lbl = vec![0u8; 14];
        lbl[4..6].copy_from_slice(&5u16.to_le_bytes());
        lbl.extend([0x3b, 0, 0, 0, 0]);
        let s = book(&[(0x0018, lbl)], &[]);
        assert!(
            message(&s).contains("token 0x3B) holds 5 bytes"),
            "{}",
            message(&s)
        );
    }

    #[test]
    fn shared_strings_read_past_their_record_are_refused() {
        // A rich string whose run count is cut off by the end of the record.
        let s = book(
            &[(0x00FC, vec![1, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0x08, 7])],
            &[],
        );
        assert!(
            message(&s).contains("before their count"),
            "{}",
            message(&s)
        );
        // A string going on in an empty Continue record.
        let s = book(
            &[
                (0x00FC, vec![1, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, b'a']),
                (0x003C, vec![]),
                (0x003C, vec![0, b'b']),
            ],
            &[],
        );
        assert!(
            message(&s).contains("empty Continue record"),
            "{}",
            message(&s)
        );
        // Cut short without a Continue record: calamine reports that itself.
        let s = book(
            &[(0x00FC, vec![1, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, b'a'])],
            &[],
        );
        assert_eq!(message(&s), "");
    }

    #[test]
    fn formula_tokens_past_the_expression_are_refused() {
        // PtgInt with one of its two bytes; PtgAttrChoose with 3 offsets announced, 1 held;
        // a name index of 0.
        for (rgce, says) in [
            (
                &[0x1E, 7][..],
                "token 0x1E at byte 0 needs 2 bytes after it, 1 are left",
            ),
            (
                &[0x19, 0x04, 2, 0, 0, 0],
                "token 0x19 at byte 0 needs 9 bytes",
            ),
            (&[0x23, 0, 0, 0, 0], "names defined name 0"),
            (
                &[0x1E, 1, 0, 0x24, 0, 0],
                "token 0x24 at byte 3 needs 4 bytes",
            ),
        ] {
            let m = message(&book(&[], &[formula(rgce)]));
            assert!(m.contains(says), "{rgce:?}: {m}");
        }
        // Tokens calamine refuses with an error of its own (unknown token, string literal
        // longer than the expression) pass: it reads them as text.
        for rgce in [&[0x00, 1][..], &[0x17, 9, 0, b'a']] {
            assert_eq!(message(&book(&[], &[formula(rgce)])), "", "{rgce:?}");
        }
    }

    #[test]
    fn sheet_records_counting_past_their_end_are_refused() {
        let m = message(&book(&[], &[(0x00E5, vec![3, 0, 0, 0, 1, 0, 0, 0, 1, 0])]));
        assert!(m.contains("lists 3 ranges in 10 bytes"), "{m}");
        let m = message(&book(&[], &[(0x00BD, vec![0, 0, 0, 0, 0xFF, 0xFF])]));
        assert!(m.contains("from column 0 to column 65535"), "{m}");
    }
}
