//! Golden tests of the scoring core against the published rules (`../shared/domain/RULES.md`).

use shopscore::input::{EventValue, IndicatorInput, Rounding, ShopInput, ShopType};
use shopscore::report::{Report, Stage};
use shopscore::{rules, scoring, ErrorCode};
use std::collections::BTreeMap;

fn base(rule_set: &str) -> ShopInput {
    ShopInput {
        rule_set: Some(rule_set.into()),
        valid_paid_orders_30d: Some(1000.0),
        options: shopscore::input::ScoreOptions {
            skip_advice: true,
            ..Default::default()
        },
        ..Default::default()
    }
}

fn with_dims(rule_set: &str, dims: &[(&str, f64)]) -> ShopInput {
    let mut i = base(rule_set);
    i.dimensions = dims.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    i
}

fn run(i: &ShopInput) -> Report {
    scoring::score(i).unwrap_or_else(|e| panic!("score failed: {e}"))
}

fn dim(r: &Report, id: &str) -> Option<f64> {
    r.dimensions
        .iter()
        .find(|d| d.id == id)
        .and_then(|d| d.score)
}

fn ind<'a>(r: &'a Report, id: &str) -> &'a shopscore::report::IndicatorScore {
    r.indicators
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no indicator {id}"))
}

fn elig(r: &Report, id: &str) -> Option<bool> {
    r.eligibility
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no eligibility {id}"))
        .ok
}

/// A risk row's answer: at risk or not (null: cannot tell).
fn risk(r: &Report, id: &str) -> Option<bool> {
    let e = r
        .eligibility
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no eligibility {id}"));
    assert_eq!(e.ok, None, "{id}: a risk row answers in at_risk");
    e.at_risk
}

fn has_warning(r: &Report, code: &str) -> bool {
    r.warnings.iter().any(|w| w.code == code)
}

fn score_only(score: f64) -> IndicatorInput {
    IndicatorInput {
        score: Some(score),
        ..Default::default()
    }
}

fn approx(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-6, "{a} != {b}");
}

// --- The published service example ------------------------------------------------------------

#[test]
fn published_service_example_gives_95() {
    // Indicator scores 100/100/90/90 at 25 % each → 服务体验 95 (3C数码 non-flagship: 25/25/25/25).
    let mut i = base("douyin-2026-07");
    i.industry = Some("3C数码".into());
    i.shop_type = Some(ShopType::NonFlagship);
    i.indicators
        .insert("feige_dissatisfaction_rate".into(), score_only(100.0));
    i.indicators
        .insert("feige_avg_response_seconds".into(), score_only(100.0));
    i.indicators
        .insert("after_sale_review_hours".into(), score_only(90.0));
    i.indicators
        .insert("platform_help_rate".into(), score_only(90.0));
    let r = run(&i);
    assert_eq!(dim(&r, "service"), Some(95.0));
    for id in [
        "feige_dissatisfaction_rate",
        "feige_avg_response_seconds",
        "after_sale_review_hours",
        "platform_help_rate",
    ] {
        assert_eq!(ind(&r, id).weight, 25.0, "{id}");
    }
}

#[test]
fn official_service_weights_table_has_101_rows_each_group_summing_to_100() {
    let rows = rules::service_weight_rows();
    assert_eq!(rows.len(), 101);
    for r in rows {
        let before: f64 = r
            .weights
            .iter()
            .filter(|(k, _)| k.starts_with("before_"))
            .map(|(_, v)| v)
            .sum();
        let after: f64 = r
            .weights
            .iter()
            .filter(|(k, _)| k.starts_with("after_"))
            .map(|(_, v)| v)
            .sum();
        assert_eq!(before, 100.0, "{} {} before", r.industry, r.shop_type);
        assert_eq!(after, 100.0, "{} {} after", r.industry, r.shop_type);
    }
    for r in rules::crossborder_rows() {
        let d: f64 = ["product", "logistics", "service"]
            .iter()
            .filter_map(|k| r.weights.get(*k))
            .sum();
        assert_eq!(d, 100.0, "{} {}", r.rule_version, r.industry);
    }
}

#[test]
fn service_weights_follow_industry_and_version() {
    // 2026-05 uses the before_* columns, 2026-07 the after_* ones (女装 flagship vs non-flagship).
    let row = |t: &str| {
        rules::service_weight_rows()
            .iter()
            .find(|r| r.industry == "女装" && r.shop_type == t)
            .unwrap()
            .clone()
    };
    for t in [ShopType::Flagship, ShopType::NonFlagship] {
        let want = row(t.as_str());
        let mut i = base("douyin-2026-05");
        i.industry = Some("女装".into());
        i.shop_type = Some(t);
        let r = run(&i);
        assert_eq!(
            ind(&r, "after_sale_on_time_rate").weight,
            want.weights["before_after_sale_handling_rate"]
        );
        assert_eq!(
            ind(&r, "feige_avg_response_seconds").weight,
            want.weights["before_feige_avg_response"]
        );
        i.rule_set = Some("douyin-2026-07".into());
        let r = run(&i);
        assert_eq!(
            ind(&r, "feige_avg_response_seconds").weight,
            want.weights["after_feige_avg_response"]
        );
        assert_eq!(
            ind(&r, "platform_help_rate").weight,
            want.weights["after_platform_help_rate"]
        );
    }
}

#[test]
fn crossborder_tables_are_official_weights() {
    let mut i = with_dims(
        "douyin-2026-07",
        &[("product", 80.0), ("logistics", 90.0), ("service", 100.0)],
    );
    i.industry = Some("跨境时尚".into());
    let r = run(&i);
    let w: Vec<f64> = r.dimensions.iter().map(|d| d.weight).collect();
    assert_eq!(w, vec![50.0, 25.0, 25.0]);
    assert!(r.dimensions.iter().all(|d| !d.estimated));
    approx(r.total.unwrap(), 40.0 + 22.5 + 25.0);
    assert_eq!(ind(&r, "product_rating").weight, 75.0);
    assert_eq!(ind(&r, "pickup_score_avg").weight, 0.0);
    i.rule_set = Some("douyin-2026-09".into());
    let r = run(&i);
    let w: Vec<f64> = r.dimensions.iter().map(|d| d.weight).collect();
    assert_eq!(w, vec![44.0, 20.0, 36.0]);
}

// --- Consumer display ------------------------------------------------------------------------

#[test]
fn consumer_display_for_every_integer_score() {
    // Parse the table independently and compare every integer 0–100.
    let table: Vec<(f64, f64, f64, f64)> = include_str!("../src/rules/consumer-display.csv")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<f64> = l.split(',').map(|c| c.trim().parse().unwrap()).collect();
            (f[0], f[1], f[2], f[3])
        })
        .collect();
    let rule = rules::rule_set_detail("douyin-2026-09")
        .unwrap()
        .consumer_display
        .clone()
        .unwrap();
    for s in 0..=100 {
        let s = s as f64;
        let (_, _, shown, stars) = *table
            .iter()
            .find(|(lo, hi, _, _)| *lo <= s && s <= *hi)
            .unwrap();
        let c = scoring::consumer_display(&rule, s, Rounding::Floor).unwrap();
        assert_eq!((c.score, c.stars), (shown, stars), "score {s}");
        if s <= 50.0 {
            assert_eq!((c.score, c.stars), (3.0, 3.0), "2026-09: 0–50 → 3.0");
        }
    }
    // Spot checks from RULES.md: 97–100 → 5.0; 61 → 4.1; 60 → 4.0; 55 → 3.5 (3.5★); 51 → 3.1.
    let at = |s: f64| scoring::consumer_display(&rule, s, Rounding::Floor).unwrap();
    assert_eq!(at(97.0).score, 5.0);
    assert_eq!(at(96.0).score, 4.9);
    assert_eq!(at(61.0).score, 4.1);
    assert_eq!(at(60.0).score, 4.0);
    assert_eq!((at(55.0).score, at(55.0).stars), (3.5, 3.5));
    assert_eq!(at(51.0).score, 3.1);
}

#[test]
fn consumer_rounding_is_explicit() {
    let rule = rules::rule_set_detail("douyin-2026-07")
        .unwrap()
        .consumer_display
        .clone()
        .unwrap();
    assert_eq!(
        scoring::consumer_display(&rule, 88.7, Rounding::Floor)
            .unwrap()
            .score,
        4.7
    );
    assert_eq!(
        scoring::consumer_display(&rule, 88.7, Rounding::Round)
            .unwrap()
            .score,
        4.8
    );
    // Through score(): the default is floor and the choice is listed among the estimates.
    let mut i = with_dims(
        "douyin-2026-07",
        &[("product", 88.7), ("logistics", 88.7), ("service", 88.7)],
    );
    let r = run(&i);
    assert_eq!(r.consumer.unwrap().score, 4.7);
    assert!(r.estimates.iter().any(|e| e.en.contains("floored")));
    i.options.consumer_rounding = Some(Rounding::Round);
    assert_eq!(run(&i).consumer.unwrap().score, 4.8);
}

// --- Stage rule ------------------------------------------------------------------------------

#[test]
fn stage_rule_29_vs_30_orders_and_penalising_event() {
    for rs in ["douyin-2026-05", "douyin-2026-07", "douyin-2026-09"] {
        let mut i = with_dims(
            rs,
            &[("product", 90.0), ("logistics", 90.0), ("service", 90.0)],
        );
        i.valid_paid_orders_30d = Some(29.0);
        let r = run(&i);
        assert_eq!((r.stage, r.total), (Stage::Growth, Some(70.0)), "{rs}");
        assert_eq!(r.consumer, None, "growth score is not shown to consumers");
        i.events
            .insert("refused_invoice".into(), EventValue::Number(1.0));
        let r = run(&i);
        assert_eq!((r.stage, r.total), (Stage::Growth, Some(60.0)), "{rs}");
        i.events.clear();
        i.valid_paid_orders_30d = Some(30.0);
        let r = run(&i);
        assert_eq!((r.stage, r.total), (Stage::Formal, Some(90.0)), "{rs}");
    }
    // 2026-09 adds false advertising, fraudulent shipping and brand violations.
    let mut i = with_dims("douyin-2026-09", &[]);
    i.valid_paid_orders_30d = Some(10.0);
    i.events
        .insert("false_advertising".into(), EventValue::Number(1.0));
    assert_eq!(run(&i).total, Some(60.0));
    i.rule_set = Some("douyin-2026-07".into());
    assert_eq!(
        run(&i).total,
        Some(70.0),
        "false advertising is not a growth penalty in 2026-07"
    );
}

// --- Small-sample rule -----------------------------------------------------------------------

fn small_sample_case(industry: &str, shop_type: ShopType, orders: f64, bad: f64) -> bool {
    let mut i = base("douyin-2026-07");
    i.industry = Some(industry.into());
    i.shop_type = Some(shop_type);
    i.valid_paid_orders_30d = Some(orders);
    // A return rate that would score 50 on its own.
    i.indicators.insert(
        "product_quality_return_rate".into(),
        IndicatorInput {
            value: Some(2.0),
            bad_count: Some(bad),
            base_count: Some(orders.max(bad)),
            ..Default::default()
        },
    );
    let r = run(&i);
    let x = ind(&r, "product_quality_return_rate");
    assert_eq!(x.score, Some(if x.small_sample { 80.0 } else { 50.0 }));
    x.small_sample
}

#[test]
fn small_sample_rule_order_thresholds_and_bad_count() {
    // Big-ticket industry: < 300.
    assert!(small_sample_case("大件电器", ShopType::General, 299.0, 3.0));
    assert!(!small_sample_case(
        "大件电器",
        ShopType::General,
        300.0,
        3.0
    ));
    // Flagship elsewhere: < 300.
    assert!(small_sample_case("女装", ShopType::Flagship, 299.0, 3.0));
    assert!(!small_sample_case("女装", ShopType::Flagship, 300.0, 3.0));
    // Everyone else: < 500.
    assert!(small_sample_case("女装", ShopType::NonFlagship, 499.0, 3.0));
    assert!(!small_sample_case(
        "女装",
        ShopType::NonFlagship,
        500.0,
        3.0
    ));
    // Bad count 3 vs 4.
    assert!(small_sample_case("女装", ShopType::NonFlagship, 200.0, 3.0));
    assert!(!small_sample_case(
        "女装",
        ShopType::NonFlagship,
        200.0,
        4.0
    ));
}

#[test]
fn small_sample_feige_uses_rated_sessions() {
    for (sessions, expect) in [(3.0, true), (4.0, false)] {
        let mut i = base("douyin-2026-07");
        i.indicators.insert(
            "feige_dissatisfaction_rate".into(),
            IndicatorInput {
                value: Some(25.0),
                bad_count: Some(1.0),
                base_count: Some(sessions),
                ..Default::default()
            },
        );
        let r = run(&i);
        let x = ind(&r, "feige_dissatisfaction_rate");
        assert_eq!(x.small_sample, expect);
        assert_eq!(x.score, Some(if expect { 80.0 } else { 50.0 }));
    }
}

#[test]
fn small_sample_without_bad_count_warns_instead_of_guessing() {
    let mut i = base("douyin-2026-07");
    i.valid_paid_orders_30d = Some(100.0);
    i.indicators
        .insert("product_rating".into(), IndicatorInput::from_value(4.0));
    let r = run(&i);
    assert!(!ind(&r, "product_rating").small_sample);
    assert!(r.warnings.iter().any(|w| w.code == "missing_input"
        && w.params.get("field")
            == Some(&serde_json::json!("indicators.product_rating.bad_count"))));
}

// --- Deductions and bonuses ------------------------------------------------------------------

fn adj(r: &Report, id: &str) -> Option<(f64, bool)> {
    r.adjustments
        .iter()
        .find(|a| a.id == id)
        .map(|a| (a.points, a.capped))
}

#[test]
fn deduction_caps_2026_07_shared_bucket_and_score_gaming() {
    let mut i = with_dims(
        "douyin-2026-07",
        &[("product", 100.0), ("logistics", 100.0), ("service", 100.0)],
    );
    i.events.insert(
        "abnormal_after_sale_address".into(),
        EventValue::Number(2.0),
    );
    i.events
        .insert("refused_invoice".into(), EventValue::Number(2.0));
    let r = run(&i);
    assert_eq!(adj(&r, "negative_service"), Some((-12.0, false)));
    assert_eq!(r.total, Some(88.0));
    i.events
        .insert("refused_invoice".into(), EventValue::Number(4.0)); // 6 cases × 3 = 18 → 15
    let r = run(&i);
    assert_eq!(adj(&r, "negative_service"), Some((-15.0, true)));
    i.events
        .insert("score_gaming".into(), EventValue::Number(2.0)); // −15 once, at most 15
    let r = run(&i);
    assert_eq!(adj(&r, "score_gaming"), Some((-15.0, true)));
    assert_eq!(r.total, Some(70.0));
}

#[test]
fn deduction_caps_2026_09_per_kind() {
    let mut i = with_dims(
        "douyin-2026-09",
        &[("product", 100.0), ("logistics", 100.0), ("service", 100.0)],
    );
    i.events.insert(
        "abnormal_after_sale_address".into(),
        EventValue::Number(6.0),
    ); // 12 → 10
    i.events
        .insert("refused_invoice".into(), EventValue::Number(1.0)); // 2
    i.events
        .insert("score_gaming".into(), EventValue::Number(3.0)); // 10 once
    i.events
        .insert("false_advertising".into(), EventValue::Number(1.0)); // 10
    let r = run(&i);
    assert_eq!(adj(&r, "abnormal_after_sale_address"), Some((-10.0, true)));
    assert_eq!(adj(&r, "refused_invoice"), Some((-2.0, false)));
    assert_eq!(adj(&r, "score_gaming"), Some((-10.0, true)));
    assert_eq!(adj(&r, "false_advertising"), Some((-10.0, false)));
    assert_eq!(r.total, Some(68.0));
}

#[test]
fn bonuses_2026_09_each_once() {
    let full = &[("product", 80.0), ("logistics", 80.0), ("service", 80.0)];
    let total_with = |events: &[(&str, EventValue)]| {
        let mut i = with_dims("douyin-2026-09", full);
        for (k, v) in events {
            i.events.insert(k.to_string(), v.clone());
        }
        run(&i).total.unwrap()
    };
    approx(total_with(&[]), 80.0);
    approx(
        total_with(&[("next_day_delivery_share", EventValue::Number(20.0))]),
        85.0,
    );
    approx(
        total_with(&[("next_day_delivery_share", EventValue::Number(19.9))]),
        80.0,
    );
    approx(
        total_with(&[("return_shipping_insurance", EventValue::Flag(true))]),
        82.0,
    );
    approx(
        total_with(&[("return_shipping_insurance", EventValue::Flag(false))]),
        80.0,
    );
    approx(
        total_with(&[("large_item_insurance", EventValue::Flag(true))]),
        82.0,
    );
    let inst = |orders, share| {
        (
            "home_installation",
            EventValue::Installation { orders, share },
        )
    };
    approx(total_with(&[inst(50.0, 30.0)]), 82.0);
    approx(total_with(&[inst(49.0, 30.0)]), 80.0);
    approx(total_with(&[inst(50.0, 29.9)]), 80.0);
    // All together, each once: +5 +2 +2 +2.
    approx(
        total_with(&[
            ("next_day_delivery_share", EventValue::Number(60.0)),
            ("return_shipping_insurance", EventValue::Number(3.0)),
            ("large_item_insurance", EventValue::Flag(true)),
            inst(500.0, 90.0),
        ]),
        91.0,
    );
    // The 2026-07 rule set has none of these.
    let mut i = with_dims("douyin-2026-07", full);
    i.events
        .insert("next_day_delivery_share".into(), EventValue::Number(50.0));
    let r = run(&i);
    assert_eq!(r.total, Some(80.0));
    assert!(has_warning(&r, "other_rule_set_input"));
    assert!(!has_warning(&r, "unused_input"));
    // A typo is reported on its own.
    let mut i = with_dims("douyin-2026-07", full);
    i.indicators
        .insert("product_ratng".into(), IndicatorInput::from_value(4.8));
    let r = run(&i);
    let typo = r
        .warnings
        .iter()
        .find(|w| w.code == "unused_input")
        .unwrap();
    assert_eq!(
        typo.params["fields"],
        serde_json::json!(["indicators.product_ratng"])
    );
    assert!(typo.text().zh.contains("product_ratng") && !typo.text().zh.contains("indicators."));
}

#[test]
fn remote_logistics_bonus_goes_to_logistics_capped_at_100() {
    let mut i = base("douyin-2026-07");
    i.indicators
        .insert("pickup_score_avg".into(), score_only(99.0));
    i.indicators
        .insert("delivery_on_time_rate".into(), score_only(100.0));
    i.indicators
        .insert("logistics_quality_return_rate".into(), score_only(100.0));
    i.events
        .insert("remote_logistics".into(), EventValue::Flag(true));
    let r = run(&i);
    assert_eq!(dim(&r, "logistics"), Some(100.0));
    let a = r
        .adjustments
        .iter()
        .find(|a| a.id == "remote_logistics")
        .unwrap();
    assert_eq!(
        (a.points, a.capped, a.dimension.as_deref()),
        (0.3, true, Some("logistics"))
    );
}

// --- Eligibility -----------------------------------------------------------------------------

#[test]
fn selected_alliance_needs_total_70_and_product_65() {
    let r = run(&with_dims(
        "douyin-2026-07",
        &[("product", 65.0), ("logistics", 80.0), ("service", 80.0)],
    ));
    approx(r.total.unwrap(), 73.25);
    assert_eq!(elig(&r, "selected_alliance"), Some(true));
    let r = run(&with_dims(
        "douyin-2026-07",
        &[("product", 64.9), ("logistics", 90.0), ("service", 90.0)],
    ));
    assert!(r.total.unwrap() >= 70.0);
    assert_eq!(elig(&r, "selected_alliance"), Some(false));
    let r = run(&with_dims(
        "douyin-2026-07",
        &[("product", 70.0), ("logistics", 69.0), ("service", 69.0)],
    ));
    assert!(r.total.unwrap() < 70.0);
    assert_eq!(elig(&r, "selected_alliance"), Some(false));
}

#[test]
fn campaigns_need_a_seven_day_average() {
    let mut i = with_dims(
        "douyin-2026-07",
        &[("product", 80.0), ("logistics", 80.0), ("service", 80.0)],
    );
    let r = run(&i);
    assert_eq!(
        elig(&r, "official_campaigns"),
        None,
        "only today's score is known"
    );
    assert!(r.eligibility.iter().any(|e| e.id == "official_campaigns"
        && e.reason.as_ref().is_some_and(|why| why.zh.contains('7'))));
    i.history
        .insert("total".into(), vec![60.0, 60.0, 60.0, 60.0, 60.0, 60.0]);
    assert_eq!(elig(&run(&i), "official_campaigns"), Some(false)); // (6×60 + 80) / 7 < 70
    i.history.insert("total".into(), vec![70.0; 6]);
    assert_eq!(elig(&run(&i), "official_campaigns"), Some(true));
    let r = run(&i);
    assert_eq!(elig(&r, "douyin_mall"), Some(true));
    assert_eq!(elig(&r, "super_lucky_bag_self_use"), Some(true));
}

// --- Seed and legacy rule sets ---------------------------------------------------------------

#[test]
fn seed_2023_4dim_stars_60_70_85() {
    let tier = |t: f64| {
        let r = run(&with_dims(
            "seed-2023-4dim",
            &[
                ("product", t),
                ("logistics", t),
                ("service", t),
                ("shop_health", t),
            ],
        ));
        assert_eq!(r.total, Some(t));
        r.tier.unwrap().id
    };
    assert_eq!(tier(59.0), "below_standard");
    assert_eq!(tier(60.0), "three_star");
    assert_eq!(tier(69.99), "three_star");
    assert_eq!(tier(70.0), "four_star");
    assert_eq!(tier(84.99), "four_star");
    assert_eq!(tier(85.0), "five_star");
}

#[test]
fn seed_2023_4dim_weights_and_dynamic_weighting() {
    let mut i = with_dims(
        "seed-2023-4dim",
        &[
            ("product", 60.0),
            ("logistics", 80.0),
            ("service", 80.0),
            ("shop_health", 80.0),
        ],
    );
    let r = run(&i);
    let w: Vec<f64> = r.dimensions.iter().map(|d| d.weight).collect();
    assert_eq!(w, vec![40.0, 30.0, 25.0, 5.0]);
    approx(r.total.unwrap(), 72.0);
    // A lower-is-better indicator worse by more than 15 % on each of 7 days → product ×1.5.
    i.history.insert(
        "bad_review_rate".into(),
        vec![0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6],
    );
    let r = run(&i);
    let w: Vec<f64> = r.dimensions.iter().map(|d| d.weight).collect();
    assert_eq!(w, vec![50.0, 25.0, 20.83, 4.17]);
    approx(r.total.unwrap(), 70.0);
    assert!(has_warning(&r, "dynamic_weighting"));
    // Only 6 days of decline, or a 15 % drop exactly: no change.
    i.history.insert(
        "bad_review_rate".into(),
        vec![0.5, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6],
    );
    assert_eq!(run(&i).dimensions[0].weight, 40.0);
    i.history.insert(
        "bad_review_rate".into(),
        vec![0.5, 0.575, 0.575, 0.575, 0.575, 0.575, 0.575, 0.575],
    );
    assert_eq!(run(&i).dimensions[0].weight, 40.0);
    // A dimension's own daily scores work too (higher is better).
    i.history.clear();
    i.history.insert(
        "logistics".into(),
        vec![90.0, 70.0, 70.0, 70.0, 70.0, 70.0, 70.0, 70.0],
    );
    let r = run(&i);
    assert_eq!(r.dimensions[1].weight, 39.13); // 45 / 115
}

#[test]
fn koubei_thresholds_46_and_48() {
    let at = |t: f64| {
        run(&with_dims(
            "koubei-5pt",
            &[("product", t), ("logistics", t), ("service", t)],
        ))
    };
    let r = at(4.6);
    assert_eq!(r.total, Some(4.6));
    assert_eq!(
        (elig(&r, "official_campaigns"), elig(&r, "traffic_priority")),
        (Some(true), Some(false))
    );
    assert_eq!(r.tier.unwrap().id, "campaigns");
    let r = at(4.8);
    assert_eq!(
        (elig(&r, "official_campaigns"), elig(&r, "traffic_priority")),
        (Some(true), Some(true))
    );
    let r = at(4.59);
    assert_eq!(elig(&r, "official_campaigns"), Some(false));
    let r = at(4.19);
    assert_eq!(risk(&r, "red_line"), Some(true));
    assert_eq!(r.tier.unwrap().id, "red_line");
    assert_eq!(r.consumer, None);
}

#[test]
fn legacy_below_3_2_is_termination_risk() {
    let at = |t: f64| {
        run(&with_dims(
            "douyin-legacy-5pt",
            &[("product", t), ("logistics", t), ("service", t)],
        ))
    };
    let r = at(3.19);
    assert_eq!(risk(&r, "termination_risk"), Some(true));
    assert_eq!(risk(&r, "clearance_risk"), Some(true));
    assert_eq!(r.tier.unwrap().id, "termination_risk");
    let r = at(3.2);
    assert_eq!(risk(&r, "termination_risk"), Some(false));
    assert_eq!(risk(&r, "clearance_risk"), Some(true));
    let r = at(4.0);
    assert_eq!(risk(&r, "clearance_risk"), Some(false));
    // Weights 50/15/35 (seed 003).
    let r = run(&with_dims(
        "douyin-legacy-5pt",
        &[("product", 5.0), ("logistics", 3.0), ("service", 4.0)],
    ));
    approx(r.total.unwrap(), 2.5 + 0.45 + 1.4);
}

// --- Input levels, missing data and errors ---------------------------------------------------

#[test]
fn typed_dimension_wins_over_indicators_and_score_over_value() {
    let mut i = base("douyin-2026-07");
    i.dimensions.insert("product".into(), 77.0);
    i.indicators
        .insert("product_rating".into(), IndicatorInput::from_value(4.8));
    i.indicators.insert(
        "delivery_on_time_rate".into(),
        IndicatorInput {
            value: Some(99.0),
            score: Some(60.0),
            ..Default::default()
        },
    );
    let r = run(&i);
    assert_eq!(dim(&r, "product"), Some(77.0));
    assert_eq!(ind(&r, "delivery_on_time_rate").score, Some(60.0));
    assert_eq!(ind(&r, "delivery_on_time_rate").source, "score");
    assert_eq!(ind(&r, "product_rating").score, Some(100.0));
}

#[test]
fn bands_map_values_and_report_next_and_best_band() {
    let mut i = base("douyin-2026-07");
    i.indicators.insert(
        "delivery_on_time_rate".into(),
        IndicatorInput::from_value(87.0),
    );
    let r = run(&i);
    let x = ind(&r, "delivery_on_time_rate");
    assert_eq!(x.score, Some(70.0));
    assert_eq!(
        x.next_band.map(|b| (b.score, b.threshold)),
        Some((80.0, 88.9))
    );
    assert_eq!(
        x.best_band.map(|b| (b.score, b.threshold)),
        Some((100.0, 93.34))
    );
    // Threshold overrides: the user's own back-end bands.
    i.bands.insert(
        "delivery_on_time_rate".into(),
        vec![Some(80.0), Some(84.0), Some(86.0), Some(88.0), Some(90.0)],
    );
    let r = run(&i);
    assert_eq!(ind(&r, "delivery_on_time_rate").score, Some(80.0));
    assert!(!ind(&r, "delivery_on_time_rate").estimated);
    // 揽收时长平均得分 is already a score.
    i.indicators
        .insert("pickup_score_avg".into(), IndicatorInput::from_value(93.5));
    assert_eq!(ind(&run(&i), "pickup_score_avg").score, Some(93.5));
}

#[test]
fn interpolation_2026_09_is_continuous_and_labelled_estimate() {
    let mut i = base("douyin-2026-09");
    let mut last = 0.0;
    for k in 0..=40 {
        let v = 85.0 + k as f64 * 0.25;
        i.indicators.insert(
            "delivery_on_time_rate".into(),
            IndicatorInput::from_value(v),
        );
        let r = run(&i);
        let x = ind(&r, "delivery_on_time_rate");
        let s = x.score.unwrap();
        assert!(s >= last, "monotone at {v}");
        assert!(s - last < 5.0 || k == 0, "no jumps at {v}");
        assert!(x.estimated);
        last = s;
    }
    assert_eq!(last, 100.0);
}

#[test]
fn missing_data_is_warned_never_zero() {
    let mut i = base("douyin-2026-07");
    i.indicators
        .insert("product_rating".into(), IndicatorInput::from_value(4.8));
    i.indicators.insert(
        "delivery_on_time_rate".into(),
        IndicatorInput::from_value(95.0),
    );
    let r = run(&i);
    assert_eq!(dim(&r, "service"), None);
    assert_eq!(
        dim(&r, "product"),
        Some(100.0),
        "renormalised over the indicators present"
    );
    assert!(has_warning(&r, "partial_total"));
    assert!(r.warnings.iter().any(|w| w.code == "missing_input"
        && w.subject.as_deref() == Some("product_quality_return_rate")));
    assert_eq!(r.total, Some(100.0));
    let w: f64 = r.dimensions.iter().map(|d| d.weight).sum();
    approx(w, 100.0);
    // Nothing at all: no total, but the stage is still the one the orders give (formal):
    // the tool lacking figures is not the platform withholding a score.
    let r = run(&base("douyin-2026-07"));
    assert_eq!((r.stage, r.total), (Stage::Formal, None));
    assert!(has_warning(&r, "no_score"));
}

/// 精选联盟 "removes shops with no score" (the platform's no-score, 出分任务 not met). A
/// formal-stage shop whose figures the tool lacks is not at risk of that: unknown, with why.
#[test]
fn missing_figures_are_not_the_platforms_no_score() {
    let r = run(&base("douyin-2026-07"));
    let removal = r
        .eligibility
        .iter()
        .find(|e| e.id == "selected_alliance_removal")
        .unwrap();
    assert_eq!(removal.at_risk, None, "{:?}", removal.detail);
    assert!(removal.reason.as_ref().unwrap().zh.contains("缺少数据"));
    assert!(r.consumer_note.as_ref().unwrap().zh.contains("缺少数据"));
    // 出分任务 not met: the platform gives no score, and that is a removal risk.
    let mut i = base("douyin-2026-07");
    i.products_on_sale = Some(0.0);
    let r = run(&i);
    assert_eq!(r.stage, Stage::NoScore);
    let removal = r
        .eligibility
        .iter()
        .find(|e| e.id == "selected_alliance_removal")
        .unwrap();
    assert_eq!(removal.at_risk, Some(true));
}

#[test]
fn missing_orders_warns_and_assumes_formal() {
    let mut i = with_dims(
        "douyin-2026-07",
        &[("product", 80.0), ("logistics", 80.0), ("service", 80.0)],
    );
    i.valid_paid_orders_30d = None;
    let r = run(&i);
    assert_eq!(r.stage, Stage::Formal);
    assert!(r.warnings.iter().any(
        |w| w.code == "missing_input" && w.subject.as_deref() == Some("valid_paid_orders_30d")
    ));
}

#[test]
fn unknown_industry_warns_and_uses_defaults() {
    let mut i = with_dims(
        "douyin-2026-07",
        &[("product", 80.0), ("logistics", 80.0), ("service", 80.0)],
    );
    i.industry = Some("火星特产".into());
    let r = run(&i);
    assert!(has_warning(&r, "unknown_industry"));
    assert_eq!(ind(&r, "feige_avg_response_seconds").weight, 25.0);
}

#[test]
fn validation_errors_name_the_field() {
    let err = |i: &ShopInput| scoring::score(i).unwrap_err();
    let mut i = base("douyin-2026-07");
    i.valid_paid_orders_30d = Some(-1.0);
    let e = err(&i);
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::BadField, Some("valid_paid_orders_30d"))
    );
    let mut i = base("douyin-2026-07");
    i.indicators.insert(
        "platform_help_rate".into(),
        IndicatorInput::from_value(120.0),
    );
    let e = err(&i);
    assert_eq!(
        (e.code, e.field.as_deref()),
        (
            ErrorCode::BadField,
            Some("indicators.platform_help_rate.value")
        )
    );
    let mut i = base("douyin-2026-07");
    i.indicators.insert(
        "platform_help_rate".into(),
        IndicatorInput {
            bad_count: Some(-2.0),
            ..Default::default()
        },
    );
    assert_eq!(
        err(&i).field.as_deref(),
        Some("indicators.platform_help_rate.bad_count")
    );
    let mut i = base("nope");
    i.rule_set = Some("douyin-2027-01".into());
    assert_eq!(err(&i).code, ErrorCode::UnknownRuleSet);
    let mut i = base("douyin-2026-07");
    i.as_of = Some("2026-02-30".into());
    assert_eq!(err(&i).field.as_deref(), Some("as_of"));
    let mut i = base("douyin-2026-07");
    i.dimensions.insert("product".into(), 101.0);
    assert_eq!(err(&i).field.as_deref(), Some("dimensions.product"));
    let mut i = base("douyin-2026-07");
    i.events
        .insert("refused_invoice".into(), EventValue::Number(1.5));
    assert_eq!(err(&i).field.as_deref(), Some("events.refused_invoice"));
    let mut i = base("douyin-2026-07");
    i.bands.insert("product_rating".into(), vec![Some(4.5)]);
    assert_eq!(err(&i).field.as_deref(), Some("bands.product_rating"));
}

#[test]
fn parse_input_keeps_line_column_and_names_the_field() {
    let e = shopscore::input::parse_input("{\n  \"indicators\": {\"product_rating\": \"high\"}\n}")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::BadInput);
    assert_eq!(e.field.as_deref(), Some("indicators.product_rating"));
    assert!(e.message.contains("line 2"), "{}", e.message);
    let e = shopscore::input::parse_input("{\"valid_paid_orders_30d\": 12,}").unwrap_err();
    assert!(e.message.contains("line 1"), "{}", e.message);
    let e = shopscore::input::parse_input("{\"shop_type\": \"tiny\"}").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("shop_type"));
}

#[test]
fn default_rule_set_follows_as_of() {
    let mut i = with_dims(
        "x",
        &[("product", 80.0), ("logistics", 80.0), ("service", 80.0)],
    );
    i.rule_set = None;
    i.as_of = Some("2026-08-01".into());
    assert_eq!(run(&i).rule_set, "douyin-2026-07");
    i.as_of = None;
    assert_eq!(run(&i).rule_set, "douyin-2026-09");
}

// --- Demo, simulate, every rule set ----------------------------------------------------------

#[test]
fn demo_scores_under_every_rule_set() {
    for rs in rules::rule_sets() {
        let mut i = shopscore::demo_input();
        i.rule_set = Some(rs.id.clone());
        let r = run(&i);
        assert_eq!(r.stage, Stage::Formal, "{}", rs.id);
        let t = r.total.unwrap();
        assert!(
            t >= rs.scale_min && t <= rs.scale_max,
            "{} total {t}",
            rs.id
        );
        assert!(r.dimensions.iter().all(|d| d.score.is_some()), "{}", rs.id);
        assert!(
            !has_warning(&r, "missing_input"),
            "{}: {:?}",
            rs.id,
            r.warnings
        );
        assert!(
            r.indicators.iter().any(|x| x.next_band.is_some()),
            "{}: the demo leaves some indicator below its best band",
            rs.id
        );
    }
    let r = run(&shopscore::demo_input());
    assert_eq!(r.rule_set, "douyin-2026-09");
    assert!(r.adjustments.iter().any(|a| a.kind == "deduction"));
}

#[test]
fn simulate_overrides_values_and_keeps_the_rest() {
    let base_input = {
        let mut i = shopscore::demo_input();
        i.rule_set = Some("douyin-2026-07".into());
        i.options.skip_advice = true;
        i
    };
    let before = run(&base_input);
    let mut o = ShopInput::default();
    o.indicators.insert(
        "delivery_on_time_rate".into(),
        IndicatorInput::from_value(99.0),
    );
    let after = scoring::simulate(&base_input, &o).unwrap();
    assert_eq!(ind(&after, "delivery_on_time_rate").score, Some(100.0));
    assert!(after.total.unwrap() > before.total.unwrap());
    assert_eq!(
        ind(&after, "product_rating").score,
        ind(&before, "product_rating").score
    );
    // A typed score in the base is dropped when the override moves the value.
    let mut b2 = base_input.clone();
    b2.indicators
        .get_mut("delivery_on_time_rate")
        .unwrap()
        .score = Some(60.0);
    let after = scoring::simulate(&b2, &o).unwrap();
    assert_eq!(ind(&after, "delivery_on_time_rate").score, Some(100.0));
}

#[test]
fn rescore_total_matches_score() {
    let i = shopscore::demo_input();
    assert_eq!(scoring::rescore_total(&i), run(&i).total);
}

#[test]
fn rule_set_detail_is_complete_for_the_page() {
    for s in rules::rule_sets() {
        let d = rules::rule_set_detail(&s.id).unwrap();
        assert!(!d.dimensions.is_empty());
        let wsum: f64 = d.dimensions.iter().map(|x| x.weight).sum();
        assert_eq!(wsum, 100.0, "{}", s.id);
        for x in &d.indicators {
            assert!(
                d.dimensions.iter().any(|dd| dd.id == x.dimension),
                "{} {}",
                s.id,
                x.id
            );
            assert!(
                x.slider.min < x.slider.max && x.slider.step > 0.0,
                "{} {}",
                s.id,
                x.id
            );
        }
        let mut sums: BTreeMap<&str, f64> = BTreeMap::new();
        for x in &d.indicators {
            *sums.entry(&x.dimension).or_default() += x.weight;
        }
        for (dim, w) in sums {
            assert_eq!(w, 100.0, "{} {dim}", s.id);
        }
        assert!(serde_json::to_string(d).is_ok());
    }
    assert!(rules::industries()
        .iter()
        .any(|i| i.name == "女装" && i.shop_types.len() == 2));
}

#[test]
fn industry_specific_and_dimension_eligibility() {
    let mut i = with_dims(
        "douyin-2026-07",
        &[("product", 80.0), ("logistics", 74.0), ("service", 90.0)],
    );
    let r = run(&i);
    assert!(
        r.eligibility.iter().all(|e| e.id != "restricted_promotion"),
        "药品 rule only for 药品"
    );
    assert_eq!(elig(&r, "super_lucky_bag_self_use"), Some(true));
    assert_eq!(
        elig(&r, "super_lucky_bag_creator"),
        Some(false),
        "物流 74 < 75"
    );
    i.industry = Some("药品".into());
    let r = run(&i);
    assert_eq!(elig(&r, "restricted_promotion"), Some(true));
}

/// Between the legacy 5-point era and the 2026-05 revision the next (100-point) version is
/// guessed, with a warning; an error under a guessed set says it was guessed.
#[test]
fn a_date_in_the_gap_before_2026_05_guesses_the_next_version() {
    let input: shopscore::ShopInput = serde_json::from_str(
        r#"{"as_of":"2026-03-01","valid_paid_orders_30d":100,"dimensions":{"product":80,"logistics":80,"service":80}}"#,
    )
    .unwrap();
    let report = shopscore::score(&input).unwrap();
    assert_eq!(report.rule_set, "douyin-2026-05");
    assert!(report.warnings.iter().any(|w| w.code == "rule_set_guess"));

    let before_all: shopscore::ShopInput = serde_json::from_str(
        r#"{"as_of":"2019-05-01","dimensions":{"product":80,"logistics":80,"service":80}}"#,
    )
    .unwrap();
    let err = shopscore::score(&before_all).unwrap_err();
    assert!(
        err.message.contains("guessed from as_of"),
        "{}",
        err.message
    );
}

#[test]
fn zero_dimension_weights_are_a_field_error_not_no_score() {
    let mut i = with_dims(
        "douyin-2026-07",
        &[("product", 80.0), ("logistics", 90.0), ("service", 70.0)],
    );
    i.valid_paid_orders_30d = Some(100.0);
    for d in ["product", "logistics", "service"] {
        i.weights.dimensions.insert(d.into(), 0.0);
    }
    let e = scoring::score(&i).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::BadField, Some("weights.dimensions"))
    );
    assert!(e.message.contains(" | "), "bilingual: {}", e.message);
    // One dimension with a weight left: scored on it alone.
    i.weights.dimensions.insert("service".into(), 10.0);
    let r = run(&i);
    assert_eq!(r.stage, Stage::Formal);
    approx(r.total.unwrap(), 70.0);
}

#[test]
fn zero_indicator_weights_are_a_field_error_not_an_empty_warning() {
    let mut i = base("douyin-2026-07");
    i.valid_paid_orders_30d = Some(100.0);
    i.indicators
        .insert("product_rating".into(), score_only(80.0));
    for id in ["product_rating", "product_quality_return_rate"] {
        i.weights.indicators.insert(id.into(), 0.0);
    }
    let e = scoring::score(&i).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::BadField, Some("weights.indicators"))
    );
    assert!(e.message.contains("product_rating"), "{}", e.message);
    assert!(e.message.contains(" | "), "bilingual: {}", e.message);
    // A weight on the given indicator: the dimension is scored again.
    i.weights.indicators.insert("product_rating".into(), 50.0);
    let r = run(&i);
    approx(dim(&r, "product").unwrap(), 80.0);
}

#[test]
fn default_indicator_weights_are_labelled_and_industry_is_asked_for() {
    let service = [
        "feige_dissatisfaction_rate",
        "feige_avg_response_seconds",
        "after_sale_review_hours",
        "platform_help_rate",
    ];
    let mut i = base("douyin-2026-07");
    for id in service {
        i.indicators.insert(id.into(), score_only(90.0));
    }
    let r = run(&i);
    for id in service {
        assert!(ind(&r, id).estimated, "{id} weight is a default");
    }
    assert!(r
        .estimates
        .iter()
        .any(|e| e.en.contains("indicator weights inside Service experience")));
    assert!(r
        .warnings
        .iter()
        .any(|w| w.code == "missing_input" && w.subject.as_deref() == Some("industry")));
    // With the industry: the official table, no default-weight note, no industry warning.
    i.industry = Some("女装".into());
    i.shop_type = Some(ShopType::Flagship);
    let r = run(&i);
    for id in service {
        assert!(!ind(&r, id).estimated, "{id} weight is official");
    }
    assert!(!r
        .estimates
        .iter()
        .any(|e| e.en.contains("indicator weights inside Service experience")));
    assert!(!r
        .warnings
        .iter()
        .any(|w| w.code == "missing_input" && w.subject.as_deref() == Some("industry")));
}

/// 2026 indicator scores are 50–100: a typed 10 is taken as 50, with a `clamped` warning.
#[test]
fn a_typed_indicator_score_below_the_scale_is_clamped_and_said() {
    let input: shopscore::ShopInput = serde_json::from_str(
        r#"{"rule_set":"douyin-2026-07","valid_paid_orders_30d":1000,"indicators":{"product_rating":{"score":10}}}"#,
    )
    .unwrap();
    let report = shopscore::score(&input).unwrap();
    let rating = report
        .indicators
        .iter()
        .find(|i| i.id == "product_rating")
        .unwrap();
    assert_eq!(rating.score, Some(50.0));
    assert!(report
        .warnings
        .iter()
        .any(|w| w.code == "clamped" && w.subject.as_deref() == Some("product_rating")));
}
