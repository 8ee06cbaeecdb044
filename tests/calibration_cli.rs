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

/// The days of `shop` written as a readings CSV under the template's headers.
fn readings_csv(days: &[shopscore::calibration::Observation], rule_set: &str) -> String {
    let rs = rules(rule_set);
    let header: Vec<String> = shopscore::calibration::headers(rs)
        .into_iter()
        .map(|(_, zh, _)| zh)
        .collect();
    let mut text = header.join(",") + "\n";
    for d in days {
        text += &(shopscore::calibration::cells_of(rs, d).join(",") + "\n");
    }
    text
}

#[test]
fn calibrate_reads_a_readings_file_and_prints_the_fits_then_score_uses_the_saved_file() {
    let shop = simple_shop();
    let days = shop.days(&mut Rng(9), "2026-10", 7);
    let csv = temp("readings.csv", &readings_csv(&days, shop.rule_set));
    let cal = std::env::temp_dir().join(format!("shopscore-cal-{}.json", std::process::id()));
    let cal = cal.to_string_lossy().into_owned();
    let out = stdout(&run(&[
        "calibrate",
        &csv,
        "--industry",
        "女装",
        "--shop-type",
        "flagship",
        "--save",
        &cal,
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["rule_set"], "douyin-2026-09",
        "the rule in force on the readings' days"
    );
    assert_eq!(v["industry"], "女装");
    assert_eq!(v["readings"]["used"], 7);
    let dw = &v["fits"]["dimension_weights"];
    for (id, w) in [("product", 0.55), ("logistics", 0.15), ("service", 0.30)] {
        assert!(
            (dw[id].as_f64().unwrap() - w).abs() <= 0.005,
            "{id}: {}",
            dw[id]
        );
    }
    assert_eq!(dw["determined"], true);
    assert!(dw["residual_max"].as_f64().unwrap() <= 0.01);
    let sum: f64 = ["product", "logistics", "service"]
        .iter()
        .map(|id| dw[*id].as_f64().unwrap())
        .sum();
    assert!((sum - 1.0).abs() < 1e-9, "fractions summing to 1");
    assert!(v["warnings"].is_array() && v["overlay"]["format"] == "shopscore-calibration");

    // The saved file scores: a day's dimension scores give its total.
    let day = &days[3];
    let input = temp("day.json", &serde_json::json!({"rule_set": shop.rule_set, "industry": "女装", "shop_type": "flagship", "dimensions": day.dimensions}).to_string());
    let report: serde_json::Value = serde_json::from_str(&stdout(&run(&[
        "score",
        &input,
        "--calibration",
        &cal,
        "--format",
        "json",
    ])))
    .unwrap();
    assert!((report["total"].as_f64().unwrap() - day.total.unwrap()).abs() <= 0.015);

    // Text: the weights with their evidence, in both languages.
    let text = stdout(&run(&["calibrate", &csv, "--rules", "douyin-2026-09"]));
    assert!(
        text.contains("维度权重 dimension weights") && text.contains("依据 evidence: 7"),
        "{text}"
    );
    // A missing file, a file that is no table: exit 2 with the reason.
    assert_eq!(
        run(&["calibrate", "/nonexistent/readings.csv"])
            .status
            .code(),
        Some(2)
    );
    let pdf = temp("r.pdf", "%PDF-1.7\n1 0 obj");
    let out = run(&["calibrate", &pdf]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).trim().is_empty());
}
