//! The `shopscore` binary: rules, score (file and stdin), demo, and exit 2 with the field named.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shopscore"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run shopscore")
}

fn run_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("shopscore-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn rules_lists_every_rule_set() {
    let o = run(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    for id in [
        "douyin-2026-09",
        "douyin-2026-07",
        "douyin-2026-05",
        "douyin-legacy-5pt",
        "seed-2023-4dim",
        "koubei-5pt",
    ] {
        assert!(text.contains(id), "{id} missing from:\n{text}");
    }
    let o = run(&["rules", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 6);
}

#[test]
fn demo_scores_in_text_and_json() {
    let o = run(&["demo"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("总分 total") && text.contains("douyin-2026-09"),
        "{text}"
    );
    let o = run(&["demo", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["stage"], "formal");
    assert!(v["total"].as_f64().is_some());
    for key in [
        "rule_set",
        "scale",
        "consumer",
        "tier",
        "dimensions",
        "indicators",
        "adjustments",
        "eligibility",
        "advice",
        "warnings",
        "estimates",
    ] {
        assert!(v.get(key).is_some(), "report lacks {key}");
    }
}

#[test]
fn score_a_file_and_stdin_with_overrides() {
    let input = String::from_utf8(run(&["demo", "--input"]).stdout).unwrap();
    let path = temp_file("demo.json", &input);
    let o = run(&[
        "score",
        path.to_str().unwrap(),
        "--rules",
        "douyin-2026-07",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rule_set"], "douyin-2026-07");
    let o = run_stdin(
        &["score", "-", "--rules", "koubei-5pt", "--format", "json"],
        &input,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rule_set"], "koubei-5pt");
    let o = run_stdin(
        &[
            "score",
            "-",
            "--industry",
            "3C数码",
            "--shop-type",
            "flagship",
            "--rules",
            "douyin-2026-07",
        ],
        &input,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("飞鸽平均响应时长"));
}

#[test]
fn bad_input_exits_2_naming_the_field() {
    let cases: &[(&str, &str)] = &[
        (r#"{"valid_paid_orders_30d": -5}"#, "valid_paid_orders_30d"),
        (
            r#"{"indicators": {"platform_help_rate": 150}}"#,
            "indicators.platform_help_rate.value",
        ),
        (
            r#"{"indicators": {"product_rating": "good"}}"#,
            "indicators.product_rating",
        ),
        (r#"{"rule_set": "douyin-1999"}"#, "rule_set"),
        (r#"{"as_of": "2026-13-01"}"#, "as_of"),
        (r#"{"shop_typo": "flagship"}"#, "shop_typo"),
    ];
    for (json, field) in cases {
        let o = run_stdin(&["score", "-"], json);
        assert_eq!(o.status.code(), Some(2), "{json}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(field),
            "{json}: message does not name {field}: {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"));
    }
    // Syntax errors keep serde's line and column.
    let o = run_stdin(&["score", "-"], "{\n  \"industry\": \"女装\",\n}");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("line 3"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["bogus"][..],
        &[],
        &["score"],
        &["rules", "--format", "xml"],
        &["score", "-", "--shop-type", "big"],
        &["score", "/nonexistent/x.json"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&o).is_empty());
    }
    assert_eq!(run(&["--help"]).status.code(), Some(0));
}
