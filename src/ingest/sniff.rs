//! Sniffing: what a file is (binary kinds, text encoding) and which delimiter its header uses.

use super::refusal::Refusal;

/// How many leading bytes decide the encoding and whether the file is binary. Fixed, so that
/// the decision never depends on how the bytes were split into chunks.
pub const SAMPLE_BYTES: usize = 8 * 1024;

/// How much decoded text at most is looked at to find the header line for delimiter sniffing.
pub const HEADER_SNIFF_BYTES: usize = 64 * 1024;

/// If `sample` (the first bytes of a file) is clearly not text, what it is instead.
pub fn looks_binary(sample: &[u8]) -> Option<Refusal> {
    // Only magics no text export starts with (no "MZ": a header may; programs have NULs anyway).
    let image = |format: &'static str| Refusal::new("unreadable_file.image").with("format", format);
    let archive =
        |format: &'static str| Refusal::new("unreadable_file.archive").with("format", format);
    let magics: [(&[u8], Refusal); 11] = [
        (b"%PDF", Refusal::new("unreadable_file.pdf")),
        (b"\x89PNG", image("PNG")),
        (b"\xFF\xD8\xFF", image("JPEG")),
        (b"GIF8", image("GIF")),
        (
            b"\xD0\xCF\x11\xE0",
            Refusal::new("unreadable_file.old_excel"),
        ),
        (b"PK\x03\x04", Refusal::new("unreadable_file.zip")),
        (b"\x1F\x8B", archive("gzip")),
        (b"Rar!", archive("RAR")),
        (b"7z\xBC\xAF", archive("7z")),
        (b"\x7FELF", Refusal::new("unreadable_file.program")),
        (b"\0asm", Refusal::new("unreadable_file.program")),
    ];
    for (magic, refusal) in magics {
        if sample.starts_with(magic) {
            return Some(refusal);
        }
    }
    if utf16_bom(sample).is_some() {
        return None;
    }
    if sample.contains(&0) {
        return Some(Refusal::new("unreadable_file.binary"));
    }
    // Control bytes other than tab, CR, LF, form feed and ESC are rare in text exports.
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n' | 0x0C | 0x1B))
        .count();
    if !sample.is_empty() && controls * 20 > sample.len() {
        return Some(Refusal::new("unreadable_file.control_bytes"));
    }
    None
}

/// `utf-16le` / `utf-16be` when the sample starts with that BOM.
pub fn utf16_bom(sample: &[u8]) -> Option<&'static str> {
    if sample.starts_with(b"\xFF\xFE") {
        Some("utf-16le")
    } else if sample.starts_with(b"\xFE\xFF") {
        Some("utf-16be")
    } else {
        None
    }
}

/// The encoding label of a file from its first bytes: a BOM decides; else valid UTF-8 (an
/// incomplete character cut by the end of the sample is allowed when `more_follows`); else
/// GB18030 (a superset of GBK, what a Chinese Excel writes).
pub fn detect_encoding(sample: &[u8], more_follows: bool) -> &'static str {
    if sample.starts_with(b"\xEF\xBB\xBF") {
        return "utf-8-bom";
    }
    if let Some(utf16) = utf16_bom(sample) {
        return utf16;
    }
    if mostly_utf8(sample, more_follows) {
        "utf-8"
    } else {
        "gb18030"
    }
}

/// Valid UTF-8, or UTF-8 with a few bad bytes (a UTF-8 export with one GBK line pasted in):
/// more than 90% of the non-ASCII bytes sit in valid UTF-8 sequences. A GBK/GB18030 file
/// almost never forms valid UTF-8 sequences, so it fails this by a wide margin.
fn mostly_utf8(sample: &[u8], more_follows: bool) -> bool {
    let mut rest = sample;
    let (mut good_high, mut bad) = (0usize, 0usize);
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                good_high += valid.bytes().filter(|b| *b >= 0x80).count();
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                good_high += valid.iter().filter(|b| **b >= 0x80).count();
                match e.error_len() {
                    Some(n) => {
                        bad += n;
                        rest = &after[n..];
                    }
                    // The sample ends inside a character: fine if more follows.
                    None => {
                        if !more_follows {
                            bad += after.len();
                        }
                        break;
                    }
                }
            }
        }
    }
    bad == 0 || bad * 9 < good_high
}

/// The delimiter of the header line: the most frequent of `,` `\t` `;` outside quotes in the
/// first record of `text` (ties go to `,` then `\t` then `;`; none at all → `,`).
pub fn detect_delimiter(text: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    let mut started = false; // blank lines before the header are skipped
    for &b in text.iter().take(HEADER_SNIFF_BYTES) {
        let line_end = b == b'\r' || b == b'\n';
        if line_end && !in_quotes {
            if started {
                break;
            }
            continue;
        }
        started = true;
        match b {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => counts[0] += 1,
            b'\t' if !in_quotes => counts[1] += 1,
            b';' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b'\t', b';'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// Incremental search for the end of the first record (a line end outside quotes, after some
/// content), so that the delimiter can be decided once the header line is complete.
#[derive(Debug, Default, Clone)]
pub struct FirstLineScan {
    scanned: usize,
    in_quotes: bool,
    started: bool,
}

impl FirstLineScan {
    /// Scan the new bytes of `text` (which only grows); true once the first record is complete.
    pub fn complete(&mut self, text: &[u8]) -> bool {
        while self.scanned < text.len() {
            let b = text[self.scanned];
            self.scanned += 1;
            match b {
                b'"' => {
                    self.in_quotes = !self.in_quotes;
                    self.started = true;
                }
                b'\r' | b'\n' if !self.in_quotes => {
                    if self.started {
                        return true;
                    }
                }
                _ => self.started = true,
            }
        }
        false
    }
}
