//! Advice through the real scorer: on the demo shop and on generated shops under every rule set,
//! each gain is exactly what `score` gives after applying the fix, and the list is ranked.

use shopscore::advice::{baseline_input, fix_input, playbook, Reach};
use shopscore::input::{EventValue, IndicatorInput};
use shopscore::report::Advice;
use shopscore::{demo_input, rules, score, Report, ShopInput};

fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

fn total_after(input: &ShopInput) -> Option<f64> {
    let mut quiet = input.clone();
    quiet.options.skip_advice = true;
    score(&quiet).ok().and_then(|r| r.total)
}

fn assert_ranked(advice: &[Advice]) {
    for pair in advice.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let ordered = a.gain > b.gain
            || (a.gain == b.gain
                && (a.gain_best > b.gain_best
                    || (a.gain_best == b.gain_best && a.indicator <= b.indicator)));
        assert!(
            ordered,
            "not ranked: {} ({}, {}) before {} ({}, {})",
            a.indicator, a.gain, a.gain_best, b.indicator, b.gain, b.gain_best
        );
    }
}

/// Every entry's gain (and gain_best) equals re-scoring the fix it names with `score`.
fn assert_gains_are_rescored(input: &ShopInput, report: &Report, label: &str) {
    for a in &report.advice {
        assert!(
            a.gain.is_finite() && a.gain_best.is_finite(),
            "{label}: {} gain not finite",
            a.indicator
        );
        assert!(
            !a.actions.is_empty()
                && a.actions
                    .iter()
                    .all(|t| !t.zh.is_empty() && !t.en.is_empty()),
            "{label}: {} actions",
            a.indicator
        );
        let Some(current) = report.total else {
            assert_eq!(
                a.gain, 0.0,
                "{label}: no total, yet {} claims a gain",
                a.indicator
            );
            continue;
        };
        for (reach, claimed) in [(Reach::Next, a.gain), (Reach::Best, a.gain_best)] {
            let fixed = fix_input(input, report, &a.indicator, reach)
                .unwrap_or_else(|| panic!("{label}: {} has no fix", a.indicator));
            let Some(after) = total_after(&fixed) else {
                panic!("{label}: {} fix does not score", a.indicator)
            };
            // Where the fix starts elsewhere (typed dimension dropped, formal stage), so does the baseline.
            let base = baseline_input(input, report, &a.indicator).expect("baseline exists");
            let baseline = if base == *input {
                current
            } else {
                total_after(&base).expect("baseline scores")
            };
            let expected = round2(after - baseline);
            // Risk entries (penalised misconceptions) and the growth stage are kept at a gain of 0
            // or below; everything else is exactly the re-scored difference.
            let is_event = playbook().events.contains_key(&a.indicator);
            if is_event {
                assert_eq!(
                    claimed,
                    expected.max(0.0),
                    "{label}: {} {reach:?}",
                    a.indicator
                );
            } else {
                assert_eq!(claimed, expected, "{label}: {} {reach:?}", a.indicator);
            }
        }
    }
}

#[test]
fn demo_shop_advice_is_ranked_and_each_gain_is_what_score_gives() {
    let input = demo_input();
    let report = score(&input).expect("demo scores");
    assert!(report.total.is_some(), "demo has a total");
    assert!(!report.advice.is_empty(), "demo gets advice");
    assert_ranked(&report.advice);
    assert_gains_are_rescored(&input, &report, "demo");
    assert!(
        report.advice[0].gain > 0.0,
        "the first fix is worth something"
    );
}

#[test]
fn demo_shop_advice_stays_reasonable_in_size() {
    let input = demo_input();
    let report = score(&input).expect("demo scores");
    let book = playbook();
    // At most one entry per indicator, typed dimension, event and the stage.
    let bound = report.indicators.len() + input.dimensions.len() + book.events.len() + 1;
    assert!(
        report.advice.len() <= bound,
        "{} entries > {bound}",
        report.advice.len()
    );
    let mut seen = std::collections::BTreeSet::new();
    for a in &report.advice {
        assert!(
            seen.insert(a.indicator.clone()),
            "duplicate entry {}",
            a.indicator
        );
        assert!(a.actions.len() <= 12);
        assert!(!a.source.zh.is_empty() && !a.source.en.is_empty());
        for text in a.actions.iter().flat_map(|t| [&t.zh, &t.en]) {
            assert!(
                !text.trim().is_empty() && text.chars().count() <= 400,
                "{}: {text}",
                a.indicator
            );
        }
    }
    let json = serde_json::to_string(&report.advice).unwrap();
    assert!(
        json.len() < 48 * 1024,
        "advice JSON is {} bytes",
        json.len()
    );
}

#[test]
fn demo_shop_under_every_rule_set() {
    for rule_set in rules::all().unwrap() {
        let input = ShopInput {
            rule_set: Some(rule_set.id.clone()),
            ..demo_input()
        };
        let report = match score(&input) {
            Ok(report) => report,
            Err(e) => panic!("{}: demo does not score: {e}", rule_set.id),
        };
        assert_ranked(&report.advice);
        assert_gains_are_rescored(&input, &report, &rule_set.id);
    }
}

/// A small deterministic generator (no dependency): xorshift.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

fn generated_shop(rule_set: &rules::RuleSet, rng: &mut Rng) -> ShopInput {
    let mut input = ShopInput {
        rule_set: Some(rule_set.id.clone()),
        valid_paid_orders_30d: Some(if rng.chance(0.2) {
            (rng.unit() * 29.0).floor()
        } else {
            30.0 + (rng.unit() * 3000.0).floor()
        }),
        ..Default::default()
    };
    for indicator in &rule_set.indicators {
        if rng.chance(0.1) {
            continue; // missing
        }
        let s = &indicator.slider;
        let value = ((s.min + rng.unit() * (s.max - s.min)) / s.step).round() * s.step;
        let typed = if rng.chance(0.15) {
            let scores = &rule_set.band_scores;
            let score = scores[(rng.next() % scores.len() as u64) as usize];
            IndicatorInput {
                score: Some(score),
                ..Default::default()
            }
        } else {
            IndicatorInput::from_value(value)
        };
        input.indicators.insert(indicator.id.clone(), typed);
    }
    if rng.chance(0.2) {
        if let Some(dimension) = rule_set.dimensions.first() {
            let scale = &rule_set.dimension_scale;
            input.dimensions.insert(
                dimension.id.clone(),
                ((scale.min + rng.unit() * (scale.max - scale.min)) * 10.0).round() / 10.0,
            );
        }
    }
    for deduction in &rule_set.deductions {
        for event in &deduction.events {
            if rng.chance(0.15) {
                input.events.insert(
                    event.clone(),
                    EventValue::Number((1 + rng.next() % 4) as f64),
                );
            }
        }
    }
    if rng.chance(0.3) {
        input.events.insert(
            "next_day_delivery_share".into(),
            EventValue::Number((rng.unit() * 40.0).round()),
        );
    }
    input
}

#[test]
fn generated_shops_under_every_rule_set_get_consistent_advice() {
    let mut rng = Rng(0x5eed_0b4a_5208);
    let mut scored = 0;
    for rule_set in rules::all().unwrap() {
        for case in 0..12 {
            let input = generated_shop(rule_set, &mut rng);
            let Ok(report) = score(&input) else { continue };
            scored += 1;
            let label = format!("{} case {case}", rule_set.id);
            assert_ranked(&report.advice);
            assert_gains_are_rescored(&input, &report, &label);
        }
    }
    assert!(scored >= 36, "only {scored} generated shops scored");
}
