//! Ingest benchmark (figures, not a timed test):
//! `cargo run --release --example bench_ingest [ROWS]` (default 100 000).
//! Generates an order export like the back end's (65 columns, UTF-8 with BOM, tab-prefixed
//! ids, `-` for empty, quoted cells with commas and newlines), then reads it as one push, in
//! 64 KiB chunks, in 64 KiB chunks while draining rows (streaming), as GB18030, and as XLSX.

#[path = "../tests/ingest_fixtures/mod.rs"]
mod fixtures;

use shopscore::ingest::{read_file, ReadOptions, Record, RowSink, TableSink, TextReader};

/// Touches every cell of every row, keeps nothing (what a records sink costs at least).
struct CellBytes(u64, u64);
impl RowSink for CellBytes {
    fn header(&mut self, _: &Record) {}
    fn row(&mut self, row: &Record) {
        self.0 += 1;
        self.1 += row.cells().map(|c| c.len() as u64).sum::<u64>();
    }
}
use std::time::Instant;

const HEADERS: &str = "主订单编号,子订单编号,选购商品,商品规格,商品数量,商品ID,商家编码,商品单价,订单应付金额,运费,优惠总金额,平台优惠,商家优惠,达人优惠,商家改价,支付优惠,红包抵扣,支付方式,手续费,收件人,收件人手机号,省,市,区,街道,详细地址,是否修改过地址,买家留言,订单提交时间,旗帜颜色,商家备注,订单完成时间,支付完成时间,APP渠道,流量来源,订单状态,承诺发货时间,订单类型,鲁班落地页ID,达人ID,达人昵称,所属门店ID,售后状态,取消原因,预约发货时间,仓库ID,仓库名称,是否安心购,广告渠道,流量类型,流量体裁,流量渠道,发货主体,发货主体明细,发货时间,降价类优惠,平台实际承担优惠金额,商家实际承担优惠金额,达人实际承担优惠金额,预计送达时间,是否平台仓自流转,车型,预约送达时间,建议发货时间（起）,建议发货时间（止）";

fn cell(column: usize, row: usize) -> String {
    let id = 6_934_567_890_123_456_000u64 + row as u64;
    match column {
        0 | 1 => format!("\t{}", id + column as u64),
        2 => "\"夏季新款连衣裙, 女装 显瘦\"".to_string(),
        4 => (1 + row % 3).to_string(),
        5 => format!("\t{}", 3_600_000_000_000_000_000u64 + (row % 500) as u64),
        7 | 8 => format!("{}.{:02}", 10 + row % 300, row % 100),
        21 => ["广东省", "浙江省", "江苏省", "四川省"][row % 4].to_string(),
        27 if row.is_multiple_of(50) => "\"请尽快发货\n谢谢\"".to_string(),
        28 | 32 | 36 => format!(
            "2026-11-{:02} {:02}:{:02}:{:02}",
            1 + row % 28,
            row % 24,
            row % 60,
            (row * 7) % 60
        ),
        35 => "已完成".to_string(),
        _ => "-".to_string(),
    }
}

fn order_export(rows: usize) -> Vec<u8> {
    let columns = HEADERS.split(',').count();
    let mut text = String::from("\u{feff}");
    text.push_str(HEADERS);
    text.push_str("\r\n");
    for row in 0..rows {
        let line: Vec<String> = (0..columns).map(|c| cell(c, row)).collect();
        text.push_str(&line.join(","));
        text.push_str("\r\n");
    }
    text.into_bytes()
}

fn peak_rss_mib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_string())
        })
        .and_then(|kb| kb.parse::<u64>().ok())
        .map(|kb| format!("{} MiB", kb / 1024))
        .unwrap_or_else(|| "n/a".to_string())
}

/// CPU seconds used by this process so far (user + system, from /proc; 0 elsewhere). The
/// machine is shared, so rates are given per CPU second as well as per wall second.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

struct Clock(Instant, f64);
fn start() -> Clock {
    Clock(Instant::now(), cpu_seconds())
}

fn report(label: &str, bytes: usize, rows: u64, peak_rows: usize, clock: Clock) {
    let wall = clock.0.elapsed().as_secs_f64();
    let cpu = (cpu_seconds() - clock.1).max(0.01);
    println!(
        "{label:<34} wall {:>6.1} MB/s {:>8.0} rows/s | cpu {:>6.1} MB/s {:>8.0} rows/s | {rows} rows, peak rows kept {peak_rows}, {wall:.2} s wall, {cpu:.2} s cpu",
        bytes as f64 / 1e6 / wall,
        rows as f64 / wall,
        bytes as f64 / 1e6 / cpu,
        rows as f64 / cpu,
    );
}

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let started = Instant::now();
    let csv = order_export(rows);
    println!(
        "generated {rows}-row order export: {:.1} MB in {:.2} s",
        csv.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let options = ReadOptions::default();

    let t = start();
    let table = read_file("orders.csv", &csv, &options).unwrap();
    report(
        "utf-8-bom, one push",
        csv.len(),
        table.rows_seen,
        table.rows.len(),
        t,
    );
    assert_eq!(table.rows.len(), rows);
    assert!(table.warnings.is_empty(), "{:?}", &table.warnings[..1]);
    drop(table);

    let t = start();
    let mut rows_kept = TableSink::new(usize::MAX);
    let mut reader = TextReader::new("orders.csv", options.clone());
    for chunk in csv.chunks(64 << 10) {
        reader.push(chunk, &mut rows_kept);
    }
    let table = rows_kept.into_table(reader.finish(&mut ()).unwrap());
    report(
        "utf-8-bom, 64 KiB chunks",
        csv.len(),
        table.rows_seen,
        table.rows.len(),
        t,
    );
    drop(table);

    let t = start();
    let mut reader = TextReader::new("orders.csv", options.clone());
    let mut sink = CellBytes(0, 0);
    for chunk in csv.chunks(64 << 10) {
        reader.push(chunk, &mut sink);
    }
    let summary = reader.finish(&mut sink).unwrap();
    report(
        "utf-8-bom, 64 KiB chunks, streamed to a sink (nothing kept)",
        csv.len(),
        summary.rows_seen,
        0,
        t,
    );

    let text = std::str::from_utf8(&csv[3..]).unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(text);
    let t = start();
    let table = read_file("orders-gbk.csv", &gbk, &options).unwrap();
    assert_eq!(table.encoding, "gb18030");
    report(
        "gb18030, one push",
        gbk.len(),
        table.rows_seen,
        table.rows.len(),
        t,
    );
    drop(table);

    // XLSX: the same rows as inline strings (a fifth of them, the XML is large).
    let xlsx_rows = rows / 5;
    let columns: Vec<&str> = HEADERS.split(',').collect();
    let mut sheet = String::new();
    let header: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(c, h)| fixtures::inline(&format!("{}1", fixtures::column_letters(c)), h))
        .collect();
    sheet.push_str(&fixtures::row(1, &header));
    for r in 0..xlsx_rows {
        let n = r as u32 + 2;
        let cells: Vec<String> = (0..columns.len())
            .map(|c| {
                let reference = format!("{}{n}", fixtures::column_letters(c));
                let value = cell(c, r).trim_matches('"').to_string();
                if c == 4 {
                    fixtures::number(&reference, &value)
                } else {
                    fixtures::inline(&reference, &value)
                }
            })
            .collect();
        sheet.push_str(&fixtures::row(n, &cells));
    }
    let xlsx = fixtures::workbook(&[("订单", sheet)]);
    let t = start();
    let table = read_file("orders.xlsx", &xlsx, &options).unwrap();
    assert_eq!(table.rows.len(), xlsx_rows);
    report(
        &format!("xlsx ({} MB zipped)", xlsx.len() / 1_000_000),
        xlsx.len(),
        table.rows_seen,
        table.rows.len(),
        t,
    );
    println!("peak RSS of the whole run: {}", peak_rss_mib());
}
