//! `shopscore history …` and `shopscore plan …` as a user runs them: the JSON shapes of issue 8
//! item 8, CSV one row per day, plan text in both languages, the same engine as the library,
//! and clear usage errors (exit 2).

use std::path::Path;
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_shopscore"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixtures(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|n| {
            Path::new("tests/fixtures")
                .join(n)
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn history_json_has_the_documented_shape_and_equals_the_library() {
    let (code, out, err) = run(&["history", "--demo"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["rule_set"], "douyin-2026-09");
    let days = v["days"].as_array().unwrap();
    assert_eq!(days.len(), 90);
    let day = &days[89];
    for key in ["date", "stage", "total", "dimensions", "indicators"] {
        assert!(day.get(key).is_some(), "day.{key}");
    }
    let rating = &day["indicators"]["product_rating"];
    for key in ["value", "score", "numerator", "denominator"] {
        assert!(rating.get(key).is_some(), "indicator.{key}");
    }
    let first = &v["forecast"]["no_new_bad"][0];
    assert!(first["date"].is_string() && first["total"].is_number());
    assert_eq!(first["leaving"][0]["indicator"], "product_rating");
    assert!(v["forecast"]["trend"][0]["total"].is_number());
    let row = &v["eligibility"][0];
    assert!(row.get("ok_now").is_some() && row["changes"].is_array());
    let alert = &v["alerts"][0];
    for key in ["severity", "code", "indicator", "date", "message"] {
        assert!(alert.get(key).is_some(), "alert.{key}");
    }
    // The same engine: the library's timeline of the demo.
    let library = shopscore::timeline::timeline(&shopscore::timeline::Request {
        typed: &shopscore::demo_input(),
        aggregates: Some(&shopscore::demo::demo_days()),
        rule_set: None,
        as_of: None,
        days: 90,
    })
    .unwrap();
    assert_eq!(v, serde_json::to_value(&library).unwrap());
}

#[test]
fn history_csv_is_one_row_per_day_and_files_work_too() {
    let (code, out, err) = run(&[
        "history", "--demo", "--format", "csv", "--days", "30", "--lang", "en",
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + 30 + 14 + 14);
    assert!(lines[0].starts_with("date,source,stage,total,"));
    let mut args = vec!["history".to_string()];
    args.extend(fixtures(&[
        "orders.csv",
        "logistics.csv",
        "after_sales.csv",
        "reviews.csv",
    ]));
    args.extend(["--rules", "douyin-2026-07"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rule_set"], "douyin-2026-07");
    assert!(!v["days"].as_array().unwrap().is_empty());
    assert_eq!(v["days"][0]["source"], "records");
}

#[test]
fn plan_json_and_text_over_input_files_and_the_demo() {
    let (code, out, err) = run(&["plan", "--demo", "--target", "92"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["reachable"], true);
    assert!(v["total_after"].as_f64().unwrap() >= 92.0);
    let change = &v["changes"][0];
    for key in ["indicator", "from", "to", "amount"] {
        assert!(change.get(key).is_some(), "change.{key}");
    }
    assert!(change["amount"]["zh"].is_string() && change["amount"]["en"].is_string());
    assert!(v["limits"].is_array());
    let (code, text, err) = run(&[
        "plan",
        "--demo",
        "--target",
        "preferred",
        "--format",
        "text",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(text.contains("目标 target"), "{text}");
    // Demo input written to a file, then planned from it.
    let dir = std::env::temp_dir().join(format!("shopscore-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("input.json");
    std::fs::write(
        &input,
        serde_json::to_string(&shopscore::demo_input()).unwrap(),
    )
    .unwrap();
    let (code, out, err) = run(&[
        "plan",
        input.to_str().unwrap(),
        "--target",
        "selected_alliance",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["target"]["id"], "selected_alliance");
    // Files.
    let mut args = vec!["plan".to_string()];
    args.extend(fixtures(&["orders.csv", "reviews.csv"]));
    args.extend(["--target", "90", "--format", "text"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, text, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains("有效支付订单 | valid paid orders"),
        "a growth-stage shop needs orders first: {text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn usage_errors_exit_2_and_say_what_is_wrong() {
    for (args, said) in [
        (vec!["plan", "--demo"], "--target"),
        (vec!["plan", "--demo", "--target", "gold"], "target"),
        (vec!["history", "--demo", "--days", "many"], "--days"),
        (vec!["history", "--demo", "--format", "xml"], "json|csv"),
        (vec!["history"], "history needs"),
        (vec!["history", "--demo", "--as-of", "2026-13-40"], "as_of"),
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(said), "{args:?}: {err}");
    }
}
