//! Bad readings, named with their row and left out before any fit: a date that is not a date
//! or falls under another rule version, a date recorded twice, a figure outside its scale.
//! A bad indicator cell leaves out that cell only; a bad total, dimension, bonus or deduction
//! leaves out the reading (they enter the same sum, so the reading cannot be trusted).

use super::observation::Observation;
use crate::messages::Warning;
use crate::rules::{self, Method, RuleSet, Unit};
use serde_json::json;
use std::collections::BTreeMap;

/// The readings the fits may use, and what was said about the others.
pub struct Screened {
    pub readings: Vec<Observation>,
    pub warnings: Vec<Warning>,
    /// Rows left out entirely.
    pub left_out: Vec<u64>,
}

/// Screen `observations` for rule set `rs`.
pub fn screen(rs: &RuleSet, observations: &[Observation]) -> Screened {
    let mut out = Screened {
        readings: Vec::new(),
        warnings: Vec::new(),
        left_out: Vec::new(),
    };
    let dated = keep_dated_in_force(rs, observations, &mut out);
    let distinct = drop_repeated_dates(dated, &mut out);
    for mut reading in distinct {
        if let Some(w) = figure_out_of_scale(rs, &reading) {
            out.warnings.push(w);
            out.left_out.push(reading.row);
            continue;
        }
        drop_bad_indicator_cells(rs, &mut reading, &mut out.warnings);
        out.readings.push(reading);
    }
    report_unused_columns(rs, &out.readings.clone(), &mut out.warnings);
    report_missing_adjustments(&out.readings.clone(), &mut out.warnings);
    out
}

fn at(w: Warning, o: &Observation, field: Option<&str>) -> Warning {
    w.param("row", o.row)
        .at(o.file.as_deref(), Some(o.row), field)
}

/// Readings with a valid date inside the rule set's period.
fn keep_dated_in_force(
    rs: &RuleSet,
    observations: &[Observation],
    out: &mut Screened,
) -> Vec<Observation> {
    let mut kept = Vec::new();
    for o in observations {
        if rules::day_number(&o.date).is_none() {
            let warning = if o.date.trim().is_empty() {
                Warning::of("reading_bad_date.missing")
            } else {
                Warning::of("reading_bad_date").param("value", o.date.as_str())
            };
            out.warnings.push(at(warning, o, Some("readings.date")));
            out.left_out.push(o.row);
            continue;
        }
        let after_start = rs
            .in_force_from
            .as_deref()
            .is_none_or(|f| f <= o.date.as_str());
        let before_end = rs
            .in_force_to
            .as_deref()
            .is_none_or(|t| o.date.as_str() <= t);
        if after_start && before_end {
            kept.push(o.clone());
            continue;
        }
        let fitted = json!({"zh": rs.zh, "en": rs.en});
        let warning = match rules::select(None, Some(&o.date)) {
            Ok((other, false)) => {
                Warning::of("reading_other_rule_set").param("rule_set", other.id.as_str())
            }
            _ => Warning::of("reading_other_rule_set.none"),
        };
        out.warnings.push(at(
            warning
                .subject(o.date.as_str())
                .param("date", o.date.as_str())
                .param("fitted", fitted),
            o,
            Some("readings.date"),
        ));
        out.left_out.push(o.row);
    }
    kept
}

/// A date recorded twice: the repeat is left out when its figures are the same; when they
/// differ, neither can be trusted and both are left out.
fn drop_repeated_dates(readings: Vec<Observation>, out: &mut Screened) -> Vec<Observation> {
    let mut by_date: BTreeMap<String, Vec<Observation>> = BTreeMap::new();
    for o in readings.iter() {
        by_date.entry(o.date.clone()).or_default().push(o.clone());
    }
    let mut dropped: Vec<u64> = Vec::new();
    for group in by_date.values().filter(|g| g.len() > 1) {
        let first = &group[0];
        let all_same = group.iter().all(|o| same_figures(o, first));
        for (i, o) in group.iter().enumerate() {
            if all_same && i == 0 {
                continue;
            }
            let other = if i == 0 { &group[1] } else { first };
            let key = if all_same {
                "reading_duplicate_date.same"
            } else {
                "reading_duplicate_date"
            };
            out.warnings.push(at(
                Warning::of(key)
                    .subject(o.date.as_str())
                    .param("date", o.date.as_str())
                    .param("other_row", other.row),
                o,
                Some("readings.date"),
            ));
            dropped.push(o.row);
        }
    }
    out.left_out.extend(&dropped);
    readings
        .into_iter()
        .filter(|o| !dropped.contains(&o.row))
        .collect()
}

fn same_figures(a: &Observation, b: &Observation) -> bool {
    a.total == b.total
        && a.bonus == b.bonus
        && a.deduction == b.deduction
        && a.dimensions == b.dimensions
        && a.indicator_values == b.indicator_values
        && a.indicator_scores == b.indicator_scores
}

/// The first figure of the total's sum that cannot be what the back end showed.
fn figure_out_of_scale(rs: &RuleSet, o: &Observation) -> Option<Warning> {
    let bonus_max: f64 = rs.bonuses.iter().map(|b| b.points).sum();
    // A deduction kind with no published cap bounds nothing (the total's scale still does).
    let deduction_max: f64 = rs
        .deductions
        .iter()
        .map(|d| d.cap.unwrap_or(f64::INFINITY))
        .sum();
    let mut checks: Vec<(String, Option<f64>, f64, f64)> = vec![
        ("readings.total".into(), o.total, rs.scale.min, rs.scale.max),
        ("readings.bonus".into(), o.bonus, 0.0, bonus_max),
        (
            "readings.deduction".into(),
            o.deduction.map(f64::abs),
            0.0,
            deduction_max,
        ),
    ];
    for (id, score) in &o.dimensions {
        if rs.dimensions.iter().any(|d| &d.id == id) {
            checks.push((
                format!("dimensions.{id}"),
                Some(*score),
                rs.dimension_scale.min,
                rs.dimension_scale.max,
            ));
        }
    }
    checks.into_iter().find_map(|(field, value, min, max)| {
        let v = value?;
        let warning = if !v.is_finite() {
            Warning::of("reading_out_of_scale.not_a_number")
        } else if v < min - 1e-9 || v > max + 1e-9 {
            Warning::of("reading_out_of_scale")
                .param("value", number(v))
                .param("min", min)
                .param("max", max)
        } else {
            return None;
        };
        let warning = warning
            .subject(field.as_str())
            .param("field", field.as_str());
        Some(at(warning, o, Some(&field)))
    })
}

/// A figure as a message parameter: astronomically large ones in scientific notation rather
/// than 300 digits.
fn number(v: f64) -> serde_json::Value {
    if v.abs() < 1e12 {
        json!(v)
    } else {
        json!(format!("{v:e}"))
    }
}

/// The highest value an indicator of this unit can show (percentages, stars, scores).
fn value_max(unit: Unit) -> f64 {
    match unit {
        Unit::Percent | Unit::Score => 100.0,
        Unit::Stars => 5.0,
        Unit::Seconds | Unit::Hours | Unit::Points => f64::INFINITY,
    }
}

/// Leaves out indicator cells that cannot be what the back end showed: a negative or
/// impossible value, a score that is not one of the rule set's band scores.
fn drop_bad_indicator_cells(rs: &RuleSet, o: &mut Observation, warnings: &mut Vec<Warning>) {
    let mut bad: Vec<(String, Warning)> = Vec::new();
    for (id, v) in &o.indicator_values {
        let Some(rule) = rs.indicators.iter().find(|i| &i.id == id) else {
            continue;
        };
        let max = value_max(rule.unit);
        let warning = if !v.is_finite() {
            Warning::of("reading_bad_value.not_a_number")
        } else if *v < 0.0 {
            Warning::of("reading_bad_value.negative").param("value", number(*v))
        } else if *v > max {
            Warning::of("reading_bad_value")
                .param("value", number(*v))
                .param("max", max)
        } else {
            continue;
        };
        let field = format!("indicators.{id}.value");
        bad.push((
            field.clone(),
            warning.subject(id.as_str()).param("field", field.as_str()),
        ));
    }
    let mut allowed: Vec<f64> = rs.band_scores.clone();
    allowed.push(rs.floor_score);
    crate::sorting::sort_floats(&mut allowed);
    let top = allowed.last().copied().unwrap_or(100.0);
    for (id, s) in &o.indicator_scores {
        let Some(rule) = rs.indicators.iter().find(|i| &i.id == id) else {
            continue;
        };
        let field = format!("indicators.{id}.score");
        let ok = if rule.value_is_score {
            s.is_finite() && *s >= rs.floor_score - 1e-9 && *s <= top + 1e-9
        } else {
            rs.method == Method::Bands && allowed.iter().any(|a| (a - s).abs() < 1e-9)
        };
        if !ok && rs.method == Method::Bands {
            let warning = if s.is_finite() {
                Warning::of("reading_bad_score").param("value", number(*s))
            } else {
                Warning::of("reading_bad_score.not_a_number")
            };
            bad.push((
                field.clone(),
                warning
                    .subject(id.as_str())
                    .param("indicator", id.as_str())
                    .param("scores", json!(allowed)),
            ));
        }
    }
    for (field, warning) in bad {
        let mut parts = field.split('.').skip(1);
        let (id, part) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        if part == "value" {
            o.indicator_values.remove(id);
        } else {
            o.indicator_scores.remove(id);
        }
        warnings.push(at(warning, o, Some(&field)));
    }
}

/// Columns the rule set has no use for (another version's indicators, indicator scores under
/// a rule set that scores no indicator), said once.
fn report_unused_columns(rs: &RuleSet, readings: &[Observation], warnings: &mut Vec<Warning>) {
    let mut fields: Vec<String> = Vec::new();
    let mut note = |field: String| {
        if !fields.contains(&field) {
            fields.push(field);
        }
    };
    for o in readings {
        for id in o.dimensions.keys() {
            if !rs.dimensions.iter().any(|d| &d.id == id) {
                note(format!("dimensions.{id}"));
            }
        }
        for id in o.indicator_values.keys() {
            if !rs.indicators.iter().any(|i| &i.id == id) {
                note(format!("indicators.{id}.value"));
            }
        }
        for id in o.indicator_scores.keys() {
            let scored = rs
                .indicators
                .iter()
                .any(|i| &i.id == id && (rs.method == Method::Bands || i.value_is_score));
            if !scored {
                note(format!("indicators.{id}.score"));
            }
        }
    }
    if !fields.is_empty() {
        warnings.push(
            Warning::of("reading_unused_columns")
                .param("rule_set", rs.id.as_str())
                .param("fields", json!(fields)),
        );
    }
}

/// A reading with a total but an empty 加分 or 扣分 cell: taken as 0, and said.
fn report_missing_adjustments(readings: &[Observation], warnings: &mut Vec<Warning>) {
    let rows: Vec<u64> = readings
        .iter()
        .filter(|o| o.total.is_some() && (o.bonus.is_none() || o.deduction.is_none()))
        .map(|o| o.row)
        .collect();
    if !rows.is_empty() {
        warnings.push(Warning::of("reading_adjustments_empty").param("rows", json!(rows)));
    }
}
