//! Advice: the playbook's shape and coverage, and ranking by re-scoring with a fake scorer.

use shopscore::advice::{
    advise, baseline_input, fix_input, playbook, Playbook, Reach, GROWTH_STAGE_ID, PLAYBOOK_JSON,
};
use shopscore::input::{EventValue, IndicatorInput};
use shopscore::report::{IndicatorScore, NextBand, RuleSetInfo, Scale, Stage};
use shopscore::rules::{Confidence, Direction, Unit};
use shopscore::{Report, ShopInput};
use std::cell::Cell;

// ------------------------------------------------------------------------------------------
// A tiny fake scorer: each indicator maps its value through bands (or takes a typed score),
// the total is the weighted sum, then events apply. The report is built by the same model, so
// every gain advise() finds can be checked against it.

struct FakeIndicator {
    id: &'static str,
    dimension: &'static str,
    /// Points of the total per score point (weight × dimension weight).
    weight: f64,
    higher_better: bool,
    /// (threshold, score), worst to best; below the first threshold scores 50.
    bands: &'static [(f64, f64)],
}

const FAKE: &[FakeIndicator] = &[
    // Heavy but already one step from the best band.
    FakeIndicator {
        id: "product_rating",
        dimension: "product",
        weight: 0.4,
        higher_better: true,
        bands: &[
            (4.5, 60.0),
            (4.6, 70.0),
            (4.7, 80.0),
            (4.8, 90.0),
            (4.9, 100.0),
        ],
    },
    // Light but far from the best band.
    FakeIndicator {
        id: "feige_avg_response_seconds",
        dimension: "service",
        weight: 0.1,
        higher_better: false,
        bands: &[
            (180.0, 60.0),
            (120.0, 70.0),
            (60.0, 80.0),
            (30.0, 90.0),
            (15.0, 100.0),
        ],
    },
    // Medium.
    FakeIndicator {
        id: "delivery_on_time_rate",
        dimension: "logistics",
        weight: 0.3,
        higher_better: true,
        bands: &[
            (80.0, 60.0),
            (85.0, 70.0),
            (88.0, 80.0),
            (90.0, 90.0),
            (93.0, 100.0),
        ],
    },
    // Already at its best band: no advice.
    FakeIndicator {
        id: "pickup_on_time_rate",
        dimension: "logistics",
        weight: 0.2,
        higher_better: true,
        bands: &[
            (60.0, 60.0),
            (70.0, 70.0),
            (80.0, 80.0),
            (90.0, 90.0),
            (96.0, 100.0),
        ],
    },
];

fn band_score(ind: &FakeIndicator, value: f64) -> f64 {
    let mut score = 50.0;
    for &(threshold, s) in ind.bands {
        let met = if ind.higher_better {
            value >= threshold
        } else {
            value <= threshold
        };
        if met {
            score = s;
        }
    }
    score
}

fn indicator_score(ind: &FakeIndicator, input: &ShopInput) -> Option<f64> {
    let typed = input.indicators.get(ind.id)?;
    typed
        .score
        .or_else(|| typed.value.map(|v| band_score(ind, v)))
}

fn event_number(input: &ShopInput, id: &str) -> f64 {
    match input.events.get(id) {
        Some(EventValue::Number(n)) => *n,
        Some(EventValue::Flag(true)) => 1.0,
        _ => 0.0,
    }
}

/// The fake total: None when an indicator is missing (like `no_score`); growth stage flat 70.
fn fake_total(input: &ShopInput) -> Option<f64> {
    if input.valid_paid_orders_30d.is_some_and(|n| n < 30.0) {
        return Some(if event_number(input, "score_gaming") > 0.0 {
            60.0
        } else {
            70.0
        });
    }
    let mut total = 0.0;
    for ind in FAKE {
        let dimension_typed = input.dimensions.get(ind.dimension);
        let score = match dimension_typed {
            Some(d) => *d,
            None => indicator_score(ind, input)?,
        };
        total += score * ind.weight;
    }
    total -= (event_number(input, "score_gaming").min(1.0)) * 15.0;
    total -= (event_number(input, "refused_invoice") * 3.0).min(15.0);
    if event_number(input, "next_day_delivery_share") >= 20.0 {
        total += 5.0;
    }
    Some(total.clamp(0.0, 100.0))
}

fn next_and_best(ind: &FakeIndicator, score: f64) -> (Option<NextBand>, Option<NextBand>) {
    let above: Vec<_> = ind.bands.iter().filter(|&&(_, s)| s > score).collect();
    let band = |&&(threshold, score): &&(f64, f64)| NextBand { score, threshold };
    (above.first().map(band), above.last().map(band))
}

fn fake_report(input: &ShopInput) -> Report {
    let stage = if input.valid_paid_orders_30d.is_some_and(|n| n < 30.0) {
        Stage::Growth
    } else {
        Stage::Formal
    };
    let indicators = FAKE
        .iter()
        .map(|ind| {
            let typed = input.indicators.get(ind.id);
            let score = indicator_score(ind, input);
            let (next_band, best_band) = match score {
                Some(s) => next_and_best(ind, s),
                None => (None, None),
            };
            let source = match typed {
                Some(t) if t.score.is_some() => "score",
                Some(t) if t.value.is_some() => "value",
                _ => "missing",
            };
            IndicatorScore {
                id: ind.id.into(),
                dimension: ind.dimension.into(),
                zh: String::new(),
                en: String::new(),
                value: typed.and_then(|t| t.value),
                unit: Unit::Points,
                direction: if ind.higher_better {
                    Direction::HigherBetter
                } else {
                    Direction::LowerBetter
                },
                score,
                weight: ind.weight * 100.0,
                contribution: score.map(|s| s * ind.weight),
                next_band,
                best_band,
                small_sample: false,
                estimated: false,
                numerator: None,
                denominator: None,
                source: source.into(),
                calibrated: false,
            }
        })
        .collect();
    Report {
        rule_set: "douyin-2026-07".into(),
        rule_set_info: RuleSetInfo {
            id: "douyin-2026-07".into(),
            zh: String::new(),
            en: String::new(),
            source: Default::default(),
            draft: false,
            confidence: Confidence::Official,
        },
        stage,
        total: fake_total(input),
        scale: Scale {
            min: 50.0,
            max: 100.0,
        },
        window: Default::default(),
        valid_paid_orders: input.valid_paid_orders_30d,
        coverage: Default::default(),
        consumer: None,
        consumer_note: None,
        tier: None,
        dimensions: Vec::new(),
        indicators,
        adjustments: Vec::new(),
        eligibility: Vec::new(),
        advice: Vec::new(),
        warnings: Vec::new(),
        estimates: Vec::new(),
        inputs: None,
        drilldown: None,
        calibration: None,
    }
}

fn shop() -> ShopInput {
    let mut input = ShopInput {
        industry: Some("女装".into()),
        valid_paid_orders_30d: Some(800.0),
        ..Default::default()
    };
    input
        .indicators
        .insert("product_rating".into(), IndicatorInput::from_value(4.75)); // 80
    input.indicators.insert(
        "feige_avg_response_seconds".into(),
        IndicatorInput::from_value(150.0),
    ); // 60
    input.indicators.insert(
        "delivery_on_time_rate".into(),
        IndicatorInput::from_value(86.0),
    ); // 70
    input.indicators.insert(
        "pickup_on_time_rate".into(),
        IndicatorInput::from_value(97.0),
    ); // 100
    input
}

fn ids(advice: &[shopscore::report::Advice]) -> Vec<&str> {
    advice.iter().map(|a| a.indicator.as_str()).collect()
}

// ------------------------------------------------------------------------------------------
// The playbook

/// A source is a document the catalogue names (by title and date), never an internal tag.
fn is_document(id: &str) -> bool {
    let name = shopscore::report::words::documents(&[id.to_string()]);
    name.zh != id && name.en != id && !name.zh.is_empty()
}

#[test]
fn playbook_parses_and_is_the_one_served() {
    let parsed: Playbook =
        serde_json::from_str(PLAYBOOK_JSON).expect("src/advice/playbook.json must parse");
    assert_eq!(&parsed, playbook());
    assert!(!parsed.indicators.is_empty());
    // Serialises for the page.
    let json = serde_json::to_value(playbook()).unwrap();
    assert!(json["misconceptions"]
        .as_array()
        .is_some_and(|m| !m.is_empty()));
}

/// Every indicator and event id the issue and the rule sets name; the rule-set test in
/// `advice_scoring.rs` checks the ids the core's rule sets actually declare.
pub const KNOWN_INDICATORS: &[&str] = &[
    "product_rating",
    "product_quality_return_rate",
    "pickup_on_time_rate",
    "pickup_score_avg",
    "pickup_hours_avg",
    "delivery_on_time_rate",
    "logistics_quality_return_rate",
    "damage_return_rate",
    "after_sale_on_time_rate",
    "after_sale_review_hours",
    "feige_avg_response_seconds",
    "feige_dissatisfaction_rate",
    "platform_help_rate",
    "bad_review_rate",
    "three_min_reply_rate",
    "delivery_hours_avg",
    "after_sale_completion_hours",
    "dispute_refund_rate",
    "ship_48h_rate",
    "first_response_seconds",
    "resolution_rate",
];

pub const KNOWN_EVENTS: &[&str] = &[
    "abnormal_after_sale_address",
    "refused_invoice",
    "score_gaming",
    "false_advertising",
    "fraudulent_shipping",
    "brand_violation",
    "remote_logistics",
    "next_day_delivery_share",
    "return_shipping_insurance",
    "large_item_insurance",
    "home_installation",
];

#[test]
fn playbook_covers_every_known_indicator_and_event() {
    let book = playbook();
    for id in KNOWN_INDICATORS {
        let entry = book
            .indicators
            .get(*id)
            .unwrap_or_else(|| panic!("playbook lacks indicator {id}"));
        assert!(
            entry.actions.len() >= 2,
            "{id}: at least two concrete actions"
        );
        assert!(!entry.zh.is_empty() && !entry.en.is_empty(), "{id}: names");
    }
    for id in KNOWN_EVENTS {
        let entry = book
            .events
            .get(*id)
            .unwrap_or_else(|| panic!("playbook lacks event {id}"));
        assert!(!entry.actions.is_empty(), "{id}: actions");
    }
    for dimension in ["product", "logistics", "service", "shop_health"] {
        assert!(
            book.dimensions.contains_key(dimension),
            "fallback actions for {dimension}"
        );
    }
    assert!(!book.stage.actions.is_empty());
}

#[test]
fn every_action_is_bilingual_and_sourced() {
    let book = playbook();
    let mut actions: Vec<(&str, &shopscore::advice::Action)> = Vec::new();
    for (id, e) in &book.indicators {
        actions.extend(e.actions.iter().map(|a| (id.as_str(), a)));
    }
    for (id, e) in &book.dimensions {
        actions.extend(e.actions.iter().map(|a| (id.as_str(), a)));
    }
    for (id, e) in &book.events {
        actions.extend(e.actions.iter().map(|a| (id.as_str(), a)));
    }
    actions.extend(book.stage.actions.iter().map(|a| ("stage", a)));
    for (id, a) in actions {
        assert!(
            !a.zh.trim().is_empty() && !a.en.trim().is_empty(),
            "{id}: empty text"
        );
        assert!(
            is_document(&a.source),
            "{id}: unknown source document {}",
            a.source
        );
        assert!(
            !a.en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) || a.en.contains("带货"),
            "{id}: Chinese in en text: {}",
            a.en
        );
    }
    for m in &book.misconceptions {
        for s in &m.sources {
            assert!(is_document(s), "{}: unknown source document {s}", m.id);
        }
        if let Some(event) = &m.event {
            assert!(
                book.events.contains_key(event),
                "{}: unknown event {event}",
                m.id
            );
        }
    }
    for (id, e) in &book.events {
        if let Some(m) = &e.misconception {
            assert!(
                book.misconception(m).is_some(),
                "{id}: unknown misconception {m}"
            );
        }
        if e.kind == shopscore::advice::EventKind::Bonus {
            assert!(
                e.meet.is_some(),
                "{id}: a bonus needs the value that meets it"
            );
        }
    }
}

#[test]
fn misconceptions_the_seeds_warn_about_are_listed_with_stated_penalties() {
    let book = playbook();
    for id in [
        "cashback_for_reviews",
        "fake_orders",
        "edit_bad_reviews",
        "refund_and_done",
        "logistics_is_courier_problem",
        "only_high_weight",
    ] {
        assert!(
            book.misconception(id).is_some(),
            "missing misconception {id}"
        );
    }
    let fake = book.misconception("fake_orders").unwrap();
    assert_eq!(fake.event.as_deref(), Some("score_gaming"));
    let points = |rule_set: &str| {
        fake.penalties
            .iter()
            .find(|p| p.rule_set == rule_set)
            .map(|p| p.points)
    };
    assert_eq!(points("douyin-2026-07"), Some(-15.0));
    assert_eq!(points("douyin-2026-09"), Some(-10.0));
    // No penalty is invented where the rules state none.
    assert!(book
        .misconception("cashback_for_reviews")
        .unwrap()
        .penalties
        .is_empty());
}

// ------------------------------------------------------------------------------------------
// Ranking

#[test]
fn ranks_by_rescored_gain_then_gain_best_then_id() {
    let input = shop();
    let report = fake_report(&input);
    let advice = advise(&input, &report, &fake_total);
    // product_rating 80→90: +4 (best 100: +8); delivery 70→80: +3 (best +9);
    // feige 60→70: +1 (best +4); pickup is at its best band: no entry.
    // The missing 明日达 bonus (+5 in the fake rule set) outranks them all.
    assert_eq!(
        ids(&advice),
        [
            "next_day_delivery_share",
            "product_rating",
            "delivery_on_time_rate",
            "feige_avg_response_seconds"
        ]
    );
    let by_id = |id: &str| advice.iter().find(|a| a.indicator == id).unwrap();
    assert_eq!(
        (
            by_id("product_rating").gain,
            by_id("product_rating").gain_best
        ),
        (4.0, 8.0)
    );
    assert_eq!(
        (
            by_id("delivery_on_time_rate").gain,
            by_id("delivery_on_time_rate").gain_best
        ),
        (3.0, 9.0)
    );
    assert_eq!(
        (
            by_id("feige_avg_response_seconds").gain,
            by_id("feige_avg_response_seconds").gain_best
        ),
        (1.0, 4.0)
    );
    assert_eq!(by_id("next_day_delivery_share").gain, 5.0);
    assert_eq!(by_id("product_rating").target_next, Some(4.8));
    assert_eq!(by_id("product_rating").target_best, Some(4.9));
    assert_eq!(by_id("feige_avg_response_seconds").target_best, Some(15.0));
    // Sorted: gain desc, then gain_best desc, then id.
    for pair in advice.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            a.gain > b.gain
                || (a.gain == b.gain
                    && (a.gain_best > b.gain_best
                        || (a.gain_best == b.gain_best && a.indicator <= b.indicator)))
        );
    }
    // Actions come from the playbook; the entry cites their documents by name and date.
    let rating = by_id("product_rating");
    let first = &playbook().indicators["product_rating"].actions[0];
    assert_eq!(rating.actions[0], first.text());
    assert!(
        rating
            .source
            .zh
            .contains("《抖店体验分新规是什么?抖店体验分怎么提升?》（抖音大学，2024-11-27）"),
        "{}",
        rating.source.zh
    );
    assert!(!rating.source.en.contains("seed"), "{}", rating.source.en);
    // The fake indicators are not estimates: no estimate note.
    let note = shopscore::advice::estimate_note();
    assert!(advice.iter().all(|a| !a.actions.contains(&note)));
}

#[test]
fn entries_resting_on_unpublished_numbers_say_they_are_estimates() {
    let input = shop();
    let mut report = fake_report(&input);
    for indicator in &mut report.indicators {
        indicator.estimated = indicator.id == "delivery_on_time_rate";
    }
    let advice = advise(&input, &report, &fake_total);
    let note = shopscore::advice::estimate_note();
    for a in &advice {
        let noted = a.actions.last() == Some(&note);
        assert_eq!(
            noted,
            a.indicator == "delivery_on_time_rate",
            "{}",
            a.indicator
        );
    }
}

#[test]
fn ties_fall_back_to_gain_best_then_id() {
    let mut input = shop();
    input
        .indicators
        .insert("product_rating".into(), IndicatorInput::from_value(4.85)); // 90: +4, best +4
    input.indicators.insert(
        "delivery_on_time_rate".into(),
        IndicatorInput::from_value(80.0),
    ); // 60: +3, best +12
    input.indicators.insert(
        "feige_avg_response_seconds".into(),
        IndicatorInput::from_value(100.0),
    ); // 70
    let report = fake_report(&input);
    let advice = advise(&input, &report, &fake_total);
    let top: Vec<_> = advice
        .iter()
        .map(|a| (a.indicator.as_str(), a.gain, a.gain_best))
        .collect();
    assert_eq!(top[0], ("next_day_delivery_share", 5.0, 5.0));
    assert_eq!(top[1], ("product_rating", 4.0, 4.0));
    assert_eq!(top[2], ("delivery_on_time_rate", 3.0, 12.0));
    // feige 70→80: +1, best +3.
    assert_eq!(top[3], ("feige_avg_response_seconds", 1.0, 3.0));

    // Equal gain and gain_best: by id.
    let tie = |_: &ShopInput| Some(1.0);
    let mut report = fake_report(&input);
    report.total = Some(0.0);
    let advice = advise(&input, &report, &tie);
    let names = ids(&advice);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[test]
fn each_gain_is_what_rescoring_the_fix_gives() {
    let input = shop();
    let report = fake_report(&input);
    let current = report.total.unwrap();
    for advice in advise(&input, &report, &fake_total) {
        let next = fix_input(&input, &report, &advice.indicator, Reach::Next).expect("fix exists");
        let best = fix_input(&input, &report, &advice.indicator, Reach::Best).expect("fix exists");
        let round = |x: f64| (x * 100.0).round() / 100.0;
        assert_eq!(
            advice.gain,
            round(fake_total(&next).unwrap() - current),
            "{}",
            advice.indicator
        );
        assert_eq!(
            advice.gain_best,
            round(fake_total(&best).unwrap() - current),
            "{}",
            advice.indicator
        );
    }
}

#[test]
fn fix_moves_value_to_threshold_and_drops_a_typed_score() {
    let mut input = shop();
    input.indicators.insert(
        "delivery_on_time_rate".into(),
        IndicatorInput {
            value: Some(86.0),
            score: Some(70.0),
            bad_count: Some(4.0),
            base_count: Some(100.0),
        },
    );
    let report = fake_report(&input);
    let fixed = fix_input(&input, &report, "delivery_on_time_rate", Reach::Next).unwrap();
    let typed = &fixed.indicators["delivery_on_time_rate"];
    assert_eq!((typed.value, typed.score), (Some(88.0), None));
    assert_eq!(
        (typed.bad_count, typed.base_count),
        (Some(4.0), Some(100.0)),
        "counts are kept"
    );
    let best = fix_input(&input, &report, "delivery_on_time_rate", Reach::Best).unwrap();
    assert_eq!(best.indicators["delivery_on_time_rate"].value, Some(93.0));
    // Nothing else changed.
    let mut rest = fixed.clone();
    rest.indicators.insert(
        "delivery_on_time_rate".into(),
        input.indicators["delivery_on_time_rate"].clone(),
    );
    assert_eq!(rest, input);
}

#[test]
fn where_only_a_score_was_typed_the_score_moves() {
    let mut input = shop();
    input.indicators.insert(
        "product_rating".into(),
        IndicatorInput {
            score: Some(70.0),
            ..Default::default()
        },
    );
    let report = fake_report(&input);
    let fixed = fix_input(&input, &report, "product_rating", Reach::Next).unwrap();
    assert_eq!(fixed.indicators["product_rating"].score, Some(80.0));
    assert_eq!(fixed.indicators["product_rating"].value, None);
    let advice = advise(&input, &report, &fake_total);
    let rating = advice
        .iter()
        .find(|a| a.indicator == "product_rating")
        .unwrap();
    assert_eq!((rating.gain, rating.gain_best), (4.0, 12.0));
    assert_eq!(
        rating.target_next,
        Some(4.7),
        "the value that reaches the band is still shown"
    );
}

#[test]
fn a_typed_dimension_score_is_dropped_only_when_its_indicators_are_all_known() {
    let mut input = shop();
    input.dimensions.insert("logistics".into(), 95.0); // back-end dimension score hides its indicators
    let report = fake_report(&input);
    let advice = advise(&input, &report, &fake_total);
    let delivery = advice
        .iter()
        .find(|a| a.indicator == "delivery_on_time_rate")
        .expect("still advised");
    // Baseline: logistics from indicators (delivery 70, pickup 100) → +3 to the next band.
    assert_eq!(delivery.gain, 3.0);
    let fixed = fix_input(&input, &report, "delivery_on_time_rate", Reach::Next).unwrap();
    assert!(!fixed.dimensions.contains_key("logistics"));

    // A logistics indicator unknown: the fix cannot be measured, so no entry and no guess.
    input.indicators.remove("pickup_on_time_rate");
    let report = fake_report(&input);
    assert!(fix_input(&input, &report, "delivery_on_time_rate", Reach::Next).is_none());
    let advice = advise(&input, &report, &fake_total);
    assert!(!ids(&advice).contains(&"delivery_on_time_rate"));
}

#[test]
fn present_deductions_are_advised_with_the_gain_of_having_none() {
    let mut input = shop();
    input
        .events
        .insert("refused_invoice".into(), EventValue::Number(2.0));
    input
        .events
        .insert("score_gaming".into(), EventValue::Number(1.0));
    let report = fake_report(&input);
    let advice = advise(&input, &report, &fake_total);
    let by_id = |id: &str| advice.iter().find(|a| a.indicator == id).unwrap();
    assert_eq!(by_id("score_gaming").gain, 15.0);
    assert_eq!(by_id("refused_invoice").gain, 6.0);
    // gain_best: a clean record, every deduction event gone.
    assert_eq!(by_id("score_gaming").gain_best, 21.0);
    assert_eq!(by_id("refused_invoice").gain_best, 21.0);
    let clean = fix_input(&input, &report, "refused_invoice", Reach::Best).unwrap();
    assert!(clean.events.is_empty());
    assert_eq!(advice[0].indicator, "score_gaming");
    // The penalised misconception is explained, with this rule set's penalty.
    assert!(by_id("score_gaming").actions[0].zh.contains("刷单"));
    assert!(by_id("score_gaming").actions[0].zh.contains("−15"));
    assert!(by_id("score_gaming").actions[0]
        .en
        .starts_with("Misconception"));
    // Absent events are not advised.
    assert!(!ids(&advice).contains(&"fraudulent_shipping"));
}

#[test]
fn a_penalised_misconception_is_kept_even_when_it_costs_nothing_now() {
    let mut input = shop();
    input
        .events
        .insert("score_gaming".into(), EventValue::Flag(true));
    input
        .events
        .insert("refused_invoice".into(), EventValue::Number(1.0));
    let report = fake_report(&input);
    // A scorer where events change nothing (e.g. the total is clamped at the floor).
    let flat = |_: &ShopInput| Some(report.total.unwrap());
    let advice = advise(&input, &report, &flat);
    assert_eq!(
        ids(&advice),
        ["score_gaming"],
        "risk kept, worthless entries dropped"
    );
    assert_eq!(advice[0].gain_best, 0.0);
    assert_eq!(advice[0].gain, 0.0);
}

#[test]
fn missing_bonuses_are_advised_only_when_they_pay_and_apply() {
    let mut input = shop();
    input
        .events
        .insert("next_day_delivery_share".into(), EventValue::Number(12.0));
    let report = fake_report(&input);
    let advice = advise(&input, &report, &fake_total);
    let next_day = advice
        .iter()
        .find(|a| a.indicator == "next_day_delivery_share")
        .unwrap();
    assert_eq!(next_day.gain, 5.0);
    assert_eq!(next_day.target_next, Some(20.0));
    // Bonuses the fake rule set does not pay are dropped (no gain).
    assert!(!ids(&advice).contains(&"return_shipping_insurance"));
    // Already met: nothing to advise.
    input
        .events
        .insert("next_day_delivery_share".into(), EventValue::Number(25.0));
    let report = fake_report(&input);
    assert!(!ids(&advise(&input, &report, &fake_total)).contains(&"next_day_delivery_share"));

    // Industry-specific bonuses: offered to furniture, not to apparel.
    let pays_installation = |i: &ShopInput| {
        let base = fake_total(i)?;
        Some(
            base + if i.events.contains_key("home_installation") {
                2.0
            } else {
                0.0
            },
        )
    };
    let apparel = shop();
    let report = fake_report(&apparel);
    assert!(!ids(&advise(&apparel, &report, &pays_installation)).contains(&"home_installation"));
    let furniture = ShopInput {
        industry: Some("家具".into()),
        ..shop()
    };
    let report = fake_report(&furniture);
    let advice = advise(&furniture, &report, &pays_installation);
    assert_eq!(
        advice
            .iter()
            .find(|a| a.indicator == "home_installation")
            .map(|a| a.gain),
        Some(2.0)
    );
}

#[test]
fn growth_stage_says_what_the_formal_stage_would_give() {
    let mut input = shop();
    input.valid_paid_orders_30d = Some(12.0);
    let report = fake_report(&input);
    assert_eq!(report.total, Some(70.0));
    let advice = advise(&input, &report, &fake_total);
    let stage = advice
        .iter()
        .find(|a| a.indicator == GROWTH_STAGE_ID)
        .expect("stage entry");
    let formal = fake_total(&shop()).unwrap();
    assert_eq!(stage.gain, ((formal - 70.0) * 100.0).round() / 100.0);
    assert_eq!(stage.target_next, Some(30.0));
    assert!(stage.actions[0].zh.contains("30"));
    let fixed = fix_input(&input, &report, GROWTH_STAGE_ID, Reach::Next).unwrap();
    assert_eq!(fixed.valid_paid_orders_30d, Some(30.0));
    // Indicator fixes are priced in the formal stage the shop is heading for, and say so.
    let rating = advice
        .iter()
        .find(|a| a.indicator == "product_rating")
        .expect("priced in the formal stage");
    assert_eq!((rating.gain, rating.gain_best), (4.0, 8.0));
    assert!(rating.actions[0].zh.starts_with("成长阶段"));
    assert_eq!(rating.actions[0], shopscore::advice::growth_note(30.0));
    let base = baseline_input(&input, &report, "product_rating").unwrap();
    assert_eq!(base.valid_paid_orders_30d, Some(30.0));
    assert_eq!(fake_total(&base), Some(formal));
    let fixed = fix_input(&input, &report, "product_rating", Reach::Next).unwrap();
    assert_eq!(fake_total(&fixed).unwrap() - formal, 4.0);
    // The bonus pays nothing at the flat growth score: not advised.
    assert!(!ids(&advice).contains(&"next_day_delivery_share"));
    // A formal shop gets no stage entry.
    let report = fake_report(&shop());
    assert!(!ids(&advise(&shop(), &report, &fake_total)).contains(&GROWTH_STAGE_ID));
}

#[test]
fn no_score_does_not_panic_and_guesses_nothing() {
    let mut input = shop();
    input.indicators.remove("product_rating");
    input
        .events
        .insert("score_gaming".into(), EventValue::Number(1.0));
    let report = fake_report(&input);
    assert_eq!(report.total, None);
    let advice = advise(&input, &report, &fake_total);
    // Only the risk is explained; no gain is invented.
    assert_eq!(ids(&advice), ["score_gaming"]);
    assert_eq!(advice[0].gain, 0.0);
    // A scorer that always fails, or returns garbage, is survived too.
    let report = fake_report(&shop());
    assert!(advise(&shop(), &report, &|_| None).is_empty());
    assert!(advise(&shop(), &report, &|_| Some(f64::NAN)).is_empty());
}

#[test]
fn gains_are_rounded_to_two_decimals_and_noise_is_dropped() {
    let input = shop();
    let report = fake_report(&input);
    let noisy = |i: &ShopInput| fake_total(i).map(|t| t + 1.0 / 3.0);
    let advice = advise(&input, &report, &noisy);
    assert!(!advice.is_empty());
    for a in &advice {
        assert_eq!(a.gain, (a.gain * 100.0).round() / 100.0);
        assert_eq!(a.gain_best, (a.gain_best * 100.0).round() / 100.0);
    }
    // A rescore that only adds floating noise yields no advice at all.
    let same = |_: &ShopInput| report.total.map(|t| t + 1e-9);
    assert!(advise(&input, &report, &same).is_empty());
}

#[test]
fn rescoring_calls_stay_bounded() {
    let input = shop();
    let report = fake_report(&input);
    let calls = Cell::new(0usize);
    let counting = |i: &ShopInput| {
        calls.set(calls.get() + 1);
        fake_total(i)
    };
    advise(&input, &report, &counting);
    // At most two per indicator and per event, one for the stage.
    let bound = 2 * (report.indicators.len() + playbook().events.len()) + 1;
    assert!(calls.get() <= bound, "{} calls > {bound}", calls.get());
}

#[test]
fn typed_dimension_scores_alone_are_priced_on_the_dimension() {
    let mut input = ShopInput {
        industry: Some("女装".into()),
        valid_paid_orders_30d: Some(800.0),
        ..Default::default()
    };
    input.dimensions.insert("product".into(), 76.0);
    input.dimensions.insert("logistics".into(), 73.0);
    input.dimensions.insert("service".into(), 60.0);
    let report = fake_report(&input);
    assert_eq!(
        report.total.map(|t| (t * 100.0).round() / 100.0),
        Some(72.9)
    );
    let advice = advise(&input, &report, &fake_total);
    let got: Vec<_> = advice
        .iter()
        .map(|a| {
            (
                a.indicator.as_str(),
                a.gain,
                a.gain_best,
                a.target_next,
                a.target_best,
            )
        })
        .collect();
    // douyin-2026-07 dimensions run 50–100: steps of 5.
    assert_eq!(
        got,
        [
            ("next_day_delivery_share", 5.0, 5.0, Some(20.0), Some(20.0)),
            ("product", 1.6, 9.6, Some(80.0), Some(100.0)),
            ("logistics", 1.0, 13.5, Some(75.0), Some(100.0)),
            ("service", 0.5, 4.0, Some(65.0), Some(100.0)),
        ]
    );
    let logistics = &advice[2];
    assert!(
        logistics.actions[0].zh.contains("维度"),
        "says it is priced on the dimension"
    );
    assert!(
        logistics.actions.iter().any(|a| a.en.contains("courier")),
        "carries the dimension's indicator actions"
    );
    // Each is the re-scored fix.
    for a in &advice {
        let fixed = fix_input(&input, &report, &a.indicator, Reach::Best).unwrap();
        let round = |x: f64| (x * 100.0).round() / 100.0;
        assert_eq!(
            a.gain_best,
            round(fake_total(&fixed).unwrap() - report.total.unwrap())
        );
    }
    // A growth-stage shop: the same dimension fixes, priced in the formal stage, and saying so.
    let growth = ShopInput {
        valid_paid_orders_30d: Some(10.0),
        ..input.clone()
    };
    let growth_report = fake_report(&growth);
    let growth_advice = advise(&growth, &growth_report, &fake_total);
    let product = growth_advice
        .iter()
        .find(|a| a.indicator == "product")
        .expect("priced in the formal stage");
    assert_eq!((product.gain, product.gain_best), (1.6, 9.6));
    assert_eq!(product.actions[0], shopscore::advice::growth_note(30.0));
    assert_eq!(
        baseline_input(&growth, &growth_report, "product")
            .unwrap()
            .valid_paid_orders_30d,
        Some(30.0)
    );

    // At the top of the scale: nothing to advise for that dimension.
    input.dimensions.insert("service".into(), 100.0);
    let report = fake_report(&input);
    assert!(!ids(&advise(&input, &report, &fake_total)).contains(&"service"));
}

#[test]
fn hostile_reports_and_inputs_do_not_panic() {
    let mut input = shop();
    input
        .dimensions
        .insert("no_such_dimension".into(), f64::NAN);
    input.dimensions.insert("service".into(), f64::INFINITY);
    input.events.insert(
        "home_installation".into(),
        EventValue::Installation {
            orders: f64::NAN,
            share: -1.0,
        },
    );
    input
        .events
        .insert("score_gaming".into(), EventValue::Number(f64::NAN));
    let mut report = fake_report(&input);
    report.indicators[0].next_band = Some(NextBand {
        score: f64::NAN,
        threshold: 1.0,
    });
    report.indicators[1].best_band = Some(NextBand {
        score: 100.0,
        threshold: f64::INFINITY,
    });
    report.indicators[2].dimension = "nowhere".into();
    report.total = Some(f64::NAN);
    for rescore in [
        &fake_total as &dyn Fn(&ShopInput) -> Option<f64>,
        &|_| Some(f64::INFINITY),
        &|_| None,
    ] {
        let advice = advise(&input, &report, rescore);
        for a in &advice {
            assert!(
                a.gain.is_finite() && a.gain_best.is_finite(),
                "{}",
                a.indicator
            );
        }
    }
    report.total = Some(70.0);
    report.scale = shopscore::report::Scale {
        min: 100.0,
        max: 0.0,
    };
    report.rule_set = "no-such-rule-set".into();
    let advice = advise(&input, &report, &fake_total);
    assert!(advice.iter().all(|a| a.gain.is_finite()));
    // Unknown ids have no fix.
    assert!(fix_input(&input, &report, "no_such_id", Reach::Next).is_none());
    assert!(
        fix_input(&input, &report, GROWTH_STAGE_ID, Reach::Next).is_none(),
        "formal shop"
    );
}

#[test]
fn deduction_kinds_sharing_a_capped_bucket_are_still_advised() {
    // Two kinds in one bucket capped at 15: removing either alone is worth nothing while the
    // other still fills the cap; a clean record is worth 15.
    let bucket = |i: &ShopInput| {
        let base = fake_total(&ShopInput {
            events: Default::default(),
            ..i.clone()
        })?;
        let cases =
            event_number(i, "refused_invoice") + event_number(i, "abnormal_after_sale_address");
        Some(base - (cases * 3.0).min(15.0))
    };
    let mut input = shop();
    input
        .events
        .insert("refused_invoice".into(), EventValue::Number(6.0));
    input.events.insert(
        "abnormal_after_sale_address".into(),
        EventValue::Number(6.0),
    );
    let mut report = fake_report(&input);
    report.total = bucket(&input);
    let advice = advise(&input, &report, &bucket);
    for id in ["refused_invoice", "abnormal_after_sale_address"] {
        let a = advice
            .iter()
            .find(|a| a.indicator == id)
            .unwrap_or_else(|| panic!("{id} advised"));
        assert_eq!((a.gain, a.gain_best), (0.0, 15.0), "{id}");
    }
}
