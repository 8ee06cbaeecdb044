//! The XLSX reader: sheets, cell types as text, dates, formulas, errors, limits.

mod ingest_fixtures;
use ingest_fixtures::*;
use shopscore::ingest::{read_file, ReadOptions, Table};

fn read(bytes: &[u8]) -> Table {
    read_file("shop.xlsx", bytes, &ReadOptions::default()).expect("readable")
}

fn orders_sheet() -> String {
    [
        row(
            1,
            &[
                inline("A1", "主订单编号"),
                inline("B1", "商品数量"),
                inline("C1", "支付时间"),
                inline("D1", "商品单价"),
                inline("E1", "订单应付金额"),
            ],
        ),
        row(
            2,
            &[
                inline("A2", "6934567890123456789"),
                number("B2", "2"),
                date("C2", "45981.75"),
                number("D2", "19.9"),
                formula("E2", "B2*D2", Some("39.8")),
            ],
        ),
        row(
            3,
            &[
                inline("A3", "\t6934567890123456790"),
                number("B3", "1"),
                inline("C3", "2026/11/20 8:00"),
            ],
        ),
    ]
    .concat()
}

#[test]
fn cells_become_exact_text() {
    let table = read(&workbook(&[("订单", orders_sheet())]));
    assert_eq!(table.encoding, "xlsx");
    assert_eq!(table.delimiter, None);
    assert_eq!(table.sheet.as_deref(), Some("订单"));
    assert_eq!(table.sheets, vec!["订单"]);
    assert_eq!(
        table.headers,
        vec![
            "主订单编号",
            "商品数量",
            "支付时间",
            "商品单价",
            "订单应付金额"
        ]
    );
    assert_eq!(
        table.rows[0].cells,
        vec!["6934567890123456789", "2", "45981.75", "19.9", "39.8"]
    );
    // Trailing cells XLSX does not store are padded to the header width.
    assert_eq!(
        table.rows[1].cells,
        vec!["\t6934567890123456790", "1", "2026/11/20 8:00", "", ""]
    );
    assert_eq!(
        table.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        vec![2, 3]
    );
    assert_eq!(table.date_columns, vec![2]);
    assert_eq!(table.formula_cells, 1);
    let formula = table
        .warnings
        .iter()
        .find(|w| w.code == "formula_cells")
        .expect("formula warning");
    assert!(
        formula.text().en.starts_with("1 cells"),
        "{}",
        formula.message()
    );
    assert_eq!(formula.params["count"], 1);
    assert_eq!(table.warnings.len(), 1, "{:?}", table.warnings);
}

#[test]
fn numbers_have_no_float_noise() {
    let sheet = [
        row(1, &[inline("A1", "v")]),
        row(2, &[number("A2", "0.1")]),
        row(3, &[number("A3", "1.0000000000000002")]),
        row(4, &[number("A4", "123456789012")]),
        row(5, &[number("A5", "6.934567890123457E+18")]),
        row(6, &[number("A6", "-0.30000000000000004")]),
    ]
    .concat();
    let table = read(&workbook(&[("s", sheet)]));
    let values: Vec<_> = table.rows.iter().map(|r| r.cells[0].as_str()).collect();
    assert_eq!(
        values,
        vec![
            "0.1",
            "1.0000000000000002",
            "123456789012",
            "6934567890123457000",
            "-0.30000000000000004"
        ]
    );
    // An 19-digit id stored as a number was already rounded by Excel: say so.
    let warning = table
        .warnings
        .iter()
        .find(|w| w.code == "imprecise_number")
        .expect("warned");
    assert_eq!(warning.column.as_deref(), Some("v"));
}

#[test]
fn date_1904_serials_are_moved_to_1900() {
    let sheet = [
        row(1, &[inline("A1", "时间")]),
        row(2, &[date("A2", "44519.5")]),
    ]
    .concat();
    let table = read(&workbook_with(&[("s", sheet)], true));
    assert_eq!(table.rows[0].cells, vec!["45981.5"]);
    assert_eq!(table.date_columns, vec![0]);
}

#[test]
fn formula_without_cached_value_is_empty_and_said() {
    let sheet = [
        row(1, &[inline("A1", "a"), inline("B1", "b")]),
        row(2, &[number("A2", "1"), formula("B2", "A2+1", None)]),
    ]
    .concat();
    let table = read(&workbook(&[("s", sheet)]));
    assert_eq!(table.rows[0].cells, vec!["1", ""]);
    let warning = table
        .warnings
        .iter()
        .find(|w| w.code == "formula_cells")
        .unwrap();
    assert!(
        warning.message().contains("no saved value"),
        "{}",
        warning.message()
    );
}

#[test]
fn error_cells_are_kept_as_text_and_warned() {
    let sheet = [row(1, &[inline("A1", "a")]), row(2, &[error("A2", "#N/A")])].concat();
    let table = read(&workbook(&[("s", sheet)]));
    assert_eq!(table.rows[0].cells, vec!["#N/A"]);
    let warning = table
        .warnings
        .iter()
        .find(|w| w.code == "error_cells")
        .unwrap();
    assert_eq!(warning.line, Some(2));
}

#[test]
fn sheet_choice_named_chooser_and_first_non_empty() {
    let notes = row(1, &[inline("A1", "说明"), inline("B1", "本表由系统导出")]);
    let empty = String::new();
    let bytes = workbook(&[("空白", empty), ("说明", notes), ("订单", orders_sheet())]);
    // Default: the first non-empty sheet.
    assert_eq!(read(&bytes).sheet.as_deref(), Some("说明"));
    // A chooser that recognises the order export.
    fn is_orders(headers: &[String]) -> bool {
        headers.iter().any(|h| h == "主订单编号")
    }
    let options = ReadOptions {
        sheet_chooser: Some(is_orders),
        ..ReadOptions::default()
    };
    let table = read_file("shop.xlsx", &bytes, &options).unwrap();
    assert_eq!(table.sheet.as_deref(), Some("订单"));
    assert_eq!(table.rows.len(), 2);
    // Named.
    let options = ReadOptions {
        sheet: Some("订单".into()),
        ..ReadOptions::default()
    };
    assert_eq!(
        read_file("shop.xlsx", &bytes, &options)
            .unwrap()
            .sheet
            .as_deref(),
        Some("订单")
    );
    // Unknown name: warned, default used.
    let options = ReadOptions {
        sheet: Some("无".into()),
        ..ReadOptions::default()
    };
    let table = read_file("shop.xlsx", &bytes, &options).unwrap();
    assert_eq!(table.sheet.as_deref(), Some("说明"));
    assert!(table.warnings.iter().any(|w| w.code == "unknown_sheet"));
}

#[test]
fn gaps_between_rows_keep_sheet_row_numbers() {
    let sheet = [
        row(2, &[inline("B2", "h1"), inline("C2", "h2")]),
        row(5, &[inline("B5", "x"), inline("C5", "y")]),
    ]
    .concat();
    let table = read(&workbook(&[("s", sheet)]));
    assert_eq!(table.headers, vec!["", "h1", "h2"]);
    assert_eq!(table.rows[0].line, 5);
    assert_eq!(table.rows[0].cells, vec!["", "x", "y"]);
    assert_eq!(table.lines, 5);
}

#[test]
fn too_many_columns_are_cut_and_long_rows_skipped() {
    let wide: Vec<String> = (0..1_500)
        .map(|i| number(&format!("{}1", column_letters(i)), &i.to_string()))
        .collect();
    let big = "x".repeat(600_000);
    let sheet = [
        row(1, &wide),
        row(2, &[inline("A2", &big), inline("B2", &big)]),
        row(3, &[number("A3", "1")]),
    ]
    .concat();
    let table = read(&workbook(&[("s", sheet)]));
    assert_eq!(table.headers.len(), 1_000);
    assert!(table
        .warnings
        .iter()
        .any(|w| w.code == "too_many_columns" && w.line == Some(1)));
    assert_eq!(table.skipped_count, 1);
    assert_eq!(table.skipped[0].code, "row_too_long");
    assert_eq!(table.skipped[0].line, Some(2));
    assert_eq!(table.skipped[0].column.as_deref(), Some("1"));
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0].line, 3);
}

#[test]
fn a_sheet_is_streamed_whole_however_large() {
    // Varied text (pseudo-random CJK), so the zip-bomb ratio check does not refuse it first.
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut text = || -> String {
        (0..10_000)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                char::from_u32(0x4E00 + (seed % 0x5000) as u32).unwrap()
            })
            .collect()
    }; // 30 000 bytes each
    let mut rows = vec![row(1, &[inline("A1", "a")])];
    for r in 2..=50 {
        rows.push(row(r, &[inline(&format!("A{r}"), &text())]));
    }
    // The sheet's XML (1.5 MB) is far above the size limit for parts loaded whole: a sheet is
    // streamed, so it is read anyway, every row of it (no partial reads).
    let options = ReadOptions {
        max_xlsx_entry_bytes: 100_000,
        ..ReadOptions::default()
    };
    let table = read_file("big.xlsx", &workbook(&[("s", rows.concat())]), &options).unwrap();
    assert_eq!(table.rows.len(), 49);
    assert_eq!(table.rows[48].line, 50);
    assert_eq!(table.rows[48].cells[0].chars().count(), 10_000);
    assert!(table.warnings.is_empty(), "{:?}", table.warnings);
}
