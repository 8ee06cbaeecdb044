//! What a plan may change, and by how much: each indicator's steps in units a person acts on
//! (one bad case fewer, one star more, a second faster), a typed dimension score, a bonus not
//! yet earned. A candidate at step k is written into a [`ShopInput`] that the scorer re-scores.

use crate::input::{EventValue, IndicatorInput, ShopInput};
use crate::report::{IndicatorScore, NextBand, Report};
use crate::rules::{Direction, Method, RuleSet};

/// How an indicator's value moves one step, from what is known about its counts.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// A percentage of a known population: one step is one case fewer (a bad case for a
    /// lower-is-better rate, a missed one for a higher-is-better rate).
    Cases {
        base: f64,
        /// Cases counted now (bad or missed), from the value and the base.
        now: f64,
        lower_better: bool,
    },
    /// An average rating over a known number of rated orders: one step is one star more in the
    /// sum. `low` is the count of 1–2★ ratings when known.
    Stars {
        base: f64,
        sum: f64,
        low: Option<f64>,
    },
    /// Anything else: one step is `step` of the value's own unit, in the better direction.
    Plain { step: f64, lower_better: bool },
}

/// One thing a plan can change.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub kind: Kind,
    /// Indicator, dimension or bonus event id.
    pub id: String,
    /// The value (or score) now.
    pub from: f64,
    /// The steps worth trying, ascending; the last is the best reachable.
    pub steps: Vec<u32>,
    pub rule_unit: String,
    /// The rule set's bonus name and points (bonuses only).
    pub bonus: Option<(crate::messages::Text, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// An indicator value, moved in steps of `Measure`.
    Value(Measure),
    /// A typed indicator score without a value: the steps are the band scores above it.
    Score(Vec<f64>),
    /// A typed dimension score hiding its indicators: one step is a fiftieth of its scale.
    Dimension { max: f64, step: f64 },
    /// A bonus not yet earned: one step, meeting it.
    Bonus(EventValue),
}

/// Practical precision of a value in each unit (a step of a `Plain` measure).
fn unit_step(unit: &str) -> f64 {
    match unit {
        "seconds" | "points" => 1.0,
        "hours" | "score" => 0.1,
        "stars" | "percent" => 0.01,
        _ => 0.01,
    }
}

/// Most steps an interpolated indicator offers (finer grids are thinned evenly).
const MAX_STEPS: u32 = 4000;

impl Measure {
    /// How `indicator` moves, using its denominator when one is known (typed `base_count`, or
    /// the report's denominator when it was recomputed from records).
    pub fn of(indicator: &IndicatorScore, typed: Option<&IndicatorInput>, value: f64) -> Measure {
        let lower_better = indicator.direction == Direction::LowerBetter;
        let base = typed
            .and_then(|t| t.base_count)
            .or(indicator.denominator)
            .filter(|b| b.is_finite() && *b >= 1.0);
        match (indicator.unit.as_str(), base) {
            ("percent", Some(base)) => {
                let share = if lower_better { value } else { 100.0 - value };
                Measure::Cases {
                    base,
                    now: (share / 100.0 * base).round().max(0.0),
                    lower_better,
                }
            }
            ("stars", Some(base)) => Measure::Stars {
                base,
                sum: value * base,
                low: typed.and_then(|t| t.bad_count),
            },
            (unit, _) => Measure::Plain {
                step: unit_step(unit),
                lower_better,
            },
        }
    }

    /// The value after `k` steps from `from`.
    pub fn value_at(&self, from: f64, k: u32) -> f64 {
        let k = f64::from(k);
        match *self {
            Measure::Cases {
                base,
                now,
                lower_better,
            } => {
                if k == 0.0 {
                    return from;
                }
                let cases = (now - k).max(0.0);
                if lower_better {
                    cases / base * 100.0
                } else {
                    (base - cases) / base * 100.0
                }
            }
            Measure::Stars { base, sum, .. } => {
                if k == 0.0 {
                    from
                } else {
                    ((sum + k) / base).min(5.0)
                }
            }
            Measure::Plain { step, lower_better } => {
                let v = if lower_better {
                    (from - k * step).max(0.0)
                } else {
                    from + k * step
                };
                round_to(v, step)
            }
        }
    }

    /// The fewest steps whose value reaches `threshold`; None when no step does.
    pub fn steps_to(&self, from: f64, threshold: f64, direction: Direction) -> Option<u32> {
        if direction.reaches(from, threshold) {
            return Some(0);
        }
        let k = match *self {
            Measure::Cases {
                base,
                now,
                lower_better,
            } => {
                let share = if lower_better {
                    threshold
                } else {
                    100.0 - threshold
                };
                let allowed = (share / 100.0 * base + 1e-9).floor().max(0.0);
                if share < 0.0 {
                    return None;
                }
                (now - allowed).max(0.0)
            }
            Measure::Stars { base, sum, .. } => {
                if threshold > 5.0 {
                    return None;
                }
                (threshold * base - sum - 1e-9).ceil().max(0.0)
            }
            Measure::Plain { step, lower_better } => {
                let gap = if lower_better {
                    from - threshold
                } else {
                    threshold - from
                };
                if lower_better && threshold < 0.0 {
                    return None;
                }
                (gap / step - 1e-9).ceil().max(0.0)
            }
        };
        let k = k as u32;
        // Rounding can leave the value a hair short: take the next step then.
        (k..k + 3).find(|k| direction.reaches(self.value_at(from, *k), threshold))
    }

    /// Bad cases after `k` steps, where the count behind the small-sample rule follows the value.
    pub fn cases_at(&self, k: u32) -> Option<f64> {
        match *self {
            Measure::Cases {
                now,
                lower_better: true,
                ..
            } => Some((now - f64::from(k)).max(0.0)),
            _ => None,
        }
    }
}

fn round_to(v: f64, step: f64) -> f64 {
    let digits = (-step.log10()).ceil().max(0.0) as i32;
    let scale = 10f64.powi(digits);
    (v * scale).round() / scale
}

/// Re-scores an input (without advice); the planner's one source of truth.
pub type Rescore<'a> = &'a dyn Fn(&ShopInput) -> Option<Report>;

/// Everything `report` (scored from `input`) lets a plan change, each with the steps worth
/// trying. `rule_set` gives the bands' method and the bonuses; `input` the typed counts.
pub fn candidates(
    input: &ShopInput,
    report: &Report,
    rule_set: &RuleSet,
    rescore: Rescore,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    for indicator in &report.indicators {
        if input.dimensions.contains_key(&indicator.dimension) || indicator.weight <= 0.0 {
            continue;
        }
        if let Some(c) = indicator_candidate(input, indicator, rule_set, rescore) {
            out.push(c);
        }
    }
    for (id, score) in &input.dimensions {
        if let Some(c) = dimension_candidate(id, *score, rule_set) {
            out.push(c);
        }
    }
    out.extend(bonus_candidates(input, report, rule_set));
    out
}

fn indicator_candidate(
    input: &ShopInput,
    indicator: &IndicatorScore,
    rule_set: &RuleSet,
    rescore: Rescore,
) -> Option<Candidate> {
    let rule = rule_set.indicators.iter().find(|r| r.id == indicator.id)?;
    let score = indicator.score?;
    let best = indicator.best_band.or(indicator.next_band)?;
    match (indicator.source.as_str(), indicator.value) {
        ("score", _) | (_, None) => {
            // Only the score is known: step through the band scores above it.
            let scores: Vec<f64> = rule_set
                .band_scores
                .iter()
                .copied()
                .filter(|s| *s > score + 1e-9 && *s <= best.score + 1e-9)
                .collect();
            (!scores.is_empty()).then(|| Candidate {
                kind: Kind::Score(scores.clone()),
                id: indicator.id.clone(),
                from: score,
                steps: (1..=scores.len() as u32).collect(),
                rule_unit: "score".into(),
                bonus: None,
            })
        }
        (_, Some(value)) => {
            let typed = input.indicators.get(&indicator.id);
            let measure = Measure::of(indicator, typed, value);
            // An average of per-order scores is its own score (no bands): every step counts.
            let steps = match (rule_set.method, rule.value_is_score) {
                (Method::Bands, false) => {
                    let thresholds = band_thresholds(input, indicator, rescore);
                    band_steps(&thresholds, &measure, value, rule.direction)
                }
                _ => every_step(measure.steps_to(value, best.threshold, rule.direction)?),
            };
            (!steps.is_empty())
                .then(|| Candidate {
                    kind: Kind::Value(measure),
                    id: indicator.id.clone(),
                    from: value,
                    steps,
                    rule_unit: indicator.unit.as_str().to_string(),
                    bonus: None,
                })
                .filter(|_| best.threshold.is_finite())
        }
    }
}

/// Every band above the indicator's score, lowest first, as the scorer sees them (the rule
/// set's thresholds with the user's overrides): walked by re-scoring the indicator at each
/// band's threshold and reading the next band from the report.
fn band_thresholds(
    input: &ShopInput,
    indicator: &IndicatorScore,
    rescore: Rescore,
) -> Vec<NextBand> {
    let mut bands: Vec<NextBand> = Vec::new();
    let mut next = indicator.next_band;
    while let Some(band) = next.filter(|b| b.threshold.is_finite()) {
        if bands.iter().any(|b| b.score >= band.score) || bands.len() > 8 {
            break;
        }
        bands.push(band);
        let mut probe = input.clone();
        let entry = probe.indicators.entry(indicator.id.clone()).or_default();
        entry.value = Some(band.threshold);
        entry.score = None;
        next = rescore(&probe).and_then(|r| {
            r.indicators
                .iter()
                .find(|i| i.id == indicator.id)
                .and_then(|i| i.next_band)
        });
    }
    if let Some(best) = indicator.best_band {
        if !bands.iter().any(|b| b.score >= best.score) {
            bands.push(best);
        }
    }
    bands
}

/// The steps that first reach each band (ascending, no repeats, none for a band out of reach).
fn band_steps(bands: &[NextBand], measure: &Measure, value: f64, direction: Direction) -> Vec<u32> {
    let mut steps: Vec<u32> = bands
        .iter()
        .filter_map(|band| measure.steps_to(value, band.threshold, direction))
        .filter(|k| *k > 0)
        .collect();
    crate::sorting::sort_dedup(&mut steps);
    steps
}

/// Every step from 1 to `last`, thinned evenly past `MAX_STEPS` (the last kept).
fn every_step(last: u32) -> Vec<u32> {
    if last <= MAX_STEPS {
        return (1..=last).collect();
    }
    let mut steps: Vec<u32> = (1..=MAX_STEPS)
        .map(|i| ((u64::from(i) * u64::from(last)) / u64::from(MAX_STEPS)) as u32)
        .collect();
    steps.dedup();
    steps
}

fn dimension_candidate(id: &str, score: f64, rule_set: &RuleSet) -> Option<Candidate> {
    let dimension = rule_set.dimensions.iter().find(|d| d.id == id)?;
    let max = rule_set.dimension_scale.max.min(dimension.cap);
    // One step is a fiftieth of the scale (a point on 50–100, 0.04 on 3–5).
    let step = (rule_set.dimension_scale.max - rule_set.dimension_scale.min) / 50.0;
    let count = ((max - score) / step - 1e-9).ceil();
    (count >= 1.0).then(|| Candidate {
        kind: Kind::Dimension { max, step },
        id: id.to_string(),
        from: score,
        steps: (1..=count as u32).collect(),
        rule_unit: "score".into(),
        bonus: None,
    })
}

/// Bonuses of the rule set the shop has not earned and could: the playbook says what meets
/// each, and which industries can earn the industry-bound ones.
fn bonus_candidates(input: &ShopInput, report: &Report, rule_set: &RuleSet) -> Vec<Candidate> {
    let book = crate::advice::playbook();
    rule_set
        .bonuses
        .iter()
        .filter(|b| !report.adjustments.iter().any(|a| a.id == b.id))
        .filter_map(|b| {
            let entry = book.events.get(&b.event)?;
            let meet = entry.meet.clone()?;
            let industry_ok =
                crate::advice::candidates::bonus_applicable(entry, input.industry.as_deref());
            industry_ok.then(|| Candidate {
                kind: Kind::Bonus(meet),
                id: b.event.clone(),
                from: 0.0,
                steps: vec![1],
                rule_unit: "bonus".into(),
                bonus: Some((crate::messages::Text::new(&b.zh, &b.en), b.points)),
            })
        })
        .collect()
}

impl Candidate {
    /// The value (or score) after step `k`.
    pub fn value_at(&self, k: u32) -> f64 {
        match &self.kind {
            Kind::Value(m) => m.value_at(self.from, k),
            Kind::Score(scores) => match k {
                0 => self.from,
                k => scores[(k as usize - 1).min(scores.len() - 1)],
            },
            Kind::Dimension { max, step } => {
                round_to(self.from + f64::from(k) * step, *step).min(*max)
            }
            Kind::Bonus(_) => f64::from(k.min(1)),
        }
    }

    /// `input` with this candidate at step `k` (k = 0 leaves it as it is).
    pub fn apply(&self, input: &mut ShopInput, k: u32) {
        if k == 0 {
            return;
        }
        let value = self.value_at(k);
        match &self.kind {
            Kind::Value(measure) => {
                let entry = input.indicators.entry(self.id.clone()).or_default();
                entry.value = Some(value);
                entry.score = None;
                if let (Some(cases), Some(_)) = (measure.cases_at(k), entry.bad_count) {
                    entry.bad_count = Some(cases);
                }
            }
            Kind::Score(_) => {
                input.indicators.entry(self.id.clone()).or_default().score = Some(value);
            }
            Kind::Dimension { .. } => {
                input.dimensions.insert(self.id.clone(), value);
            }
            Kind::Bonus(meet) => {
                input.events.insert(self.id.clone(), meet.clone());
            }
        }
    }
}
