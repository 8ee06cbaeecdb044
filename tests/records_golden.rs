//! Golden aggregates: what the files give (window, valid paid orders and why the other orders
//! are not counted, and per indicator its value, numerator, denominator, bad count and the bad
//! records behind it) for every fixture set and for a generated shop of 3 000 main orders at
//! several window ends and under every rule set.
//!
//! `tests/golden/aggregates.json` was recorded with the per-record computation that read every
//! file into a table of strings (before the streaming read path); the streaming pipeline must
//! reproduce it exactly. Re-record only on purpose: `RECORD_GOLDEN=1 cargo test --test
//! records_golden` (and say why in the commit).

#[path = "fixtures/shop.rs"]
mod shop;
use shop::gen;

use serde_json::{json, Map, Value};
use shopscore::pipeline::{FilesOptions, Shop};
use shopscore::ShopInput;
use std::path::PathBuf;

/// One case: a name, its files, the window end and the rule set asked for.
struct Case {
    name: String,
    files: Vec<(String, Vec<u8>)>,
    as_of: Option<&'static str>,
    rule_set: Option<&'static str>,
}

fn fixtures(names: &[&str]) -> Vec<(String, Vec<u8>)> {
    let all: Vec<_> = gen::all().into_iter().chain(gen::variants()).collect();
    names
        .iter()
        .map(|n| all.iter().find(|(name, _)| name == n).expect(n).clone())
        .collect()
}

const FIVE: [&str; 5] = [
    "orders.csv",
    "logistics.csv",
    "after_sales.csv",
    "reviews.csv",
    "feige_rounds.csv",
];
const RULE_SETS: [&str; 6] = [
    "douyin-2026-09",
    "douyin-2026-07",
    "douyin-2026-05",
    "douyin-legacy-5pt",
    "seed-2023-4dim",
    "koubei-5pt",
];

fn cases() -> Vec<Case> {
    let case = |name: &str, files, as_of, rule_set| Case {
        name: name.to_string(),
        files,
        as_of,
        rule_set,
    };
    let mut out = vec![
        case(
            "fixtures: five files",
            fixtures(&FIVE),
            Some("2026-11-30"),
            None,
        ),
        case("fixtures: every file", gen::all(), Some("2026-11-30"), None),
        case(
            "fixtures: GBK logistics and TSV reviews",
            fixtures(&[
                "orders.csv",
                "logistics_gbk.csv",
                "after_sales.csv",
                "reviews.tsv",
                "feige_rounds.csv",
            ]),
            Some("2026-11-30"),
            None,
        ),
        case(
            "fixtures: orders only",
            fixtures(&["orders.csv"]),
            Some("2026-11-30"),
            None,
        ),
        case(
            "fixtures: logistics only",
            fixtures(&["logistics.csv"]),
            Some("2026-11-30"),
            None,
        ),
        case(
            "fixtures: reviews only",
            fixtures(&["reviews.csv"]),
            Some("2026-11-30"),
            None,
        ),
        case(
            "fixtures: reviews only, 11-20",
            fixtures(&["reviews.csv"]),
            Some("2026-11-20"),
            None,
        ),
        case(
            "fixtures: Feige per-agent only",
            fixtures(&["feige_agents.csv"]),
            Some("2026-11-30"),
            None,
        ),
        case(
            "fixtures: after-sales only, no as_of",
            fixtures(&["after_sales.csv"]),
            None,
            None,
        ),
        case(
            "fixtures: logistics, after-sales, reviews at 11-14",
            fixtures(&["logistics.csv", "after_sales.csv", "reviews.csv"]),
            Some("2026-11-14"),
            None,
        ),
        case(
            "fixtures: after-sales and rounds without orders",
            fixtures(&["after_sales.csv", "feige_rounds.csv", "logistics.csv"]),
            Some("2026-11-30"),
            None,
        ),
        case(
            "fixtures: the order export twice",
            {
                let mut files = fixtures(&["orders.csv", "logistics.csv", "after_sales.csv"]);
                files.push(("orders (1).csv".into(), files[0].1.clone()));
                files
            },
            Some("2026-11-30"),
            None,
        ),
    ];
    for as_of in [
        "2026-11-05",
        "2026-11-14",
        "2026-11-20",
        "2026-11-26",
        "2026-12-05",
    ] {
        out.push(case(
            &format!("fixtures: five files at {as_of}"),
            fixtures(&FIVE),
            Some(as_of),
            None,
        ));
    }
    for rules in RULE_SETS {
        out.push(case(
            &format!("fixtures: five files under {rules}"),
            fixtures(&FIVE),
            Some("2026-11-30"),
            Some(rules),
        ));
    }
    let generated = shop::Shop::new(3_000).files();
    for as_of in [
        None,
        Some("2026-09-15"),
        Some("2026-10-10"),
        Some("2026-10-31"),
        Some("2026-11-15"),
        Some("2026-11-29"),
        Some("2026-12-10"),
    ] {
        out.push(case(
            &format!("generated 3000 at {}", as_of.unwrap_or("the last day")),
            generated.clone(),
            as_of,
            None,
        ));
    }
    for rules in ["seed-2023-4dim", "koubei-5pt", "douyin-2026-07"] {
        out.push(case(
            &format!("generated 3000 under {rules}"),
            generated.clone(),
            Some("2026-11-29"),
            Some(rules),
        ));
    }
    let without_orders: Vec<_> = generated
        .iter()
        .filter(|(n, _)| n != "orders.csv")
        .cloned()
        .collect();
    out.push(case(
        "generated 3000 without orders",
        without_orders,
        Some("2026-11-15"),
        None,
    ));
    let reviews_only: Vec<_> = generated
        .iter()
        .filter(|(n, _)| n == "reviews.csv")
        .cloned()
        .collect();
    out.push(case(
        "generated 3000 reviews only",
        reviews_only,
        Some("2026-11-15"),
        None,
    ));
    out
}

/// FNV-1a, to keep the golden file small for the generated shop's long bad lists.
fn fnv(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn measure(case: &Case) -> Value {
    let typed = ShopInput {
        rule_set: case.rule_set.map(str::to_string),
        ..ShopInput::default()
    };
    let options = FilesOptions {
        as_of: case.as_of.map(str::to_string),
        ..Default::default()
    };
    // The streaming path: chunks of 7 bytes into a session.
    let mut shop = Shop::new(&options);
    for (name, bytes) in &case.files {
        let file = shop.add_file(name);
        for chunk in bytes.chunks(7) {
            shop.push(file, chunk).unwrap();
        }
        shop.finish(file).unwrap();
    }
    let as_of = options.as_of.as_deref();
    let p = shop.prepare(&typed, as_of, None).expect(&case.name);
    let r = &p.recomputed;
    let mut indicators = Map::new();
    for (id, c) in &r.indicators {
        let mut rows = Vec::new();
        loop {
            let page = shop
                .drilldown(id, rows.len() as u64 / 500, 500, &typed, as_of, None)
                .unwrap();
            let done = page.rows.len() < 500;
            rows.extend(page.rows);
            if done {
                break;
            }
        }
        assert_eq!(
            rows.len() as f64,
            c.bad_count,
            "{}: {id} bad rows = bad count",
            case.name
        );
        let mut bad: Vec<String> = rows
            .iter()
            .map(|b| {
                format!(
                    "{}|{}|{}",
                    b.order_id.as_deref().unwrap_or(""),
                    b.agent.as_deref().unwrap_or(""),
                    b.time.as_deref().unwrap_or("")
                )
            })
            .collect();
        bad.sort();
        let bad = if bad.len() <= 12 {
            json!(bad)
        } else {
            json!(fnv(&bad.join("\n")))
        };
        indicators.insert(
            id.clone(),
            json!({
                "value": c.value,
                "numerator": c.numerator,
                "denominator": c.denominator,
                "bad_count": c.bad_count,
                "base_count": c.base_count,
                "counts_are_cases": c.counts_are_cases,
                "estimated": c.estimated,
                "bad": bad,
            }),
        );
    }
    json!({
        "rule_set": r.rule_set,
        "window": r.window.map(|w| json!([w.start(), w.end()])),
        "valid_paid_orders": r.valid_paid_orders,
        "orders_not_counted": r.orders_not_counted,
        "wanted": r.wanted,
        "indicators": indicators,
    })
}

#[test]
fn aggregates_equal_the_recorded_per_record_computation() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/aggregates.json");
    let mut got = Map::new();
    for case in cases() {
        got.insert(case.name.clone(), measure(&case));
    }
    let got = Value::Object(got);
    if std::env::var_os("RECORD_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
    }
    let text = std::fs::read_to_string(&path)
        .expect("tests/golden/aggregates.json: record it with RECORD_GOLDEN=1");
    let want: Value = serde_json::from_str(&text).unwrap();
    let (Value::Object(want), Value::Object(got)) = (&want, &got) else {
        unreachable!()
    };
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>()
    );
    for (name, expected) in want {
        assert_eq!(&got[name], expected, "case {name:?}");
    }
}
