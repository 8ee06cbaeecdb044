//! The one input shape (JSON) for typed values: what the CLI, the page and the tests send to the core.

use serde::{de::Error as _, Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// A shop as the user describes it. Every field is optional; what a rule set needs and
/// does not get becomes a `missing_input` warning, never a silent zero.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShopInput {
    /// Rule set id (`douyin-2026-09` …). Absent: the one in force on `as_of`.
    pub rule_set: Option<String>,
    /// The day the data ends, `YYYY-MM-DD`, China Standard Time. Absent: the newest rule set.
    pub as_of: Option<String>,
    /// Industry name exactly as in the official weights table (`女装`, `3C数码` …).
    pub industry: Option<String>,
    pub shop_type: Option<ShopType>,
    /// Valid paid orders (有效支付订单) in the rule set's window; drives the stage rule.
    pub valid_paid_orders_30d: Option<f64>,
    /// Days since the shop opened (出分任务: a shop open longer than 90 days needs an order).
    pub shop_age_days: Option<f64>,
    /// Products on sale now (出分任务: no product on sale, no score).
    pub products_on_sale: Option<f64>,
    /// Followers of the shop's Douyin account (店铺授权号 needs ≥ 1000).
    pub fans: Option<f64>,
    /// The shop's categories among the rule set's `categories` (ids), where eligibility rows
    /// have lines by category (精选联盟 河蟹, 母婴 sub-categories …).
    pub categories: Vec<String>,
    /// Dimension scores as the back end shows them (`product`, `logistics`, `service`,
    /// `shop_health`), on the rule set's own scale. A given dimension score wins over its indicators.
    pub dimensions: BTreeMap<String, f64>,
    /// Indicator id → value, or the detailed form.
    pub indicators: BTreeMap<String, IndicatorInput>,
    /// Event id → count, flag, percentage or `{orders, share}` (deductions and bonuses).
    pub events: BTreeMap<String, EventValue>,
    /// Deductions by the day they happened: event id → `YYYY-MM-DD` → cases. A case counts
    /// while its day is inside the window ending `as_of`, so the history and the forecast
    /// see it leave; it replaces the same event in `events`.
    pub event_days: BTreeMap<String, BTreeMap<String, f64>>,
    /// Band threshold overrides: indicator id → the value needed for 60, 70, 80, 90, 100
    /// (five entries; `null` keeps the default). Lower-is-better indicators read "at most".
    pub bands: BTreeMap<String, Vec<Option<f64>>>,
    pub weights: WeightOverrides,
    /// Daily history for the dynamic-weighting rule: indicator or dimension id → daily
    /// values, oldest first.
    pub history: BTreeMap<String, Vec<f64>>,
    /// A calibration learnt from the shop's own back-end readings (`shopscore calibrate`):
    /// its numbers replace the rule set's estimates (never an official number, never the
    /// weights and bands given above).
    pub calibration: Option<crate::rules::overlay::Overlay>,
    pub options: ScoreOptions,
}

pub use crate::rules::ShopType;

/// One indicator as the user knows it. A given `score` wins over `value`.
/// In JSON either a bare number (the value) or `{value, score, bad_count, base_count}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IndicatorInput {
    pub value: Option<f64>,
    pub score: Option<f64>,
    /// The count of bad cases behind the indicator (small-sample rule).
    pub bad_count: Option<f64>,
    /// The indicator's denominator.
    pub base_count: Option<f64>,
}

impl IndicatorInput {
    pub fn from_value(value: f64) -> Self {
        IndicatorInput {
            value: Some(value),
            ..Default::default()
        }
    }
}

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
#[derive(Default)]
struct IndicatorDetail {
    value: Option<f64>,
    score: Option<f64>,
    bad_count: Option<f64>,
    base_count: Option<f64>,
}

impl<'de> Deserialize<'de> for IndicatorInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => match n.as_f64() {
                Some(v) => Ok(IndicatorInput::from_value(v)),
                None => Err(D::Error::custom(format!("{n} is not a usable number"))),
            },
            v @ serde_json::Value::Object(_) => {
                let d: IndicatorDetail = serde_json::from_value(v).map_err(D::Error::custom)?;
                Ok(IndicatorInput { value: d.value, score: d.score, bad_count: d.bad_count, base_count: d.base_count })
            }
            other => Err(D::Error::custom(format!(
                "expected a number or an object {{value, score, bad_count, base_count}}, found {other}"
            ))),
        }
    }
}

/// An event's value: a count of cases, a flag, a percentage, or the home-installation pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EventValue {
    Flag(bool),
    Number(f64),
    Installation { orders: f64, share: f64 },
}

/// Weight overrides in percent: dimension id → weight, indicator id → weight inside its dimension.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WeightOverrides {
    pub dimensions: BTreeMap<String, f64>,
    pub indicators: BTreeMap<String, f64>,
}

/// Choices the platform does not publish, made explicit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScoreOptions {
    /// How a fractional score becomes the integer the consumer-display table is keyed on:
    /// `floor` (default) or `round`. Unpublished.
    pub consumer_rounding: Option<Rounding>,
    /// Skip advice (the page's sliders re-score without it).
    pub skip_advice: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    Floor,
    Round,
}

/// Parse the input JSON. Syntax errors keep serde's line and column; a value of the wrong
/// shape is traced to the field it sits in (`indicators.product_rating`), so the CLI and the
/// page can name it.
pub fn parse_input(text: &str) -> Result<ShopInput, crate::Error> {
    use crate::error::{Error, ErrorCode};
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| Error::new(ErrorCode::BadInput, format!("not valid JSON: {e}")))?;
    // From the text, not from `value`: ONE instantiation of the input's derived deserialisers
    // (the page carries every copy), and the error knows its line and column.
    match serde_json::from_str::<ShopInput>(text) {
        Ok(input) => Ok(input),
        Err(e) => {
            let at = format!(" (line {}, column {})", e.line(), e.column());
            let field = locate_bad_field(&value);
            let message = format!("{}{at}", message_without_position(&e));
            Err(match field {
                Some(f) => Error::field(ErrorCode::BadInput, f, message),
                None => Error::new(ErrorCode::BadInput, message),
            })
        }
    }
}

/// A serde_json error's message without the " at line L column C" it appends when it read
/// text: the caller says where in its own words (or the position is that of text we made).
pub(crate) fn message_without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    match message.strip_suffix(&position) {
        Some(bare) => bare.to_string(),
        None => message,
    }
}

/// The path of the first field that alone fails to deserialise (two levels deep).
fn locate_bad_field(value: &serde_json::Value) -> Option<String> {
    use serde_json::{Map, Value};
    let top = value.as_object()?;
    let fails = |v: Value| serde_json::from_str::<ShopInput>(&v.to_string()).is_err();
    for (k, v) in top {
        let mut one = Map::new();
        one.insert(k.clone(), v.clone());
        if !fails(Value::Object(one)) {
            continue;
        }
        if let Some(inner) = v.as_object() {
            for (sk, sv) in inner {
                let mut sub = Map::new();
                sub.insert(sk.clone(), sv.clone());
                let mut one = Map::new();
                one.insert(k.clone(), Value::Object(sub));
                if fails(Value::Object(one)) {
                    return Some(format!("{k}.{sk}"));
                }
            }
        }
        return Some(k.clone());
    }
    None
}
