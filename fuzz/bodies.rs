//! The bodies of the fuzz targets, shared with the deterministic smoke test
//! (`tests/ingest_fuzz_smoke.rs` includes this file), so both exercise the same code.
//! Each body panics only on a real bug: a panic in the library or a broken invariant.

use shopscore::ingest::{read_file, ReadOptions, Table, TableSink, TextReader};

/// Small limits so that short inputs reach the limit paths too.
fn options_for(selector: u8) -> ReadOptions {
    if selector & 1 == 0 {
        ReadOptions::default()
    } else {
        ReadOptions {
            max_columns: 1 + (selector as usize >> 1) % 8,
            max_row_bytes: 1 + (selector as usize >> 4) * 8,
            max_rows: 1 + (selector as usize >> 2) % 16,
            ..ReadOptions::default()
        }
    }
}

/// `ordered`: text rows come in line order; XLSX rows come in the order the sheet stores them.
fn check_invariants(table: &Table, options: &ReadOptions, ordered: bool) {
    assert!(table.rows.len() <= options.max_rows);
    assert!(table.headers.len() <= options.max_columns);
    assert!(table.skipped.len() <= 100);
    assert!(table.skipped_count >= table.skipped.len() as u64);
    assert!(table.rows_seen >= table.rows.len() as u64 + table.rows_over_limit);
    let mut previous = 0;
    for row in &table.rows {
        assert!(row.cells.len() <= options.max_columns);
        assert!(row.line >= 1);
        assert!(!ordered || row.line >= previous, "rows out of line order");
        assert!(row.line <= table.lines.max(1));
        previous = row.line;
    }
}

/// Text reader: the first two bytes pick the limits and the chunk sizes; the result of
/// pushing in those chunks must equal the result of one push.
pub fn text_reader(data: &[u8]) {
    let (control, input) = data.split_at(data.len().min(2));
    let selector = control.first().copied().unwrap_or(0);
    let step = control.get(1).copied().unwrap_or(1) as usize % 13 + 1;
    let options = options_for(selector);

    let whole = read_file("fuzz.csv", input, &options);
    let mut rows = TableSink::new(options.max_rows);
    let mut reader = TextReader::new("fuzz.csv", options.clone());
    let mut at = 0;
    let mut size = step;
    while at < input.len() {
        let end = (at + size).min(input.len());
        reader.push(&input[at..end], &mut rows);
        at = end;
        size = size % 13 + step; // vary the chunk sizes along the input
    }
    let chunked = match reader.finish(&mut rows) {
        Ok(summary) => Ok(rows.into_table(summary)),
        Err(refusal) => Err(refusal.error("fuzz.csv")),
    };
    if input.starts_with(b"PK\x03\x04") || input.starts_with(b"PK\x05\x06") {
        return; // read_file took the XLSX path
    }
    match (&whole, &chunked) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "chunked read differs from one push");
            check_invariants(a, &options, true);
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        _ => panic!("chunked and whole reads disagree on readability"),
    }
}

/// XLSX reader: arbitrary bytes behind a zip signature (and as they are).
pub fn xlsx_reader(data: &[u8]) {
    let selector = data.first().copied().unwrap_or(0);
    let options = options_for(selector);
    if let Ok(table) = read_file("fuzz.xlsx", data, &options) {
        check_invariants(&table, &options, false);
    }
}

/// The input JSON: parse, then score when it parses.
pub fn input_json(data: &[u8]) {
    if let Ok(input) = serde_json::from_slice::<shopscore::ShopInput>(data) {
        let _ = shopscore::score(&input);
    }
}

/// The session: arbitrary bytes as one shop file (the first byte picks the chunk size), read
/// whole and in chunks — the same summary and the same counts — then scored and drilled into
/// for every indicator it gives, with every value finite.
pub fn session(data: &[u8]) {
    use shopscore::pipeline::{FilesOptions, Shop};
    let (control, input) = data.split_at(data.len().min(1));
    let step = control.first().copied().unwrap_or(1) as usize % 17 + 1;
    let read = |chunk: usize| {
        let mut shop = Shop::new(&FilesOptions::default());
        let id = shop.add_file("f.csv");
        for piece in input.chunks(chunk) {
            shop.push(id, piece).expect("push to a file being read");
        }
        let summary = shop.finish(id).expect("finish a file being read");
        (shop, summary)
    };
    let (mut whole, summary) = read(input.len().max(1));
    let (mut chunked, chunked_summary) = read(step);
    assert_eq!(
        summary, chunked_summary,
        "chunked read differs from one push"
    );
    let window = ("2026-10-01", "2026-12-31");
    let a = whole.window_values(window.0, window.1).expect("window");
    let b = chunked.window_values(window.0, window.1).expect("window");
    assert_eq!(a, b, "chunked counts differ from one push");
    let typed = shopscore::ShopInput::default();
    let Ok(report) = whole.score(&typed, Some("2026-11-30"), None) else {
        return;
    };
    assert!(report.total.is_none_or(f64::is_finite));
    for (id, c) in &a.indicators {
        assert!(c.value.is_none_or(f64::is_finite), "{id} {:?}", c.value);
        let page = whole
            .drilldown(id, 0, 20, &typed, Some("2026-11-30"), None)
            .expect("drilldown of a computed indicator");
        assert!(page.rows.len() as u64 <= page.total);
    }
}
