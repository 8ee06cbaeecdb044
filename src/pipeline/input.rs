//! From what the files give to what the scoring core reads: the typed input with the
//! back-end values (a values file) and the recomputed values filled in where the user typed
//! nothing, and the report's `inputs` and `drilldown` saying where every number came from.

use super::file::FileSummary;
use crate::indicators::{self, Drilldown, WindowValues};
use crate::input::IndicatorInput;
use crate::messages::Warning;
use crate::records::compact::ValueRow;
use crate::records::Names;
use crate::ShopInput;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Drill-down lists are cut at this many bad records per indicator in a report (`bad_total`
/// keeps the full count; the session's `drilldown` pages through all of them).
pub const BAD_LIST_LIMIT: usize = 1000;

/// Everything the files give for one window, before scoring.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The typed input with the recomputed values filled in where the user typed nothing.
    pub input: ShopInput,
    /// The report's `inputs`: rule set, window, valid paid orders, files.
    pub inputs: Value,
    /// The report's `drilldown`: per indicator its counts (and, from `score_files`, the
    /// first bad records and where they concentrate).
    pub drilldown: Value,
    pub warnings: Vec<Warning>,
    pub recomputed: WindowValues,
    pub files: Vec<FileSummary>,
    /// Indicators whose input value was recomputed from records (not typed, not a values file).
    pub from_records: Vec<String>,
}

/// `有效支付订单数` (and its spellings) in a values file.
fn is_order_count(name: &str) -> bool {
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    [
        "有效支付订单数",
        "有效支付订单",
        "近30天有效支付订单数",
        "valid_paid_orders_30d",
    ]
    .contains(&name.as_str())
}

/// A numerator is the bad count (small-sample rule) only for a lower-is-better rate.
fn counts_bad_cases(indicator: &str) -> bool {
    let Ok(sets) = crate::rules::all() else {
        return false;
    };
    sets.iter()
        .flat_map(|r| &r.indicators)
        .find(|i| i.id == indicator)
        .is_some_and(|i| i.unit == crate::rules::Unit::Percent && i.direction == crate::rules::Direction::LowerBetter)
}

/// Fill the typed input: values copied from the back end are the official numbers, so they
/// win over the recomputed ones; what the user typed wins over both (each time it is said).
pub(crate) fn fill(
    typed: &ShopInput,
    values: &[&ValueRow],
    recomputed: WindowValues,
    files: Vec<FileSummary>,
    repeats: u64,
) -> Prepared {
    let mut warnings: Vec<Warning> = files
        .iter()
        .flat_map(|f| f.warnings.iter().cloned())
        .collect();
    if repeats > 0 {
        warnings.push(Warning::of("duplicate_records").param("count", repeats));
    }
    let mut input = typed.clone();
    if input.rule_set.is_none() {
        input.rule_set = Some(recomputed.rule_set.clone());
    }
    if input.as_of.is_none() {
        input.as_of = recomputed.window.map(|w| w.end());
    }

    let mut values_order_count = None;
    let mut from_values: BTreeMap<String, IndicatorInput> = BTreeMap::new();
    for row in values {
        // Dimension scores and the order count copied from the same page are inputs too.
        if let Some(dimension) = indicators::dimension_id(&row.indicator) {
            match row.score.or(row.value) {
                Some(score) if !typed.dimensions.contains_key(&dimension) => {
                    input.dimensions.insert(dimension, score);
                }
                Some(_) => warnings.push(
                    Warning::of("typed_wins.dimension")
                        .subject(dimension.as_str())
                        .param("dimension", dimension.as_str()),
                ),
                None => {}
            }
            continue;
        }
        if is_order_count(&row.indicator) {
            if let (None, Some(count)) = (typed.valid_paid_orders_30d, row.value) {
                values_order_count = Some(count);
            }
            continue;
        }
        match indicators::indicator_id(&row.indicator) {
            Some(_) if row.value.is_none() && row.score.is_none() && row.weight.is_none() => {} // an empty row says nothing
            Some(id) => {
                if let Some(weight) = row.weight {
                    if !typed.weights.indicators.contains_key(&id) {
                        input.weights.indicators.insert(id.clone(), weight);
                    }
                }
                let bad_count = if counts_bad_cases(&id) {
                    row.numerator
                } else {
                    None
                };
                if row.value.is_some() || row.score.is_some() {
                    from_values.insert(
                        id,
                        IndicatorInput {
                            value: row.value,
                            score: row.score,
                            bad_count,
                            base_count: row.denominator,
                        },
                    );
                }
            }
            None => warnings.push(
                Warning::of("unknown_indicator")
                    .param("name", row.indicator.as_str())
                    .at(None, Some(row.line), Some("指标")),
            ),
        }
    }
    let typed_ids: Vec<String> = typed.indicators.keys().cloned().collect();
    for (id, value) in from_values {
        if typed.indicators.contains_key(&id) {
            warnings.push(
                Warning::of("typed_wins.values_file")
                    .subject(id.as_str())
                    .param("indicator", id.as_str()),
            );
        } else {
            input.indicators.insert(id, value);
        }
    }
    let mut from_records = Vec::new();
    for id in &recomputed.wanted {
        let Some(computed) = recomputed.indicators.get(id) else {
            continue;
        };
        let Some(value) = computed.value else {
            continue;
        };
        if input.indicators.contains_key(id) {
            let variant = if typed_ids.contains(id) {
                "typed_wins.recomputed_typed"
            } else {
                "typed_wins.recomputed_values_file"
            };
            warnings.push(
                Warning::of(variant)
                    .subject(id.as_str())
                    .param("indicator", id.as_str())
                    .param("value", value),
            );
            continue;
        }
        input.indicators.insert(
            id.clone(),
            IndicatorInput {
                value: Some(value),
                score: None,
                bad_count: computed.counts_are_cases.then_some(computed.bad_count),
                base_count: computed.counts_are_cases.then_some(computed.base_count),
            },
        );
        from_records.push(id.clone());
    }
    if let Some(count) = values_order_count {
        input.valid_paid_orders_30d = Some(count);
    }
    match (
        typed.valid_paid_orders_30d.or(values_order_count),
        recomputed.valid_paid_orders,
    ) {
        (Some(typed_count), Some(count)) if typed_count != count => warnings.push(
            Warning::of("typed_wins.order_count")
                .subject("valid_paid_orders_30d")
                .param("typed", typed_count)
                .param("computed", count),
        ),
        (None, Some(count)) => input.valid_paid_orders_30d = Some(count),
        _ => {}
    }

    // Keep the recompute warnings that matter: those about the rule set's indicators that
    // nobody typed (and the general ones).
    let given = |id: &str| {
        input.indicators.contains_key(id)
            || (id == "valid_paid_orders_30d" && input.valid_paid_orders_30d.is_some())
    };
    for w in &recomputed.warnings {
        match w.subject.as_deref() {
            Some("valid_paid_orders_30d") => {
                if !given("valid_paid_orders_30d") {
                    warnings.push(w.clone());
                }
            }
            Some(id) => {
                // What the files lack about an indicator is moot once it is given; what they
                // cannot tell, once it does not come from them (typed, or a values file).
                let moot = (w.code == "missing_input" && given(id))
                    || (w.code == "limitation" && !from_records.iter().any(|r| r == id));
                if recomputed.wanted.iter().any(|x| x == id) && !moot {
                    warnings.push(w.clone());
                }
            }
            None => warnings.push(w.clone()),
        }
    }

    let inputs = json!({
        "rule_set": recomputed.rule_set,
        "window": recomputed.window.map(|w| json!({"start": w.start(), "end": w.end()})),
        "valid_paid_orders_30d": recomputed.valid_paid_orders,
        "orders_not_counted": recomputed.orders_not_counted,
        "files": files,
    });
    let drilldown = drilldown_json(
        &recomputed,
        &BTreeMap::new(),
        &Names::default(),
        &Names::default(),
        &[],
    );
    Prepared {
        input,
        inputs,
        drilldown,
        warnings,
        recomputed,
        files,
        from_records,
    }
}

/// The report's `drilldown`: per wanted indicator its value and counts, and — where the
/// bad records were collected — the first [`BAD_LIST_LIMIT`] of them and the top products,
/// couriers, provinces and agents among all of them.
pub(crate) fn drilldown_json(
    recomputed: &WindowValues,
    bad: &BTreeMap<String, Drilldown>,
    names: &Names,
    ids: &Names,
    files: &[String],
) -> Value {
    let mut out = serde_json::Map::new();
    for id in &recomputed.wanted {
        let Some(c) = recomputed.indicators.get(id) else {
            continue;
        };
        let (rows, top) = match bad.get(id) {
            Some(d) => {
                let rows: Vec<Value> = (0..d.total().min(BAD_LIST_LIMIT))
                    .filter_map(|i| d.row(i, names, ids, files))
                    .map(|row| {
                        // `reason` stays the Chinese sentence the page shows; `reason_text`
                        // has both languages.
                        json!({
                            "order_id": row.order_id,
                            "product": row.product,
                            "courier": row.courier,
                            "province": row.province,
                            "agent": row.agent,
                            "reason": row.reason.zh,
                            "reason_text": row.reason,
                            "time": row.time,
                            "file": row.file,
                            "line": row.line,
                        })
                    })
                    .collect();
                let top = d.top(names);
                (rows, json!(top))
            }
            None => (
                Vec::new(),
                json!({"product": [], "courier": [], "province": [], "agent": []}),
            ),
        };
        out.insert(
            id.clone(),
            json!({
                "value": c.value,
                "numerator": c.numerator,
                "denominator": c.denominator,
                "estimated": c.estimated,
                "bad_total": c.bad_count.round() as u64,
                "bad": rows,
                "top": top,
            }),
        );
    }
    Value::Object(out)
}
