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

/// Bound what calamine will allocate for each sheet: the reserve it makes from a dimensions
/// record, and the dense range spanning the sheet's cells.
fn check_biff(stream: &[u8]) -> Result<(), ReadError> {
    // Sheet substreams named by BoundSheet8 records in the globals (up to their EOF).
    let mut sheets: Vec<usize> = Vec::new();
    for (typ, data) in records(stream, 0) {
        match typ {
            0x0085 => sheets.extend(u32_at(data, 0).map(|p| p as usize)),
            0x000A => break,
            _ => {}
        }
    }
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
                let a = sheet_area(stream, pos, &mut scanned)?;
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
fn sheet_area(stream: &[u8], pos: usize, scanned: &mut u64) -> Result<u64, ReadError> {
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
            if cce.is_none_or(|n| 22 + n > data.len()) {
                return Err(corrupt(format!(
                    "a formula record (row {}, column {}) states {} bytes of formula but \
                     holds {}",
                    u16_at(data, 0).unwrap_or(0),
                    u16_at(data, 2).unwrap_or(0),
                    cce.map_or("a length and".into(), |n| n.to_string()),
                    data.len().saturating_sub(22)
                )));
            }
        }
        // MulRk: calamine computes `last - first + 1` columns in u16 (an overflow when the
        // record runs backwards).
        if typ == 0x00BD && data.len() >= 6 {
            let first = u16_at(data, 2).unwrap_or(0);
            let last = u16_at(data, data.len() - 2).unwrap_or(0);
            if last < first {
                return Err(corrupt(format!(
                    "a MulRk record (row {}) runs from column {first} back to column {last}",
                    u16_at(data, 0).unwrap_or(0)
                )));
            }
        }
        if depth > 0 {
            continue;
        }
        match typ {
            0x0200 if data.len() == 14 || data.len() == 16 => {
                // As calamine reads it (u32 rows, u16 columns, wrapping arithmetic).
                let (rf, rl) = (u32_at(data, 0).unwrap_or(0), u32_at(data, 4).unwrap_or(0));
                let (mut cf, cl) = (
                    u16_at(data, 8).unwrap_or(0) as u32,
                    u16_at(data, 10).unwrap_or(0) as u32,
                );
                if cf > 0xFF || cl < cf {
                    cf = 0;
                }
                if rl >= 1 && cl >= 1 {
                    let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1) as u64;
                    let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1) as u64;
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
