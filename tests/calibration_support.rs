//! Shared by the calibration tests: a deterministic generator and a simulated back end that
//! scores days under hidden weights, thresholds and mappings and shows them rounded.
#![allow(dead_code)]

use shopscore::calibration::Observation;
use shopscore::rules::{rule_set_detail, Direction, RuleSet};

/// A small deterministic generator (xorshift64*), so every run sees the same days.
pub struct Rng(pub u64);

impl Rng {
    pub fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    pub fn pick(&mut self, options: &[f64]) -> f64 {
        options[((self.unit() * options.len() as f64) as usize).min(options.len() - 1)]
    }
}

pub fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// The back end shows scores to two decimals.
pub fn shown(x: f64) -> f64 {
    round_to(x, 2)
}

pub fn rules(id: &str) -> &'static RuleSet {
    rule_set_detail(id).expect("embedded rule set")
}

/// The band score of `value` under thresholds for 60 … 100.
pub fn band_score(direction: Direction, thresholds: &[f64; 5], value: f64) -> f64 {
    let scores = [60.0, 70.0, 80.0, 90.0, 100.0];
    thresholds
        .iter()
        .zip(scores)
        .rev()
        .find(|(t, _)| direction.reaches(value, **t))
        .map_or(50.0, |(_, s)| s)
}

/// Linear between reference values for 60 … 100, 100 beyond the last, down to 50 before the first.
pub fn interpolate(direction: Direction, refs: &[f64; 5], value: f64) -> f64 {
    let scores = [60.0, 70.0, 80.0, 90.0, 100.0];
    let g = |v: f64| {
        if direction == Direction::HigherBetter {
            v
        } else {
            -v
        }
    };
    let x = g(value);
    if x >= g(refs[4]) {
        return 100.0;
    }
    for k in (0..4).rev() {
        if x >= g(refs[k]) {
            return scores[k] + 10.0 * (x - g(refs[k])) / (g(refs[k + 1]) - g(refs[k]));
        }
    }
    (60.0 - 10.0 * (g(refs[0]) - x) / (g(refs[1]) - g(refs[0]))).max(50.0)
}

/// One indicator of a hidden back end.
pub struct Hidden {
    pub id: &'static str,
    pub direction: Direction,
    /// Thresholds (banded rule sets) or reference values (2026-09) for 60 … 100.
    pub refs: [f64; 5],
    /// Weight inside its dimension (fraction).
    pub weight: f64,
    /// The range its daily value wanders in, and the decimals the page shows.
    pub range: (f64, f64),
    pub decimals: i32,
    /// The value already is a score (揽收时长平均得分).
    pub value_is_score: bool,
}

impl Hidden {
    pub fn new(
        id: &'static str,
        direction: Direction,
        refs: [f64; 5],
        weight: f64,
        range: (f64, f64),
        decimals: i32,
    ) -> Self {
        Hidden {
            id,
            direction,
            refs,
            weight,
            range,
            decimals,
            value_is_score: false,
        }
    }
}

/// A back end with hidden numbers: dimension weights, and per dimension its indicators.
pub struct HiddenShop {
    pub rule_set: &'static str,
    pub banded: bool,
    pub dimensions: Vec<(&'static str, f64, Vec<Hidden>)>,
}

impl HiddenShop {
    /// The figures the back end shows on one day (values, scores where banded, dimension
    /// scores, total; no bonus, no deduction).
    pub fn day(&self, rng: &mut Rng, row: u64, date: String) -> Observation {
        let mut o = Observation {
            row,
            date,
            bonus: Some(0.0),
            deduction: Some(0.0),
            ..Default::default()
        };
        let mut total = 0.0;
        for (dim, dim_weight, members) in &self.dimensions {
            let mut score = 0.0;
            for h in members {
                let value = rng.between(h.range.0, h.range.1);
                let shown_value = round_to(value, h.decimals);
                o.indicator_values.insert(h.id.into(), shown_value);
                let s = if h.value_is_score {
                    shown_value
                } else if self.banded {
                    band_score(h.direction, &h.refs, value)
                } else {
                    interpolate(h.direction, &h.refs, value)
                };
                if self.banded {
                    o.indicator_scores.insert(h.id.into(), s);
                }
                score += h.weight * s;
            }
            let score = shown(score.clamp(50.0, 100.0));
            o.dimensions.insert(dim.to_string(), score);
            total += dim_weight * score;
        }
        o.total = Some(shown(total));
        o
    }

    /// `n` days from `first` (`YYYY-MM-DD`, day of month ≤ 28), one a day, rows from 2.
    pub fn days(&self, rng: &mut Rng, month: &str, n: usize) -> Vec<Observation> {
        (0..n)
            .map(|i| {
                let date = format!("{month}-{:02}", 1 + i);
                self.day(rng, 2 + i as u64, date)
            })
            .collect()
    }
}

/// A 2026-09 shop with one indicator per dimension and dimension weights 55 / 15 / 30.
pub fn simple_shop() -> HiddenShop {
    use Direction::{HigherBetter as Up, LowerBetter as Down};
    let one = |id, direction, refs, range, decimals| {
        vec![Hidden::new(id, direction, refs, 1.0, range, decimals)]
    };
    HiddenShop {
        rule_set: "douyin-2026-09",
        banded: false,
        dimensions: vec![
            (
                "product",
                0.55,
                one(
                    "product_rating",
                    Up,
                    [4.55, 4.62, 4.70, 4.76, 4.82],
                    (4.5, 4.9),
                    4,
                ),
            ),
            (
                "logistics",
                0.15,
                one(
                    "delivery_on_time_rate",
                    Up,
                    [80.0, 85.0, 89.0, 92.0, 95.0],
                    (78.0, 97.0),
                    2,
                ),
            ),
            (
                "service",
                0.30,
                one(
                    "platform_help_rate",
                    Down,
                    [3.0, 2.0, 1.5, 1.0, 0.5],
                    (0.2, 3.5),
                    3,
                ),
            ),
        ],
    }
}
