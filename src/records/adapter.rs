//! TEMPORARY stand-in for `crate::ingest::read_file` until the ingest branch lands: UTF-8
//! (with or without BOM) delimited text only. Deleted when `records` switches to ingest.

use crate::error::{Error, ErrorCode};
use crate::ingest::{Row, Table};

pub fn read_file(name: &str, bytes: &[u8]) -> Result<Table, Error> {
    let (text, encoding) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, "utf-8-bom"),
        None => (bytes, "utf-8"),
    };
    let text = std::str::from_utf8(text)
        .map_err(|_| Error::new(ErrorCode::UnreadableFile, format!("{name}: 不是 UTF-8 文本 (临时读取器只支持 UTF-8)")))?;
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [b'\t', b';', b','].into_iter().max_by_key(|d| first_line.bytes().filter(|b| b == d).count()).unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut table = Table {
        name: name.to_string(),
        encoding: encoding.to_string(),
        delimiter: Some((delimiter as char).to_string()),
        ..Default::default()
    };
    let mut record = csv::StringRecord::new();
    let mut first = true;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // The csv crate puts a record after a CRLF on the line of that LF: count the
                // lines before the record's first byte ourselves.
                let bytes = text.as_bytes();
                let mut offset = record.position().map_or(0, |p| p.byte() as usize).min(bytes.len());
                while offset < bytes.len() && (bytes[offset] == b'\r' || bytes[offset] == b'\n') {
                    offset += 1;
                }
                let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64;
                let cells: Vec<String> = record.iter().map(str::to_string).collect();
                if first {
                    table.headers = cells;
                    first = false;
                } else {
                    table.rows.push(Row { line, cells, ..Default::default() });
                }
            }
            Err(e) => return Err(Error::new(ErrorCode::UnreadableFile, format!("{name}: {e}"))),
        }
    }
    if first {
        return Err(Error::new(ErrorCode::UnreadableFile, format!("{name}: 文件为空")));
    }
    Ok(table)
}
