//! Tables → typed records, one function per kind. A bad cell in a required field skips the
//! row (`bad_row`); in an optional field it leaves the field missing (`bad_cell`). Both carry
//! file, line and column; nothing becomes zero by default.

use super::cells::{self, Ts};
use super::kinds::{FileKind, Resolved};
use crate::messages::Warning;
use crate::ingest::{Row, Table};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Detailed warnings kept per file; past this only a count is kept.
pub const DETAIL_LIMIT: usize = 100;

/// One order (主订单) with its sub-order rows merged.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Order {
    pub order_id: String,
    /// The first sub-order's id (子订单编号), when the export has one.
    pub sub_order_id: Option<String>,
    pub line: u64,
    pub sub_orders: u32,
    pub products: Vec<String>,
    pub product_ids: Vec<String>,
    pub province: Option<String>,
    pub created_time: Option<Ts>,
    pub paid_time: Option<Ts>,
    pub status: Option<String>,
    pub promised_ship_time: Option<Ts>,
    pub order_type: Option<String>,
    pub after_sale_status: Option<String>,
    pub cancel_reason: Option<String>,
    pub ship_time: Option<Ts>,
    pub courier: Option<String>,
    /// Sum of the sub-orders' payable amounts (missing where no row gives one).
    pub amount: Option<f64>,
    pub finish_time: Option<Ts>,
    /// The 订单状态 of every sub-order row that has one: an order is closed only when all of
    /// its sub-orders are (one closed gift line does not close the order).
    pub sub_order_statuses: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Shipment {
    pub order_id: String,
    pub line: u64,
    pub paid_time: Option<Ts>,
    pub pickup_time: Option<Ts>,
    pub signed_time: Option<Ts>,
    pub presale: Option<bool>,
    pub promised_ship_time: Option<Ts>,
    pub courier: Option<String>,
    pub delivery_on_time: Option<bool>,
    pub abnormal_compensation: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AfterSale {
    pub after_sale_id: String,
    pub order_id: String,
    pub line: u64,
    pub kind: Option<String>,
    pub reason: Option<String>,
    pub apply_time: Ts,
    pub agree_time: Option<Ts>,
    pub status: Option<String>,
    pub arbitration: Option<bool>,
    pub ruling: Option<String>,
    pub exempt: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Review {
    pub order_id: String,
    pub line: u64,
    pub product_id: Option<String>,
    pub product: Option<String>,
    pub rating: f64,
    pub first: Option<bool>,
    pub time: Option<Ts>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FeigeRound {
    pub session_id: String,
    pub order_id: Option<String>,
    pub line: u64,
    pub session_start: Ts,
    pub buyer_time: Ts,
    pub reply_time: Option<Ts>,
    pub manual: Option<bool>,
    pub rating: Option<f64>,
    pub escalated: Option<bool>,
    pub agent: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FeigeAgentDay {
    pub line: u64,
    /// Day number since 1970-01-01.
    pub day: i64,
    pub agent: String,
    pub sessions: f64,
    pub dissatisfaction: Option<f64>,
    pub three_min_rate: Option<f64>,
    pub first_response_seconds: Option<f64>,
    pub avg_response_seconds: Option<f64>,
    pub satisfaction: Option<f64>,
}

/// One indicator value copied from the back end.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ValueRow {
    pub line: u64,
    pub indicator: String,
    pub value: Option<f64>,
    pub score: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// Weight in percent inside its dimension, as the back end shows it.
    pub weight: Option<f64>,
}

/// Everything read from all files, ready for `indicators`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    pub orders: Vec<Order>,
    pub shipments: Vec<Shipment>,
    pub after_sales: Vec<AfterSale>,
    pub reviews: Vec<Review>,
    pub feige_rounds: Vec<FeigeRound>,
    pub feige_agents: Vec<FeigeAgentDay>,
    pub values: Vec<ValueRow>,
    /// Which kinds were read, and which of their fields had a column.
    pub columns: BTreeMap<FileKind, BTreeSet<&'static str>>,
}

impl Records {
    pub fn has_kind(&self, kind: FileKind) -> bool {
        self.columns.contains_key(&kind)
    }
    pub fn has_column(&self, kind: FileKind, key: &str) -> bool {
        self.columns.get(&kind).is_some_and(|c| c.contains(key))
    }

    /// A round without a session start gets its session's: the one given on another round,
    /// else the session's first buyer message.
    pub fn fill_session_starts(&mut self) {
        use std::collections::HashMap;
        let mut given: HashMap<String, Ts> = HashMap::new();
        let mut first_message: HashMap<String, Ts> = HashMap::new();
        for r in &self.feige_rounds {
            if r.session_start != Ts::MIN {
                given.entry(r.session_id.clone()).or_insert(r.session_start);
            } else {
                let slot = first_message
                    .entry(r.session_id.clone())
                    .or_insert(r.buyer_time);
                *slot = (*slot).min(r.buyer_time);
            }
        }
        for r in self
            .feige_rounds
            .iter_mut()
            .filter(|r| r.session_start == Ts::MIN)
        {
            r.session_start = given
                .get(&r.session_id)
                .or_else(|| first_message.get(&r.session_id))
                .copied()
                .unwrap_or(r.buyer_time);
        }
    }

    /// Drop records seen twice (the same export dropped twice, or its GBK re-save beside it):
    /// one shipment per order, one after-sale per 售后单号, one review per order, product, time
    /// and rating, one round per session and message time, one agent-day. Returns how many.
    pub fn dedupe(&mut self) -> u64 {
        fn keep_first<T, K: std::hash::Hash + Eq>(
            items: &mut Vec<T>,
            key: impl Fn(&T) -> K,
        ) -> u64 {
            let before = items.len();
            let mut seen = std::collections::HashSet::new();
            items.retain(|item| seen.insert(key(item)));
            (before - items.len()) as u64
        }
        keep_first(&mut self.shipments, |s| s.order_id.clone())
            + keep_first(&mut self.after_sales, |a| a.after_sale_id.clone())
            + keep_first(&mut self.reviews, |r| {
                (
                    r.order_id.clone(),
                    r.product_id.clone(),
                    r.time,
                    r.rating.to_bits(),
                )
            })
            + keep_first(&mut self.feige_rounds, |r| {
                (r.session_id.clone(), r.buyer_time)
            })
            + keep_first(&mut self.feige_agents, |a| (a.day, a.agent.clone()))
    }
}

/// What reading one table produced besides records.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowProblems {
    /// Rows skipped (first `DETAIL_LIMIT`), with line, column and reason.
    pub skipped: Vec<Warning>,
    pub skipped_count: u64,
    /// Cells left missing (first `DETAIL_LIMIT`), and their count.
    pub bad_cells: Vec<Warning>,
    pub bad_cell_count: u64,
    pub rows_read: u64,
}

impl RowProblems {
    fn skip(&mut self, warning: Warning) {
        self.skipped_count += 1;
        if self.skipped.len() < DETAIL_LIMIT {
            self.skipped.push(warning);
        }
    }
    fn bad_cell(&mut self, warning: Warning) {
        self.bad_cell_count += 1;
        if self.bad_cells.len() < DETAIL_LIMIT {
            self.bad_cells.push(warning);
        }
    }
}

/// Reads one row's cells by field key, recording what is wrong with them.
struct Cells<'a> {
    table: &'a Table,
    resolved: &'a Resolved,
    row: &'a Row,
    /// Set when a required field is missing or unreadable: the row is skipped.
    skip: Option<Warning>,
    bad: Vec<Warning>,
}

impl<'a> Cells<'a> {
    fn header(&self, key: &str) -> String {
        self.resolved
            .columns
            .get(key)
            .and_then(|&i| self.table.headers.get(i))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    fn warning(&self, code: &str, key: &str, reason: String) -> Warning {
        Warning::legacy(code, reason).at(
            Some(&self.table.name),
            Some(self.row.line),
            Some(&self.header(key)),
        )
    }

    fn raw(&self, key: &str) -> Option<&'a str> {
        let index = *self.resolved.columns.get(key)?;
        cells::clean(self.row.cells.get(index)?)
    }

    fn problem(&mut self, key: &str, required: bool, reason: String) {
        if required {
            if self.skip.is_none() {
                self.skip =
                    Some(self.warning("bad_row", key, format!("行已跳过: {reason} | row skipped")));
            }
        } else {
            let w = self.warning(
                "bad_cell",
                key,
                format!("该字段按缺失处理: {reason} | cell taken as missing"),
            );
            self.bad.push(w);
        }
    }

    fn text(&mut self, key: &str, required: bool) -> Option<String> {
        let value = self.raw(key).map(str::to_string);
        if value.is_none() && required {
            self.problem(
                key,
                true,
                format!(
                    "必填列 {} 为空 (required column is empty)",
                    self.header(key)
                ),
            );
        }
        value
    }

    fn parsed<T>(
        &mut self,
        key: &str,
        required: bool,
        what: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let Some(raw) = self.raw(key) else {
            if required {
                self.problem(
                    key,
                    true,
                    format!(
                        "必填列 {} 为空 (required column is empty)",
                        self.header(key)
                    ),
                );
            }
            return None;
        };
        let value = parse(raw);
        if value.is_none() {
            let shown: String = raw.chars().take(40).collect();
            self.problem(key, required, format!("“{shown}” 不是{what} (unreadable)"));
        }
        value
    }

    fn time(&mut self, key: &str, required: bool) -> Option<Ts> {
        self.parsed(key, required, "日期时间", cells::parse_datetime)
    }
    fn flag(&mut self, key: &str) -> Option<bool> {
        self.parsed(key, false, "是/否", cells::parse_bool)
    }
    fn number(&mut self, key: &str, required: bool) -> Option<f64> {
        self.parsed(key, required, "数字", cells::parse_number)
    }
    fn percent(&mut self, key: &str) -> Option<f64> {
        self.parsed(key, false, "百分比", cells::parse_percent)
    }
    fn stars(&mut self, key: &str, required: bool) -> Option<f64> {
        self.parsed(key, required, "1–5 星评分", cells::parse_stars)
    }
}

/// Some exports write the courier as `SF-A-顺丰速运`: the name is the last part.
fn courier_name(text: String) -> String {
    match text.rsplit_once('-') {
        Some((_, name)) if !name.trim().is_empty() && !name.is_ascii() => name.trim().to_string(),
        _ => text,
    }
}

/// Arbitration columns hold either a flag or a status text (`仲裁中`, `仲裁完成`, `无`).
fn parse_arbitration(text: &str) -> Option<bool> {
    if let Some(flag) = cells::parse_bool(text) {
        return Some(flag);
    }
    if text.contains("未") || text.contains("无") || text.contains("不") {
        Some(false)
    } else if text.contains("仲裁") || text.contains("判责") || text.contains("介入") {
        Some(true)
    } else {
        None
    }
}

/// Read every row of `table` as `resolved.kind` into `records`.
pub fn read_table(table: &Table, resolved: &Resolved, records: &mut Records) -> RowProblems {
    let mut problems = RowProblems::default();
    records
        .columns
        .entry(resolved.kind)
        .or_default()
        .extend(resolved.columns.keys().copied());
    for row in &table.rows {
        if row.cells.iter().all(|c| cells::clean(c).is_none()) {
            continue; // blank line or a row of `-`: nothing to read, nothing lost
        }
        let mut c = Cells {
            table,
            resolved,
            row,
            skip: None,
            bad: Vec::new(),
        };
        let line = row.line;
        match resolved.kind {
            FileKind::Orders => {
                let order = Order {
                    order_id: c.text("order_id", true).unwrap_or_default(),
                    sub_order_id: c.text("sub_order_id", false),
                    line,
                    sub_orders: 1,
                    products: c.text("product", false).into_iter().collect(),
                    product_ids: c.text("product_id", false).into_iter().collect(),
                    province: c.text("province", false),
                    created_time: c.time("created_time", false),
                    paid_time: c.time("paid_time", false),
                    status: c.text("status", true),
                    promised_ship_time: c.time("promised_ship_time", false),
                    order_type: c.text("order_type", false),
                    after_sale_status: c.text("after_sale_status", false),
                    cancel_reason: c.text("cancel_reason", false),
                    ship_time: c.time("ship_time", false),
                    courier: c.text("courier", false).map(courier_name),
                    amount: c.number("amount", false),
                    finish_time: c.time("finish_time", false),
                    sub_order_statuses: Vec::new(), // filled by `group_orders`
                };
                finish_row(c, &mut problems, || records.orders.push(order));
            }
            FileKind::Logistics => {
                let shipment = Shipment {
                    order_id: c.text("order_id", true).unwrap_or_default(),
                    line,
                    paid_time: c.time("paid_time", false),
                    pickup_time: c.time("pickup_time", false),
                    signed_time: c.time("signed_time", false),
                    presale: c.flag("presale"),
                    promised_ship_time: c.time("promised_ship_time", false),
                    courier: c.text("courier", false),
                    delivery_on_time: c.flag("delivery_on_time"),
                    abnormal_compensation: c.flag("abnormal_compensation"),
                };
                finish_row(c, &mut problems, || records.shipments.push(shipment));
            }
            FileKind::AfterSales => {
                let after_sale = AfterSale {
                    after_sale_id: c.text("after_sale_id", true).unwrap_or_default(),
                    order_id: c.text("order_id", true).unwrap_or_default(),
                    line,
                    kind: c.text("type", false),
                    reason: c.text("reason", false),
                    apply_time: c.time("apply_time", true).unwrap_or_default(),
                    agree_time: c.time("agree_time", false),
                    status: c.text("status", false),
                    arbitration: c.parsed(
                        "arbitration",
                        false,
                        "是/否或仲裁状态",
                        parse_arbitration,
                    ),
                    ruling: c.text("ruling", false),
                    exempt: c.flag("exempt"),
                };
                finish_row(c, &mut problems, || records.after_sales.push(after_sale));
            }
            FileKind::Reviews => {
                let review = Review {
                    order_id: c.text("order_id", true).unwrap_or_default(),
                    line,
                    product_id: c.text("product_id", false),
                    product: c.text("product", false),
                    rating: c.stars("rating", true).unwrap_or_default(),
                    first: c.flag("first"),
                    time: c.time("time", false),
                };
                finish_row(c, &mut problems, || records.reviews.push(review));
            }
            FileKind::FeigeRounds => {
                let round = FeigeRound {
                    session_id: c.text("session_id", true).unwrap_or_default(),
                    order_id: c.text("order_id", false),
                    line,
                    // Filled from the session's first buyer message when absent (`fill_session_starts`).
                    session_start: c.time("session_start", false).unwrap_or(Ts::MIN),
                    buyer_time: c.time("buyer_time", true).unwrap_or_default(),
                    reply_time: c.time("reply_time", false),
                    manual: c.flag("manual"),
                    rating: c.stars("rating", false),
                    escalated: c.flag("escalated"),
                    agent: c.text("agent", false),
                };
                finish_row(c, &mut problems, || records.feige_rounds.push(round));
            }
            FileKind::FeigeAgents => {
                let day = c.time("date", true).map(cells::day_of).unwrap_or_default();
                let agent_day = FeigeAgentDay {
                    line,
                    day,
                    agent: c.text("agent", true).unwrap_or_default(),
                    sessions: c.number("sessions", true).unwrap_or_default(),
                    dissatisfaction: c.percent("dissatisfaction"),
                    three_min_rate: c.percent("three_min_rate"),
                    first_response_seconds: c.number("first_response_seconds", false),
                    avg_response_seconds: c.number("avg_response_seconds", false),
                    satisfaction: c.percent("satisfaction"),
                };
                finish_row(c, &mut problems, || records.feige_agents.push(agent_day));
            }
            FileKind::Values => {
                let value_row = ValueRow {
                    line,
                    indicator: c.text("indicator", true).unwrap_or_default(),
                    value: c.percent("value"),
                    score: c.number("score", false),
                    numerator: c.number("numerator", false),
                    denominator: c.number("denominator", false),
                    weight: c.percent("weight"),
                };
                finish_row(c, &mut problems, || records.values.push(value_row));
            }
        }
    }
    problems
}

fn finish_row(cells: Cells<'_>, problems: &mut RowProblems, keep: impl FnOnce()) {
    match cells.skip {
        Some(warning) => problems.skip(warning),
        None => {
            problems.rows_read += 1;
            for warning in cells.bad {
                problems.bad_cell(warning);
            }
            keep();
        }
    }
}

/// Merge sub-order rows into one order per 主订单编号 (first non-missing value wins; every
/// product and every sub-order status is kept; amounts are summed). Order of first appearance is kept.
pub fn group_orders(rows: Vec<Order>) -> Vec<Order> {
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut orders: Vec<Order> = Vec::new();
    for row in rows {
        match index.get(&row.order_id) {
            None => {
                index.insert(row.order_id.clone(), orders.len());
                let mut row = row;
                row.sub_order_statuses = row.status.iter().cloned().collect();
                orders.push(row);
            }
            Some(&i) => {
                let order = &mut orders[i];
                order.sub_orders += 1;
                order.sub_order_statuses.extend(row.status.iter().cloned());
                order.amount = match (order.amount, row.amount) {
                    (Some(a), Some(b)) => Some(a + b),
                    (a, b) => a.or(b),
                };
                for p in row.products {
                    if !order.products.contains(&p) {
                        order.products.push(p);
                    }
                }
                for p in row.product_ids {
                    if !order.product_ids.contains(&p) {
                        order.product_ids.push(p);
                    }
                }
                macro_rules! fill {
                    ($($field:ident),*) => { $( if order.$field.is_none() { order.$field = row.$field; } )* };
                }
                fill!(
                    province,
                    created_time,
                    paid_time,
                    status,
                    promised_ship_time,
                    order_type,
                    after_sale_status,
                    cancel_reason,
                    ship_time,
                    courier,
                    finish_time
                );
            }
        }
    }
    orders
}
