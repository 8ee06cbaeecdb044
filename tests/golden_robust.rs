//! Robustness: thousands of generated inputs (valid, odd and hostile) never panic, and every
//! report that comes back has finite numbers inside the rule set's scales.

use shopscore::input::{EventValue, IndicatorInput, ShopInput, ShopType};
use shopscore::{rules, scoring};

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn number(&mut self) -> f64 {
        const ODD: [f64; 12] = [
            0.0,
            -1.0,
            1e308,
            -1e308,
            100.0,
            100.0001,
            3.0,
            4.0,
            29.0,
            300.0,
            f64::NAN,
            f64::INFINITY,
        ];
        if self.chance(2) {
            ODD[self.below(ODD.len())]
        } else if self.chance(50) {
            (self.next() % 5_000) as f64 / 1000.0
        } else {
            (self.next() % 100_000) as f64 / 1000.0
        }
    }
}

const IDS: [&str; 16] = [
    "product_rating",
    "product_quality_return_rate",
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
    "ship_48h_rate",
    "not_an_indicator",
];
const EVENTS: [&str; 12] = [
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
    "below_pass_line",
];
const DIMS: [&str; 5] = ["product", "logistics", "service", "shop_health", "bogus"];

fn opt(rng: &mut Rng, p: u64) -> Option<f64> {
    rng.chance(p).then(|| rng.number())
}

fn generate(rng: &mut Rng, rule_sets: &[String]) -> ShopInput {
    let mut i = ShopInput {
        rule_set: rng
            .chance(90)
            .then(|| rule_sets[rng.below(rule_sets.len())].clone()),
        as_of: rng
            .chance(20)
            .then(|| ["2026-08-01", "2026-02-30", "2019-01-01", "x"][rng.below(4)].to_string()),
        industry: rng
            .chance(50)
            .then(|| ["女装", "大件电器", "跨境时尚", "火星"][rng.below(4)].to_string()),
        shop_type: rng
            .chance(50)
            .then(|| [ShopType::General, ShopType::Flagship, ShopType::NonFlagship][rng.below(3)]),
        valid_paid_orders_30d: opt(rng, 80),
        ..Default::default()
    };
    i.options.skip_advice = true;
    for d in DIMS {
        if rng.chance(25) {
            i.dimensions.insert(d.into(), rng.number());
        }
    }
    for id in IDS {
        if rng.chance(60) {
            let v = IndicatorInput {
                value: opt(rng, 80),
                score: opt(rng, 15),
                bad_count: opt(rng, 40),
                base_count: opt(rng, 40),
            };
            i.indicators.insert(id.into(), v);
        }
        if rng.chance(5) {
            let n = if rng.chance(80) { 5 } else { rng.below(7) };
            i.bands
                .insert(id.into(), (0..n).map(|_| opt(rng, 70)).collect());
        }
        if rng.chance(5) {
            i.weights.indicators.insert(id.into(), rng.number());
        }
        if rng.chance(5) {
            let n = rng.below(12);
            i.history
                .insert(id.into(), (0..n).map(|_| rng.number()).collect());
        }
    }
    for e in EVENTS {
        if rng.chance(25) {
            let v = match rng.below(3) {
                0 => EventValue::Flag(rng.chance(50)),
                1 => EventValue::Number(if rng.chance(70) {
                    rng.below(8) as f64
                } else {
                    rng.number()
                }),
                _ => EventValue::Installation {
                    orders: rng.below(200) as f64,
                    share: rng.number(),
                },
            };
            i.events.insert(e.into(), v);
        }
    }
    if rng.chance(10) {
        i.weights
            .dimensions
            .insert(DIMS[rng.below(DIMS.len())].into(), rng.number());
    }
    if rng.chance(10) {
        i.history.insert(
            "total".into(),
            (0..rng.below(40)).map(|_| rng.number()).collect(),
        );
    }
    i
}

#[test]
fn generated_inputs_never_panic_and_reports_stay_in_scale() {
    let rule_sets: Vec<String> = rules::rule_sets()
        .into_iter()
        .map(|r| r.id)
        .chain(["nope".to_string()])
        .collect();
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let (mut ok, mut err) = (0, 0);
    for n in 0..4000 {
        let input = generate(&mut rng, &rule_sets);
        match scoring::score(&input) {
            Ok(r) => {
                ok += 1;
                let rs = rules::rule_set_detail(&r.rule_set).unwrap();
                if let Some(t) = r.total {
                    assert!(
                        t.is_finite() && t >= rs.scale.min && t <= rs.scale.max,
                        "case {n}: total {t}"
                    );
                }
                for d in &r.dimensions {
                    assert!(d.weight.is_finite(), "case {n}: weight {:?}", d);
                    if let Some(s) = d.score {
                        assert!(
                            s >= rs.dimension_scale.min && s <= rs.dimension_scale.max,
                            "case {n}: {d:?}"
                        );
                    }
                }
                for x in &r.indicators {
                    if let Some(s) = x.score {
                        assert!(
                            s.is_finite() && s >= 0.0 && s <= rs.dimension_scale.max,
                            "case {n}: {x:?}"
                        );
                    }
                }
                assert!(serde_json::to_string(&r).is_ok());
            }
            Err(e) => {
                err += 1;
                assert!(!e.message.is_empty());
            }
        }
    }
    // Both paths must really be exercised.
    assert!(ok > 400 && err > 400, "ok {ok}, err {err}");
}

#[test]
fn mangled_json_never_panics() {
    let demo = serde_json::to_string(&shopscore::demo_input()).unwrap();
    let bytes = demo.as_bytes();
    let mut rng = Rng(42);
    for _ in 0..2000 {
        let mut b = bytes.to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(b.len());
            match rng.below(3) {
                0 => b[at] = b"{}[]\",:-0e9x"[rng.below(12)],
                1 => {
                    b.remove(at);
                }
                _ => b.truncate(at),
            }
            if b.is_empty() {
                break;
            }
        }
        let text = String::from_utf8_lossy(&b);
        if let Ok(mut input) = shopscore::input::parse_input(&text) {
            input.options.skip_advice = true;
            let _ = scoring::score(&input);
        }
    }
}
