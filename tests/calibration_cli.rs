//! The calibration commands of the `shopscore` binary: `template readings`, `score …
//! --calibration CAL.json` (an overlay file, or the whole `calibrate` output).

#[path = "calibration_support.rs"]
mod support;

use shopscore::calibration::calibrate;
use std::process::{Command, Output};
use support::{rules, simple_shop, Rng};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shopscore"))
        .args(args)
        .output()
        .expect("run shopscore")
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn temp(name: &str, text: &str) -> String {
    let dir =
        std::env::temp_dir().join(format!("shopscore-calibration-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn template_readings_prints_the_header_row_of_the_rule_set() {
    let out = stdout(&run(&["template", "readings", "--rules", "douyin-2026-07"]));
    let header = out
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(
        header.starts_with("日期,体验分,商品体验分,物流体验分,服务体验分,加分,扣分,"),
        "{header}"
    );
    assert!(header.contains("商品综合评分得分"));
    let newest = stdout(&run(&["template", "readings"]));
    assert!(
        newest.contains("平均揽收时长") && !newest.contains("得分"),
        "2026-09 has no indicator scores"
    );
    let bad = run(&["template", "readings", "--rules", "nope"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn score_with_a_calibration_file_uses_it_and_says_so() {
    let shop = simple_shop();
    let days = shop.days(&mut Rng(5), "2026-10", 6);
    let overlay = calibrate(rules(shop.rule_set), &days).overlay("cli", None, None);
    let cal = temp("cal.json", &serde_json::to_string(&overlay).unwrap());
    let day = &days[0];
    let input = serde_json::json!({"rule_set": shop.rule_set, "dimensions": day.dimensions});
    let input_path = temp("input.json", &input.to_string());
    let report: serde_json::Value = serde_json::from_str(&stdout(&run(&[
        "score",
        &input_path,
        "--calibration",
        &cal,
        "--format",
        "json",
    ])))
    .unwrap();
    let total = report["total"].as_f64().unwrap();
    assert!(
        (total - day.total.unwrap()).abs() <= 0.015,
        "{total} vs {:?}",
        day.total
    );
    assert_eq!(report["calibration"]["name"], "cli");
    // The whole output of `calibrate --format json` works too (its `overlay` is taken).
    let wrapped = temp(
        "run.json",
        &serde_json::json!({"fits": {}, "overlay": overlay}).to_string(),
    );
    let again: serde_json::Value = serde_json::from_str(&stdout(&run(&[
        "score",
        &input_path,
        "--calibration",
        &wrapped,
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(again["total"], report["total"]);
    // A damaged file stops with exit 2 naming the calibration.
    let broken = temp("broken.json", "{\"format\": \"shopscore-calibration\"}");
    let out = run(&["score", &input_path, "--calibration", &broken]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("calibration"));
}
