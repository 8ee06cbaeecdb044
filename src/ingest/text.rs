//! The push-style text reader: bytes in chunks → decoded UTF-8 → CSV/TSV records → rows.
//!
//! Memory stays constant apart from the rows kept: at most [`SAMPLE_BYTES`] raw bytes wait for
//! the encoding decision, at most [`HEADER_SNIFF_BYTES`] decoded bytes (plus one decoded
//! block) wait for the delimiter decision, and a row over `max_row_bytes` stops being stored
//! the moment it crosses the limit. A chunk boundary may fall anywhere: encoding_rs's Decoder
//! carries a split character over, and the CSV state machine below carries a split quoted
//! field, doubled quote or CRLF over.
//!
//! The CSV state machine is hand-written rather than csv-core because the report needs the
//! physical line each record starts on (csv-core only counts lines consumed so far), per-cell
//! and per-row limits enforced while reading, and a count of blank lines.

use super::sniff::{self, FirstLineScan, HEADER_SNIFF_BYTES, SAMPLE_BYTES};
use super::{unreadable, ReadOptions, Table, TableBuilder};
use crate::error::Error;
use encoding_rs::{CoderResult, Decoder, Encoding};

/// Size of the decoded-text block handed to the CSV parser.
const DECODE_BLOCK: usize = 64 * 1024;

/// Push-style reader for CSV/TSV/semicolon text in any of the supported encodings.
///
/// ```
/// use shopscore::ingest::{ReadOptions, TextReader};
/// let mut reader = TextReader::new("orders.csv", ReadOptions::default());
/// reader.push(b"a,b\r\n1,");
/// reader.push(b"2\r\n");
/// let table = reader.finish().unwrap();
/// assert_eq!(table.rows[0].cells, vec!["1", "2"]);
/// ```
pub struct TextReader {
    options: ReadOptions,
    name: String,
    bytes_in: u64,
    /// Raw bytes held until the encoding is decided (first `SAMPLE_BYTES`).
    raw_head: Vec<u8>,
    decoder: Option<Decoder>,
    /// Decoded bytes held until the header line is complete and the delimiter decided.
    decoded_head: Vec<u8>,
    head_scan: FirstLineScan,
    parser: Option<CsvParser>,
    decode_block: Vec<u8>,
    builder: TableBuilder,
    fatal: Option<Error>,
    saw_replacement: bool,
    /// GB18030 files only: finds lines that are really UTF-8 (they decode without error but
    /// garbled, so nothing else would notice).
    utf8_lines: Option<Utf8LineScan>,
}

impl TextReader {
    /// A reader for the file `name` (used in messages).
    pub fn new(name: &str, options: ReadOptions) -> Self {
        TextReader {
            builder: TableBuilder::new(name, "utf-8", options.clone()),
            options,
            name: name.to_string(),
            bytes_in: 0,
            raw_head: Vec::new(),
            decoder: None,
            decoded_head: Vec::new(),
            head_scan: FirstLineScan::default(),
            parser: None,
            decode_block: Vec::new(),
            fatal: None,
            saw_replacement: false,
            utf8_lines: None,
        }
    }

    /// Feed the next chunk of the file. Complete rows are appended to the table being built
    /// (see [`TextReader::take_rows`] to drain them while streaming).
    pub fn push(&mut self, chunk: &[u8]) {
        self.bytes_in += chunk.len() as u64;
        if self.fatal.is_some() {
            return;
        }
        if self.decoder.is_some() {
            self.decode(chunk, false);
            return;
        }
        // Hold back only the sample, never a whole big first chunk.
        let wanted = SAMPLE_BYTES - self.raw_head.len();
        let (head, rest) = chunk.split_at(wanted.min(chunk.len()));
        self.raw_head.extend_from_slice(head);
        if self.raw_head.len() < SAMPLE_BYTES {
            return;
        }
        self.decide_encoding(true);
        if self.fatal.is_none() {
            self.decode(rest, false);
        }
    }

    /// Rows completed so far, removed from the reader (their count stays in the summary).
    pub fn take_rows(&mut self) -> Vec<super::Row> {
        std::mem::take(&mut self.builder.table.rows)
    }

    /// Bytes held in the reader's own buffers (encoding sample, header sniffing, decode block,
    /// the record being assembled), not counting rows already complete: stays bounded by the
    /// limits whatever the input, which is what "constant memory" means here.
    pub fn buffered_bytes(&self) -> usize {
        let record = self.parser.as_ref().map_or(0, |p| {
            p.field.capacity()
                + p.cells.iter().map(|c| c.capacity()).sum::<usize>()
                + p.cells.capacity() * 24
        });
        self.raw_head.capacity()
            + self.decoded_head.capacity()
            + self.decode_block.capacity()
            + record
    }

    /// Whether the input has already been found not to be a text table.
    pub fn error(&self) -> Option<&Error> {
        self.fatal.as_ref()
    }

    /// End of input: flush the decoder and the last record, and return the table, or the
    /// `unreadable_file` error when the bytes are not a text table.
    pub fn finish(mut self) -> Result<Table, Error> {
        if self.fatal.is_none() && self.decoder.is_none() {
            self.decide_encoding(false);
        }
        if let Some(error) = self.fatal {
            return Err(error);
        }
        self.decode(&[], true);
        if self.parser.is_none() {
            self.start_parser();
        }
        let mut parser = self.parser.take().expect("parser started above");
        parser.finish(&mut self.builder);
        if self.saw_replacement && self.builder.table.rows_with_bad_encoding == 0 {
            // The replaced bytes were only in skipped rows: still say so once.
            let encoding = self.builder.table.encoding.clone();
            self.builder.warning(
                "bad_encoding",
                format!("some bytes are not valid {encoding} and were replaced by U+FFFD"),
            );
        }
        if let Some(mut scan) = self.utf8_lines.take() {
            // Added at the end (not while streaming) so the warnings' order never depends on
            // where the chunks were split.
            scan.finish();
            for &line in &scan.flagged {
                self.builder.row_warning(
                    "mixed_encoding",
                    line,
                    None,
                    "this line looks like UTF-8 inside a GB18030/GBK file: its Chinese text was decoded as GB18030 and is garbled; re-save the file in one encoding".to_string(),
                );
            }
            self.builder.table.rows_with_bad_encoding += scan.count;
            if scan.count > scan.flagged.len() as u64 {
                let more = scan.count - scan.flagged.len() as u64;
                self.builder.warning(
                    "mixed_encoding",
                    format!("… and {more} more lines that look like UTF-8"),
                );
            }
        }
        let mut table = self.builder.finish();
        table.bytes = self.bytes_in;
        table.lines = parser.lines();
        Ok(table)
    }

    fn decide_encoding(&mut self, more_follows: bool) {
        let head = std::mem::take(&mut self.raw_head);
        let sample = &head[..head.len().min(SAMPLE_BYTES)];
        let forced = self.options.encoding.as_deref().and_then(|label| {
            let found = Encoding::for_label(label.trim().as_bytes());
            if found.is_none() {
                self.builder.warning(
                    "unknown_encoding",
                    format!("encoding {label:?} is not known; the encoding was detected instead"),
                );
            }
            found
        });
        let forced_utf16 =
            forced.is_some_and(|e| e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE);
        if !forced_utf16 {
            if let Some(what) = sniff::looks_binary(sample) {
                self.fatal = Some(unreadable(&self.name, what));
                return;
            }
        }
        let (encoding, label) = match forced {
            Some(e) => (e, label_of(e, sample)),
            None => {
                let label = sniff::detect_encoding(sample, more_follows);
                let encoding = match label {
                    "utf-8" | "utf-8-bom" => encoding_rs::UTF_8,
                    "utf-16le" => encoding_rs::UTF_16LE,
                    "utf-16be" => encoding_rs::UTF_16BE,
                    _ => encoding_rs::GB18030,
                };
                (encoding, label.to_string())
            }
        };
        if label == "gb18030" {
            self.utf8_lines = Some(Utf8LineScan::default());
        }
        self.builder.table.encoding = label;
        self.decoder = Some(encoding.new_decoder_with_bom_removal());
        self.decode_block = vec![0; DECODE_BLOCK];
        self.decode(&head, false);
    }

    fn decode(&mut self, mut src: &[u8], last: bool) {
        if let Some(scan) = self.utf8_lines.as_mut() {
            scan.feed(src);
        }
        let mut block = std::mem::take(&mut self.decode_block);
        while let Some(decoder) = self.decoder.as_mut() {
            let (result, read, written, replaced) = decoder.decode_to_utf8(src, &mut block, last);
            self.saw_replacement |= replaced;
            src = &src[read..];
            self.take_decoded(&block[..written]);
            if result == CoderResult::InputEmpty {
                break;
            }
        }
        self.decode_block = block;
    }

    fn take_decoded(&mut self, text: &[u8]) {
        if let Some(parser) = self.parser.as_mut() {
            parser.feed(text, &mut self.builder);
            return;
        }
        self.decoded_head.extend_from_slice(text);
        if self.head_scan.complete(&self.decoded_head)
            || self.decoded_head.len() >= HEADER_SNIFF_BYTES
        {
            self.start_parser();
        }
    }

    fn start_parser(&mut self) {
        let head = std::mem::take(&mut self.decoded_head);
        let delimiter = self
            .options
            .delimiter
            .unwrap_or_else(|| sniff::detect_delimiter(&head));
        self.builder.table.delimiter = Some((delimiter as char).to_string());
        let mut parser = CsvParser::new(delimiter, &self.options);
        parser.feed(&head, &mut self.builder);
        self.parser = Some(parser);
    }
}

/// Per physical line of raw bytes: does it look like UTF-8 (at least three multi-byte UTF-8
/// sequences, one of them three bytes long as CJK is, and no invalid byte)? GBK text almost
/// never forms such a line. CR/LF never occur inside a GB18030 character, so these line
/// numbers are the parser's.
#[derive(Debug)]
struct Utf8LineScan {
    line: u64,
    after_cr: bool,
    /// Continuation bytes still expected in the current sequence.
    need: u8,
    sequence_len: u8,
    valid: u32,
    three_byte: u32,
    invalid: u32,
    flagged: Vec<u64>,
    count: u64,
}

impl Default for Utf8LineScan {
    fn default() -> Self {
        Utf8LineScan {
            line: 1,
            after_cr: false,
            need: 0,
            sequence_len: 0,
            valid: 0,
            three_byte: 0,
            invalid: 0,
            flagged: Vec::new(),
            count: 0,
        }
    }
}

impl Utf8LineScan {
    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            let after_cr = std::mem::replace(&mut self.after_cr, false);
            if b == b'\n' && after_cr {
                continue;
            }
            if self.need > 0 {
                if (0x80..=0xBF).contains(&b) {
                    self.need -= 1;
                    if self.need == 0 {
                        self.valid += 1;
                        self.three_byte += (self.sequence_len == 3) as u32;
                    }
                    continue;
                }
                self.invalid += 1;
                self.need = 0;
            }
            match b {
                b'\n' | b'\r' => {
                    self.end_line();
                    self.after_cr = b == b'\r';
                }
                0x00..=0x7F => {}
                0xC2..=0xDF => (self.need, self.sequence_len) = (1, 2),
                0xE0..=0xEF => (self.need, self.sequence_len) = (2, 3),
                0xF0..=0xF4 => (self.need, self.sequence_len) = (3, 4),
                _ => self.invalid += 1,
            }
        }
    }

    fn end_line(&mut self) {
        if self.need > 0 {
            self.invalid += 1;
            self.need = 0;
        }
        if self.valid >= 3 && self.three_byte >= 1 && self.invalid == 0 {
            self.count += 1;
            if self.flagged.len() < super::MAX_ROW_WARNINGS {
                self.flagged.push(self.line);
            }
        }
        self.line += 1;
        (self.valid, self.three_byte, self.invalid) = (0, 0, 0);
    }

    fn finish(&mut self) {
        if self.valid > 0 || self.invalid > 0 || self.need > 0 {
            self.end_line();
        }
    }
}

/// The label a forced encoding is reported under (same vocabulary as detection).
fn label_of(encoding: &'static Encoding, sample: &[u8]) -> String {
    if encoding == encoding_rs::UTF_8 {
        if sample.starts_with(b"\xEF\xBB\xBF") {
            "utf-8-bom"
        } else {
            "utf-8"
        }
        .to_string()
    } else if encoding == encoding_rs::GB18030 || encoding == encoding_rs::GBK {
        "gb18030".to_string()
    } else {
        encoding.name().to_ascii_lowercase()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field (also of a record).
    FieldStart,
    Unquoted,
    Quoted,
    /// Just saw a quote inside a quoted field: a doubled quote, or the closing one.
    QuoteInQuoted,
}

/// RFC 4180 with the usual leniency: a quote inside an unquoted field is literal, text after
/// a closing quote is appended, CR, LF and CRLF all end a record (and are kept inside quotes).
struct CsvParser {
    delimiter: u8,
    max_columns: usize,
    max_row_bytes: usize,
    state: State,
    /// Physical line of the byte being read (1-based).
    line: u64,
    /// The previous byte was a CR: an LF now is the second half of CRLF.
    after_cr: bool,
    last_was_line_end: bool,
    any_byte: bool,
    in_record: bool,
    row_line: u64,
    cells: Vec<String>,
    field: Vec<u8>,
    /// Fields seen in the record (including those cut off by `max_columns`).
    fields_seen: usize,
    row_bytes: usize,
    /// Set when the record crossed `max_row_bytes`: the 0-based column where it did.
    overlong_at: Option<usize>,
    quote_line: u64,
}

impl CsvParser {
    fn new(delimiter: u8, options: &ReadOptions) -> Self {
        CsvParser {
            delimiter,
            max_columns: options.max_columns.max(1),
            max_row_bytes: options.max_row_bytes.max(1),
            state: State::FieldStart,
            line: 1,
            after_cr: false,
            last_was_line_end: false,
            any_byte: false,
            in_record: false,
            row_line: 1,
            cells: Vec::new(),
            field: Vec::new(),
            fields_seen: 0,
            row_bytes: 0,
            overlong_at: None,
            quote_line: 1,
        }
    }

    /// Physical lines in the input (a final line end does not open another line).
    fn lines(&self) -> u64 {
        if !self.any_byte {
            0
        } else if self.last_was_line_end {
            self.line - 1
        } else {
            self.line
        }
    }

    fn feed(&mut self, text: &[u8], out: &mut TableBuilder) {
        let delimiter = self.delimiter;
        let mut i = 0;
        while i < text.len() {
            let byte = text[i];
            i += 1;
            self.any_byte = true;
            let after_cr = std::mem::replace(&mut self.after_cr, false);
            if byte == b'\n' && after_cr {
                // Second half of a CRLF: the CR already ended the line (and the record).
                if self.state == State::Quoted {
                    self.append(b'\n');
                }
                continue;
            }
            let line_end = byte == b'\r' || byte == b'\n';
            match self.state {
                State::FieldStart => {
                    if !self.in_record {
                        if line_end {
                            out.table.blank_lines += 1;
                            self.next_line(byte);
                            continue;
                        }
                        self.in_record = true;
                        self.row_line = self.line;
                    }
                    if byte == b'"' {
                        self.state = State::Quoted;
                        self.quote_line = self.line;
                    } else if byte == delimiter {
                        self.end_field();
                    } else if line_end {
                        self.end_record(out);
                    } else {
                        self.append(byte);
                        self.state = State::Unquoted;
                        // Fast path: copy the rest of a plain field in one go.
                        let rest = &text[i..];
                        let n = rest
                            .iter()
                            .position(|&b| b == delimiter || b == b'\r' || b == b'\n')
                            .unwrap_or(rest.len());
                        self.append_slice(&rest[..n]);
                        i += n;
                    }
                }
                State::Unquoted => {
                    if byte == delimiter {
                        self.end_field();
                    } else if line_end {
                        self.end_record(out);
                    } else {
                        self.append(byte);
                    }
                }
                State::Quoted => {
                    if byte == b'"' {
                        self.state = State::QuoteInQuoted;
                    } else {
                        self.append(byte);
                        if !line_end {
                            let rest = &text[i..];
                            let n = rest
                                .iter()
                                .position(|&b| b == b'"' || b == b'\r' || b == b'\n')
                                .unwrap_or(rest.len());
                            self.append_slice(&rest[..n]);
                            i += n;
                        }
                    }
                }
                State::QuoteInQuoted => {
                    if byte == b'"' {
                        self.append(b'"');
                        self.state = State::Quoted;
                    } else if byte == delimiter {
                        self.end_field();
                    } else if line_end {
                        self.end_record(out);
                    } else {
                        self.append(byte);
                        self.state = State::Unquoted;
                    }
                }
            }
            if line_end {
                self.next_line(byte);
            } else {
                self.last_was_line_end = false;
            }
        }
    }

    fn next_line(&mut self, byte: u8) {
        self.line += 1;
        self.after_cr = byte == b'\r';
        self.last_was_line_end = true;
    }

    fn append(&mut self, byte: u8) {
        self.append_slice(&[byte]);
    }

    fn append_slice(&mut self, bytes: &[u8]) {
        if bytes.is_empty() || self.overlong_at.is_some() {
            return;
        }
        self.row_bytes += bytes.len();
        if self.row_bytes > self.max_row_bytes {
            // Stop storing this record at once: constant memory for a 50 MB line.
            self.overlong_at = Some(self.fields_seen);
            self.cells = Vec::new();
            self.field = Vec::new();
            return;
        }
        if self.cells.len() < self.max_columns {
            self.field.extend_from_slice(bytes);
        }
    }

    fn end_field(&mut self) {
        self.fields_seen += 1;
        self.state = State::FieldStart;
        if self.overlong_at.is_some() {
            return;
        }
        if self.cells.len() < self.max_columns {
            let bytes = std::mem::take(&mut self.field);
            // Decoded text split at ASCII bytes is valid UTF-8; lossy only as a guard.
            let cell = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            self.cells.push(cell);
        } else {
            self.field.clear();
        }
    }

    fn end_record(&mut self, out: &mut TableBuilder) {
        self.end_field();
        let line = self.row_line;
        let fields = self.fields_seen;
        // The next row likely has as many cells: size it once instead of growing it cell by cell.
        let width = self.cells.len().min(self.max_columns);
        let cells = std::mem::replace(&mut self.cells, Vec::with_capacity(width));
        let overlong_at = self.overlong_at.take();
        let row_bytes = self.row_bytes;
        self.fields_seen = 0;
        self.row_bytes = 0;
        self.in_record = false;
        self.state = State::FieldStart;

        let what = if out.has_header() {
            "row"
        } else {
            "header row"
        };
        if let Some(column) = overlong_at {
            let column_name = out.column_name(column);
            out.skip_row(
                "row_too_long",
                line,
                Some(column_name),
                format!(
                    "{what} longer than the {} byte limit (at least {row_bytes} bytes); skipped",
                    self.max_row_bytes
                ),
            );
            return;
        }
        if fields > cells.len() {
            out.row_warning(
                "too_many_columns",
                line,
                None,
                format!(
                    "{what} has {fields} cells; only the first {} were kept",
                    cells.len()
                ),
            );
        }
        // Always checked (not only after the decoder replaced something) so that the result
        // does not depend on where the chunks were split.
        if cells.iter().any(|c| c.contains('\u{FFFD}')) {
            out.table.rows_with_bad_encoding += 1;
            let encoding = out.table.encoding.clone();
            let column = cells
                .iter()
                .position(|c| c.contains('\u{FFFD}'))
                .map(|i| out.column_name(i));
            out.row_warning(
                "bad_encoding",
                line,
                column,
                format!("{what} has bytes that are not valid {encoding} (replaced by U+FFFD): the file mixes encodings"),
            );
        }
        if out.has_header() && fields <= self.max_columns && fields != out.table.headers.len() {
            out.table.ragged_rows += 1;
            let expected = out.table.headers.len();
            out.row_warning(
                "ragged_row",
                line,
                None,
                format!("row has {fields} cells but the header has {expected}; kept as it is"),
            );
        }
        out.record(line, cells);
    }

    fn finish(&mut self, out: &mut TableBuilder) {
        if self.state == State::Quoted {
            out.row_warning(
                "unclosed_quote",
                self.quote_line,
                None,
                "a quoted cell opened here is never closed: the rest of the file was read into it"
                    .to_string(),
            );
        }
        if self.in_record {
            self.end_record(out);
        }
    }
}
