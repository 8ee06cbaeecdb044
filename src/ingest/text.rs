//! The push-style text reader: bytes in chunks → decoded text → CSV/TSV records → a
//! [`RowSink`], one reused [`Record`] for every row.
//!
//! Memory stays constant whatever the file's size: at most [`SAMPLE_BYTES`] raw bytes wait for
//! the encoding decision, at most [`HEADER_SNIFF_BYTES`] decoded bytes (plus one decoded
//! block) wait for the delimiter decision, and the row being read (a row over `max_row_bytes`
//! stops being stored the moment it crosses the limit). A chunk boundary may fall anywhere:
//! encoding_rs's Decoder carries a split character over, and the CSV state machine below
//! carries a split quoted field, doubled quote or CRLF over.
//!
//! The CSV state machine is hand-written rather than csv-core because the report needs the
//! physical line each record starts on (csv-core only counts lines consumed so far), per-cell
//! and per-row limits enforced while reading, and a count of blank lines.

use super::log::{ReadLog, ReadSummary};
use super::refusal::Refusal;
use super::sniff::{self, FirstLineScan, HEADER_SNIFF_BYTES, SAMPLE_BYTES};
use super::{ReadOptions, Record, RowSink};
use encoding_rs::{CoderResult, Decoder, Encoding};

/// Size of the decoded-text block handed to the CSV parser.
const DECODE_BLOCK: usize = 64 * 1024;

/// Push-style reader for CSV/TSV/semicolon text in any of the supported encodings.
///
/// ```
/// use shopscore::ingest::{ReadOptions, Record, RowSink, TextReader};
/// struct Count(usize);
/// impl RowSink for Count {
///     fn header(&mut self, _: &Record) {}
///     fn row(&mut self, row: &Record) { self.0 += row.len(); }
/// }
/// let mut reader = TextReader::new("orders.csv", ReadOptions::default());
/// let mut cells = Count(0);
/// reader.push(b"a,b\r\n1,", &mut cells);
/// reader.push(b"2\r\n", &mut cells);
/// let summary = reader.finish(&mut cells).unwrap();
/// assert_eq!((cells.0, summary.rows_seen), (2, 1));
/// ```
pub struct TextReader {
    options: ReadOptions,
    bytes_in: u64,
    /// Raw bytes held until the encoding is decided (first `SAMPLE_BYTES`).
    raw_head: Vec<u8>,
    decoder: Option<Decoder>,
    /// Decoded text held until the header line is complete and the delimiter decided.
    decoded_head: String,
    head_scan: FirstLineScan,
    parser: Option<CsvParser>,
    decode_block: String,
    log: ReadLog,
    fatal: Option<Refusal>,
    saw_replacement: bool,
    /// GB18030 files only: finds lines that are really UTF-8 (they decode without error but
    /// garbled, so nothing else would notice).
    utf8_lines: Option<Utf8LineScan>,
}

impl TextReader {
    /// A reader for the file `name` (used in messages).
    pub fn new(name: &str, options: ReadOptions) -> Self {
        TextReader {
            log: ReadLog::new(name, "utf-8"),
            options,
            bytes_in: 0,
            raw_head: Vec::new(),
            decoder: None,
            decoded_head: String::new(),
            head_scan: FirstLineScan::default(),
            parser: None,
            decode_block: String::new(),
            fatal: None,
            saw_replacement: false,
            utf8_lines: None,
        }
    }

    /// Feed the next chunk of the file; complete rows go to `sink` at once.
    pub fn push<S: RowSink + ?Sized>(&mut self, chunk: &[u8], sink: &mut S) {
        self.bytes_in += chunk.len() as u64;
        if self.fatal.is_some() {
            return;
        }
        if self.decoder.is_some() {
            self.decode(chunk, false, sink);
            return;
        }
        // Hold back only the sample, never a whole big first chunk.
        let wanted = SAMPLE_BYTES - self.raw_head.len();
        let (head, rest) = chunk.split_at(wanted.min(chunk.len()));
        self.raw_head.extend_from_slice(head);
        if self.raw_head.len() < SAMPLE_BYTES {
            return;
        }
        self.decide_encoding(true, sink);
        if self.fatal.is_none() {
            self.decode(rest, false, sink);
        }
    }

    /// Bytes pushed so far.
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Data rows read so far (given to the sink or skipped).
    pub fn rows_seen(&self) -> u64 {
        self.log.summary.rows_seen
    }

    /// Bytes held in the reader's own buffers (encoding sample, header sniffing, decode block,
    /// the record being assembled): stays bounded by the limits whatever the input, which is
    /// what "constant memory" means here.
    pub fn buffered_bytes(&self) -> usize {
        let record = self.parser.as_ref().map_or(0, |p| p.record.capacity());
        self.raw_head.capacity()
            + self.decoded_head.capacity()
            + self.decode_block.capacity()
            + record
    }

    /// Whether the input has already been found not to be a text table.
    pub fn refusal(&self) -> Option<&Refusal> {
        self.fatal.as_ref()
    }

    /// End of input: flush the decoder and the last record, and return the summary, or the
    /// refusal when the bytes are not a text table.
    pub fn finish<S: RowSink + ?Sized>(mut self, sink: &mut S) -> Result<ReadSummary, Refusal> {
        if self.fatal.is_none() && self.decoder.is_none() {
            self.decide_encoding(false, sink);
        }
        if let Some(refusal) = self.fatal {
            return Err(refusal);
        }
        self.decode(&[], true, sink);
        if self.parser.is_none() {
            self.start_parser(sink);
        }
        let mut parser = self.parser.take().expect("parser started above");
        parser.finish(&mut self.log, sink);
        if self.saw_replacement && self.log.summary.rows_with_bad_encoding == 0 {
            // The replaced bytes were only in skipped rows: still say so once.
            let encoding = self.log.summary.encoding.clone();
            self.log
                .warning("bad_encoding.file", &[("encoding", encoding.into())]);
        }
        if let Some(mut scan) = self.utf8_lines.take() {
            // Added at the end (not while streaming) so the warnings' order never depends on
            // where the chunks were split.
            scan.finish();
            for &line in &scan.flagged {
                self.log
                    .row_warning("mixed_encoding", "mixed_encoding", &[], line, None);
            }
            self.log.summary.rows_with_bad_encoding += scan.count;
            if scan.count > scan.flagged.len() as u64 {
                let more = scan.count - scan.flagged.len() as u64;
                self.log
                    .warning("mixed_encoding.lines_more", &[("count", more.into())]);
            }
        }
        let lines = parser.lines();
        let mut summary = self.log.finish();
        summary.bytes = self.bytes_in;
        summary.lines = lines;
        Ok(summary)
    }

    fn decide_encoding<S: RowSink + ?Sized>(&mut self, more_follows: bool, sink: &mut S) {
        let head = std::mem::take(&mut self.raw_head);
        let sample = &head[..head.len().min(SAMPLE_BYTES)];
        let forced = self.options.encoding.as_deref().and_then(|label| {
            let found = Encoding::for_label(label.trim().as_bytes());
            if found.is_none() {
                self.log
                    .warning("unknown_encoding", &[("label", label.into())]);
            }
            found
        });
        let forced_utf16 =
            forced.is_some_and(|e| e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE);
        if !forced_utf16 {
            if let Some(refusal) = sniff::looks_binary(sample) {
                self.fatal = Some(refusal);
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
        self.log.summary.encoding = label;
        self.decoder = Some(encoding.new_decoder_with_bom_removal());
        self.decode_block = "\0".repeat(DECODE_BLOCK);
        self.decode(&head, false, sink);
    }

    fn decode<S: RowSink + ?Sized>(&mut self, mut src: &[u8], last: bool, sink: &mut S) {
        if let Some(scan) = self.utf8_lines.as_mut() {
            scan.feed(src);
        }
        let mut block = std::mem::take(&mut self.decode_block);
        while let Some(decoder) = self.decoder.as_mut() {
            let (result, read, written, replaced) =
                decoder.decode_to_str(src, &mut block[..], last);
            self.saw_replacement |= replaced;
            src = &src[read..];
            self.take_decoded(&block[..written], sink);
            if result == CoderResult::InputEmpty {
                break;
            }
        }
        self.decode_block = block;
    }

    fn take_decoded<S: RowSink + ?Sized>(&mut self, text: &str, sink: &mut S) {
        if let Some(parser) = self.parser.as_mut() {
            parser.feed(text, &mut self.log, sink);
            return;
        }
        self.decoded_head.push_str(text);
        if self.head_scan.complete(self.decoded_head.as_bytes())
            || self.decoded_head.len() >= HEADER_SNIFF_BYTES
        {
            self.start_parser(sink);
        }
    }

    fn start_parser<S: RowSink + ?Sized>(&mut self, sink: &mut S) {
        let head = std::mem::take(&mut self.decoded_head);
        let delimiter = self
            .options
            .delimiter
            .unwrap_or_else(|| sniff::detect_delimiter(head.as_bytes()));
        self.log.summary.delimiter = Some((delimiter as char).to_string());
        let mut parser = CsvParser::new(delimiter, &self.options);
        parser.feed(&head, &mut self.log, sink);
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
/// It reads decoded text and cuts it only at ASCII bytes, so every piece is a whole `str`.
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
    record: Record,
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
            record: Record::default(),
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

    fn feed<S: RowSink + ?Sized>(&mut self, text: &str, log: &mut ReadLog, sink: &mut S) {
        let delimiter = self.delimiter;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            let at = i;
            i += 1;
            self.any_byte = true;
            let after_cr = std::mem::replace(&mut self.after_cr, false);
            if byte == b'\n' && after_cr {
                // Second half of a CRLF: the CR already ended the line (and the record).
                if self.state == State::Quoted {
                    self.append("\n");
                }
                continue;
            }
            let line_end = byte == b'\r' || byte == b'\n';
            match self.state {
                State::FieldStart => {
                    if !self.in_record {
                        if line_end {
                            log.summary.blank_lines += 1;
                            self.next_line(byte);
                            continue;
                        }
                        self.in_record = true;
                        self.record.start(self.line);
                    }
                    if byte == b'"' {
                        self.state = State::Quoted;
                        self.quote_line = self.line;
                    } else if byte == delimiter {
                        self.end_field();
                    } else if line_end {
                        self.end_record(log, sink);
                    } else {
                        // Copy the rest of a plain field in one go (up to an ASCII stop byte,
                        // so the piece is whole characters).
                        self.state = State::Unquoted;
                        i += self
                            .append_run(text, at, |b| b == delimiter || b == b'\r' || b == b'\n');
                    }
                }
                State::Unquoted => {
                    if byte == delimiter {
                        self.end_field();
                    } else if line_end {
                        self.end_record(log, sink);
                    } else {
                        i += self
                            .append_run(text, at, |b| b == delimiter || b == b'\r' || b == b'\n');
                    }
                }
                State::Quoted => {
                    if byte == b'"' {
                        self.state = State::QuoteInQuoted;
                    } else if line_end {
                        self.append(if byte == b'\r' { "\r" } else { "\n" });
                    } else {
                        i += self.append_run(text, at, |b| b == b'"' || b == b'\r' || b == b'\n');
                    }
                }
                State::QuoteInQuoted => {
                    if byte == b'"' {
                        self.append("\"");
                        self.state = State::Quoted;
                    } else if byte == delimiter {
                        self.end_field();
                    } else if line_end {
                        self.end_record(log, sink);
                    } else {
                        self.state = State::Unquoted;
                        i += self
                            .append_run(text, at, |b| b == delimiter || b == b'\r' || b == b'\n');
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

    /// Append the run of text from `at` up to the next stop byte (an ASCII byte, so the piece
    /// is whole characters); returns how many bytes after `at` were taken.
    fn append_run(&mut self, text: &str, at: usize, stop: impl Fn(u8) -> bool) -> usize {
        let rest = &text.as_bytes()[at + 1..];
        let n = rest.iter().position(|&b| stop(b)).unwrap_or(rest.len());
        self.append(&text[at..at + 1 + n]);
        n
    }

    fn append(&mut self, text: &str) {
        if text.is_empty() || self.overlong_at.is_some() {
            return;
        }
        self.row_bytes += text.len();
        if self.row_bytes > self.max_row_bytes {
            // Stop storing this record at once: constant memory for a 50 MB line.
            self.overlong_at = Some(self.fields_seen);
            self.record.drop_cells();
            return;
        }
        if self.record.len() < self.max_columns {
            self.record.push_str(text);
        }
    }

    fn end_field(&mut self) {
        self.fields_seen += 1;
        self.state = State::FieldStart;
        if self.overlong_at.is_none() && self.record.len() < self.max_columns {
            self.record.end_cell();
        }
    }

    fn end_record<S: RowSink + ?Sized>(&mut self, log: &mut ReadLog, sink: &mut S) {
        self.end_field();
        let line = self.record.line();
        let fields = self.fields_seen;
        let overlong_at = self.overlong_at.take();
        let row_bytes = self.row_bytes;
        self.fields_seen = 0;
        self.row_bytes = 0;
        self.in_record = false;
        self.state = State::FieldStart;

        let header = !log.has_header();
        if let Some(column) = overlong_at {
            let column_name = log.column_name(column);
            log.skip_row(
                &log.variant("row_too_long"),
                &[
                    ("limit", self.max_row_bytes.into()),
                    ("bytes", row_bytes.into()),
                ],
                line,
                Some(&column_name),
            );
            return;
        }
        let kept = self.record.len();
        if fields > kept {
            log.row_warning(
                "too_many_columns",
                &log.variant("too_many_columns"),
                &[("cells", fields.into()), ("kept", kept.into())],
                line,
                None,
            );
        }
        // Always checked (not only after the decoder replaced something) so that the result
        // does not depend on where the chunks were split.
        if let Some(index) = self.record.cell_containing('\u{FFFD}') {
            log.summary.rows_with_bad_encoding += 1;
            let encoding = log.summary.encoding.clone();
            let column = log.column_name(index);
            log.row_warning(
                "bad_encoding",
                &log.variant("bad_encoding"),
                &[("encoding", encoding.into())],
                line,
                Some(&column),
            );
        }
        if !header && fields <= self.max_columns && fields != log.summary.headers.len() {
            log.summary.ragged_rows += 1;
            let expected = log.summary.headers.len();
            log.row_warning(
                "ragged_row",
                "ragged_row",
                &[("cells", fields.into()), ("headers", expected.into())],
                line,
                None,
            );
        }
        log.record(&self.record, sink);
    }

    fn finish<S: RowSink + ?Sized>(&mut self, log: &mut ReadLog, sink: &mut S) {
        if self.state == State::Quoted {
            log.row_warning(
                "unclosed_quote",
                "unclosed_quote",
                &[],
                self.quote_line,
                None,
            );
        }
        if self.in_record {
            self.end_record(log, sink);
        }
    }
}
