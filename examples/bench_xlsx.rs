//! Where the time of an XLSX read goes, stage by stage, on one workbook (the order export
//! that `bench_shop` writes): inflating the sheet alone, calamine's cell reader doing
//! nothing with the cells, our reader into a sink that keeps nothing, and the whole pipeline.
//!
//! `cargo run --release --example bench_xlsx -- target/bench-shop/100000/orders.xlsx [STAGES]`
//! (STAGES: a comma list of `inflate,cells,read,pipeline`; all by default). Prints
//! `key value` lines: seconds (wall) and CPU seconds of this process for each stage.

use std::io::{Cursor, Read};
use std::time::Instant;

/// CPU seconds (user + system) this process has used so far.
fn cpu_seconds() -> f64 {
    // /proc/self/stat fields 14 and 15: utime and stime in clock ticks (100 a second here).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn timed(label: &str, rows: impl FnOnce() -> u64) {
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let count = rows();
    let wall = wall.elapsed().as_secs_f64();
    println!("{label}_s {wall:.2}");
    println!("{label}_cpu_s {:.2}", cpu_seconds() - cpu);
    println!("{label}_count {count}");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "target/bench-shop/100000/orders.xlsx".into());
    let stages = args
        .next()
        .unwrap_or_else(|| "inflate,cells,read,pipeline".into());
    let bytes = std::fs::read(&path).expect("read the workbook");
    println!("xlsx_mb {:.1}", bytes.len() as f64 / 1048576.0);

    for stage in stages.split(',') {
        match stage {
            // The floor under any reader: inflate the worksheet and drop the bytes.
            "inflate" => timed("inflate", || {
                let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).expect("zip");
                let mut sheet = zip.by_name("xl/worksheets/sheet1.xml").expect("sheet");
                let mut buf = vec![0u8; 1 << 16];
                let mut total = 0u64;
                loop {
                    let n = sheet.read(&mut buf).expect("inflate");
                    if n == 0 {
                        break total;
                    }
                    total += n as u64;
                }
            }),
            // calamine's streamed cell reader, cells dropped as they come.
            "cells" => timed("calamine_cells", || {
                use calamine::Reader;
                let mut book: calamine::Xlsx<_> =
                    calamine::Xlsx::new(Cursor::new(&bytes[..])).expect("xlsx");
                let sheet = book.sheet_names()[0].clone();
                let mut cells = book.worksheet_cells_reader(&sheet).expect("sheet");
                let mut count = 0u64;
                while let Some(cell) = cells.next_cell().expect("cell") {
                    std::hint::black_box(&cell);
                    count += 1;
                }
                count
            }),
            // Our reader (rows assembled into the reused record), into a sink keeping nothing.
            "read" => timed("ingest_rows", || {
                let mut reader =
                    shopscore::ingest::FileReader::new("orders.xlsx", Default::default());
                reader.push(&bytes, &mut ());
                reader.finish(&mut ()).expect("readable").rows_seen
            }),
            // The whole pipeline: rows → order records kept by the session.
            "pipeline" => timed("pipeline", || {
                let mut shop = shopscore::pipeline::Shop::new(&Default::default());
                let id = shop.add_file("orders.xlsx");
                for chunk in bytes.chunks(1 << 20) {
                    shop.push(id, chunk).expect("push");
                }
                shop.finish(id).expect("finish").rows
            }),
            other => eprintln!("unknown stage {other}"),
        }
    }
}
