//! Indicators: what the records count, per calendar day (China time), so that any window —
//! 30, 28 or 90 days, ending on any day — is a sum over its days.
//!
//! The definitions and clock rules are RULES.md §3's: 18:00→06:00 pickup clock, 23:00→08:00
//! after-sale clock, Feige sessions started 08:00:00–22:59:59, the first after-sale reason and
//! the first review only, signed vs paid populations. Each definition puts every record on
//! the day its population counts it (signed day, paid day, pickup day, request day …) with the
//! condition a join needs to stay exact (see `days`): an order signed on day d whose first
//! after-sale was requested on day k counts as a quality return only in windows ending on k
//! or later ("what happened after the window's last day is not known on that day").
//!
//! How to use it (the daily history, the roll-off forecast and the alerts build on this):
//! - [`Aggregates::build`] joins every finished file's compact records once (`join`) and
//!   sums them per day; it is rebuilt only when files or the unpublished defaults change.
//! - [`Aggregates::window`] → each indicator's numerator, denominator, bad count for any
//!   `[start, end]` (microseconds: a sum over the window's days);
//!   [`Aggregates::values`] → the same for the rule set's window ending on `as_of`, with the
//!   warnings a report shows ([`WindowValues`]).
//! - The daily history is a sliding sum: `window(E - n + 1, E)` for each day E. The forecast
//!   asks what a later window counts: days leaving are those before its start; contributions
//!   not yet known on E (`known_from > E`) are the ones that arrive.
//! - [`Aggregates::days`] lists each day's contributions (plain and conditional) for callers
//!   that slide by hand.
//! - Bad records are not kept: [`drilldown`] runs the join again for one indicator and one
//!   window and returns references (order, reason as data, file and line), turned into text
//!   (both languages) only for the page shown, or all of them for the CSV export.
//!
//! The rule set only chooses which indicators matter and the window length; the definitions
//! are the same everywhere, and the numbers the rule text publishes (1–2★ 差评, 1–3★ 不满意,
//! the pickup floor, an unanswered round's 10 minutes, the 48-hour industries) are read from
//! the rule sets' `record_rules` ([`published`]). Defaults the platform does not publish (the
//! hour→score pickup table, the after-sale time limit, drill-down thresholds, the reason word
//! lists) live in `rules.json`, and every indicator that uses one says so; what the exports
//! cannot tell (exemptions, negotiation, platform-handled cases) is said as a limitation.

use crate::records::cells::{self, Ts, DAY, HOUR};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

mod aggregate;
pub mod days;
pub mod drilldown;
mod join;
mod logistics;
mod plan;
mod product;
mod service;
mod uses;
mod vocab;
mod window;

pub use aggregate::{count_window, Aggregates, DayAggregate, IndicatorDay};
pub use days::{Counts, Slot};
pub use drilldown::{
    collect as drilldown, csv_cell, About, Bad, BadRow, Drilldown, DrilldownPage, Top, Why,
};
pub use join::Origin;
pub use join::{Has, Repeats};
pub use uses::{roles, used_for, Role};
pub use window::{Computed, Window, WindowCounts, WindowValues};

#[derive(Debug, Deserialize)]
pub struct Config {
    /// indicator id → the names the back end and users give it.
    pub names: BTreeMap<String, Vec<String>>,
    pub reasons: Reasons,
    pub logistics_rulings: Vec<String>,
    pub excluded_order_keywords: Vec<String>,
    pub presale_order_types: Vec<String>,
    /// Words of the order type that mark a QIC quality-check order (48 hours for pickup).
    pub qic_order_types: Vec<String>,
    pub closed_status: Vec<String>,
    pub estimates: Estimates,
}

/// After-sale reasons by class, as words the reason contains (the platform publishes no
/// list: editable, and reasons in no class are listed in the report).
#[derive(Debug, Deserialize)]
pub struct Reasons {
    pub quality: Vec<String>,
    pub damage: Vec<String>,
    pub logistics: Vec<String>,
    pub stockout: Vec<String>,
    /// Reasons that are none of the above (the buyer changed their mind …): classified, so
    /// not listed as unclassified.
    pub other: Vec<String>,
}

/// Defaults the platform does not publish (editable: see `EstimateOverrides`). The published
/// numbers the definitions use (1–2★ 差评, 1–3★ 不满意, the pickup floor of 50, an
/// unanswered round's 10 minutes, the 48-hour industries) come from the rule set's
/// `record_rules`, not from here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimates {
    pub pickup_hour_scores: Vec<(f64, f64)>,
    pub after_sale_limit_hours: f64,
    pub bad_pickup_hours: f64,
    pub bad_review_hours: f64,
    pub bad_delivery_hours: f64,
    pub bad_response_seconds: f64,
}

/// The class a user gives an after-sale reason (overriding the word lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonChoice {
    /// 商品品质 (product quality).
    Quality,
    /// 商品/包装破损 (damage).
    Damage,
    /// 物流 (logistics).
    Logistics,
    /// 缺货 (a logistics reason that is also a stock-out).
    Stockout,
    /// None of these.
    Other,
}

/// The user's values for the unpublished defaults (the page's "estimate" fields, `FilesOptions`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EstimateOverrides {
    /// Pickup hours → per-order score, as `[[hours at most, score] …]` (揽收时长平均得分).
    pub pickup_hour_scores: Option<Vec<(f64, f64)>>,
    /// The industry's after-sale handling limit in hours (售后处理时长达成率).
    pub after_sale_limit_hours: Option<f64>,
    /// After-sale reasons (exactly as the files write them) → their class, over the word
    /// lists (`{"商品与描述信息不符": "quality", "多拍/错拍/不想要": "other"}`).
    pub reason_classes: BTreeMap<String, ReasonChoice>,
}

impl EstimateOverrides {
    /// The embedded defaults with the user's values laid over them.
    pub fn apply(&self) -> Estimates {
        let mut e = config().estimates.clone();
        if let Some(table) = &self.pickup_hour_scores {
            e.pickup_hour_scores = table
                .iter()
                .copied()
                .filter(|(h, s)| h.is_finite() && s.is_finite())
                .collect();
            e.pickup_hour_scores.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        if let Some(limit) = self
            .after_sale_limit_hours
            .filter(|l| l.is_finite() && *l > 0.0)
        {
            e.after_sale_limit_hours = limit;
        }
        e
    }
}

/// What counting needs besides the records: the user's values for the unpublished defaults,
/// and the shop's industry (in some industries every in-stock order has 48 hours to be
/// picked up).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CountSettings {
    pub estimates: EstimateOverrides,
    /// The industry as the weights table names it (`花卉/绿植盆栽`).
    pub industry: Option<String>,
}

/// The published definitions the counting follows (`record_rules` of the official rule
/// sets, which agree: a test keeps them so — the counts are built once for every rule set).
pub fn published() -> &'static crate::rules::RecordRules {
    static PUBLISHED: OnceLock<crate::rules::RecordRules> = OnceLock::new();
    PUBLISHED.get_or_init(|| {
        crate::rules::all()
            .ok()
            .and_then(|sets| sets.iter().find_map(|r| r.record_rules.clone()))
            .expect("the official rule sets carry record_rules")
    })
}

/// The embedded configuration (a build bug, caught by the tests, if it does not parse).
pub fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        serde_json::from_str(include_str!("rules.json"))
            .expect("src/indicators/rules.json is valid")
    })
}

/// The indicator id a back-end name (`商品综合评分`) or id (`product_rating`) stands for.
pub fn indicator_id(name: &str) -> Option<String> {
    let name = name.trim();
    let config = config();
    if config.names.contains_key(name) {
        return Some(name.to_string());
    }
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let wanted = compact(name);
    if let Some((id, _)) = config
        .names
        .iter()
        .find(|(_, names)| names.iter().any(|n| compact(n) == wanted))
    {
        return Some(id.clone());
    }
    let sets = crate::rules::all().ok()?;
    sets.iter()
        .flat_map(|r| &r.indicators)
        .find(|i| compact(&i.zh) == wanted || i.id == name)
        .map(|i| i.id.clone())
}

/// The dimension id a back-end name (`商品体验`, `商品体验分`) or id (`product`) stands for.
pub fn dimension_id(name: &str) -> Option<String> {
    let wanted: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let wanted = wanted.strip_suffix('分').unwrap_or(&wanted);
    let sets = crate::rules::all().ok()?;
    sets.iter()
        .flat_map(|r| &r.dimensions)
        .find(|d| d.zh == wanted || d.id == wanted)
        .map(|d| d.id.clone())
}

/// What the records can count: the indicators, and the order counts behind 有效支付订单数.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ind {
    ProductRating,
    BadReviewRate,
    ProductQualityReturnRate,
    PickupHoursAvg,
    PickupScoreAvg,
    PickupOnTimeRate,
    DeliveryOnTimeRate,
    LogisticsQualityReturnRate,
    DamageReturnRate,
    AfterSaleOnTimeRate,
    AfterSaleReviewHours,
    FeigeAvgResponseSeconds,
    FeigeDissatisfactionRate,
    ThreeMinReplyRate,
    PlatformHelpRate,
    DeliveryHoursAvg,
    Ship48hRate,
    LogisticsAbnormalRate,
    StockoutRate,
    DisputeRefundRate,
    /// Valid paid orders (有效支付订单) by payment day.
    ValidPaid,
    /// Every paid order by payment day (valid or not).
    Paid,
    /// Paid orders not counted, by why: every sub-order closed, a gift/福袋/… order, free.
    Closed,
    ExcludedType,
    ZeroAmount,
    /// Orders never paid (undated: in every window).
    Unpaid,
}

impl Ind {
    /// The indicators (not the order counts), in the order their definitions run.
    pub const INDICATORS: [Ind; 20] = [
        Ind::ProductRating,
        Ind::BadReviewRate,
        Ind::ProductQualityReturnRate,
        Ind::PickupHoursAvg,
        Ind::PickupScoreAvg,
        Ind::PickupOnTimeRate,
        Ind::DeliveryOnTimeRate,
        Ind::LogisticsQualityReturnRate,
        Ind::DamageReturnRate,
        Ind::AfterSaleOnTimeRate,
        Ind::AfterSaleReviewHours,
        Ind::FeigeAvgResponseSeconds,
        Ind::FeigeDissatisfactionRate,
        Ind::ThreeMinReplyRate,
        Ind::PlatformHelpRate,
        Ind::DeliveryHoursAvg,
        Ind::Ship48hRate,
        Ind::LogisticsAbnormalRate,
        Ind::StockoutRate,
        Ind::DisputeRefundRate,
    ];
    pub const ALL: usize = 26;

    pub fn index(self) -> usize {
        self as usize
    }

    /// The indicator id the rule sets use.
    pub fn id(self) -> &'static str {
        match self {
            Ind::ProductRating => "product_rating",
            Ind::BadReviewRate => "bad_review_rate",
            Ind::ProductQualityReturnRate => "product_quality_return_rate",
            Ind::PickupHoursAvg => "pickup_hours_avg",
            Ind::PickupScoreAvg => "pickup_score_avg",
            Ind::PickupOnTimeRate => "pickup_on_time_rate",
            Ind::DeliveryOnTimeRate => "delivery_on_time_rate",
            Ind::LogisticsQualityReturnRate => "logistics_quality_return_rate",
            Ind::DamageReturnRate => "damage_return_rate",
            Ind::AfterSaleOnTimeRate => "after_sale_on_time_rate",
            Ind::AfterSaleReviewHours => "after_sale_review_hours",
            Ind::FeigeAvgResponseSeconds => "feige_avg_response_seconds",
            Ind::FeigeDissatisfactionRate => "feige_dissatisfaction_rate",
            Ind::ThreeMinReplyRate => "three_min_reply_rate",
            Ind::PlatformHelpRate => "platform_help_rate",
            Ind::DeliveryHoursAvg => "delivery_hours_avg",
            Ind::Ship48hRate => "ship_48h_rate",
            Ind::LogisticsAbnormalRate => "logistics_abnormal_rate",
            Ind::StockoutRate => "stockout_rate",
            Ind::DisputeRefundRate => "dispute_refund_rate",
            Ind::ValidPaid => "valid_paid_orders_30d",
            Ind::Paid => "paid_orders",
            Ind::Closed => "closed",
            Ind::ExcludedType => "excluded_type",
            Ind::ZeroAmount => "zero_amount",
            Ind::Unpaid => "unpaid",
        }
    }

    /// The indicator with this id.
    pub fn of(id: &str) -> Option<Ind> {
        Ind::INDICATORS.into_iter().find(|i| i.id() == id)
    }

    /// A rate in percent (numerator × 100 ÷ denominator); else an average.
    pub fn percent(self) -> bool {
        matches!(
            self,
            Ind::BadReviewRate
                | Ind::ProductQualityReturnRate
                | Ind::PickupOnTimeRate
                | Ind::DeliveryOnTimeRate
                | Ind::LogisticsQualityReturnRate
                | Ind::DamageReturnRate
                | Ind::AfterSaleOnTimeRate
                | Ind::FeigeDissatisfactionRate
                | Ind::ThreeMinReplyRate
                | Ind::PlatformHelpRate
                | Ind::Ship48hRate
                | Ind::LogisticsAbnormalRate
                | Ind::StockoutRate
                | Ind::DisputeRefundRate
        )
    }
}

/// Where definitions put what they count. The aggregation sums counts per day; the
/// drill-down keeps the bad records of some indicators in one window.
pub(crate) trait Emit {
    fn add(&mut self, ind: Ind, slot: Slot, counts: Counts);
    /// The window whose bad records of `ind` are wanted (`None`: only counts).
    fn collecting(&self, ind: Ind) -> Option<(i32, i32)>;
    fn bad(&mut self, ind: Ind, bad: Bad);
}

/// Count `counts` for `ind` at `slot`; when it holds a bad case and the drill-down is
/// collecting this indicator in a window that counts the slot, keep the bad record too.
pub(crate) fn put(
    out: &mut impl Emit,
    ind: Ind,
    slot: Slot,
    counts: Counts,
    bad: impl FnOnce() -> Bad,
) {
    out.add(ind, slot, counts);
    if counts.bad > 0.0 {
        if let Some((start, end)) = out.collecting(ind) {
            if slot.in_window(start, end) {
                out.bad(ind, bad());
            }
        }
    }
}

/// Pickup clock: an order paid between 18:00 and 06:00 starts counting at 06:00.
pub fn pickup_clock_start(paid: Ts) -> Ts {
    night_clock_start(paid, 18, 6)
}

/// After-sale review clock: a request made between 23:00 and 08:00 starts counting at 08:00.
pub fn after_sale_clock_start(apply: Ts) -> Ts {
    night_clock_start(apply, 23, 8)
}

/// The platform's night rule, shared by both clocks: an event from `night_from` o'clock up to
/// `morning` o'clock the next day starts counting at `morning`.
fn night_clock_start(t: Ts, night_from: i64, morning: i64) -> Ts {
    let second = cells::second_of_day(t);
    let midnight = t - second;
    if second >= night_from * HOUR {
        midnight + DAY + morning * HOUR
    } else if second < morning * HOUR {
        midnight + morning * HOUR
    } else {
        t
    }
}

/// In-stock pickup deadline: 23:59:59 of the day after payment.
pub fn in_stock_pickup_due(paid: Ts) -> Ts {
    (cells::day_of(paid) + 2) * DAY - 1
}

/// Feige: only sessions started 08:00:00–22:59:59 count.
pub fn feige_session_counts(start: Ts) -> bool {
    (8 * HOUR..23 * HOUR).contains(&cells::second_of_day(start))
}

/// The estimated per-order pickup score for `hours` between the clock start and pickup
/// (past the table's last row: the published floor).
pub fn pickup_score(hours: f64, e: &Estimates, floor: f64) -> f64 {
    e.pickup_hour_scores
        .iter()
        .find(|(limit, _)| hours <= *limit)
        .map_or(floor, |(_, score)| score.max(floor))
}

/// Six decimals, and never `-0.0` (an empty float sum is `-0.0`).
pub(crate) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6 + 0.0
}

/// Hours between two times as the definitions count them (never negative).
pub(crate) fn hours_between(from: Ts, to: Ts) -> f64 {
    (to - from).max(0) as f64 / HOUR as f64
}
