//! The report's shape for people (issue 12 items 1 and 6, report side): coverage beside the
//! number, what a report with too little to score still says, why nothing is shown to
//! consumers, sources by document name, and the labels of drafts and estimates.

use shopscore::input::{IndicatorInput, ShopInput};
use shopscore::report::{Report, Stage};
use shopscore::rules;

fn run(i: &ShopInput) -> Report {
    shopscore::score(i).unwrap_or_else(|e| panic!("score failed: {e}"))
}

fn typed(rule_set: &str, values: &[(&str, f64)]) -> ShopInput {
    let mut i = ShopInput {
        rule_set: Some(rule_set.into()),
        as_of: Some("2026-11-20".into()),
        industry: Some("女装".into()),
        valid_paid_orders_30d: Some(640.0),
        ..Default::default()
    };
    for (id, v) in values {
        i.indicators
            .insert(id.to_string(), IndicatorInput::from_value(*v));
    }
    i
}

/// "3 of 9 typed → coverage shown beside the total", with what is missing in words and where
/// to get it ("评价导出 → 商品综合评分").
#[test]
fn coverage_counts_known_indicators_and_says_where_to_get_the_rest() {
    let r = run(&typed(
        "douyin-2026-09",
        &[
            ("delivery_on_time_rate", 90.0),
            ("feige_avg_response_seconds", 40.0),
            ("after_sale_review_hours", 10.0),
        ],
    ));
    let c = &r.coverage;
    assert_eq!(
        (c.indicators_known, c.indicators_needed, c.complete),
        (3, 9, false)
    );
    let by_dim: Vec<(&str, usize, usize)> = c
        .dimensions
        .iter()
        .map(|d| (d.id.as_str(), d.known, d.needed))
        .collect();
    assert_eq!(
        by_dim,
        [("product", 0, 2), ("logistics", 1, 3), ("service", 2, 4)]
    );
    assert_eq!(c.missing.len(), 6);
    let rating = c
        .missing
        .iter()
        .find(|m| m.indicator == "product_rating")
        .unwrap();
    assert!(
        rating.how.zh.starts_with("评价导出 → 商品综合评分"),
        "{}",
        rating.how.zh
    );
    assert!(
        rating.how.en.starts_with("review export → product rating"),
        "{}",
        rating.how.en
    );
    for m in &c.missing {
        assert!(
            !m.how.zh.contains('_') && !m.how.en.contains('_'),
            "{}: {:?}",
            m.indicator,
            m.how
        );
    }
    // A typed dimension score stands for its indicators.
    let mut i = typed("douyin-2026-09", &[]);
    i.dimensions.insert("product".into(), 80.0);
    let r = run(&i);
    assert_eq!(r.coverage.dimensions[0].known, 2);
    assert!(r
        .coverage
        .missing
        .iter()
        .all(|m| m.indicator != "product_rating"));
    // Everything known: complete. The demo knows every 2026-09 indicator.
    let r = run(&shopscore::demo_input());
    assert!(r.coverage.complete, "{:?}", r.coverage.missing);
    // Cross-border shops are not assessed on pickup: it is not needed.
    let mut i = typed("douyin-2026-09", &[]);
    i.industry = Some("跨境时尚".into());
    let r = run(&i);
    assert_eq!(r.coverage.indicators_needed, 8);
}

/// "A report with too little to score still carries the window, valid paid orders and every
/// known indicator with its band."
#[test]
fn too_little_to_score_still_says_what_is_known() {
    let mut i = typed("douyin-2026-07", &[("product_rating", 4.65)]);
    i.dimensions.clear();
    let mut only_orders = i.clone();
    only_orders.indicators.clear();
    let r = run(&only_orders);
    assert_eq!((r.stage, r.total), (Stage::NoScore, None));
    assert_eq!(r.valid_paid_orders, Some(640.0));
    assert_eq!(r.window.days, 30);
    assert_eq!(r.window.to.as_deref(), Some("2026-11-20"));
    assert_eq!(r.window.from.as_deref(), Some("2026-10-22"));
    assert_eq!(r.coverage.indicators_known, 0);
    assert_eq!(r.coverage.missing.len(), r.coverage.indicators_needed);
    assert!(r.consumer.is_none() && r.consumer_note.is_some());
    for e in &r.eligibility {
        assert_ne!(e.ok, Some(false), "{}: no score is no ✗", e.id);
    }
    // One indicator: its band is known even though the total rests on one dimension only.
    let r = run(&i);
    let rating = r
        .indicators
        .iter()
        .find(|x| x.id == "product_rating")
        .unwrap();
    assert_eq!(rating.score, Some(70.0));
    assert_eq!(rating.next_band.map(|b| b.threshold), Some(4.69));
}

/// The consumer score is null with the reason: growth stage, no score, or no consumer display.
#[test]
fn consumer_note_says_why_nothing_is_shown() {
    let mut i = typed("douyin-2026-09", &[]);
    i.dimensions = [("product", 90.0), ("logistics", 90.0), ("service", 90.0)]
        .iter()
        .map(|(k, v)| (k.to_string(), *v))
        .collect();
    let r = run(&i);
    assert!(r.consumer.is_some() && r.consumer_note.is_none());
    i.valid_paid_orders_30d = Some(12.0);
    let r = run(&i);
    assert!(r.consumer.is_none());
    assert!(r.consumer_note.unwrap().zh.contains("成长阶段"));
    i.products_on_sale = Some(0.0);
    let r = run(&i);
    assert!(r.consumer_note.unwrap().zh.contains("暂无分数"));
    let mut i = typed("douyin-legacy-5pt", &[]);
    i.dimensions.insert("product".into(), 4.5);
    let r = run(&i);
    assert!(r.consumer_note.unwrap().zh.contains("没有面向消费者"));
}

/// Labels: "douyin-2026-09 is built from the 公示 draft (2026-08-06) because the final in-force
/// text is not available: its source line … say so"; sources cite the document by name and
/// date; traffic tiers are estimates everywhere.
#[test]
fn sources_name_documents_and_the_2026_09_draft_says_so() {
    let r = run(&shopscore::demo_input());
    assert!(r.rule_set_info.draft);
    assert!(
        r.rule_set_info.source.zh.contains("公示稿"),
        "{}",
        r.rule_set_info.source.zh
    );
    assert!(r.rule_set_info.source.zh.contains("2026-08-06"));
    assert!(r.rule_set_info.source.en.contains("draft"));
    assert!(
        r.tier.as_ref().unwrap().estimated,
        "traffic tiers are estimates"
    );
    for set in rules::rule_sets() {
        let mut i = shopscore::demo_input();
        i.rule_set = Some(set.id.clone());
        let r = run(&i);
        let s = &r.rule_set_info.source;
        assert!(!s.zh.is_empty() && !s.en.is_empty(), "{}", set.id);
        for text in [&s.zh, &s.en] {
            assert!(
                !text.contains("seed") && !text.contains("RULES") && !text.contains(".csv"),
                "{text}"
            );
        }
        assert_eq!(r.rule_set_info.draft, set.id == "douyin-2026-09");
        // Seed tiers (stars) come from their article; official traffic tiers are estimates.
        let official = set.id.starts_with("douyin-2026");
        if let Some(tier) = &r.tier {
            if official {
                assert!(tier.estimated, "{}", set.id);
            }
        }
    }
}

/// Advice: actions are text in both languages, the source a document's name.
#[test]
fn advice_actions_are_text_and_sources_are_documents() {
    let r = run(&ShopInput {
        options: Default::default(),
        ..shopscore::demo_input()
    });
    assert!(!r.advice.is_empty());
    for a in &r.advice {
        assert!(!a.actions.is_empty(), "{}", a.indicator);
        for t in &a.actions {
            assert!(!t.zh.is_empty() && !t.en.is_empty());
            assert!(!t.zh.contains('〔') && !t.en.contains("[seed"), "{t:?}");
        }
        assert!(!a.source.zh.is_empty(), "{}", a.indicator);
    }
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["advice"][0].get("actions_zh").is_none());
    assert!(json["advice"][0]["actions"][0]["zh"].is_string());
    // The report reads back (and says the same).
    let back: Report = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), json);
}
