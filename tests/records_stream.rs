//! The streaming read path end to end: any chunking gives the same records and the same
//! counts; any window is the sum of its days; cancelling a file frees it and keeps the others;
//! a file past the old row limit is read whole.

#[path = "fixtures/shop.rs"]
mod shop;
use shop::gen;

use shopscore::indicators::{count_window, Aggregates, CountSettings, Counts, Window};
use shopscore::ingest::{FileReader, ReadOptions};
use shopscore::pipeline::{FilesOptions, Shop};
use shopscore::records::cells::parse_day;
use shopscore::records::{ColumnMapping, FileParser, FileRecords, Names};
use shopscore::ShopInput;

/// A small after-sales file with everything a chunk boundary can cut: multi-byte
/// characters, quoted cells with commas, doubled quotes and a line break, CRLF line ends, a
/// tab-prefixed id and `-`.
fn tricky_after_sales() -> String {
    let rows = [
        "售后单号,订单编号,售后类型,首次售后原因,申请时间,商家同意时间,售后状态,是否仲裁,判责类型,豁免体验分,用户售后说明",
        "\t7000000000000000001,\t6930000000000000101,退货退款,不想要了,2026-11-14 09:00:00,2026-11-14 10:00:00,退款成功,否,-,否,\"尺码偏大, 想换\"",
        "\t7000000000000000003,\t6930000000000000103,已发货仅退款,质量问题,2026-11-17 22:59:00,2026-11-18 09:00:00,退款成功,否,-,否,\"他说\"\"快点\"\"\r\n第二行\"",
        "\t7000000000000000005,\t6930000000000000106,退货退款,商品破损,2026-11-19 23:00:00,2026-11-20 09:00:00,退款成功,是,-,否,破损，已拍照",
        "\t7000000000000000006,\t6930000000000000108,未发货仅退款,发货超时,2026-11-21 10:00:00,2026-11-21 11:00:00,退款成功,否,发货超时,否,-",
    ];
    rows.join("\r\n") + "\r\n"
}

fn others() -> Vec<(String, Vec<u8>)> {
    gen::all()
        .into_iter()
        .filter(|(n, _)| {
            [
                "orders.csv",
                "logistics.csv",
                "reviews.csv",
                "feige_rounds.csv",
            ]
            .contains(&n.as_str())
        })
        .collect()
}

/// What a session makes of the files, the tricky one pushed in `pieces`.
fn outcome(pieces: &[&[u8]]) -> String {
    let mut shop = Shop::new(&FilesOptions::default());
    for (name, bytes) in others() {
        let id = shop.add_file(&name);
        shop.push(id, &bytes).unwrap();
        shop.finish(id).unwrap();
    }
    let id = shop.add_file("after_sales.csv");
    for piece in pieces {
        shop.push(id, piece).unwrap();
    }
    let summary = shop.finish(id).unwrap();
    let window = shop.window_values("2026-11-01", "2026-11-30").unwrap();
    let days = shop.days();
    let report = shop
        .score(&ShopInput::default(), Some("2026-11-30"), None)
        .unwrap();
    serde_json::to_string(&(summary, window, days, report.total, report.warnings)).unwrap()
}

fn every_split_gives_the_same(bytes: &[u8]) {
    let whole = outcome(&[bytes]);
    assert!(whole.contains("after_sale_review_hours"), "{whole}");
    for at in 0..=bytes.len() {
        assert_eq!(
            outcome(&[&bytes[..at], &bytes[at..]]),
            whole,
            "split at byte {at}"
        );
    }
    let bytes_one_by_one: Vec<&[u8]> = bytes.chunks(1).collect();
    assert_eq!(outcome(&bytes_one_by_one), whole, "one-byte chunks");
}

#[test]
fn every_split_of_a_small_file_gives_the_same_records_and_counts() {
    let text = tricky_after_sales();
    every_split_gives_the_same(("\u{feff}".to_string() + &text).as_bytes());
}

#[test]
fn every_split_of_the_same_file_in_gb18030_gives_the_same_records_and_counts() {
    let text = tricky_after_sales();
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    every_split_gives_the_same(&gbk);
    // And it reads as the UTF-8 copy does.
    let utf8 = outcome(&[text.as_bytes()]);
    let from_gbk = outcome(&[&gbk]);
    let strip = |s: &str| s.replace("gb18030", "utf-8");
    assert_eq!(
        strip(&from_gbk).replace(&gbk.len().to_string(), "N"),
        strip(&utf8).replace(&text.len().to_string(), "N")
    );
}

/// A file's compact records, read with the shared interners.
fn records(name: &str, bytes: &[u8], names: &mut Names, ids: &mut Names) -> FileRecords {
    let mut parser = FileParser::new(name, ColumnMapping::default());
    let mut reader = FileReader::new(name, ReadOptions::default());
    {
        let mut sink = parser.sink(names, ids);
        for chunk in bytes.chunks(1 << 16) {
            reader.push(chunk, &mut sink);
        }
        reader.finish(&mut sink).unwrap();
    }
    parser.finish().0
}

fn close(a: &Counts, b: &Counts) -> bool {
    let near = |x: f64, y: f64| (x - y).abs() <= 1e-6 * (1.0 + x.abs().max(y.abs()));
    near(a.numerator, b.numerator)
        && near(a.denominator, b.denominator)
        && near(a.bad, b.bad)
        && near(a.left_out, b.left_out)
}

#[test]
fn any_window_is_the_sum_of_its_days() {
    let (mut names, mut ids) = (Names::default(), Names::default());
    let files: Vec<FileRecords> = shop::Shop::new(3_000)
        .files()
        .iter()
        .map(|(n, b)| records(n, b, &mut names, &mut ids))
        .collect();
    let files: Vec<&FileRecords> = files.iter().collect();
    let estimates = CountSettings::default();
    let aggregates = Aggregates::build(&files, &names, &estimates);
    let days = aggregates.days();
    let undated = aggregates.undated();
    let first = parse_day("2026-08-20").unwrap();
    let last = parse_day("2027-01-10").unwrap();
    let mut windows = Vec::new();
    for length in [1, 7, 28, 30, 90] {
        for end in (first..=last).step_by(5) {
            windows.push(Window::ending(end, length));
        }
    }
    // Odd windows too: a start after the end, a single far day, the whole range.
    windows.push(Window {
        start_day: last,
        end_day: first,
    });
    windows.push(Window {
        start_day: first - 4000,
        end_day: last + 4000,
    });
    let mut checked = 0;
    for window in windows {
        let direct = count_window(&files, &names, &estimates, window);
        let (start, end) = (window.start_day as i32, window.end_day as i32);
        for (id, counts) in &direct {
            let ind =
                shopscore::indicators::Ind::of(id).unwrap_or(shopscore::indicators::Ind::ValidPaid);
            // 1. The per-day series' own window sum.
            let summed = aggregates.counts(ind, window);
            assert!(
                close(&summed, counts),
                "{id} {window:?}: per-day {summed:?} ≠ direct {counts:?}"
            );
            // 2. The days as exported, slid by hand.
            let mut by_hand = Counts::default();
            for day in days
                .iter()
                .filter(|d| (window.start_day..=window.end_day).contains(&d.day))
            {
                if let Some(c) = day.indicators.get(id) {
                    by_hand += c.plain;
                    for (slot, c) in &c.conditional {
                        if slot.in_window(start, end) {
                            by_hand += *c;
                        }
                    }
                }
            }
            for (slot, c) in undated.get(id).into_iter().flatten() {
                if slot.in_window(start, end) {
                    by_hand += *c;
                }
            }
            // Conditional slots on days outside the window never count in it.
            assert!(
                close(&by_hand, counts),
                "{id} {window:?}: days {by_hand:?} ≠ direct {counts:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 3_000, "{checked}");
}

#[test]
fn cancelling_a_file_frees_it_and_keeps_the_others_scored() {
    let generated = shop::Shop::new(2_000).files();
    let mut session = Shop::new(&FilesOptions::default());
    let logistics = generated
        .iter()
        .find(|(n, _)| n == "logistics.csv")
        .unwrap();
    let id = session.add_file("logistics.csv");
    session.push(id, &logistics.1).unwrap();
    session.finish(id).unwrap();
    let before = session
        .score(&ShopInput::default(), Some("2026-11-29"), None)
        .unwrap();
    let kept = session.state_bytes();

    let orders = generated.iter().find(|(n, _)| n == "orders.csv").unwrap();
    let id = session.add_file("orders.csv");
    session.push(id, &orders.1[..orders.1.len() / 2]).unwrap();
    assert!(
        session.state_bytes() > kept + 50_000,
        "the half-read file holds records"
    );
    session.cancel(id).unwrap();
    assert!(session.push(id, b"more").is_err());
    let after = session
        .score(&ShopInput::default(), Some("2026-11-29"), None)
        .unwrap();
    // Its records are gone; only the few texts it interned (products, provinces …) stay.
    let left = session.state_bytes();
    assert!(
        left < kept + 16_384,
        "the cancelled file's memory is released: {kept} → {left}"
    );
    assert_eq!(after.total, before.total);
    assert_eq!(after.inputs, before.inputs);
    assert_eq!(session.files().len(), 1);
}

#[test]
fn a_file_past_the_old_row_limit_is_read_whole() {
    // 1 000 050 data rows (the old limit cut files at 1 000 000 and scored the rest).
    const ROWS: u64 = 1_000_050;
    let mut session = Shop::new(&FilesOptions::default());
    let id = session.add_file("orders.csv");
    session
        .push(
            id,
            "主订单编号,支付完成时间,订单状态,订单应付金额\n".as_bytes(),
        )
        .unwrap();
    let mut chunk = String::new();
    for i in 0..ROWS {
        chunk.push_str(&format!(
            "{},2026-11-{:02} 10:00:00,已完成,9.9\n",
            100_000_000 + i,
            1 + i % 30
        ));
        if chunk.len() > 1 << 20 {
            session.push(id, chunk.as_bytes()).unwrap();
            chunk.clear();
        }
    }
    session.push(id, chunk.as_bytes()).unwrap();
    let summary = session.finish(id).unwrap();
    assert_eq!(summary.rows, ROWS);
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    let report = session
        .score(&ShopInput::default(), Some("2026-11-30"), None)
        .unwrap();
    assert_eq!(report.inputs.unwrap()["valid_paid_orders_30d"], ROWS as f64);
}
