//! Indicators recomputed from records with the official definitions and clock rules (RULES.md §3):
//! value, numerator, denominator and the bad records behind each, per rule set and window.
//!
//! The rule set only chooses which indicators matter and the window length (`rules.json`);
//! the definitions are the same everywhere. Defaults the platform does not publish (the
//! hour→score pickup table, the after-sale time limit, drill-down thresholds) live in
//! `rules.json` under `estimates` and every indicator that uses one says so.

use crate::error::Error;
use crate::messages::Warning;
use crate::records::cells::{self, Ts, DAY, HOUR};
use crate::records::kinds::FileKind;
use crate::records::parse::{AfterSale, Order, Records, Review, Shipment};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

mod logistics;
mod product;
mod service;

#[derive(Debug, Deserialize)]
pub struct Config {
    /// indicator id → the names the back end and users give it.
    pub names: BTreeMap<String, Vec<String>>,
    pub reasons: Reasons,
    pub logistics_rulings: Vec<String>,
    pub refund_success_status: Vec<String>,
    pub review_time_types: Vec<String>,
    pub excluded_order_keywords: Vec<String>,
    pub presale_order_types: Vec<String>,
    pub pickup_48h_keywords: Vec<String>,
    pub closed_status: Vec<String>,
    pub estimates: Estimates,
}

#[derive(Debug, Deserialize)]
pub struct Reasons {
    pub quality: Vec<String>,
    pub damage: Vec<String>,
    pub logistics: Vec<String>,
    pub stockout: Vec<String>,
}

/// Defaults the platform does not publish (editable: see `EstimateOverrides`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimates {
    pub pickup_hour_scores: Vec<(f64, f64)>,
    pub pickup_score_floor: f64,
    pub after_sale_limit_hours: f64,
    pub bad_pickup_hours: f64,
    pub bad_review_hours: f64,
    pub bad_delivery_hours: f64,
    pub bad_response_seconds: f64,
    pub unanswered_round_seconds: i64,
    pub bad_review_max_stars: f64,
    pub low_rating_max_stars: f64,
}

/// The user's values for the unpublished defaults (the page's "estimate" fields, `FilesOptions`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EstimateOverrides {
    /// Pickup hours → per-order score, as `[[hours at most, score] …]` (揽收时长平均得分).
    pub pickup_hour_scores: Option<Vec<(f64, f64)>>,
    /// The industry's after-sale handling limit in hours (售后处理时长达成率).
    pub after_sale_limit_hours: Option<f64>,
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

/// The 30 (or 28, 90) days counted, as day numbers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start_day: i64,
    pub end_day: i64,
}

impl Window {
    pub fn contains(&self, ts: Ts) -> bool {
        (self.start_day..=self.end_day).contains(&cells::day_of(ts))
    }
    pub fn start(&self) -> String {
        cells::format_day(self.start_day)
    }
    pub fn end(&self) -> String {
        cells::format_day(self.end_day)
    }
}

/// One record counted as bad, with what the data says about where it came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BadRecord {
    pub order_id: Option<String>,
    pub product: Option<String>,
    pub courier: Option<String>,
    pub province: Option<String>,
    pub agent: Option<String>,
    pub reason: String,
    pub time: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Computed {
    pub id: String,
    /// Percent for rates, stars, hours or seconds otherwise; `None` when the population is empty.
    pub value: Option<f64>,
    pub numerator: f64,
    pub denominator: f64,
    /// Bad cases behind the indicator (small-sample rule) and the base they are counted in.
    pub bad_count: f64,
    pub base_count: f64,
    /// False when the counts are not of cases (the per-agent daily export counts agent-days
    /// and handled sessions, not rated sessions): the small-sample rule must not use them.
    pub counts_are_cases: bool,
    pub bad: Vec<BadRecord>,
    /// Rests on a default the platform does not publish.
    pub estimated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recomputed {
    pub rule_set: String,
    pub window: Option<Window>,
    pub valid_paid_orders: Option<f64>,
    /// Why the other orders of the export are not valid paid orders in the window:
    /// `unpaid`, `outside_window`, `closed`, `excluded_type` (gift/福袋/…), `zero_amount`.
    pub orders_not_counted: BTreeMap<String, u64>,
    /// Every indicator the records could give (not only the rule set's).
    pub indicators: BTreeMap<String, Computed>,
    /// The rule set's indicators, in its order.
    pub wanted: Vec<String>,
    pub warnings: Vec<Warning>,
}

/// The last day any record in the data carries.
pub fn last_data_day(records: &Records) -> Option<i64> {
    let orders = records
        .orders
        .iter()
        .flat_map(|o| [o.paid_time, o.created_time, o.finish_time, o.ship_time]);
    let shipments = records
        .shipments
        .iter()
        .flat_map(|s| [s.paid_time, s.pickup_time, s.signed_time]);
    let after_sales = records
        .after_sales
        .iter()
        .flat_map(|a| [Some(a.apply_time), a.agree_time]);
    let reviews = records.reviews.iter().map(|r| r.time);
    let rounds = records
        .feige_rounds
        .iter()
        .flat_map(|r| [Some(r.session_start), Some(r.buyer_time), r.reply_time]);
    let times = orders
        .chain(shipments)
        .chain(after_sales)
        .chain(reviews)
        .chain(rounds)
        .flatten()
        .map(cells::day_of);
    times
        .chain(records.feige_agents.iter().map(|a| a.day))
        .max()
}

/// Recompute every indicator the records can give. The rule set (named, else the one in
/// force on the window's last day) chooses the window length and which indicators matter;
/// an unknown rule set name is the only error.
pub fn recompute(
    records: &Records,
    rule_set: Option<&str>,
    as_of_day: Option<i64>,
    estimates: &EstimateOverrides,
) -> Result<Recomputed, Error> {
    let end_day = as_of_day.or_else(|| last_data_day(records));
    let end_date = end_day.map(cells::format_day);
    let (rules, _) = crate::rules::select(rule_set, end_date.as_deref())?;
    let window_days = i64::from(rules.window_days.max(1));
    let wanted: Vec<String> = rules.indicators.iter().map(|i| i.id.clone()).collect();
    let mut out = Recomputed {
        rule_set: rules.id.clone(),
        window: end_day.map(|end_day| Window {
            start_day: end_day - (window_days - 1),
            end_day,
        }),
        valid_paid_orders: None,
        orders_not_counted: BTreeMap::new(),
        indicators: BTreeMap::new(),
        wanted,
        warnings: Vec::new(),
    };
    let Some(window) = out.window else {
        if !records.columns.keys().all(|k| *k == FileKind::Values) {
            out.warnings.push(Warning::legacy("no_dates", "文件中没有可用的日期, 无法确定 30 天窗口; 请指定 as_of | no dates in the files: the window cannot be set; give as_of"));
        }
        return Ok(out);
    };
    let ctx = Context::new(records, window, estimates.apply());
    let mut calc = Calc {
        ctx: &ctx,
        out: &mut out,
    };
    calc.valid_paid_orders();
    calc.reviews();
    calc.signed_returns();
    calc.pickup();
    calc.delivery();
    calc.paid_returns();
    calc.after_sale_time();
    calc.feige();
    calc.platform_help();
    calc.shipping_extras();
    for id in out.wanted.clone() {
        if !out.indicators.contains_key(&id)
            && !out
                .warnings
                .iter()
                .any(|w| w.message().starts_with(&format!("{id}:")))
        {
            out.warnings.push(Warning::legacy(
                "missing_input",
                format!("{id}: 无法由明细文件重算 (导出中没有所需字段); 请直接填写该指标 | cannot be recomputed from the exports (no such fields); type it instead"),
            ));
        }
    }
    Ok(out)
}

/// Lookups shared by the indicators.
struct Context<'a> {
    records: &'a Records,
    window: Window,
    est: Estimates,
    // Lookups by order id are hash maps (long shared id prefixes make ordered maps slow);
    // nothing iterates them, so output order stays deterministic.
    orders: HashMap<&'a str, &'a Order>,
    shipments: HashMap<&'a str, &'a Shipment>,
    /// The buyer's first after-sale per order (earliest request; file order breaks ties).
    first_after_sale: HashMap<&'a str, &'a AfterSale>,
    agents: HashMap<&'a str, &'a str>,
    review_products: HashMap<&'a str, &'a str>,
}

impl<'a> Context<'a> {
    fn new(records: &'a Records, window: Window, est: Estimates) -> Self {
        let mut first_after_sale: HashMap<&str, &AfterSale> = HashMap::new();
        // What happened after the window's last day is not known on that day.
        let known = |t: Ts| cells::day_of(t) <= window.end_day;
        for a in records.after_sales.iter().filter(|a| known(a.apply_time)) {
            let slot = first_after_sale.entry(a.order_id.as_str()).or_insert(a);
            if a.apply_time < slot.apply_time {
                *slot = a;
            }
        }
        let mut shipments = HashMap::new();
        for s in &records.shipments {
            shipments.entry(s.order_id.as_str()).or_insert(s);
        }
        let mut agents = HashMap::new();
        for r in &records.feige_rounds {
            if let (Some(order), Some(agent)) = (&r.order_id, &r.agent) {
                agents.entry(order.as_str()).or_insert(agent.as_str());
            }
        }
        let mut review_products = HashMap::new();
        for r in &records.reviews {
            if let Some(p) = &r.product {
                review_products
                    .entry(r.order_id.as_str())
                    .or_insert(p.as_str());
            }
        }
        Context {
            records,
            window,
            est,
            orders: records
                .orders
                .iter()
                .map(|o| (o.order_id.as_str(), o))
                .collect(),
            shipments,
            first_after_sale,
            agents,
            review_products,
        }
    }

    fn bad(&self, order_id: &str, reason: impl Into<String>, time: Option<Ts>) -> BadRecord {
        let order = self.orders.get(order_id);
        let shipment = self.shipments.get(order_id);
        let product = order
            .filter(|o| !o.products.is_empty())
            .map(|o| o.products.join("、"))
            .or_else(|| self.review_products.get(order_id).map(|p| p.to_string()));
        BadRecord {
            order_id: Some(order_id.to_string()),
            product,
            courier: shipment
                .and_then(|s| s.courier.clone())
                .or_else(|| order.and_then(|o| o.courier.clone())),
            province: order.and_then(|o| o.province.clone()),
            agent: self.agents.get(order_id).map(|a| a.to_string()),
            reason: reason.into(),
            time: time.map(cells::format_ts),
        }
    }

    fn paid_time(&self, shipment: &Shipment) -> Option<Ts> {
        shipment.paid_time.or_else(|| {
            self.orders
                .get(shipment.order_id.as_str())
                .and_then(|o| o.paid_time)
        })
    }

    /// Signed orders in the window (by 签收时间), one per order id.
    fn signed_orders(&self) -> Option<Vec<&'a Shipment>> {
        if !self.records.has_column(FileKind::Logistics, "signed_time") {
            return None;
        }
        let mut seen = std::collections::HashSet::new();
        Some(
            self.records
                .shipments
                .iter()
                .filter(|s| s.signed_time.is_some_and(|t| self.window.contains(t)))
                .filter(|s| seen.insert(s.order_id.as_str()))
                .collect(),
        )
    }

    /// The first after-sale of an order if its reason is of `class` and it is not exempted.
    fn first_reason_of(&self, order_id: &str, class: &str) -> Option<&'a AfterSale> {
        let first = self.first_after_sale.get(order_id)?;
        if first.exempt == Some(true) {
            return None;
        }
        let reason = first.reason.as_deref()?;
        (reason_class(reason) == Some(class)).then_some(*first)
    }
}

/// One class per reason: damage first, then logistics, then quality (a broken parcel is a
/// damage return, not a quality return).
pub fn reason_class(reason: &str) -> Option<&'static str> {
    let reasons = &config().reasons;
    let has = |words: &[String]| words.iter().any(|w| reason.contains(w.as_str()));
    if has(&reasons.damage) {
        Some("damage")
    } else if has(&reasons.logistics) {
        Some("logistics")
    } else if has(&reasons.quality) {
        Some("quality")
    } else {
        None
    }
}

/// A valid paid order (有效支付订单) paid in the window: paid, not closed, not a gift/福袋/
/// lottery/秒退 order where the export tells (type, cancel reason, product name), not free.
fn is_valid_paid(order: &Order, window: Window) -> bool {
    not_counted_because(order, window).is_none()
}

/// Why an order is not a valid paid order in the window (`None`: it is one).
fn not_counted_because(order: &Order, window: Window) -> Option<&'static str> {
    let c = config();
    let excluded = |text: Option<&str>| contains_any(text, &c.excluded_order_keywords);
    let Some(paid) = order.paid_time else {
        return Some("unpaid");
    };
    if !window.contains(paid) {
        Some("outside_window")
    } else if all_sub_orders_closed(order, &c.closed_status) {
        Some("closed")
    } else if excluded(order.order_type.as_deref())
        || excluded(order.cancel_reason.as_deref())
        // A gift line inside a normal order does not make it a gift order: only an order
        // whose every product is a gift/福袋/… is one.
        || (!order.products.is_empty() && order.products.iter().all(|p| excluded(Some(p))))
    {
        Some("excluded_type")
    } else if order.amount.is_some_and(|a| a <= 0.0) {
        Some("zero_amount")
    } else {
        None
    }
}

/// Closed only when every sub-order with a status is closed (orders built without sub-order
/// detail fall back to the order's own status).
fn all_sub_orders_closed(order: &Order, closed: &[String]) -> bool {
    if order.sub_order_statuses.is_empty() {
        return contains_any(order.status.as_deref(), closed);
    }
    order
        .sub_order_statuses
        .iter()
        .all(|s| contains_any(Some(s), closed))
}

fn contains_any(text: Option<&str>, words: &[String]) -> bool {
    text.is_some_and(|t| words.iter().any(|w| t.contains(w.as_str())))
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

/// The estimated per-order pickup score for `hours` between the clock start and pickup.
pub fn pickup_score(hours: f64, e: &Estimates) -> f64 {
    e.pickup_hour_scores
        .iter()
        .find(|(limit, _)| hours <= *limit)
        .map_or(e.pickup_score_floor, |(_, score)| *score)
}

/// Six decimals, and never `-0.0` (an empty float sum is `-0.0`).
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6 + 0.0
}

struct Calc<'c, 'a> {
    ctx: &'c Context<'a>,
    out: &'c mut Recomputed,
}

impl Calc<'_, '_> {
    fn missing(&mut self, indicator: &str, kind: FileKind, key: &str) {
        let header = kind.field(key).map_or(key, |f| f.headers[0]);
        let message = if self.ctx.records.has_kind(kind) {
            format!("{indicator}: 文件 {zh}（{k}）缺少 {header} 列; 可映射该列或直接填写该指标 | the {k} file has no {header} column; map it or type the indicator", zh = kind.zh(), k = kind.as_str())
        } else {
            format!("{indicator}: 需要{zh}文件 ({k}) 的 {header} 列; 或直接填写该指标 | needs the {header} column of a {k} file, or type the indicator", zh = kind.zh(), k = kind.as_str())
        };
        self.out
            .warnings
            .push(Warning::legacy("missing_input", message).at(None, None, Some(header)));
    }

    fn note(&mut self, code: &str, message: String) {
        self.out.warnings.push(Warning::legacy(code, message));
    }

    /// Checks the columns an indicator needs; `false` (with `missing_input` warnings) if any is absent.
    fn require(&mut self, indicator: &str, needs: &[(FileKind, &str)]) -> bool {
        let mut ok = true;
        for (kind, key) in needs {
            if !self.ctx.records.has_column(*kind, key) {
                self.missing(indicator, *kind, key);
                ok = false;
            }
        }
        ok
    }

    fn put(
        &mut self,
        id: &str,
        numerator: f64,
        denominator: f64,
        percent: bool,
        bad: Vec<BadRecord>,
        estimated: bool,
    ) {
        if !(numerator.is_finite() && denominator.is_finite()) {
            // Absurd cells (1e308 sessions …) overflowed: say so rather than show infinity.
            self.note("bad_value", format!("{id}: 数值溢出 (文件中有异常大的数字), 该指标无法计算 | overflow from absurdly large numbers in the file: no value"));
            return;
        }
        let value = (denominator > 0.0).then(|| {
            round6(if percent {
                numerator * 100.0 / denominator
            } else {
                numerator / denominator
            })
        });
        if value.is_none() {
            self.note("empty_population", format!("{id}: 窗口内没有可计入的记录, 该指标无法计算 (不按 0 处理) | nothing to count in the window: no value (not zero)"));
        }
        let bad_count = bad.len() as f64;
        self.out.indicators.insert(
            id.to_string(),
            Computed {
                id: id.to_string(),
                value,
                numerator: round6(numerator),
                denominator,
                bad_count,
                base_count: denominator,
                counts_are_cases: true,
                bad,
                estimated,
            },
        );
    }

    fn valid_paid_orders(&mut self) {
        let ctx = self.ctx;
        if ctx.records.has_kind(FileKind::Orders) {
            let count = ctx
                .records
                .orders
                .iter()
                .filter(|o| is_valid_paid(o, ctx.window))
                .count();
            self.out.valid_paid_orders = Some(count as f64);
            for order in &ctx.records.orders {
                if let Some(why) = not_counted_because(order, ctx.window) {
                    *self
                        .out
                        .orders_not_counted
                        .entry(why.to_string())
                        .or_default() += 1;
                }
            }
        } else if ctx.records.has_column(FileKind::Logistics, "paid_time") {
            let ids: std::collections::HashSet<&str> = ctx
                .records
                .shipments
                .iter()
                .filter(|s| s.paid_time.is_some_and(|t| ctx.window.contains(t)))
                .map(|s| s.order_id.as_str())
                .collect();
            self.out.valid_paid_orders = Some(ids.len() as f64);
            self.note(
                "approximation",
                "有效支付订单数按物流明细的支付时间计算: 没有订单导出 (orders), 无法排除已关闭、赠品、福袋等订单 | valid paid orders counted from the logistics file's payment times: without the order export, closed, gift and 福袋 orders cannot be excluded".into(),
            );
        } else {
            self.missing("valid_paid_orders_30d", FileKind::Orders, "paid_time");
        }
    }

    /// The paid-orders population (valid paid orders in the window), as order ids.
    fn paid_population(&mut self, indicator: &str) -> Option<Vec<String>> {
        let ctx = self.ctx;
        if ctx.records.has_kind(FileKind::Orders) {
            Some(
                ctx.records
                    .orders
                    .iter()
                    .filter(|o| is_valid_paid(o, ctx.window))
                    .map(|o| o.order_id.clone())
                    .collect(),
            )
        } else if ctx.records.has_column(FileKind::Logistics, "paid_time") {
            let ids: BTreeSet<String> = ctx
                .records
                .shipments
                .iter()
                .filter(|s| s.paid_time.is_some_and(|t| ctx.window.contains(t)))
                .map(|s| s.order_id.clone())
                .collect();
            Some(ids.into_iter().collect())
        } else {
            self.missing(indicator, FileKind::Orders, "paid_time");
            None
        }
    }
}
