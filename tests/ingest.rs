//! The text reader: encodings, delimiters, quoting, raw cells, line numbers, and the
//! chunk-boundary property (any split of the bytes gives the same table as one push).

use shopscore::ingest::{read_file, ReadOptions, Table, TableSink, TextReader};

fn read(bytes: &[u8]) -> Table {
    read_file("t.csv", bytes, &ReadOptions::default()).expect("readable")
}

fn read_chunked(bytes: &[u8], chunk: usize) -> Table {
    let mut rows = TableSink::new(usize::MAX);
    let mut reader = TextReader::new("t.csv", ReadOptions::default());
    for piece in bytes.chunks(chunk.max(1)) {
        reader.push(piece, &mut rows);
    }
    let summary = reader.finish(&mut rows).expect("readable");
    rows.into_table(summary)
}

fn read_split_at(bytes: &[u8], at: usize) -> Table {
    let mut rows = TableSink::new(usize::MAX);
    let mut reader = TextReader::new("t.csv", ReadOptions::default());
    reader.push(&bytes[..at], &mut rows);
    reader.push(&bytes[at..], &mut rows);
    let summary = reader.finish(&mut rows).expect("readable");
    rows.into_table(summary)
}

fn cells(table: &Table) -> Vec<Vec<&str>> {
    table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(String::as_str).collect())
        .collect()
}

const ORDER_CSV: &str = "主订单编号,子订单编号,选购商品,商品数量,省,买家留言\r\n\
\t6934567890123456789,\t6934567890123456790,\"连衣裙, 夏季\",1,广东省,-\r\n\
\t6934567890123456791,\t6934567890123456792,\"他说\"\"快点\"\"\",2,浙江省,\"第一行\r\n第二行\"\r\n";

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        let bytes = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend_from_slice(&bytes);
    }
    out
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn check_order_table(table: &Table) {
    assert_eq!(
        table.headers,
        vec![
            "主订单编号",
            "子订单编号",
            "选购商品",
            "商品数量",
            "省",
            "买家留言"
        ]
    );
    assert_eq!(
        cells(table),
        vec![
            vec![
                "\t6934567890123456789",
                "\t6934567890123456790",
                "连衣裙, 夏季",
                "1",
                "广东省",
                "-"
            ],
            vec![
                "\t6934567890123456791",
                "\t6934567890123456792",
                "他说\"快点\"",
                "2",
                "浙江省",
                "第一行\r\n第二行"
            ],
        ]
    );
    assert_eq!(table.rows[0].line, 2);
    assert_eq!(table.rows[1].line, 3);
    assert_eq!(table.lines, 4);
    assert_eq!(table.delimiter.as_deref(), Some(","));
    assert!(table.warnings.is_empty(), "{:?}", table.warnings);
    assert_eq!(table.skipped_count, 0);
}

#[test]
fn utf8_plain() {
    let table = read(ORDER_CSV.as_bytes());
    assert_eq!(table.encoding, "utf-8");
    check_order_table(&table);
    assert_eq!(table.bytes, ORDER_CSV.len() as u64);
}

#[test]
fn utf8_with_bom() {
    let bytes = [b"\xEF\xBB\xBF".as_slice(), ORDER_CSV.as_bytes()].concat();
    let table = read(&bytes);
    assert_eq!(table.encoding, "utf-8-bom");
    check_order_table(&table);
}

#[test]
fn gbk_is_read_as_gb18030() {
    let table = read(&gbk(ORDER_CSV));
    assert_eq!(table.encoding, "gb18030");
    check_order_table(&table);
}

#[test]
fn gb18030_four_byte_characters() {
    // 𠀀 (U+20000) exists only in GB18030's four-byte range, not in GBK.
    let text = "名称,数量\n𠀀甲,1\n";
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    let table = read(&bytes);
    assert_eq!(table.encoding, "gb18030");
    assert_eq!(cells(&table), vec![vec!["𠀀甲", "1"]]);
}

#[test]
fn utf16_le_and_be_with_bom() {
    for (big_endian, label) in [(false, "utf-16le"), (true, "utf-16be")] {
        let table = read(&utf16(ORDER_CSV, big_endian));
        assert_eq!(table.encoding, label);
        check_order_table(&table);
    }
}

#[test]
fn forced_encoding_overrides_detection() {
    // Valid UTF-8 bytes that the user says are GBK (a rare file that happens to validate).
    let options = ReadOptions {
        encoding: Some("gbk".into()),
        ..ReadOptions::default()
    };
    let table = read_file("t.csv", &gbk("省,市\n广东,深圳\n"), &options).unwrap();
    assert_eq!(table.encoding, "gb18030");
    assert_eq!(cells(&table), vec![vec!["广东", "深圳"]]);
    let options = ReadOptions {
        encoding: Some("klingon".into()),
        ..ReadOptions::default()
    };
    let table = read_file("t.csv", b"a,b\n1,2\n", &options).unwrap();
    assert!(table.warnings.iter().any(|w| w.code == "unknown_encoding"));
    assert_eq!(table.encoding, "utf-8");
}

#[test]
fn every_delimiter_is_sniffed_from_the_header() {
    for delimiter in [",", "\t", ";"] {
        let text = ["日期", "客服昵称", "人工已接待会话量"].join(delimiter)
            + "\n"
            + &["2026-11-20", "小王", "35"].join(delimiter)
            + "\n";
        let table = read(text.as_bytes());
        assert_eq!(table.delimiter.as_deref(), Some(delimiter));
        assert_eq!(cells(&table), vec![vec!["2026-11-20", "小王", "35"]]);
    }
}

#[test]
fn delimiter_sniffing_ignores_quoted_text() {
    // The header has two semicolons outside quotes and three commas inside them.
    let table = read("\"a,b,c,d\";x;y\n1;2;3\n".as_bytes());
    assert_eq!(table.delimiter.as_deref(), Some(";"));
    assert_eq!(table.headers, vec!["a,b,c,d", "x", "y"]);
    // A tab-separated export whose id cells start with a tab still sniffs from the header.
    let table = read("主订单编号,金额\n\t123,5\n".as_bytes());
    assert_eq!(table.delimiter.as_deref(), Some(","));
    assert_eq!(cells(&table), vec![vec!["\t123", "5"]]);
}

#[test]
fn forced_delimiter() {
    let options = ReadOptions {
        delimiter: Some(b'|'),
        ..ReadOptions::default()
    };
    let table = read_file("t.txt", b"a|b\n1|2\n", &options).unwrap();
    assert_eq!(table.delimiter.as_deref(), Some("|"));
    assert_eq!(cells(&table), vec![vec!["1", "2"]]);
}

#[test]
fn raw_cells_are_kept() {
    let table = read(b"id,note,empty\n\t001,  spaced  ,-\n'002,=1+1,\n");
    assert_eq!(
        cells(&table),
        vec![vec!["\t001", "  spaced  ", "-"], vec!["'002", "=1+1", ""]]
    );
}

#[test]
fn line_endings_crlf_lf_and_lone_cr() {
    for text in [
        "a,b\r\n1,2\r\n3,4\r\n",
        "a,b\n1,2\n3,4\n",
        "a,b\r1,2\r3,4\r",
        "a,b\n1,2\r\n3,4",
    ] {
        let table = read(text.as_bytes());
        assert_eq!(
            cells(&table),
            vec![vec!["1", "2"], vec!["3", "4"]],
            "{text:?}"
        );
        assert_eq!(
            table.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![2, 3],
            "{text:?}"
        );
        assert_eq!(table.lines, 3, "{text:?}");
    }
}

#[test]
fn line_numbers_are_physical_with_quoted_newlines_and_blank_lines() {
    let text = "\n名称,备注\n\n甲,\"一\n二\n三\"\n乙,x\r\n\r\n丙,\"\"\"\"\n";
    let table = read(text.as_bytes());
    assert_eq!(table.headers, vec!["名称", "备注"]);
    assert_eq!(
        cells(&table),
        vec![vec!["甲", "一\n二\n三"], vec!["乙", "x"], vec!["丙", "\""]]
    );
    assert_eq!(
        table.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        vec![4, 7, 9]
    );
    assert_eq!(table.blank_lines, 3);
    assert_eq!(table.lines, 9);
}

#[test]
fn ragged_rows_are_kept_and_warned() {
    let table = read(b"a,b,c\n1,2\n1,2,3\n1,2,3,4\n");
    assert_eq!(
        cells(&table),
        vec![
            vec!["1", "2"],
            vec!["1", "2", "3"],
            vec!["1", "2", "3", "4"]
        ]
    );
    assert_eq!(table.ragged_rows, 2);
    let lines: Vec<_> = table
        .warnings
        .iter()
        .filter(|w| w.code == "ragged_row")
        .map(|w| w.line)
        .collect();
    assert_eq!(lines, vec![Some(2), Some(4)]);
    assert!(table
        .warnings
        .iter()
        .all(|w| w.file.as_deref() == Some("t.csv")));
}

#[test]
fn ragged_row_warnings_are_capped_then_summed() {
    let mut text = String::from("a,b\n");
    for _ in 0..250 {
        text.push_str("1\n");
    }
    let table = read(text.as_bytes());
    assert_eq!(table.rows.len(), 250);
    assert_eq!(table.ragged_rows, 250);
    let ragged: Vec<_> = table
        .warnings
        .iter()
        .filter(|w| w.code == "ragged_row")
        .collect();
    assert_eq!(ragged.len(), 101);
    assert!(
        ragged[100].message().contains("150 more"),
        "{}",
        ragged[100].message()
    );
}

#[test]
fn stray_and_unclosed_quotes_do_not_lose_text() {
    let table = read(b"a,b\nsay \"hi\",\"x\"y\n");
    assert_eq!(cells(&table), vec![vec!["say \"hi\"", "xy"]]);
    let table = read(b"a,b\n1,\"open\n2,3\n");
    assert_eq!(cells(&table), vec![vec!["1", "open\n2,3\n"]]);
    let warning = table
        .warnings
        .iter()
        .find(|w| w.code == "unclosed_quote")
        .expect("warned");
    assert_eq!(warning.line, Some(2));
}

#[test]
fn trailing_delimiter_and_missing_final_newline() {
    let table = read(b"a,b,\n1,2,");
    assert_eq!(table.headers, vec!["a", "b", ""]);
    assert_eq!(cells(&table), vec![vec!["1", "2", ""]]);
}

#[test]
fn header_only_and_empty() {
    let table = read(b"a,b\r\n");
    assert_eq!(table.headers, vec!["a", "b"]);
    assert!(table.rows.is_empty());
    assert_eq!(
        table
            .warnings
            .iter()
            .map(|w| w.code.as_str())
            .collect::<Vec<_>>(),
        vec!["no_data_rows"]
    );
    for empty in [&b""[..], b"\xEF\xBB\xBF", b"\r\n\n"] {
        let table = read(empty);
        assert!(table.headers.is_empty());
        assert!(
            table.warnings.iter().any(|w| w.code == "empty_file"),
            "{empty:?}"
        );
    }
}

#[test]
fn row_limit_counts_what_it_does_not_keep() {
    let options = ReadOptions {
        max_rows: 2,
        ..ReadOptions::default()
    };
    let table = read_file("t.csv", b"a\n1\n2\n3\n4\n", &options).unwrap();
    assert_eq!(cells(&table), vec![vec!["1"], vec!["2"]]);
    assert_eq!(table.rows_seen, 4);
    assert_eq!(table.rows_over_limit, 2);
    assert!(table.warnings.iter().any(|w| w.code == "row_limit"));
}

#[test]
fn rows_reach_the_sink_while_streaming() {
    // Rows are emitted once the encoding is decided, i.e. after the first 8 KiB (or at finish).
    let mut rows = TableSink::new(usize::MAX);
    let mut reader = TextReader::new("t.csv", ReadOptions::default());
    reader.push(b"a,b\n", &mut rows);
    reader.push("1,2\n".repeat(3000).as_bytes(), &mut rows);
    reader.push(b"3,", &mut rows);
    assert_eq!(reader.rows_seen(), 3000);
    reader.push(b"4\n", &mut rows);
    let table = rows.into_table(reader.finish(&mut ()).unwrap());
    assert_eq!(table.rows.len(), 3001);
    assert_eq!(table.rows[3000].cells, vec!["3", "4"]);
    assert_eq!(table.rows[3000].line, 3002);
    assert_eq!(table.rows_seen, 3001);
}

/// Inputs for the chunk-boundary property: every encoding, quoted newlines, doubled quotes,
/// CRLF, multi-byte characters, and a file longer than the 8 KiB encoding sample with a
/// character cut at the sample's end.
fn property_inputs() -> Vec<Vec<u8>> {
    let mut inputs = vec![
        ORDER_CSV.as_bytes().to_vec(),
        [b"\xEF\xBB\xBF".as_slice(), ORDER_CSV.as_bytes()].concat(),
        gbk(ORDER_CSV),
        utf16(ORDER_CSV, false),
        utf16(ORDER_CSV, true),
        b"a;b\r\n\"x\"\"\";\"\r\n\"\r\n\r\n1;2".to_vec(),
        b"a\tb\r\r\n1\t\"q\"\"\"\"\"\n".to_vec(),
        b"a,b\n1,\"unclosed\r\n".to_vec(),
    ];
    // > 8 KiB of UTF-8 where a three-byte character straddles byte 8192.
    let mut long = String::from("名称,备注\n");
    while long.len() < 8190 {
        long.push_str("x,");
        long.push_str("y\n");
    }
    while long.len() < 8191 {
        long.push('a');
    }
    long.push_str("中,文\n甲,乙\n");
    assert!(!long.is_char_boundary(8192));
    inputs.push(long.clone().into_bytes());
    inputs.push(gbk(&long));
    inputs
}

#[test]
fn any_chunking_gives_the_same_table() {
    for input in property_inputs() {
        let whole = read_chunked(&input, input.len());
        assert!(!whole.rows.is_empty());
        for size in 1..=7 {
            assert_eq!(read_chunked(&input, size), whole, "chunk size {size}");
        }
        let step = if input.len() > 1000 { 97 } else { 1 };
        for at in (0..=input.len()).step_by(step) {
            assert_eq!(read_split_at(&input, at), whole, "split at {at}");
        }
    }
}

#[test]
fn long_utf8_file_with_a_character_cut_at_the_sample_end_stays_utf8() {
    let input = property_inputs().remove(8);
    let table = read(&input);
    assert_eq!(table.encoding, "utf-8");
    assert_eq!(cells(&table).last().unwrap(), &vec!["甲", "乙"]);
    assert!(table.warnings.is_empty());
}

#[test]
fn one_big_push_is_not_copied_while_the_encoding_is_decided() {
    let bytes = "a,b\n".to_string() + &"1,2\n".repeat(1 << 18); // 1 MiB
    let mut reader = TextReader::new("t.csv", ReadOptions::default());
    reader.push(bytes.as_bytes(), &mut ());
    assert!(
        reader.buffered_bytes() < 256 << 10,
        "buffered {} bytes",
        reader.buffered_bytes()
    );
    assert_eq!(reader.finish(&mut ()).unwrap().rows_seen, 1 << 18);
}

#[test]
fn a_bad_byte_in_the_last_unterminated_row_is_warned_once() {
    let table = read(&["名称,省份\n广东,".as_bytes(), b"\xFF"].concat());
    assert_eq!(table.encoding, "utf-8");
    let codes: Vec<_> = table
        .warnings
        .iter()
        .map(|w| (w.code.as_str(), w.line))
        .collect();
    assert_eq!(codes, vec![("bad_encoding", Some(2))]);
    // An odd trailing byte in UTF-16 is replaced and warned too.
    let mut bytes = utf16("a,b\n1,2\n", false);
    bytes.push(b'x');
    let table = read(&bytes);
    assert_eq!(table.rows_with_bad_encoding, 1);
}
