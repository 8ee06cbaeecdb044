//! A change in words a person can act on: "12 fewer late pickups in the next 30 days",
//! "reply 23 s faster on average", "58 more stars over about 640 rated orders". Rendered from
//! the catalogue (`messages/catalogue/timeline.json`) in both languages.

use super::candidate::{Candidate, Kind, Measure};
use crate::input::EventValue;
use crate::messages::{Param, Text};
use crate::report::words::say;
use serde_json::json;

/// What `candidate` at step `k` asks of the shop. `window_days` is the rule set's window.
pub fn amount(candidate: &Candidate, k: u32, window_days: u32) -> Text {
    let to = candidate.value_at(k);
    let from = candidate.from;
    match &candidate.kind {
        Kind::Value(Measure::Cases { base, now, .. }) => {
            let fewer = f64::from(k).min(*now);
            let key = match (has_name("bad_case", &candidate.id), fewer == 1.0) {
                (true, true) => "plan.amount.cases.one",
                (true, false) => "plan.amount.cases",
                (false, _) => "plan.amount.cases.generic",
            };
            say(
                key,
                vec![
                    ("bad_case", json!(candidate.id)),
                    ("bad_case_one", json!(candidate.id)),
                    ("case_unit", json!(candidate.id)),
                    ("indicator", json!(candidate.id)),
                    ("fewer", json!(fewer)),
                    ("allowed", json!(now - fewer)),
                    ("now", json!(now)),
                    ("base", json!(base.round())),
                    ("days", json!(window_days)),
                    ("from", quantity(from, &candidate.rule_unit)),
                    ("to", quantity(to, &candidate.rule_unit)),
                ],
            )
        }
        Kind::Value(Measure::Stars { base, low, .. }) => {
            // Turning a 1★ into a 5★ adds 4 stars: say so, unless the shop has fewer low
            // ratings than that would take (then 3–4★ ratings have to improve too).
            let ones = (f64::from(k) / 4.0).ceil();
            let key = match low {
                Some(low) if ones > *low => "plan.amount.stars.spread",
                _ => "plan.amount.stars",
            };
            say(
                key,
                vec![
                    ("stars", json!(k)),
                    ("ones", json!(ones)),
                    ("low", json!(low)),
                    ("base", json!(base.round())),
                    ("days", json!(window_days)),
                    ("from", quantity(from, "stars")),
                    ("to", quantity(to, "stars")),
                ],
            )
        }
        Kind::Value(Measure::Plain { lower_better, .. }) => {
            let unit = candidate.rule_unit.as_str();
            let faster = *lower_better
                && matches!(unit, "seconds" | "hours")
                && has_name("doing", &candidate.id);
            let key = match (faster, *lower_better, unit) {
                (true, _, _) => "plan.amount.faster",
                (false, true, _) => "plan.amount.lower",
                (false, false, _) => "plan.amount.raise",
            };
            let hint = unit == "percent" || unit == "stars";
            let key = if hint && !faster {
                format!("{key}.no_base")
            } else {
                key.to_string()
            };
            say(
                &key,
                vec![
                    ("doing", json!(candidate.id)),
                    ("indicator", json!(candidate.id)),
                    ("delta", quantity((from - to).abs(), unit)),
                    ("from", quantity(from, unit)),
                    ("to", quantity(to, unit)),
                ],
            )
        }
        Kind::Score(_) => say(
            "plan.amount.score_only",
            vec![
                ("indicator", json!(candidate.id)),
                ("from", json!(round(from))),
                ("to", json!(round(to))),
            ],
        ),
        Kind::Dimension { .. } => say(
            "plan.amount.dimension",
            vec![
                ("dimension", json!(candidate.id)),
                ("from", json!(round(from))),
                ("to", json!(round(to))),
            ],
        ),
        Kind::Bonus(meet) => {
            let (name, points) = candidate
                .bonus
                .clone()
                .unwrap_or_else(|| (Text::same(&candidate.id), 0.0));
            let name = json!({"zh": name.zh, "en": name.en});
            match meet {
                EventValue::Number(share) => say(
                    "plan.amount.bonus.share",
                    vec![
                        ("bonus", name),
                        ("points", json!(points)),
                        ("share", json!(share)),
                    ],
                ),
                EventValue::Installation { orders, share } => say(
                    "plan.amount.bonus.installation",
                    vec![
                        ("bonus", name),
                        ("points", json!(points)),
                        ("orders", json!(orders)),
                        ("share", json!(share)),
                    ],
                ),
                EventValue::Flag(_) => say(
                    "plan.amount.bonus",
                    vec![("bonus", name), ("points", json!(points))],
                ),
            }
        }
    }
}

/// The growth stage left behind: the orders still needed (real ones).
pub fn orders_amount(now: f64, needed: f64, window_days: u32) -> Text {
    say(
        "plan.amount.orders",
        vec![
            ("more", json!((needed - now).max(0.0).ceil())),
            ("to", json!(needed)),
            ("days", json!(window_days)),
        ],
    )
}

/// True when the catalogue names `id` in the table `kind` (a noun for its cases, a verb …).
fn has_name(kind: &str, id: &str) -> bool {
    let rendered = crate::messages::render_param(kind, &json!(id), crate::messages::Lang::En);
    rendered != id
}

/// A value with its unit, in both languages ("38 秒" / "38 s", "0.45%").
pub fn quantity(value: f64, unit: &str) -> Param {
    let n = number(value);
    let (zh, en) = match unit {
        "percent" => (format!("{n}%"), format!("{n}%")),
        "seconds" => (format!("{n} 秒"), format!("{n} s")),
        "hours" => (format!("{n} 小时"), format!("{n} h")),
        "score" => (format!("{n} 分"), format!("{n} pts")),
        "points" => (format!("{n} 分"), format!("{n} points")),
        "stars" => (n.clone(), format!("{n}★")),
        _ => (n.clone(), n),
    };
    json!({"zh": zh, "en": en})
}

/// At most three decimals, trailing zeros dropped.
fn number(value: f64) -> String {
    let text = format!("{:.3}", value + 0.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
