//! Indicators recomputed from records with the official definitions and clock rules (RULES.md §3):
//! value, numerator, denominator and the bad records behind each, per rule set and window.
//!
//! The rule set only chooses which indicators matter and the window length (`rules.json`);
//! the definitions are the same everywhere. Defaults the platform does not publish (the
//! hour→score pickup table, the after-sale time limit, drill-down thresholds) live in
//! `rules.json` under `estimates` and every indicator that uses one says so.

use crate::error::{Error, Warning};
use crate::records::cells::{self, Ts, DAY, HOUR};
use crate::records::kinds::FileKind;
use crate::records::parse::{AfterSale, Order, Records, Review, Shipment};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

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
            e.pickup_hour_scores = table.iter().copied().filter(|(h, s)| h.is_finite() && s.is_finite()).collect();
            e.pickup_hour_scores.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        if let Some(limit) = self.after_sale_limit_hours.filter(|l| l.is_finite() && *l > 0.0) {
            e.after_sale_limit_hours = limit;
        }
        e
    }
}

/// The embedded configuration (a build bug, caught by the tests, if it does not parse).
pub fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| serde_json::from_str(include_str!("rules.json")).expect("src/indicators/rules.json is valid"))
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
    if let Some((id, _)) = config.names.iter().find(|(_, names)| names.iter().any(|n| compact(n) == wanted)) {
        return Some(id.clone());
    }
    let sets = crate::rules::all().ok()?;
    sets.iter().flat_map(|r| &r.indicators).find(|i| compact(&i.zh) == wanted || i.id == name).map(|i| i.id.clone())
}

/// The dimension id a back-end name (`商品体验`, `商品体验分`) or id (`product`) stands for.
pub fn dimension_id(name: &str) -> Option<String> {
    let wanted: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let wanted = wanted.strip_suffix('分').unwrap_or(&wanted);
    let sets = crate::rules::all().ok()?;
    sets.iter().flat_map(|r| &r.dimensions).find(|d| d.zh == wanted || d.id == wanted).map(|d| d.id.clone())
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
    let orders = records.orders.iter().flat_map(|o| [o.paid_time, o.created_time, o.finish_time, o.ship_time]);
    let shipments = records.shipments.iter().flat_map(|s| [s.paid_time, s.pickup_time, s.signed_time]);
    let after_sales = records.after_sales.iter().flat_map(|a| [Some(a.apply_time), a.agree_time]);
    let reviews = records.reviews.iter().map(|r| r.time);
    let rounds = records.feige_rounds.iter().flat_map(|r| [Some(r.session_start), Some(r.buyer_time), r.reply_time]);
    let times = orders.chain(shipments).chain(after_sales).chain(reviews).chain(rounds).flatten().map(cells::day_of);
    times.chain(records.feige_agents.iter().map(|a| a.day)).max()
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
        window: end_day.map(|end_day| Window { start_day: end_day - (window_days - 1), end_day }),
        valid_paid_orders: None,
        orders_not_counted: BTreeMap::new(),
        indicators: BTreeMap::new(),
        wanted,
        warnings: Vec::new(),
    };
    let Some(window) = out.window else {
        if !records.columns.keys().all(|k| *k == FileKind::Values) {
            out.warnings.push(Warning::new("no_dates", "文件中没有可用的日期, 无法确定 30 天窗口; 请指定 as_of | no dates in the files: the window cannot be set; give as_of"));
        }
        return Ok(out);
    };
    let ctx = Context::new(records, window, estimates.apply());
    let mut calc = Calc { ctx: &ctx, out: &mut out };
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
        if !out.indicators.contains_key(&id) && !out.warnings.iter().any(|w| w.message.starts_with(&format!("{id}:"))) {
            out.warnings.push(Warning::new(
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
                review_products.entry(r.order_id.as_str()).or_insert(p.as_str());
            }
        }
        Context {
            records,
            window,
            est,
            orders: records.orders.iter().map(|o| (o.order_id.as_str(), o)).collect(),
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
            courier: shipment.and_then(|s| s.courier.clone()).or_else(|| order.and_then(|o| o.courier.clone())),
            province: order.and_then(|o| o.province.clone()),
            agent: self.agents.get(order_id).map(|a| a.to_string()),
            reason: reason.into(),
            time: time.map(cells::format_ts),
        }
    }

    fn paid_time(&self, shipment: &Shipment) -> Option<Ts> {
        shipment.paid_time.or_else(|| self.orders.get(shipment.order_id.as_str()).and_then(|o| o.paid_time))
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
    let Some(paid) = order.paid_time else { return Some("unpaid") };
    if !window.contains(paid) {
        Some("outside_window")
    } else if contains_any(order.status.as_deref(), &c.closed_status) {
        Some("closed")
    } else if excluded(order.order_type.as_deref())
        || excluded(order.cancel_reason.as_deref())
        || order.products.iter().any(|p| excluded(Some(p)))
    {
        Some("excluded_type")
    } else if order.amount.is_some_and(|a| a <= 0.0) {
        Some("zero_amount")
    } else {
        None
    }
}

fn contains_any(text: Option<&str>, words: &[String]) -> bool {
    text.is_some_and(|t| words.iter().any(|w| t.contains(w.as_str())))
}

/// Pickup clock: an order paid between 18:00 and 06:00 starts counting at 06:00.
pub fn pickup_clock_start(paid: Ts) -> Ts {
    let second = cells::second_of_day(paid);
    let midnight = paid - second;
    if second >= 18 * HOUR {
        midnight + DAY + 6 * HOUR
    } else if second < 6 * HOUR {
        midnight + 6 * HOUR
    } else {
        paid
    }
}

/// After-sale review clock: a request made between 23:00 and 08:00 starts counting at 08:00.
pub fn after_sale_clock_start(apply: Ts) -> Ts {
    let second = cells::second_of_day(apply);
    let midnight = apply - second;
    if second >= 23 * HOUR {
        midnight + DAY + 8 * HOUR
    } else if second < 8 * HOUR {
        midnight + 8 * HOUR
    } else {
        apply
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
    e.pickup_hour_scores.iter().find(|(limit, _)| hours <= *limit).map_or(e.pickup_score_floor, |(_, score)| *score)
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
        self.out.warnings.push(Warning {
            code: "missing_input".into(),
            message,
            file: None,
            line: None,
            column: Some(header.to_string()),
        });
    }

    fn note(&mut self, code: &str, message: String) {
        self.out.warnings.push(Warning::new(code, message));
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

    #[allow(clippy::too_many_arguments)]
    fn put(&mut self, id: &str, numerator: f64, denominator: f64, percent: bool, bad: Vec<BadRecord>, estimated: bool) {
        if !(numerator.is_finite() && denominator.is_finite()) {
            // Absurd cells (1e308 sessions …) overflowed: say so rather than show infinity.
            self.note("bad_value", format!("{id}: 数值溢出 (文件中有异常大的数字), 该指标无法计算 | overflow from absurdly large numbers in the file: no value"));
            return;
        }
        let value = (denominator > 0.0).then(|| round6(if percent { numerator * 100.0 / denominator } else { numerator / denominator }));
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
                bad,
                estimated,
            },
        );
    }

    fn valid_paid_orders(&mut self) {
        let ctx = self.ctx;
        if ctx.records.has_kind(FileKind::Orders) {
            let count = ctx.records.orders.iter().filter(|o| is_valid_paid(o, ctx.window)).count();
            self.out.valid_paid_orders = Some(count as f64);
            for order in &ctx.records.orders {
                if let Some(why) = not_counted_because(order, ctx.window) {
                    *self.out.orders_not_counted.entry(why.to_string()).or_default() += 1;
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
            Some(ctx.records.orders.iter().filter(|o| is_valid_paid(o, ctx.window)).map(|o| o.order_id.clone()).collect())
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

    /// 商品综合评分 and 差评率: first reviews only, over logistics-signed orders.
    fn reviews(&mut self) {
        let ctx = self.ctx;
        let e = &self.ctx.est;
        if !self.require("product_rating", &[(FileKind::Reviews, "rating")]) {
            self.missing("bad_review_rate", FileKind::Reviews, "rating");
            return;
        }
        // First review per order: a row marked 是否首评=否 never counts; among the rest the
        // earliest (then the first in the file).
        let mut first: BTreeMap<&str, &Review> = BTreeMap::new();
        let known = |r: &&Review| r.time.map_or(true, |t| cells::day_of(t) <= ctx.window.end_day);
        for r in ctx.records.reviews.iter().filter(|r| r.first != Some(false)).filter(known) {
            let slot = first.entry(r.order_id.as_str()).or_insert(r);
            if let (Some(t), Some(best)) = (r.time, slot.time) {
                if t < best {
                    *slot = r;
                }
            }
        }
        let signed = ctx.signed_orders();
        let population: Vec<(&str, Option<&Review>)> = match &signed {
            Some(signed) => signed.iter().map(|s| (s.order_id.as_str(), first.get(s.order_id.as_str()).copied())).collect(),
            None => {
                self.note(
                    "approximation",
                    "product_rating: 没有物流明细 (logistics) 的 签收时间 列, 按窗口内评价时间计入已评价订单 | no signed time (logistics): reviewed orders are counted by review time".into(),
                );
                first.values().filter(|r| r.time.map_or(true, |t| ctx.window.contains(t))).map(|r| (r.order_id.as_str(), Some(*r))).collect()
            }
        };
        let rated: Vec<&Review> = population.iter().filter_map(|(_, r)| *r).collect();
        let sum: f64 = rated.iter().map(|r| r.rating).sum();
        let low: Vec<BadRecord> = rated
            .iter()
            .filter(|r| r.rating <= e.low_rating_max_stars)
            .map(|r| {
                let mut b = ctx.bad(&r.order_id, format!("首评 {} 星", r.rating), r.time);
                if r.product.is_some() {
                    b.product = r.product.clone();
                }
                b
            })
            .collect();
        self.put("product_rating", sum, rated.len() as f64, false, low, false);

        if signed.is_none() {
            self.missing("bad_review_rate", FileKind::Logistics, "signed_time");
            return;
        }
        let bad: Vec<BadRecord> = rated
            .iter()
            .filter(|r| r.rating <= e.bad_review_max_stars)
            .map(|r| ctx.bad(&r.order_id, format!("首评差评 {} 星", r.rating), r.time))
            .collect();
        self.put("bad_review_rate", bad.len() as f64, population.len() as f64, true, bad, false);
    }

    /// 商品品质退货率: signed orders whose first after-sale reason is quality.
    fn signed_returns(&mut self) {
        let ctx = self.ctx;
        let id = "product_quality_return_rate";
        let ok = self.require(id, &[(FileKind::Logistics, "signed_time"), (FileKind::AfterSales, "reason")]);
        if !ok {
            return;
        }
        let signed = ctx.signed_orders().unwrap_or_default();
        let bad: Vec<BadRecord> = signed
            .iter()
            .filter_map(|s| ctx.first_reason_of(&s.order_id, "quality"))
            .map(|a| ctx.bad(&a.order_id, format!("首次售后原因: {}", a.reason.as_deref().unwrap_or("")), Some(a.apply_time)))
            .collect();
        self.put(id, bad.len() as f64, signed.len() as f64, true, bad, false);
    }

    /// 发货物流品退率 and 商品/包装破损退货订单率: over valid paid orders.
    fn paid_returns(&mut self) {
        let ctx = self.ctx;
        let c = config();
        for (id, class, needs_ruling) in [
            ("logistics_quality_return_rate", "logistics", true),
            ("damage_return_rate", "damage", false),
        ] {
            let mut needs = vec![(FileKind::AfterSales, "reason")];
            if needs_ruling {
                needs.push((FileKind::AfterSales, "ruling"));
            }
            let have_columns = self.require(id, &needs);
            let Some(paid) = self.paid_population(id) else { continue };
            if !have_columns {
                continue;
            }
            let bad: Vec<BadRecord> = paid
                .iter()
                .filter_map(|order_id| ctx.first_reason_of(order_id, class))
                .filter(|a| !needs_ruling || contains_any(a.ruling.as_deref(), &c.logistics_rulings))
                .map(|a| {
                    let mut reason = format!("首次售后原因: {}", a.reason.as_deref().unwrap_or(""));
                    if let Some(ruling) = &a.ruling {
                        reason.push_str(&format!("; 判责: {ruling}"));
                    }
                    ctx.bad(&a.order_id, reason, Some(a.apply_time))
                })
                .collect();
            self.put(id, bad.len() as f64, paid.len() as f64, true, bad, false);
        }
    }

    /// 揽收时效达成率, 揽收时长平均得分, 平均揽收时长.
    fn pickup(&mut self) {
        let ctx = self.ctx;
        let e = &self.ctx.est;
        let paid_known = ctx.records.has_column(FileKind::Logistics, "paid_time") || ctx.records.has_column(FileKind::Orders, "paid_time");
        let have_pickup = self.require("pickup_hours_avg", &[(FileKind::Logistics, "pickup_time")]);
        if !paid_known {
            self.missing("pickup_hours_avg", FileKind::Logistics, "paid_time");
        }
        if !have_pickup || !paid_known {
            for id in ["pickup_score_avg", "pickup_on_time_rate"] {
                self.note("missing_input", format!("{id}: 需要物流明细文件 (logistics) 的 支付时间 与 揽收时间 列; 或直接填写该指标 | needs the payment and pickup times of a logistics file, or type it"));
            }
            return;
        }
        let mut seen = std::collections::HashSet::new();
        let shipments: Vec<&Shipment> = ctx.records.shipments.iter().filter(|s| seen.insert(s.order_id.as_str())).collect();

        // Averages over orders picked up in the window.
        let (mut hours_sum, mut score_sum, mut count) = (0.0, 0.0, 0usize);
        let (mut slow, mut low_score) = (Vec::new(), Vec::new());
        let mut no_paid = 0;
        for s in &shipments {
            let Some(pickup) = s.pickup_time.filter(|t| ctx.window.contains(*t)) else { continue };
            let Some(paid) = ctx.paid_time(s) else {
                no_paid += 1;
                continue;
            };
            let hours = (pickup - pickup_clock_start(paid)).max(0) as f64 / HOUR as f64;
            let abnormal = s.abnormal_compensation == Some(true);
            let score = if abnormal { e.pickup_score_floor } else { pickup_score(hours, e) };
            hours_sum += hours;
            score_sum += score;
            count += 1;
            if hours > e.bad_pickup_hours {
                slow.push(ctx.bad(&s.order_id, format!("揽收用时 {:.2} 小时", hours), Some(pickup)));
            }
            if score < 100.0 {
                let why = if abnormal { "物流异常赔付, 按 50 分计".to_string() } else { format!("揽收用时 {:.2} 小时, 得 {score} 分", hours) };
                low_score.push(ctx.bad(&s.order_id, why, Some(pickup)));
            }
        }
        if no_paid > 0 {
            self.note("bad_row", format!("pickup_hours_avg: {no_paid} 个已揽收订单没有支付时间, 未计入 | {no_paid} picked-up orders have no payment time and are left out"));
        }
        self.put("pickup_hours_avg", hours_sum, count as f64, false, slow, false);
        self.put("pickup_score_avg", score_sum, count as f64, false, low_score, true);

        // On-time rate over orders whose pickup deadline falls in the window.
        let (mut due, mut late) = (0usize, Vec::new());
        let mut no_promise = 0;
        for s in &shipments {
            let Some(paid) = ctx.paid_time(s) else { continue };
            let order = ctx.orders.get(s.order_id.as_str());
            // Pre-sale per the logistics file, else per the order type (预售) in the order export.
            let presale = s.presale.unwrap_or_else(|| order.is_some_and(|o| contains_any(o.order_type.as_deref(), &config().presale_order_types)));
            // 花卉/绿植/多肉 and QIC orders have 48 hours (product name or order type tells).
            let slow_goods = order.is_some_and(|o| {
                let words = &config().pickup_48h_keywords;
                o.products.iter().any(|p| contains_any(Some(p), words)) || contains_any(o.order_type.as_deref(), words)
            });
            let deadline = if presale {
                match s.promised_ship_time.or_else(|| ctx.orders.get(s.order_id.as_str()).and_then(|o| o.promised_ship_time)) {
                    Some(t) => t,
                    None => {
                        no_promise += 1;
                        continue;
                    }
                }
            } else if slow_goods {
                paid + 48 * HOUR
            } else {
                in_stock_pickup_due(paid)
            };
            if !ctx.window.contains(deadline) {
                continue;
            }
            due += 1;
            let reason = match s.pickup_time {
                _ if s.abnormal_compensation == Some(true) => Some("物流异常赔付, 按未达成计".to_string()),
                None => Some(format!("截止 {} 仍未揽收", cells::format_ts(deadline))),
                Some(p) if p > deadline => Some(format!("揽收 {} 晚于截止 {}", cells::format_ts(p), cells::format_ts(deadline))),
                Some(_) => None,
            };
            if let Some(reason) = reason {
                late.push(ctx.bad(&s.order_id, reason, s.pickup_time.or(Some(deadline))));
            }
        }
        if no_promise > 0 {
            self.note("bad_row", format!("pickup_on_time_rate: {no_promise} 个预售订单没有承诺发货时间, 未计入 | {no_promise} pre-sale orders have no promised ship time and are left out"));
        }
        let on_time = due - late.len();
        self.put("pickup_on_time_rate", on_time as f64, due as f64, true, late, false);
    }

    /// 运单配送时效达成率: waybills signed in the window with a verdict.
    fn delivery(&mut self) {
        let ctx = self.ctx;
        let id = "delivery_on_time_rate";
        if !self.require(id, &[(FileKind::Logistics, "delivery_on_time"), (FileKind::Logistics, "signed_time")]) {
            return;
        }
        let mut due = 0usize;
        let mut missed = Vec::new();
        for s in &ctx.records.shipments {
            let Some(signed) = s.signed_time.filter(|t| ctx.window.contains(*t)) else { continue };
            let abnormal = s.abnormal_compensation == Some(true);
            match (s.delivery_on_time, abnormal) {
                (None, false) => continue,
                (_, true) => missed.push(ctx.bad(&s.order_id, "物流异常赔付, 按未达成计", Some(signed))),
                (Some(false), _) => missed.push(ctx.bad(&s.order_id, "配送时效未达成", Some(signed))),
                (Some(true), _) => {}
            }
            due += 1;
        }
        let met = due - missed.len();
        self.put(id, met as f64, due as f64, true, missed, false);
    }

    /// 售后处理时长达成率 and 售后平均审核时长 (23:00–08:00 clock).
    fn after_sale_time(&mut self) {
        let ctx = self.ctx;
        let c = config();
        let e = &self.ctx.est;
        let have = self.require(
            "after_sale_review_hours",
            &[(FileKind::AfterSales, "status"), (FileKind::AfterSales, "agree_time")],
        );
        if !have {
            self.note("missing_input", "after_sale_on_time_rate: 需要售后明细文件 (after_sales) 的 售后状态 与 商家同意时间 列; 或直接填写该指标 | needs the status and agree time of an after_sales file, or type it".into());
            return;
        }
        let refunded: Vec<&AfterSale> = ctx
            .records
            .after_sales
            .iter()
            .filter(|a| ctx.window.contains(a.apply_time))
            .filter(|a| contains_any(a.status.as_deref(), &c.refund_success_status))
            .filter(|a| a.exempt != Some(true))
            .collect();
        let limit = e.after_sale_limit_hours;
        let mut late = Vec::new();
        for a in &refunded {
            match a.agree_time {
                None => late.push(ctx.bad(&a.order_id, format!("售后单 {} 无商家同意时间", a.after_sale_id), Some(a.apply_time))),
                Some(agree) => {
                    let hours = (agree - after_sale_clock_start(a.apply_time)).max(0) as f64 / HOUR as f64;
                    if hours > limit {
                        late.push(ctx.bad(&a.order_id, format!("售后单 {} 处理 {:.2} 小时, 超过 {limit} 小时", a.after_sale_id, hours), Some(a.apply_time)));
                    }
                }
            }
        }
        let on_time = refunded.len() - late.len();
        self.put("after_sale_on_time_rate", on_time as f64, refunded.len() as f64, true, late, true);

        let mut typed_missing = 0;
        let (mut sum, mut count, mut slow) = (0.0, 0usize, Vec::new());
        for a in &refunded {
            if !contains_any(a.kind.as_deref(), &c.review_time_types) {
                if a.kind.is_none() {
                    typed_missing += 1;
                }
                continue;
            }
            let Some(agree) = a.agree_time else { continue };
            let hours = (agree - after_sale_clock_start(a.apply_time)).max(0) as f64 / HOUR as f64;
            sum += hours;
            count += 1;
            if hours > e.bad_review_hours {
                slow.push(ctx.bad(&a.order_id, format!("售后单 {} 审核 {:.2} 小时", a.after_sale_id, hours), Some(a.apply_time)));
            }
        }
        if typed_missing > 0 {
            self.note("bad_row", format!("after_sale_review_hours: {typed_missing} 个退款成功的售后单没有售后类型, 未计入 | {typed_missing} refunded after-sales have no type and are left out"));
        }
        self.put("after_sale_review_hours", sum, count as f64, false, slow, false);
    }

    /// 飞鸽平均响应时长, 飞鸽会话不满意率, 3分钟人工回复率 from rounds, else from the per-agent daily export.
    fn feige(&mut self) {
        let ctx = self.ctx;
        let e = &self.ctx.est;
        if !ctx.records.has_kind(FileKind::FeigeRounds) {
            if ctx.records.has_kind(FileKind::FeigeAgents) {
                self.feige_from_agents();
            } else {
                for id in ["feige_avg_response_seconds", "feige_dissatisfaction_rate", "three_min_reply_rate"] {
                    self.missing(id, FileKind::FeigeRounds, "buyer_time");
                }
            }
            return;
        }
        let manual_known = ctx.records.has_column(FileKind::FeigeRounds, "manual");
        if !manual_known {
            self.note("approximation", "飞鸽会话明细没有 是否人工 列: 全部轮次按人工接待计 | the Feige rounds have no 是否人工 column: every round is taken as manual".into());
        }
        let is_manual = |m: Option<bool>| m.unwrap_or(!manual_known);
        let rounds: Vec<_> = ctx
            .records
            .feige_rounds
            .iter()
            .filter(|r| ctx.window.contains(r.session_start) && feige_session_counts(r.session_start))
            .filter(|r| is_manual(r.manual))
            .collect();
        let unanswered = e.unanswered_round_seconds;
        let (mut sum, mut slow, mut reversed) = (0i64, Vec::new(), 0);
        let mut counted = 0usize;
        for r in &rounds {
            let (seconds, why) = match r.reply_time {
                None => (unanswered, "未回复, 按 10 分钟计".to_string()),
                Some(reply) if reply < r.buyer_time => {
                    reversed += 1;
                    continue;
                }
                Some(reply) => (reply - r.buyer_time, format!("响应 {} 秒", reply - r.buyer_time)),
            };
            sum += seconds;
            counted += 1;
            if seconds as f64 > e.bad_response_seconds {
                let mut b = r.order_id.as_deref().map_or_else(BadRecord::default, |o| ctx.bad(o, "", None));
                b.agent = r.agent.clone().or(b.agent);
                b.reason = format!("会话 {}: {why}", r.session_id);
                b.time = Some(cells::format_ts(r.buyer_time));
                slow.push(b);
            }
        }
        if reversed > 0 {
            self.note("bad_row", format!("feige_avg_response_seconds: {reversed} 个轮次的回复时间早于买家消息时间, 未计入 | {reversed} rounds replied before the buyer wrote and are left out"));
        }
        self.put("feige_avg_response_seconds", sum as f64, counted as f64, false, slow, false);

        // Sessions with a manual-agent rating; the first rating given in the session counts.
        let mut sessions: BTreeMap<&str, (f64, &crate::records::parse::FeigeRound)> = BTreeMap::new();
        for r in &rounds {
            if let Some(rating) = r.rating {
                sessions.entry(r.session_id.as_str()).or_insert((rating, r));
            }
        }
        let unhappy: Vec<BadRecord> = sessions
            .iter()
            .filter(|(_, (rating, _))| *rating <= 3.0)
            .map(|(session, (rating, r))| {
                let mut b = r.order_id.as_deref().map_or_else(BadRecord::default, |o| ctx.bad(o, "", None));
                b.agent = r.agent.clone().or(b.agent);
                b.reason = format!("会话 {session} 评价 {rating} 星");
                b.time = Some(cells::format_ts(r.session_start));
                b
            })
            .collect();
        self.put("feige_dissatisfaction_rate", unhappy.len() as f64, sessions.len() as f64, true, unhappy, false);

        // 3-minute reply rate: manual buyer messages sent 08:00–23:00.
        let messages: Vec<_> = ctx
            .records
            .feige_rounds
            .iter()
            .filter(|r| is_manual(r.manual) && ctx.window.contains(r.buyer_time) && feige_session_counts(r.buyer_time))
            .collect();
        let late: Vec<BadRecord> = messages
            .iter()
            .filter(|r| r.reply_time.map_or(true, |t| t - r.buyer_time > 180))
            .map(|r| {
                let mut b = r.order_id.as_deref().map_or_else(BadRecord::default, |o| ctx.bad(o, "", None));
                b.agent = r.agent.clone().or(b.agent);
                b.reason = match r.reply_time {
                    None => format!("会话 {}: 未回复", r.session_id),
                    Some(t) => format!("会话 {}: {} 秒后回复", r.session_id, t - r.buyer_time),
                };
                b.time = Some(cells::format_ts(r.buyer_time));
                b
            })
            .collect();
        let within = messages.len() - late.len();
        self.put("three_min_reply_rate", within as f64, messages.len() as f64, true, late, false);
    }

    fn feige_from_agents(&mut self) {
        let ctx = self.ctx;
        let e = &self.ctx.est;
        self.note(
            "approximation",
            "飞鸽指标按客服接待量日报 (feige_agents) 以接待会话量加权估算; 会话明细 (feige_rounds) 更准确 | Feige indicators estimated from the per-agent daily export, weighted by sessions; the per-round export is exact".into(),
        );
        let days: Vec<_> = ctx
            .records
            .feige_agents
            .iter()
            .filter(|a| (ctx.window.start_day..=ctx.window.end_day).contains(&a.day))
            .collect();
        type Pick = fn(&crate::records::parse::FeigeAgentDay) -> Option<f64>;
        type IsBad = fn(f64, f64) -> bool;
        // (indicator, column, value of one agent-day, whether that agent-day is a bad one)
        let specs: [(&str, &str, Pick, IsBad); 3] = [
            ("feige_avg_response_seconds", "avg_response_seconds", |a| a.avg_response_seconds, |v, limit| v > limit),
            ("feige_dissatisfaction_rate", "dissatisfaction", |a| a.dissatisfaction, |v, _| v > 0.0),
            ("three_min_reply_rate", "three_min_rate", |a| a.three_min_rate, |v, _| v < 100.0),
        ];
        for (id, key, pick, is_bad) in specs {
            if !self.require(id, &[(FileKind::FeigeAgents, key)]) {
                continue;
            }
            let (mut weighted, mut sessions, mut bad) = (0.0, 0.0, Vec::new());
            for a in &days {
                let Some(v) = pick(a) else { continue };
                weighted += v * a.sessions;
                sessions += a.sessions;
                if is_bad(v, e.bad_response_seconds) {
                    bad.push(BadRecord {
                        agent: Some(a.agent.clone()),
                        reason: format!("{} {}: {v}", cells::format_day(a.day), kind_header(key)),
                        time: Some(cells::format_day(a.day)),
                        ..Default::default()
                    });
                }
            }
            // The export already gives rates in percent and times in seconds: weight, don't rescale.
            self.put(id, weighted, sessions, false, bad, true);
        }
    }

    /// 平台求助率: escalated orders ÷ orders where the buyer asked the merchant for help.
    fn platform_help(&mut self) {
        let ctx = self.ctx;
        let id = "platform_help_rate";
        let have_after_sales = ctx.records.has_column(FileKind::AfterSales, "arbitration");
        let have_rounds = ctx.records.has_column(FileKind::FeigeRounds, "escalated");
        if !have_after_sales && !have_rounds {
            self.missing(id, FileKind::AfterSales, "arbitration");
            self.missing(id, FileKind::FeigeRounds, "escalated");
            return;
        }
        if !have_after_sales {
            self.note("approximation", format!("{id}: 没有售后明细的 是否仲裁 列, 只按飞鸽会话计算 | no arbitration column (after_sales): counted from Feige sessions only"));
        }
        if !have_rounds {
            self.note("approximation", format!("{id}: 没有飞鸽会话明细的 是否升级平台求助 列, 只按售后单计算 | no escalation column (feige_rounds): counted from after-sales only"));
        }
        let mut asked: BTreeMap<&str, Option<(String, Ts)>> = BTreeMap::new();
        for a in ctx.records.after_sales.iter().filter(|a| ctx.window.contains(a.apply_time)) {
            let entry = asked.entry(a.order_id.as_str()).or_insert(None);
            if a.arbitration == Some(true) && entry.is_none() {
                *entry = Some((format!("售后单 {} 仲裁", a.after_sale_id), a.apply_time));
            }
        }
        for r in ctx.records.feige_rounds.iter() {
            let Some(order) = r.order_id.as_deref() else { continue };
            if !ctx.window.contains(r.session_start) || r.manual == Some(false) {
                continue;
            }
            let entry = asked.entry(order).or_insert(None);
            if r.escalated == Some(true) && entry.is_none() {
                *entry = Some((format!("会话 {} 升级平台求助", r.session_id), r.session_start));
            }
        }
        let bad: Vec<BadRecord> = asked
            .iter()
            .filter_map(|(order, why)| why.as_ref().map(|(reason, t)| ctx.bad(order, reason.clone(), Some(*t))))
            .collect();
        self.put(id, bad.len() as f64, asked.len() as f64, true, bad, false);
    }
}

impl Calc<'_, '_> {
    /// Seed and legacy indicators the exports can also give: 订单配送时长, 48小时发货率,
    /// 物流异常率, 缺货率, 纠纷退款率.
    fn shipping_extras(&mut self) {
        let ctx = self.ctx;
        let c = config();
        let e = &self.ctx.est;

        if self.require("delivery_hours_avg", &[(FileKind::Logistics, "pickup_time"), (FileKind::Logistics, "signed_time")]) {
            let (mut sum, mut count, mut slow) = (0.0, 0usize, Vec::new());
            for s in &ctx.records.shipments {
                let (Some(pickup), Some(signed)) = (s.pickup_time, s.signed_time) else { continue };
                if !ctx.window.contains(signed) || signed < pickup {
                    continue;
                }
                let hours = (signed - pickup) as f64 / HOUR as f64;
                sum += hours;
                count += 1;
                if hours > e.bad_delivery_hours {
                    slow.push(ctx.bad(&s.order_id, format!("揽收到签收 {hours:.2} 小时"), Some(signed)));
                }
            }
            self.put("delivery_hours_avg", sum, count as f64, false, slow, false);
        }

        if self.require("ship_48h_rate", &[(FileKind::Orders, "ship_time")]) {
            if let Some(paid) = self.paid_population("ship_48h_rate") {
                let (mut due, mut late) = (0usize, Vec::new());
                for order_id in &paid {
                    let Some(order) = ctx.orders.get(order_id.as_str()) else { continue };
                    let Some(paid_time) = order.paid_time else { continue };
                    let deadline = paid_time + 48 * HOUR;
                    if cells::day_of(deadline) > ctx.window.end_day {
                        continue; // not due yet on the window's last day
                    }
                    due += 1;
                    match order.ship_time {
                        Some(t) if t <= deadline => {}
                        Some(t) => late.push(ctx.bad(order_id, format!("支付后 {:.1} 小时发货", (t - paid_time) as f64 / HOUR as f64), Some(t))),
                        None => late.push(ctx.bad(order_id, "48 小时内未发货", Some(deadline))),
                    }
                }
                let on_time = due - late.len();
                self.put("ship_48h_rate", on_time as f64, due as f64, true, late, false);
            }
        }

        if self.require("logistics_abnormal_rate", &[(FileKind::Logistics, "abnormal_compensation"), (FileKind::Logistics, "pickup_time")]) {
            let waybills: Vec<&Shipment> = ctx.records.shipments.iter().filter(|s| s.pickup_time.is_some_and(|t| ctx.window.contains(t))).collect();
            let bad: Vec<BadRecord> = waybills
                .iter()
                .filter(|s| s.abnormal_compensation == Some(true))
                .map(|s| ctx.bad(&s.order_id, "物流异常赔付", s.pickup_time))
                .collect();
            self.put("logistics_abnormal_rate", bad.len() as f64, waybills.len() as f64, true, bad, false);
        }

        let have_reason = self.require("stockout_rate", &[(FileKind::AfterSales, "reason")]);
        if have_reason {
            if let Some(paid) = self.paid_population("stockout_rate") {
                let bad: Vec<BadRecord> = paid
                    .iter()
                    .filter_map(|o| ctx.first_after_sale.get(o.as_str()))
                    .filter(|a| a.exempt != Some(true) && contains_any(a.reason.as_deref(), &c.reasons.stockout))
                    .map(|a| ctx.bad(&a.order_id, format!("首次售后原因: {}", a.reason.as_deref().unwrap_or("")), Some(a.apply_time)))
                    .collect();
                self.put("stockout_rate", bad.len() as f64, paid.len() as f64, true, bad, false);
            }
        }

        if self.require("dispute_refund_rate", &[(FileKind::AfterSales, "arbitration"), (FileKind::AfterSales, "status")]) {
            if let Some(paid) = self.paid_population("dispute_refund_rate") {
                let paid: std::collections::HashSet<&str> = paid.iter().map(String::as_str).collect();
                let mut disputed: BTreeMap<&str, &AfterSale> = BTreeMap::new();
                for a in &ctx.records.after_sales {
                    if paid.contains(a.order_id.as_str())
                        && a.arbitration == Some(true)
                        && contains_any(a.status.as_deref(), &c.refund_success_status)
                    {
                        disputed.entry(a.order_id.as_str()).or_insert(a);
                    }
                }
                let bad: Vec<BadRecord> = disputed
                    .values()
                    .map(|a| ctx.bad(&a.order_id, format!("售后单 {} 经仲裁退款", a.after_sale_id), Some(a.apply_time)))
                    .collect();
                self.put("dispute_refund_rate", bad.len() as f64, paid.len() as f64, true, bad, false);
            }
        }
    }
}

fn kind_header(key: &str) -> &'static str {
    FileKind::FeigeAgents.field(key).map_or("", |f| f.headers[0])
}
