//! The message catalogue: every sentence in both languages with the same slots, ids rendered
//! as names, and nothing a reader sees is a field path.

use shopscore::messages::{message_keys, render_param, template, Lang, Warning};
use std::collections::BTreeSet;

fn slots(template: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.insert(after[..close].to_string());
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

#[test]
fn every_sentence_has_both_languages_with_the_same_slots() {
    let keys = message_keys();
    assert!(!keys.is_empty());
    for key in keys {
        let text = template(&key).expect("listed keys have a template");
        assert!(!text.zh.trim().is_empty(), "{key}: no zh text");
        assert!(!text.en.trim().is_empty(), "{key}: no en text");
        let zh_slots = slots(&text.zh);
        let en_slots = slots(&text.en);
        assert_eq!(zh_slots, en_slots, "{key}: zh and en slots differ");
    }
}

#[test]
fn ids_render_as_names_in_the_readers_language() {
    let id = serde_json::json!("product_rating");
    assert_eq!(render_param("indicator", &id, Lang::Zh), "商品综合评分");
    assert_ne!(render_param("indicator", &id, Lang::En), "product_rating");
    let field = serde_json::json!("indicators.product_rating.bad_count");
    let zh = render_param("field", &field, Lang::Zh);
    assert!(zh.starts_with("商品综合评分"), "{zh}");
    assert!(!zh.contains("indicators."), "{zh}");
    let kinds = serde_json::json!(["orders", "reviews"]);
    assert_eq!(
        render_param("kinds", &kinds, Lang::Zh),
        "订单导出、评价导出"
    );
    assert_eq!(
        render_param("count", &serde_json::json!(3.50), Lang::En),
        "3.5"
    );
}

#[test]
fn a_warning_serialises_code_subject_params_and_text() {
    let w = Warning::of("unknown_message")
        .subject("product_rating")
        .param("n", 2);
    let json = serde_json::to_value(&w).unwrap();
    assert_eq!(json["code"], "unknown_message");
    assert_eq!(json["subject"], "product_rating");
    assert_eq!(json["params"]["n"], 2);
    assert!(json["text"]["zh"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(json["text"]["en"].as_str().is_some_and(|s| !s.is_empty()));
    // A report read back keeps its text.
    let back: Warning = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap()["text"], json["text"]);
}

#[test]
fn a_variant_key_keeps_the_stable_code() {
    let w = Warning::of("unknown_message.some_variant");
    assert_eq!(w.code, "unknown_message");
    assert_eq!(w.key(), "unknown_message.some_variant");
}
