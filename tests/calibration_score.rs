//! A calibration in the score: after calibrating on a shop's readings, scoring each reading's
//! values under the overlay gives the back end's total, within rounding (issue 9, "done when");
//! calibrated numbers are labelled, official ones stay, and the overlay travels as a small file.

#[path = "calibration_support.rs"]
mod support;

use shopscore::calibration::{calibrate, Observation};
use shopscore::input::{IndicatorInput, ShopInput, ShopType};
use shopscore::rules::overlay::Overlay;
use shopscore::rules::Direction::{HigherBetter as Up, LowerBetter as Down};
use shopscore::{score, simulate, ErrorCode, Report};
use support::{rules, simple_shop, Hidden, HiddenShop, Rng};

/// A 女装 non-flagship shop under 2026-07: unpublished dimension weights, product and logistics
/// indicator weights and band thresholds; the service weights are the official ones of 女装
/// non-flagship (飞鸽会话不满意率 20, 飞鸽平均响应时长 40, 售后平均审核时长 20, 平台求助率 20).
fn banded_shop() -> HiddenShop {
    let mut pickup = Hidden::new("pickup_score_avg", Up, [0.0; 5], 0.25, (72.0, 99.0), 2);
    pickup.value_is_score = true;
    HiddenShop {
        rule_set: "douyin-2026-07",
        banded: true,
        dimensions: vec![
            (
                "product",
                0.5,
                vec![
                    Hidden::new(
                        "product_rating",
                        Up,
                        [4.55, 4.62, 4.70, 4.76, 4.82],
                        0.65,
                        (4.45, 4.9),
                        4,
                    ),
                    Hidden::new(
                        "product_quality_return_rate",
                        Down,
                        [1.42, 0.98, 0.66, 0.41, 0.22],
                        0.35,
                        (0.1, 1.7),
                        3,
                    ),
                ],
            ),
            (
                "logistics",
                0.2,
                vec![
                    pickup,
                    Hidden::new(
                        "delivery_on_time_rate",
                        Up,
                        [80.1, 86.0, 89.5, 91.8, 94.0],
                        0.45,
                        (76.0, 97.0),
                        3,
                    ),
                    Hidden::new(
                        "logistics_quality_return_rate",
                        Down,
                        [0.31, 0.2, 0.13, 0.08, 0.03],
                        0.30,
                        (0.0, 0.4),
                        3,
                    ),
                ],
            ),
            (
                "service",
                0.3,
                vec![
                    Hidden::new(
                        "feige_dissatisfaction_rate",
                        Down,
                        [5.0, 3.0, 2.0, 1.0, 0.5],
                        0.2,
                        (0.2, 6.0),
                        3,
                    ),
                    Hidden::new(
                        "feige_avg_response_seconds",
                        Down,
                        [180.0, 120.0, 80.0, 45.0, 15.0],
                        0.4,
                        (10.0, 200.0),
                        3,
                    ),
                    Hidden::new(
                        "after_sale_review_hours",
                        Down,
                        [48.0, 36.0, 24.0, 12.0, 6.0],
                        0.2,
                        (3.0, 50.0),
                        4,
                    ),
                    Hidden::new(
                        "platform_help_rate",
                        Down,
                        [3.0, 2.0, 1.5, 1.0, 0.5],
                        0.2,
                        (0.2, 3.5),
                        4,
                    ),
                ],
            ),
        ],
    }
}

/// The input the page or the CLI sends for one day: the indicator values only.
fn values_of(o: &Observation, rule_set: &str) -> ShopInput {
    ShopInput {
        rule_set: Some(rule_set.into()),
        as_of: Some(o.date.clone()),
        industry: Some("女装".into()),
        shop_type: Some(ShopType::NonFlagship),
        valid_paid_orders_30d: Some(5000.0),
        indicators: o
            .indicator_values
            .iter()
            .map(|(id, v)| (id.clone(), IndicatorInput::from_value(*v)))
            .collect(),
        ..Default::default()
    }
}

fn scored(input: &ShopInput) -> Report {
    let mut quiet = input.clone();
    quiet.options.skip_advice = true;
    score(&quiet).expect("scores")
}

fn overlay_for(days: &[Observation], rule_set: &str) -> Overlay {
    let c = calibrate(rules(rule_set), days);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    c.overlay("女装 旗舰", Some("女装"), Some(ShopType::NonFlagship))
}

#[test]
fn a_score_after_calibration_equals_the_back_ends_total_on_every_reading_used() {
    let shop = banded_shop();
    let days = shop.days(&mut Rng(61), "2026-08", 24);
    let overlay = overlay_for(&days, shop.rule_set);
    let mut worst_before: f64 = 0.0;
    let mut worst_after: f64 = 0.0;
    for day in &days {
        let back_end = day.total.unwrap();
        let plain = values_of(day, shop.rule_set);
        worst_before = worst_before.max((scored(&plain).total.unwrap() - back_end).abs());
        let calibrated = ShopInput {
            calibration: Some(overlay.clone()),
            ..plain
        };
        let report = scored(&calibrated);
        let total = report.total.unwrap();
        // Within rounding: the back end's total and dimension scores are each rounded to 0.01.
        assert!(
            (total - back_end).abs() <= 0.02,
            "{}: {total} vs the back end's {back_end}",
            day.date
        );
        for d in &report.dimensions {
            let shown = day.dimensions[&d.id];
            assert!(
                (d.score.unwrap() - shown).abs() <= 0.011,
                "{} {}: {:?} vs {shown}",
                day.date,
                d.id,
                d.score
            );
        }
        worst_after = worst_after.max((total - back_end).abs());
    }
    assert!(
        worst_before > 1.0,
        "the estimates alone already matched ({worst_before}): a weak test"
    );
    assert!(worst_after <= 0.02, "{worst_after}");
}

#[test]
fn calibrated_numbers_are_labelled_with_their_evidence_and_official_ones_stay() {
    let shop = banded_shop();
    let days = shop.days(&mut Rng(67), "2026-08", 20);
    let overlay = overlay_for(&days, shop.rule_set);
    let report = scored(&ShopInput {
        calibration: Some(overlay),
        ..values_of(&days[0], shop.rule_set)
    });
    for d in &report.dimensions {
        assert!(d.calibrated && !d.estimated, "{}: {d:?}", d.id);
    }
    // Every indicator's thresholds were unpublished, so all are calibrated (the service
    // weights stay official: below).
    for i in &report.indicators {
        assert!(i.calibrated && !i.estimated, "{}: {i:?}", i.id);
    }
    let service: Vec<f64> = report
        .indicators
        .iter()
        .filter(|i| i.dimension == "service")
        .map(|i| i.weight)
        .collect();
    assert_eq!(
        service,
        vec![20.0, 40.0, 20.0, 20.0],
        "the official 女装 weights stay"
    );
    let used = report
        .calibration
        .as_ref()
        .expect("the report says which calibration");
    let kinds: Vec<(&str, Option<&str>)> = used
        .parts
        .iter()
        .map(|p| (p.kind.as_str(), p.subject.as_deref()))
        .collect();
    assert!(kinds.contains(&("dimension_weights", None)), "{kinds:?}");
    assert!(
        kinds.contains(&("indicator_weights", Some("product"))),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("bands", Some("product_rating"))),
        "{kinds:?}"
    );
    assert!(
        !kinds.contains(&("indicator_weights", Some("service"))),
        "{kinds:?}"
    );
    assert!(used.parts.iter().all(|p| p.readings == 20));
    assert!(
        used.text.zh.contains("2026-08-01") && used.text.zh.contains("2026-08-20"),
        "{}",
        used.text.zh
    );
    assert!(
        report
            .estimates
            .iter()
            .all(|e| !e.contains("维度权重为默认值")),
        "{:?}",
        report.estimates
    );
}

#[test]
fn an_official_weight_the_readings_disagree_with_is_kept_and_said() {
    // Readings from a shop whose service weights are not 女装 non-flagship's.
    let mut shop = banded_shop();
    for (h, w) in shop.dimensions[2]
        .2
        .iter_mut()
        .zip([0.55, 0.15, 0.15, 0.15])
    {
        h.weight = w;
    }
    let days = shop.days(&mut Rng(71), "2026-08", 20);
    let overlay = overlay_for(&days, shop.rule_set);
    let report = scored(&ShopInput {
        calibration: Some(overlay),
        ..values_of(&days[0], shop.rule_set)
    });
    let said: Vec<&str> = report
        .warnings
        .iter()
        .filter(|w| w.code == "calibration_disagrees")
        .filter_map(|w| w.subject.as_deref())
        .collect();
    assert!(said.contains(&"feige_dissatisfaction_rate"), "{said:?}");
    let w = &report
        .warnings
        .iter()
        .find(|w| w.code == "calibration_disagrees")
        .unwrap();
    assert!(w.text().zh.contains("官方权重"), "{}", w.text().zh);
}

#[test]
fn under_2026_09_typed_dimension_scores_give_the_back_ends_total() {
    let shop = simple_shop();
    let days = shop.days(&mut Rng(73), "2026-10", 6);
    let c = calibrate(rules(shop.rule_set), &days);
    let overlay = c.overlay("typed", None, None);
    for day in &days {
        let report = scored(&ShopInput {
            rule_set: Some(shop.rule_set.into()),
            as_of: Some(day.date.clone()),
            valid_paid_orders_30d: Some(5000.0),
            dimensions: day.dimensions.clone(),
            calibration: Some(overlay.clone()),
            ..Default::default()
        });
        let (total, back_end) = (report.total.unwrap(), day.total.unwrap());
        assert!(
            (total - back_end).abs() <= 0.015,
            "{}: {total} vs {back_end}",
            day.date
        );
    }
}

/// 2026-09 logistics with three indicators (the formula is unpublished: §6).
fn mapped_shop() -> HiddenShop {
    HiddenShop {
        rule_set: "douyin-2026-09",
        banded: false,
        dimensions: vec![
            (
                "product",
                0.5,
                vec![
                    Hidden::new(
                        "product_rating",
                        Up,
                        [4.55, 4.62, 4.70, 4.76, 4.82],
                        0.7,
                        (4.5, 4.9),
                        4,
                    ),
                    Hidden::new(
                        "product_quality_return_rate",
                        Down,
                        [1.4, 1.0, 0.7, 0.4, 0.2],
                        0.3,
                        (0.1, 1.6),
                        3,
                    ),
                ],
            ),
            (
                "logistics",
                0.2,
                vec![
                    Hidden::new(
                        "pickup_hours_avg",
                        Down,
                        [40.0, 30.0, 24.0, 18.0, 12.0],
                        0.35,
                        (8.0, 44.0),
                        2,
                    ),
                    Hidden::new(
                        "delivery_on_time_rate",
                        Up,
                        [80.0, 85.0, 89.0, 92.0, 95.0],
                        0.45,
                        (78.0, 97.0),
                        2,
                    ),
                    Hidden::new(
                        "damage_return_rate",
                        Down,
                        [0.6, 0.35, 0.2, 0.12, 0.05],
                        0.2,
                        (0.02, 0.7),
                        3,
                    ),
                ],
            ),
            (
                "service",
                0.3,
                vec![
                    Hidden::new(
                        "feige_avg_response_seconds",
                        Down,
                        [180.0, 120.0, 80.0, 45.0, 15.0],
                        0.5,
                        (10.0, 200.0),
                        3,
                    ),
                    Hidden::new(
                        "platform_help_rate",
                        Down,
                        [3.0, 2.0, 1.5, 1.0, 0.5],
                        0.5,
                        (0.2, 3.5),
                        3,
                    ),
                ],
            ),
        ],
    }
}

#[test]
fn under_2026_09_the_calibrated_mapping_scores_the_readings_from_their_values() {
    let shop = mapped_shop();
    let mut days = shop.days(&mut Rng(79), "2026-10", 28);
    days.extend(shop.days(&mut Rng(83), "2026-11", 14));
    let c = calibrate(rules(shop.rule_set), &days);
    assert!(
        c.warnings.iter().all(|w| w.code != "calibration_misfit"),
        "{:?}",
        c.warnings
    );
    let overlay = c.overlay("mapping", None, None);
    let mut worst: f64 = 0.0;
    for day in &days {
        let mut input = values_of(day, shop.rule_set);
        input.industry = None;
        input.shop_type = None;
        input.calibration = Some(overlay.clone());
        let report = scored(&input);
        for d in &report.dimensions {
            assert_eq!(d.source, "calibration", "{}", d.id);
            assert!(d.calibrated);
        }
        assert!(report
            .warnings
            .iter()
            .all(|w| w.code != "calibration_extrapolating"));
        worst = worst.max((report.total.unwrap() - day.total.unwrap()).abs());
    }
    // The mapping's own residuals (a smoothed curve, reported as its evidence) bound this.
    assert!(worst <= 1.0, "{worst}");
    let residual = c
        .fits
        .mapping
        .values()
        .map(|m| m.evidence.residual_max)
        .fold(0.0, f64::max);
    assert!(
        worst <= residual + 0.02,
        "{worst} vs the fits' largest residual {residual}"
    );
}

#[test]
fn the_overlay_is_a_small_file_without_the_readings() {
    let shop = banded_shop();
    let days = shop.days(&mut Rng(89), "2026-08", 12);
    let overlay = overlay_for(&days, shop.rule_set);
    let text = serde_json::to_string_pretty(&overlay).unwrap();
    assert!(text.len() < 12_000, "{} bytes", text.len());
    assert_eq!(Overlay::parse(&text).unwrap(), overlay);
    for leak in [
        "\"row\"",
        "residuals",
        "2026-08-05",
        "bounded_by",
        "next_reading",
    ] {
        assert!(!text.contains(leak), "the file carries {leak}");
    }
    // A damaged file is refused with the part named.
    let broken = text.replacen("\"product\": 0.", "\"product\": 1.", 1);
    let e = Overlay::parse(&broken).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadField);
    assert!(e.message.contains("dimension_weights"), "{}", e.message);
    assert_eq!(Overlay::parse("{}").unwrap_err().code, ErrorCode::BadInput);
}

#[test]
fn a_calibration_for_another_rule_set_industry_or_shop_type_is_left_aside_and_said() {
    let shop = banded_shop();
    let days = shop.days(&mut Rng(97), "2026-08", 12);
    let overlay = overlay_for(&days, shop.rule_set);
    let base = values_of(&days[0], shop.rule_set);
    let cases = [
        (
            "rule_set",
            ShopInput {
                rule_set: Some("douyin-2026-05".into()),
                as_of: Some("2026-06-01".into()),
                ..base.clone()
            },
        ),
        (
            "industry",
            ShopInput {
                industry: Some("男装".into()),
                ..base.clone()
            },
        ),
        (
            "shop_type",
            ShopInput {
                shop_type: Some(ShopType::Flagship),
                ..base.clone()
            },
        ),
    ];
    for (what, input) in cases {
        let with = ShopInput {
            calibration: Some(overlay.clone()),
            ..input.clone()
        };
        let report = scored(&with);
        assert!(report.calibration.is_none(), "{what}");
        assert!(report.dimensions.iter().all(|d| !d.calibrated), "{what}");
        let w = report
            .warnings
            .iter()
            .find(|w| w.code == "calibration_unused")
            .expect(what);
        assert!(!w.text().zh.contains("douyin-"), "{}", w.text().zh);
        assert_eq!(
            report.total,
            scored(&input).total,
            "{what}: the score is as without it"
        );
    }
}

#[test]
fn what_if_and_advice_keep_the_calibration() {
    let shop = banded_shop();
    let days = shop.days(&mut Rng(101), "2026-08", 16);
    let overlay = overlay_for(&days, shop.rule_set);
    let base = ShopInput {
        calibration: Some(overlay),
        ..values_of(&days[0], shop.rule_set)
    };
    let mut change = ShopInput::default();
    change.indicators.insert(
        "delivery_on_time_rate".into(),
        IndicatorInput::from_value(96.5),
    );
    let what_if = simulate(&base, &change).unwrap();
    assert!(what_if.calibration.is_some());
    let mut merged = base.clone();
    merged.indicators.insert(
        "delivery_on_time_rate".into(),
        IndicatorInput::from_value(96.5),
    );
    assert_eq!(what_if.total, scored(&merged).total);
    // Advice prices each fix by re-scoring: under the calibration, its gains add up to what
    // the calibrated score of the fixed shop says.
    let report = score(&base).unwrap();
    assert!(!report.advice.is_empty());
}

#[test]
fn a_broken_calibration_in_the_input_is_a_field_error() {
    let shop = banded_shop();
    let days = shop.days(&mut Rng(103), "2026-08", 8);
    let mut overlay = overlay_for(&days, shop.rule_set);
    overlay
        .dimension_weights
        .as_mut()
        .unwrap()
        .weights
        .insert("product".into(), 0.9);
    let e = score(&ShopInput {
        calibration: Some(overlay),
        ..values_of(&days[0], shop.rule_set)
    })
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::BadField);
    assert_eq!(e.field.as_deref(), Some("calibration"));
}

#[test]
fn a_mapping_that_misses_its_readings_is_shown_but_not_applied() {
    // Scores that follow no monotone mapping of the two values (and no day dominates another):
    // the rating rises and the return rate worsens every day while the score jumps about.
    let days: Vec<Observation> = [80.0, 92.0, 65.0, 71.0, 88.0, 60.0]
        .iter()
        .enumerate()
        .map(|(i, score)| Observation {
            row: 2 + i as u64,
            date: format!("2026-10-0{}", i + 1),
            dimensions: [("product".to_string(), *score)].into(),
            indicator_values: [
                ("product_rating".to_string(), 4.70 + 0.01 * i as f64),
                (
                    "product_quality_return_rate".to_string(),
                    1.2 + 0.01 * i as f64,
                ),
            ]
            .into(),
            ..Default::default()
        })
        .collect();
    let c = calibrate(rules("douyin-2026-09"), &days);
    let fit = &c.fits.mapping["product"];
    assert!(!fit.usable, "residual {}", fit.evidence.residual_max);
    assert!(
        c.warnings
            .iter()
            .any(|w| w.key() == "calibration_mapping_loose"),
        "{:?}",
        c.warnings
    );
    assert!(c.overlay("loose", None, None).mapping.is_empty());
}
