//! The CLI's file commands: `score FILES…`, `inspect FILE`, `template KIND`.

use std::path::PathBuf;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shopscore"))
        .args(args)
        .output()
        .expect("run shopscore")
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("shopscore-records-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn score_files_as_json() {
    let (orders, logistics, after_sales, reviews, rounds) = (
        fixture("orders.csv"),
        fixture("logistics_gbk.csv"),
        fixture("after_sales.csv"),
        fixture("reviews.tsv"),
        fixture("feige_rounds.csv"),
    );
    let o = run(&[
        "score",
        &orders,
        &logistics,
        &after_sales,
        &reviews,
        &rounds,
        "--as-of",
        "2026-11-30",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["rule_set"], "douyin-2026-09");
    assert_eq!(report["inputs"]["window"]["end"], "2026-11-30");
    assert_eq!(
        report["drilldown"]["delivery_on_time_rate"]["numerator"],
        4.0
    );
    assert_eq!(report["drilldown"]["product_rating"]["denominator"], 5.0);
}

#[test]
fn score_files_with_typed_values_rules_and_text() {
    let values = temp(
        "typed.json",
        r#"{"valid_paid_orders_30d": 800, "industry": "女装"}"#,
    );
    let o = run(&[
        "score",
        &fixture("logistics.csv"),
        &fixture("reviews.csv"),
        "--values",
        &values,
        "--as-of",
        "2026-11-30",
        "--rules",
        "douyin-2026-07",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = stdout(&o);
    assert!(text.contains("douyin-2026-07"), "{text}");
    assert!(
        text.contains("窗口 window: 2026-11-01 → 2026-11-30"),
        "{text}"
    );
    assert!(text.contains("logistics.csv: logistics"), "{text}");
}

#[test]
fn score_files_with_a_column_mapping() {
    let data = temp(
        "wl.csv",
        "单号,付款,揽件\n1,2026-11-10 17:59:00,2026-11-11 08:00:00\n",
    );
    let map = temp(
        "map.json",
        r#"{"kind": "logistics", "order_id": "单号", "paid_time": "付款", "pickup_time": "揽件"}"#,
    );
    let o = run(&[
        "score",
        &data,
        "--map",
        &map,
        "--as-of",
        "2026-11-30",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["drilldown"]["pickup_hours_avg"]["denominator"], 1.0);
    let bad_map = temp("bad-map.json", "[1, 2]");
    let o = run(&["score", &data, "--map", &bad_map]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn inspect_and_template() {
    let o = run(&[
        "inspect",
        &fixture("after_sales.csv"),
        "--format",
        "json",
        "--rows",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let inspection: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(inspection["kind"], "after_sales");
    assert_eq!(inspection["rows"], 8);
    assert_eq!(inspection["data"].as_array().unwrap().len(), 9);
    let o = run(&["inspect", &fixture("logistics_gbk.csv")]);
    let text = stdout(&o);
    assert!(
        text.contains("gb18030") && text.contains("logistics"),
        "{text}"
    );

    let o = run(&["template", "reviews"]);
    assert!(o.status.success());
    // The template is the review export's own layout (its headers first).
    assert!(stdout(&o).starts_with("\u{feff}订单ID"));
    let o = run(&["template", "nope"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_missing_file_or_bad_date_exits_2() {
    assert_eq!(
        run(&["score", "/nonexistent/orders.csv"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["score", &fixture("orders.csv"), "--as-of", "yesterday"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&["inspect"]).status.code(), Some(2));
}

#[test]
fn score_files_as_text_names_window_files_and_fractions() {
    let files: Vec<String> = [
        "orders.csv",
        "logistics.csv",
        "after_sales.csv",
        "reviews.csv",
        "feige_rounds.csv",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect();
    let mut args = vec!["score"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--as-of", "2026-11-30"]);
    let o = run(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = stdout(&o);
    assert!(
        text.contains("窗口 window: 2026-11-01 → 2026-11-30"),
        "{text}"
    );
    assert!(
        text.contains("orders.csv: orders · utf-8-bom · delimiter , · 12 rows, 1 skipped"),
        "{text}"
    );
    assert!(
        text.contains("delivery_on_time_rate: 4 / 6 = 66.6667  bad 2"),
        "{text}"
    );
}
