//! Writes a realistic generated shop (see `tests/fixtures/shop.rs`) to a directory:
//! `cargo run --release --example gen_shop -- ORDERS DIR` (ORDERS main orders, default 100 000).

#[path = "../tests/fixtures/shop.rs"]
mod shop;

fn main() {
    let mut args = std::env::args().skip(1);
    let orders: u64 = args
        .next()
        .and_then(|a| a.replace('_', "").parse().ok())
        .unwrap_or(100_000);
    let dir = args
        .next()
        .unwrap_or_else(|| format!("target/bench-shop/{orders}"));
    let started = std::time::Instant::now();
    let paths = shop::Shop::new(orders)
        .write_dir(std::path::Path::new(&dir))
        .unwrap_or_else(|e| {
            eprintln!("gen_shop: {dir}: {e}");
            std::process::exit(2);
        });
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "{orders} main orders → {dir} ({:.1} MB in {} files, {:.1} s)",
        bytes as f64 / 1e6,
        paths.len(),
        started.elapsed().as_secs_f64()
    );
}
