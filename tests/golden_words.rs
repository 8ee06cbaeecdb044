//! Words, not field paths (issue 12 item 6, report side): every sentence a report carries for
//! people is rendered from the catalogue, in both languages, and names things by their names.
//! Nothing an operator reads is a field path, an id, a code or an internal document.

use shopscore::input::{EventValue, IndicatorInput, ShopInput};
use shopscore::{rules, Report};

/// Reports that between them raise every warning scoring can raise.
fn reports() -> Vec<(String, Report)> {
    let mut out = Vec::new();
    for set in rules::rule_sets() {
        let mut demo = shopscore::demo_input();
        demo.rule_set = Some(set.id.clone());
        let variants: Vec<(&str, ShopInput)> = vec![
            ("demo", demo.clone()),
            ("growth", {
                let mut i = demo.clone();
                i.valid_paid_orders_30d = Some(12.0);
                i.events
                    .insert("score_gaming".into(), EventValue::Flag(true));
                i
            }),
            ("partial", {
                let mut i = ShopInput {
                    rule_set: Some(set.id.clone()),
                    industry: Some("火星特产".into()),
                    ..Default::default()
                };
                i.indicators.insert(
                    "product_rating".into(),
                    IndicatorInput {
                        value: Some(4.1),
                        ..Default::default()
                    },
                );
                i.indicators
                    .insert("product_ratng".into(), IndicatorInput::from_value(4.8));
                i.dimensions.insert("logistics".into(), 1.0);
                i.weights.dimensions.insert("product".into(), 30.0);
                i.bands.insert(
                    "product_rating".into(),
                    vec![Some(4.9), Some(4.1), None, None, None],
                );
                i
            }),
            ("small", {
                let mut i = demo.clone();
                i.valid_paid_orders_30d = Some(100.0);
                i.shop_type = None;
                for x in i.indicators.values_mut() {
                    x.bad_count = None;
                    x.base_count = None;
                }
                i
            }),
            (
                "nothing",
                ShopInput {
                    rule_set: Some(set.id.clone()),
                    ..Default::default()
                },
            ),
            ("history", {
                let mut i = demo.clone();
                i.history.insert(
                    "bad_review_rate".into(),
                    vec![0.3, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6],
                );
                let m = set.scale_max;
                i.history.insert(
                    "product".into(),
                    vec![
                        0.9 * m,
                        0.6 * m,
                        0.6 * m,
                        0.6 * m,
                        0.6 * m,
                        0.6 * m,
                        0.6 * m,
                        0.6 * m,
                    ],
                );
                i.events
                    .insert("remote_logistics".into(), EventValue::Flag(true));
                i.dimensions.insert("logistics".into(), set.scale_max * 0.8);
                i
            }),
        ];
        for (name, input) in variants {
            let report =
                shopscore::score(&input).unwrap_or_else(|e| panic!("{} {name}: {e}", set.id));
            out.push((format!("{} {name}", set.id), report));
        }
    }
    out
}

/// A developer's word in people's text: a field path, a snake_case id, a code, an internal file.
fn developer_word(text: &str) -> Option<String> {
    let forbidden = [
        "indicators.",
        "dimensions.",
        "events.",
        "bands.",
        "weights.",
        "options.",
        "history.",
        "RULES",
        "seed-0",
        "seed 0",
        ".csv",
        ".json",
        "other_rule_set_input",
    ];
    if let Some(f) = forbidden.iter().find(|f| text.contains(*f)) {
        return Some(f.to_string());
    }
    // snake_case ids (product_rating, valid_paid_orders_30d); the user's own typo is quoted back.
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find(|w| {
            w.contains('_') && w.chars().any(|c| c.is_ascii_lowercase()) && *w != "product_ratng"
        })
        .map(str::to_string)
}

#[test]
fn every_warning_comes_from_the_catalogue_in_both_languages() {
    for (label, report) in reports() {
        for w in &report.warnings {
            assert!(
                !w.is_legacy(),
                "{label}: {} is still a legacy sentence",
                w.code
            );
            assert!(
                shopscore::messages::template(w.key()).is_some(),
                "{label}: no catalogue entry {}",
                w.key()
            );
            let text = w.text();
            assert!(
                !text.zh.is_empty() && !text.en.is_empty(),
                "{label}: {}",
                w.code
            );
            assert!(
                !text.zh.contains('…') && !text.en.contains('…'),
                "{label}: unfilled slot in {}: {text:?}",
                w.key()
            );
        }
    }
}

#[test]
fn no_developer_words_in_warnings_or_estimates() {
    for (label, report) in reports() {
        for w in &report.warnings {
            let text = w.text();
            for s in [&text.zh, &text.en] {
                assert_eq!(developer_word(s), None, "{label}: {}: {s}", w.key());
            }
        }
        for e in &report.estimates {
            for s in [&e.zh, &e.en] {
                assert_eq!(developer_word(s), None, "{label}: estimate {s}");
            }
        }
    }
}

/// The demo carries values for every rule set; under any one of them the others' ids make one
/// warning at most, naming the indicators by name.
#[test]
fn other_rule_sets_values_make_one_warning_with_names() {
    for set in rules::rule_sets() {
        let mut demo = shopscore::demo_input();
        demo.rule_set = Some(set.id.clone());
        let report = shopscore::score(&demo).unwrap();
        let notes: Vec<_> = report
            .warnings
            .iter()
            .filter(|w| w.code == "other_rule_set_input")
            .collect();
        assert!(notes.len() <= 1, "{}: {} notes", set.id, notes.len());
        if let Some(note) = notes.first() {
            let zh = note.text().zh;
            assert!(!zh.contains("indicators."), "{zh}");
            assert!(note.params["indicators"].is_array());
        }
    }
    let mut demo = shopscore::demo_input();
    demo.rule_set = Some("douyin-2026-07".into());
    let report = shopscore::score(&demo).unwrap();
    let note = report
        .warnings
        .iter()
        .find(|w| w.code == "other_rule_set_input")
        .expect("the demo's 2026-09 and legacy values are noted");
    // 平均揽收时长 belongs to 2026-09 and is named as such.
    assert!(
        note.text().zh.contains("平均揽收时长"),
        "{}",
        note.text().zh
    );
    assert!(
        note.text().en.contains("Average pickup time"),
        "{}",
        note.text().en
    );
}

#[test]
fn eligibility_is_words_in_both_languages() {
    for (label, report) in reports() {
        for e in &report.eligibility {
            for text in [&e.name, &e.detail, &e.source]
                .into_iter()
                .chain(e.reason.as_ref())
            {
                assert!(
                    !text.zh.is_empty() && !text.en.is_empty(),
                    "{label} {}: {text:?}",
                    e.id
                );
                assert!(
                    !text.zh.contains('…') && !text.en.contains('…'),
                    "{label} {}: {text:?}",
                    e.id
                );
                for s in [&text.zh, &text.en] {
                    assert_eq!(developer_word(s), None, "{label} {}: {s}", e.id);
                }
            }
        }
    }
}

#[test]
fn advice_coverage_and_notes_are_words() {
    for (label, report) in reports() {
        let mut texts: Vec<(String, &shopscore::Text)> = Vec::new();
        for a in &report.advice {
            texts.extend(
                a.actions
                    .iter()
                    .map(|t| (format!("advice {}", a.indicator), t)),
            );
            texts.push((format!("advice {} source", a.indicator), &a.source));
        }
        for m in &report.coverage.missing {
            texts.push((format!("coverage {}", m.indicator), &m.how));
        }
        texts.extend(
            report
                .consumer_note
                .iter()
                .map(|t| ("consumer note".to_string(), t)),
        );
        texts.push(("rule set source".to_string(), &report.rule_set_info.source));
        for (what, text) in texts {
            assert!(!text.zh.is_empty() && !text.en.is_empty(), "{label} {what}");
            for s in [&text.zh, &text.en] {
                // An unfilled slot renders as "…" (playbook steps may use one as punctuation).
                assert!(
                    what.starts_with("advice") || !s.contains('…'),
                    "{label} {what}: {s}"
                );
                assert_eq!(developer_word(s), None, "{label} {what}: {s}");
            }
        }
    }
}
