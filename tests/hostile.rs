//! Hostile files, all generated here: each gets a clear error or warning, nothing panics,
//! and reading several files together still reads the good ones.

mod ingest_fixtures;
use ingest_fixtures::*;
use shopscore::ingest::{read_file, ReadOptions, Table, TableSink, TextReader};
use shopscore::{Error, ErrorCode};
use std::time::Instant;

fn read(name: &str, bytes: &[u8]) -> Result<Table, Error> {
    read_file(name, bytes, &ReadOptions::default())
}

fn expect_unreadable(name: &str, bytes: &[u8], says: &str) -> Error {
    let error = read(name, bytes).expect_err(name);
    assert_eq!(error.code, ErrorCode::UnreadableFile);
    assert!(
        error.message.starts_with(&format!("{name}: ")),
        "{}",
        error.message
    );
    assert!(error.message.contains(says), "{name}: {}", error.message);
    assert_eq!(error.field.as_deref(), Some(name));
    error
}

fn good_csv() -> Vec<u8> {
    "\u{feff}主订单编号,商品数量\r\n\t100,1\r\n"
        .as_bytes()
        .to_vec()
}

fn good_xlsx() -> Vec<u8> {
    workbook(&[(
        "s",
        [
            row(1, &[inline("A1", "订单编号")]),
            row(2, &[inline("A2", "1")]),
        ]
        .concat(),
    )])
}

/// Pseudo-random bytes (xorshift), with NULs.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

#[test]
fn empty_file_is_an_empty_table_with_a_warning() {
    for bytes in [&b""[..], b"\xEF\xBB\xBF", b"\xFF\xFE", b"\n\r\n  "] {
        let table = read("empty.csv", bytes).unwrap();
        assert!(table.rows.is_empty());
        if bytes.ends_with(b"  ") {
            // Only spaces: a one-cell header, no data.
            assert_eq!(table.headers, vec!["  "]);
        } else {
            let warning = table
                .warnings
                .iter()
                .find(|w| w.code == "empty_file")
                .expect("warned");
            assert_eq!(warning.file.as_deref(), Some("empty.csv"));
        }
    }
}

#[test]
fn binary_and_other_formats_are_refused_by_name() {
    expect_unreadable("random.csv", &noise(10_000, 42), "binary");
    expect_unreadable("nuls.csv", &[0u8; 100], "binary");
    expect_unreadable(
        "controls.csv",
        &[1u8, 2, 3, 4, 5, 6, 7, 8, b'a'].repeat(50),
        "control bytes",
    );
    let pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    expect_unreadable("orders.csv", &pdf, "PDF");
    expect_unreadable("old.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", ".xls");
    expect_unreadable("photo.csv", b"\x89PNG\r\n\x1A\n....", "PNG");
    expect_unreadable("export.csv.gz", b"\x1F\x8B\x08\x00", "gzip");
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
    exe.extend(noise(500, 9));
    expect_unreadable("setup.exe", &exe, "binary");
    // Text that merely starts like a magic is still text.
    let table = read("mz.csv", "MZ编号,GIF8\n1,2\n".as_bytes()).unwrap();
    assert_eq!(table.headers, vec!["MZ编号", "GIF8"]);
    // A zip that is no workbook, and an OpenDocument spreadsheet.
    expect_unreadable(
        "archive.zip",
        &zip_with_entry("readme.txt", 10),
        "not an XLSX",
    );
    expect_unreadable(
        "sheet.ods",
        &zip_with_entry("content.xml", 10),
        "OpenDocument",
    );
}

#[test]
fn utf16_without_bom_is_refused_not_misread() {
    // Documented limitation: BOM-less UTF-16 has NUL bytes and is refused as binary.
    let bytes: Vec<u8> = "a,b\n1,2\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    expect_unreadable("u16.csv", &bytes, "binary");
    // Forcing the encoding reads it.
    let options = ReadOptions {
        encoding: Some("utf-16le".into()),
        ..ReadOptions::default()
    };
    let table = read_file("u16.csv", &bytes, &options).unwrap();
    assert_eq!(table.rows[0].cells, vec!["1", "2"]);
}

#[test]
fn truncated_xlsx_is_refused() {
    let whole = good_xlsx();
    for cut in [4, 30, whole.len() / 2, whole.len() - 10] {
        expect_unreadable("cut.xlsx", &whole[..cut], "truncated");
    }
    // Garbage after a zip signature.
    let mut junk = b"PK\x03\x04".to_vec();
    junk.extend(noise(5_000, 7));
    expect_unreadable("junk.xlsx", &junk, "truncated");
}

#[test]
fn damaged_entries_do_not_panic() {
    // Flip bytes all over a valid workbook: each result is a table or a clear error.
    let whole = good_xlsx();
    let mut outcomes = (0, 0);
    for at in (0..whole.len()).step_by(7) {
        let mut bytes = whole.clone();
        bytes[at] ^= 0x5A;
        match read("flipped.xlsx", &bytes) {
            Ok(_) => outcomes.0 += 1,
            Err(e) => {
                assert_eq!(e.code, ErrorCode::UnreadableFile);
                outcomes.1 += 1;
            }
        }
    }
    assert!(outcomes.1 > 0);
}

#[test]
fn oversized_ratio_xlsx_is_refused_as_a_zip_bomb() {
    // 4 MiB of spaces deflate to ~4 KiB: a ~1000x ratio no real sheet has.
    let bomb = zip_with_entry("xl/worksheets/sheet1.xml", 4 << 20);
    assert!(bomb.len() < 64 << 10);
    expect_unreadable("bomb.xlsx", &bomb, "zip bomb");
    // Size limits (made small here so the test stays fast).
    let options = ReadOptions {
        max_xlsx_entry_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    let big = zip_with_entry("xl/sharedStrings.xml", 2 << 20);
    let error = read_file("big.xlsx", &big, &options).unwrap_err();
    assert!(
        error.message.contains("xl/sharedStrings.xml"),
        "{}",
        error.message
    );
}

#[test]
fn a_row_of_100_000_columns_is_cut_with_a_warning() {
    let mut text = (0..100_000)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    text.push('\n');
    text.push_str(&vec!["1"; 100_000].join(","));
    text.push_str("\n2,3\n");
    let table = read("wide.csv", text.as_bytes()).unwrap();
    assert_eq!(table.headers.len(), 1_000);
    assert_eq!(table.rows[0].cells.len(), 1_000);
    let cut: Vec<_> = table
        .warnings
        .iter()
        .filter(|w| w.code == "too_many_columns")
        .map(|w| w.line)
        .collect();
    assert_eq!(cut, vec![Some(1), Some(2)]);
    assert!(table
        .warnings
        .iter()
        .any(|w| w.message().contains("100000 cells")));
    assert_eq!(table.rows[1].cells, vec!["2", "3"]);
}

#[test]
fn a_50_mb_single_line_is_one_skipped_row() {
    let started = Instant::now();
    let mut bytes = b"name,note\nfirst,ok\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 50 << 20));
    bytes.extend_from_slice(b",tail\nlast,ok\n");
    // Streamed in 1 MiB chunks, as a worker would.
    let mut rows = TableSink::new(usize::MAX);
    let mut reader = TextReader::new("huge.csv", ReadOptions::default());
    let mut most_buffered = 0;
    for chunk in bytes.chunks(1 << 20) {
        reader.push(chunk, &mut rows);
        most_buffered = most_buffered.max(reader.buffered_bytes());
    }
    // Constant memory: never more than the 1 MiB row limit plus fixed buffers.
    assert!(most_buffered < 3 << 20, "buffered {most_buffered} bytes");
    let table = {
        let summary = reader.finish(&mut rows).unwrap();
        rows.into_table(summary)
    };
    assert_eq!(
        table
            .rows
            .iter()
            .map(|r| (r.line, r.cells[0].as_str()))
            .collect::<Vec<_>>(),
        vec![(2, "first"), (4, "last")]
    );
    assert_eq!(table.skipped_count, 1);
    let skipped = &table.skipped[0];
    assert_eq!(
        (
            skipped.code.as_str(),
            skipped.line,
            skipped.column.as_deref()
        ),
        ("row_too_long", Some(3), Some("name"))
    );
    assert_eq!(table.rows_seen, 3);
    assert!(
        started.elapsed().as_secs() < 120,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_huge_header_line_is_skipped_and_the_next_line_is_the_header() {
    let mut bytes = vec![b'h'; 2 << 20];
    bytes.extend_from_slice(b"\na,b\n1,2\n");
    let table = read("h.csv", &bytes).unwrap();
    assert_eq!(table.headers, vec!["a", "b"]);
    assert_eq!(table.rows[0].cells, vec!["1", "2"]);
    assert_eq!(table.skipped[0].line, Some(1));
    assert!(table.skipped[0].text().en.starts_with("header row"));
    assert_eq!(table.skipped[0].key(), "row_too_long.header");
}

#[test]
fn mixed_encodings_are_warned_per_line() {
    // A UTF-8 export with one GBK line: detected as UTF-8 (most non-ASCII bytes are valid
    // UTF-8), the GBK line's bytes become U+FFFD and that line is named.
    let mut bytes = "订单编号,省\n1,广东省深圳市南山区\n".as_bytes().to_vec();
    let (gbk_line, _, _) = encoding_rs::GBK.encode("2,浙江\n");
    bytes.extend_from_slice(&gbk_line);
    bytes.extend_from_slice("3,江苏省南京市鼓楼区\n".as_bytes());
    // And the same with the GBK line far past the 8 KiB detection sample.
    let mut long = "订单编号,省\n".as_bytes().to_vec();
    for i in 0..2_000 {
        long.extend_from_slice(format!("{i},广东\n").as_bytes());
    }
    long.extend_from_slice(&gbk_line);
    for (bytes, bad_line, rows) in [(bytes, 3, 3), (long, 2_002, 2_001)] {
        let table = read("mixed.csv", &bytes).unwrap();
        assert_eq!(table.encoding, "utf-8");
        assert_eq!(table.rows.len(), rows);
        assert_eq!(table.rows_with_bad_encoding, 1);
        let warning = table
            .warnings
            .iter()
            .find(|w| w.code == "bad_encoding")
            .unwrap();
        assert_eq!(
            (warning.line, warning.column.as_deref()),
            (Some(bad_line), Some("省"))
        );
        let bad_row = table.rows.iter().find(|r| r.line == bad_line).unwrap();
        assert!(bad_row.cells[1].contains('\u{FFFD}'));
    }
    // The other way round: a GBK file (decided from its start) with UTF-8 lines. They decode
    // as GB18030 without error (garbled), so the raw bytes are checked line by line.
    let (bytes, _, _) = encoding_rs::GBK.encode("订单编号,省\n1,广东省深圳市\n");
    let mut bytes = bytes.into_owned();
    bytes.extend_from_slice("2,浙江省杭州市\r\n".as_bytes());
    let (gbk_tail, _, _) = encoding_rs::GBK.encode("3,江苏省南京市\n4,省省省\n");
    bytes.extend_from_slice(&gbk_tail);
    let table = read("mixed2.csv", &bytes).unwrap();
    assert_eq!(table.encoding, "gb18030");
    assert_eq!(table.rows[0].cells, vec!["1", "广东省深圳市"]);
    assert_eq!(table.rows[2].cells, vec!["3", "江苏省南京市"]);
    assert_eq!(table.rows.len(), 4);
    let flagged: Vec<_> = table
        .warnings
        .iter()
        .filter(|w| w.code == "mixed_encoding")
        .map(|w| w.line)
        .collect();
    assert_eq!(flagged, vec![Some(3)]);
    assert_eq!(table.rows_with_bad_encoding, 1);
}

#[test]
fn a_plain_gbk_export_raises_no_mixed_encoding_warning() {
    let mut text = String::from("主订单编号,选购商品,省,市,区,详细地址,买家留言\r\n");
    let words = [
        "连衣裙",
        "省",
        "广东省",
        "深圳市",
        "南山区",
        "科技园",
        "请尽快发货",
        "谢谢",
        "浙江",
        "杭州",
        "西湖区",
        "羽绒服",
        "加厚",
        "男装",
        "冬季",
    ];
    for i in 0..3_000 {
        let cells: Vec<String> = (0..7)
            .map(|c| {
                if c == 0 {
                    format!("\t{}", 6_934_000_000u64 + i)
                } else {
                    words[(i as usize * 7 + c) % words.len()].repeat(1 + c % 2)
                }
            })
            .collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    let table = read("gbk.csv", &bytes).unwrap();
    assert_eq!(table.encoding, "gb18030");
    assert_eq!(table.rows.len(), 3_000);
    assert!(table.warnings.is_empty(), "{:?}", table.warnings.first());
}

#[test]
fn formula_cells_use_cached_values_with_one_warning() {
    let sheet = [
        row(1, &[inline("A1", "数量"), inline("B1", "金额")]),
        row(2, &[number("A2", "2"), formula("B2", "A2*10", Some("20"))]),
        row(3, &[number("A3", "3"), formula("B3", "A3*10", Some("30"))]),
    ]
    .concat();
    let table = read("f.xlsx", &workbook(&[("s", sheet)])).unwrap();
    assert_eq!(table.rows[1].cells, vec!["3", "30"]);
    assert_eq!(
        table
            .warnings
            .iter()
            .filter(|w| w.code == "formula_cells")
            .count(),
        1
    );
    assert_eq!(table.formula_cells, 2);
}

#[test]
fn html_in_cells_is_kept_as_text() {
    let html = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    let csv = format!("a,b\n\"{html}\",&lt;b&gt;\n");
    let table = read("h.csv", csv.as_bytes()).unwrap();
    assert_eq!(table.rows[0].cells, vec![html, "&lt;b&gt;"]);
    let sheet = [row(1, &[inline("A1", "a")]), row(2, &[inline("A2", html)])].concat();
    let table = read("h.xlsx", &workbook(&[("s", sheet)])).unwrap();
    assert_eq!(table.rows[0].cells, vec![html]);
}

#[test]
fn several_files_one_bad_the_others_are_still_read() {
    let pdf = b"%PDF-1.4\n".to_vec();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("orders.csv", good_csv()),
        ("orders.pdf.csv", pdf),
        ("empty.csv", Vec::new()),
        ("cut.xlsx", good_xlsx()[..100].to_vec()),
        (
            "bomb.xlsx",
            zip_with_entry("xl/worksheets/sheet1.xml", 4 << 20),
        ),
        ("reviews.xlsx", good_xlsx()),
        ("noise.csv", noise(3_000, 3)),
    ];
    let results: Vec<_> = files
        .iter()
        .map(|(name, bytes)| (name, read(name, bytes)))
        .collect();
    let ok: Vec<_> = results
        .iter()
        .filter(|(_, r)| r.as_ref().is_ok_and(|t| !t.rows.is_empty()))
        .map(|(n, _)| **n)
        .collect();
    assert_eq!(ok, vec!["orders.csv", "reviews.xlsx"]);
    let errors: Vec<_> = results
        .iter()
        .filter_map(|(n, r)| r.as_ref().err().map(|e| (**n, e.code)))
        .collect();
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors
        .iter()
        .all(|(_, code)| *code == ErrorCode::UnreadableFile));
}

#[test]
fn long_cells_in_quotes_with_newlines_do_not_break_line_numbers() {
    let mut text = String::from("a,b\n\"");
    for _ in 0..1_000 {
        text.push_str("line\r\n");
    }
    text.push_str("\",x\nnext,y\n");
    let table = read("q.csv", text.as_bytes()).unwrap();
    assert_eq!(table.rows[1].line, 1_003);
    assert_eq!(table.rows[1].cells, vec!["next", "y"]);
}
