//! The native side of `make bench`: a generated shop of N main orders (tests/fixtures/shop.rs:
//! the real order-export format plus logistics, after-sales, reviews and Feige rounds) read
//! from disk in 1 MiB chunks through the whole pipeline (`pipeline::Shop`), then scored.
//!
//! `cargo run --release --example bench_shop -- N [DIR]` (files are generated into
//! `target/bench-shop/N` once and reused). Prints `key value` lines that `scripts/bench.sh`
//! lays side by side: read MB/s and rows/s, peak heap (counting allocator) and peak RSS,
//! kept state per main order, the first count (aggregates built), one re-score, a 90-day
//! daily history, and the order export as XLSX read the same way.

#[path = "../tests/fixtures/shop.rs"]
mod shop;

use shopscore::pipeline::{FilesOptions, Shop};
use shopscore::ShopInput;
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// Counts heap bytes in use and their peak.
struct Counting;
static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = IN_USE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        IN_USE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, size) };
        if !q.is_null() {
            if size > layout.size() {
                grew(size - layout.size());
            } else {
                IN_USE.fetch_sub(layout.size() - size, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak resident memory of this process so far (MiB), from /proc (0 elsewhere).
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .unwrap_or(0)
        / 1024
}

/// Reset the heap peak to what is in use now; returns that baseline.
fn heap_baseline() -> usize {
    let now = IN_USE.load(Relaxed);
    PEAK.store(now, Relaxed);
    now
}

const MIB: f64 = 1024.0 * 1024.0;

/// Read files into a session in 1 MiB chunks: (seconds, bytes, rows).
fn read_into(session: &mut Shop, paths: &[PathBuf]) -> (f64, u64, u64) {
    let started = Instant::now();
    let (mut bytes, mut rows) = (0u64, 0u64);
    let mut chunk = vec![0u8; 1 << 20];
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let id = session.add_file(&name);
        let mut file = std::fs::File::open(path).expect("open");
        loop {
            let n = file.read(&mut chunk).expect("read");
            if n == 0 {
                break;
            }
            session.push(id, &chunk[..n]).expect("push");
        }
        let summary = session.finish(id).expect("finish");
        bytes += summary.bytes;
        rows += summary.rows + summary.skipped;
    }
    (started.elapsed().as_secs_f64(), bytes, rows)
}

/// The order export as an XLSX workbook (inline strings, numbers as numbers), streamed to disk.
fn write_xlsx(csv: &Path, xlsx: &Path) {
    use std::io::{BufRead, Write};
    let file = std::fs::File::create(xlsx).expect("create xlsx");
    let mut zip = zip::ZipWriter::new(file);
    let deflate = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let parts: [(&str, &str); 4] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="订单" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, deflate).expect("zip part");
        zip.write_all(text.as_bytes()).expect("zip write");
    }
    zip.start_file("xl/worksheets/sheet1.xml", deflate)
        .expect("sheet");
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#).expect("w");
    // Parse the CSV with the crate's own reader and write each row as XML.
    struct ToXml<'w, W: Write> {
        out: &'w mut W,
        row: u64,
        xml: String,
    }
    impl<W: Write> shopscore::ingest::RowSink for ToXml<'_, W> {
        fn header(&mut self, header: &shopscore::ingest::Record) {
            self.row(header);
        }
        fn row(&mut self, row: &shopscore::ingest::Record) {
            self.row += 1;
            self.xml.clear();
            self.xml.push_str(&format!(r#"<row r="{}">"#, self.row));
            for cell in row.cells() {
                let text = cell.trim_start_matches('\t');
                if !text.is_empty() && text.len() < 12 && text.parse::<f64>().is_ok() {
                    self.xml.push_str(&format!("<c><v>{text}</v></c>"));
                } else {
                    let escaped = text
                        .replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;");
                    self.xml.push_str(&format!(
                        r#"<c t="inlineStr"><is><t>{escaped}</t></is></c>"#
                    ));
                }
            }
            self.xml.push_str("</row>");
            self.out.write_all(self.xml.as_bytes()).expect("write row");
        }
    }
    let mut sink = ToXml {
        out: &mut zip,
        row: 0,
        xml: String::new(),
    };
    let mut text = shopscore::ingest::TextReader::new("orders.csv", Default::default());
    let mut input =
        std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(csv).expect("csv"));
    loop {
        let buf = input.fill_buf().expect("read csv");
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        text.push(buf, &mut sink);
        input.consume(n);
    }
    text.finish(&mut sink).expect("csv readable");
    zip.write_all(b"</sheetData></worksheet>").expect("w");
    zip.finish().expect("zip finish");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let orders: u64 = args
        .next()
        .and_then(|a| a.replace('_', "").parse().ok())
        .unwrap_or(100_000);
    let dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(format!("target/bench-shop/{orders}")));
    let generated = shop::Shop::new(orders);
    let paths: Vec<PathBuf> = shop::FILES.iter().map(|f| dir.join(f)).collect();
    if !paths.iter().all(|p| p.exists()) {
        let started = Instant::now();
        generated.write_dir(&dir).expect("generate the shop");
        eprintln!(
            "generated {orders} main orders in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let as_of = shopscore::records::cells::format_day(generated.last_paid_day());
    let typed = ShopInput::default();

    // 1. Read every file through the pipeline.
    let base = heap_baseline();
    let mut session = Shop::new(&FilesOptions::default());
    let (seconds, bytes, rows) = read_into(&mut session, &paths);
    let read_peak = PEAK.load(Relaxed) - base;
    let held = IN_USE.load(Relaxed) - base;

    // 2. The first question builds the per-day counts (one join pass).
    let started = Instant::now();
    session.aggregates();
    let build = started.elapsed().as_secs_f64();
    let report = session.score(&typed, Some(&as_of), None).expect("score");
    let state = session.state_bytes();
    let main_orders = session.main_orders().max(1);

    // 3. Re-scores with files loaded (a typed edit each time), median of 21.
    let mut times = Vec::new();
    for i in 0..21 {
        let mut edited = typed.clone();
        edited.valid_paid_orders_30d = Some(1_000.0 + i as f64);
        let started = Instant::now();
        session
            .score(&edited, Some(&as_of), None)
            .expect("re-score");
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let rescore = times[times.len() / 2];

    // 4. A 90-day daily history: each day's 30-day window values, from the counts.
    let end = generated.last_paid_day();
    let started = Instant::now();
    let mut days_with_values = 0;
    for day in end - 89..=end {
        let window = shopscore::indicators::Window::ending(day, 30);
        let values = session.aggregates().window(window);
        days_with_values += usize::from(!values.indicators.is_empty());
    }
    let history = started.elapsed().as_secs_f64();

    // 4b. The score over time (issue 8): each of 90 days scored from the counts by a sliding
    // window, plus the 14-day forecast, eligibility over time, alerts and rule versions; and
    // a plan to a total of 95 on the files' values.
    let started = Instant::now();
    let timeline = session
        .timeline(&typed, Some(&as_of), None, 90)
        .expect("timeline");
    let timeline_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let plan = session
        .plan(&typed, "95", Some(&as_of), None)
        .expect("plan");
    let plan_s = started.elapsed().as_secs_f64();
    let peak = PEAK.load(Relaxed) - base;

    println!("orders {orders}");
    println!("as_of {as_of}");
    println!("files_mb {:.1}", bytes as f64 / MIB);
    println!("rows {rows}");
    println!("read_s {seconds:.2}");
    println!("read_mb_s {:.1}", bytes as f64 / MIB / seconds);
    println!("read_rows_s {:.0}", rows as f64 / seconds);
    println!("read_peak_heap_mb {:.1}", read_peak as f64 / MIB);
    println!("held_after_read_mb {:.1}", held as f64 / MIB);
    println!(
        "state_bytes_per_order {:.1}",
        state as f64 / main_orders as f64
    );
    for (part, bytes) in session.state_parts() {
        println!(
            "state_{part}_bytes_per_order {:.1}",
            bytes as f64 / main_orders as f64
        );
    }
    println!("aggregate_build_ms {:.0}", build * 1e3);
    println!("rescore_ms {:.2}", rescore * 1e3);
    println!("history_90_days_ms {:.2}", history * 1e3);
    println!("history_days {days_with_values}");
    println!("timeline_90_days_ms {:.1}", timeline_s * 1e3);
    println!("timeline_days {}", timeline.days.len());
    println!("plan_ms {:.1}", plan_s * 1e3);
    println!("plan_changes {}", plan.changes.len());
    println!("peak_heap_mb {:.1}", peak as f64 / MIB);
    println!(
        "valid_paid_orders {}",
        report
            .inputs
            .as_ref()
            .map_or(serde_json::Value::Null, |i| i["valid_paid_orders_30d"]
                .clone())
    );
    println!(
        "total {}",
        report.total.map_or("-".into(), |t| format!("{t}"))
    );
    drop(session);

    // 5. The order export as XLSX (inline strings), read the same way.
    if std::env::var_os("SHOPSCORE_BENCH_NO_XLSX").is_none() {
        let xlsx = dir.join("orders.xlsx");
        if !xlsx.exists() {
            let started = Instant::now();
            write_xlsx(&dir.join("orders.csv"), &xlsx);
            eprintln!(
                "wrote orders.xlsx in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
        let base = heap_baseline();
        let mut session = Shop::new(&FilesOptions::default());
        let (seconds, bytes, rows) = read_into(&mut session, std::slice::from_ref(&xlsx));
        println!("xlsx_mb {:.1}", bytes as f64 / MIB);
        println!("xlsx_rows {rows}");
        println!("xlsx_s {seconds:.2}");
        println!("xlsx_rows_s {:.0}", rows as f64 / seconds);
        println!(
            "xlsx_peak_heap_mb {:.1}",
            (PEAK.load(Relaxed) - base) as f64 / MIB
        );
    }
    println!("peak_rss_mb {}", peak_rss_mib());
}
