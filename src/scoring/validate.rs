//! Input validation: values a field cannot hold stop the tool with `bad_field` and the field's path.

use crate::error::{Error, ErrorCode};
use crate::input::{EventValue, ShopInput};
use crate::rules::{self, RuleSet, Unit};

fn bad(field: impl Into<String>, message: impl Into<String>) -> Error {
    Error::field(ErrorCode::BadField, field, message)
}

fn finite(field: &str, v: f64) -> Result<f64, Error> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(bad(field, format!("{v} is not a finite number")))
    }
}

fn non_negative(field: &str, v: f64) -> Result<f64, Error> {
    if finite(field, v)? < 0.0 {
        return Err(bad(
            field,
            format!("{v} is negative; a count or rate cannot be"),
        ));
    }
    Ok(v)
}

fn percent(field: &str, v: f64) -> Result<f64, Error> {
    if non_negative(field, v)? > 100.0 {
        return Err(bad(
            field,
            format!("{v} is above 100; rates are in percent (0.39 means 0.39 %)"),
        ));
    }
    Ok(v)
}

fn whole(field: &str, v: f64) -> Result<f64, Error> {
    if non_negative(field, v)?.fract() != 0.0 {
        return Err(bad(field, format!("{v} is not a whole number of cases")));
    }
    Ok(v)
}

/// Checks what does not depend on the rule set (dates, counts, shapes).
pub fn check_general(input: &ShopInput) -> Result<(), Error> {
    if let Some(date) = &input.as_of {
        if rules::day_number(date).is_none() {
            return Err(bad(
                "as_of",
                format!("{date:?} is not a date of the form YYYY-MM-DD"),
            ));
        }
    }
    if let Some(n) = input.shop_age_days {
        non_negative("shop_age_days", n)?;
    }
    if let Some(n) = input.products_on_sale {
        whole("products_on_sale", n)?;
    }
    if let Some(n) = input.valid_paid_orders_30d {
        non_negative("valid_paid_orders_30d", n)?;
    }
    for (id, v) in &input.dimensions {
        non_negative(&format!("dimensions.{id}"), *v)?;
    }
    for (id, i) in &input.indicators {
        let f = |k: &str| format!("indicators.{id}.{k}");
        if let Some(v) = i.value {
            non_negative(&f("value"), v)?;
        }
        if let Some(v) = i.score {
            non_negative(&f("score"), v)?;
        }
        if let Some(v) = i.bad_count {
            non_negative(&f("bad_count"), v)?;
        }
        if let Some(v) = i.base_count {
            non_negative(&f("base_count"), v)?;
        }
        if let (Some(b), Some(n)) = (i.bad_count, i.base_count) {
            if b > n {
                return Err(bad(
                    f("bad_count"),
                    format!("bad count {b} exceeds the base count {n}"),
                ));
            }
        }
    }
    for (id, e) in &input.events {
        let field = format!("events.{id}");
        match e {
            EventValue::Flag(_) => {}
            EventValue::Number(n) => {
                non_negative(&field, *n)?;
            }
            EventValue::Installation { orders, share } => {
                whole(&format!("{field}.orders"), *orders)?;
                percent(&format!("{field}.share"), *share)?;
            }
        }
    }
    for (id, b) in &input.bands {
        if b.len() != 5 {
            return Err(bad(
                format!("bands.{id}"),
                format!("{} entries given; five are needed (the value for 60, 70, 80, 90, 100; null keeps the default)", b.len()),
            ));
        }
        for (k, v) in b.iter().enumerate() {
            if let Some(v) = v {
                finite(&format!("bands.{id}[{k}]"), *v)?;
            }
        }
    }
    for (id, w) in &input.weights.dimensions {
        percent(&format!("weights.dimensions.{id}"), *w)?;
    }
    for (id, w) in &input.weights.indicators {
        percent(&format!("weights.indicators.{id}"), *w)?;
    }
    for (id, values) in &input.history {
        for (k, v) in values.iter().enumerate() {
            non_negative(&format!("history.{id}[{k}]"), *v)?;
        }
    }
    Ok(())
}

/// A value in an indicator's unit: a percentage at most 100, stars at most 5, a score at most 100.
fn in_unit(field: &str, unit: Unit, v: f64) -> Result<(), Error> {
    match unit {
        Unit::Percent => {
            percent(field, v)?;
        }
        Unit::Stars if v > 5.0 => return Err(bad(field, format!("{v} is above 5 stars"))),
        Unit::Score if v > 100.0 => return Err(bad(field, format!("{v} is above 100"))),
        _ => {}
    }
    Ok(())
}

/// Daily history is checked like today's values: totals against the scale, dimension scores
/// against the dimension scale, indicator values against their unit.
fn check_history(input: &ShopInput, rs: &RuleSet) -> Result<(), Error> {
    for (id, values) in &input.history {
        for (k, &v) in values.iter().enumerate() {
            let field = format!("history.{id}[{k}]");
            let above = |max: f64| {
                (v > max).then(|| {
                    bad(
                        &field,
                        format!("{v} is above this rule set's scale (at most {max})"),
                    )
                })
            };
            if id == "total" {
                if let Some(e) = above(rs.scale.max) {
                    return Err(e);
                }
            } else if rs.dimensions.iter().any(|d| &d.id == id) {
                if let Some(e) = above(rs.dimension_scale.max) {
                    return Err(e);
                }
            } else if let Some(ind) = rs.indicators.iter().find(|i| &i.id == id) {
                in_unit(&field, ind.unit, v)?;
            }
        }
    }
    Ok(())
}

/// Checks that need the rule set: units and scales of the indicators and dimensions it defines,
/// and the kind of value each event it knows needs.
pub fn check_against(input: &ShopInput, rs: &RuleSet) -> Result<(), Error> {
    for (id, v) in &input.dimensions {
        if rs.dimensions.iter().any(|d| &d.id == id) && *v > rs.dimension_scale.max {
            return Err(bad(
                format!("dimensions.{id}"),
                format!(
                    "{v} is above this rule set's dimension scale ({}–{})",
                    rs.dimension_scale.min, rs.dimension_scale.max
                ),
            ));
        }
    }
    for ind in &rs.indicators {
        let Some(i) = input.indicators.get(&ind.id) else {
            continue;
        };
        if let Some(v) = i.value {
            in_unit(&format!("indicators.{}.value", ind.id), ind.unit, v)?;
        }
        if let Some(s) = i.score {
            if s > rs.dimension_scale.max {
                return Err(bad(
                    format!("indicators.{}.score", ind.id),
                    format!(
                        "{s} is above this rule set's score scale ({}–{})",
                        rs.dimension_scale.min, rs.dimension_scale.max
                    ),
                ));
            }
        }
    }
    check_history(input, rs)?;
    for d in &rs.deductions {
        for ev in &d.events {
            if let Some(e) = input.events.get(ev) {
                match e {
                    EventValue::Number(n) => {
                        whole(&format!("events.{ev}"), *n)?;
                    }
                    EventValue::Flag(_) => {}
                    EventValue::Installation { .. } => {
                        return Err(bad(format!("events.{ev}"), "expected a count of cases"));
                    }
                }
            }
        }
    }
    for b in &rs.bonuses {
        let Some(e) = input.events.get(&b.event) else {
            continue;
        };
        let field = format!("events.{}", b.event);
        match (&b.condition, e) {
            (rules::BonusCondition::ShareMin { .. }, EventValue::Number(n)) => {
                percent(&field, *n)?;
            }
            (rules::BonusCondition::ShareMin { .. }, _) => {
                return Err(bad(field, "expected a percentage"))
            }
            (rules::BonusCondition::Installation { .. }, EventValue::Installation { .. }) => {}
            (rules::BonusCondition::Installation { .. }, _) => {
                return Err(bad(field, "expected {\"orders\": n, \"share\": percent}"))
            }
            (rules::BonusCondition::Flag, EventValue::Installation { .. }) => {
                return Err(bad(field, "expected true/false"))
            }
            (rules::BonusCondition::Flag, _) => {}
        }
    }
    Ok(())
}
