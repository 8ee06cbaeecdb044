//! The drill-down: the bad records behind one indicator in one window. They are not kept
//! between queries: the join runs again for that indicator and window and keeps references
//! ([`Bad`]: the order, the reason as data, file and line); only the rows shown (a page, or
//! every row for the CSV export) are turned into text, in both languages.

use super::aggregate::Definitions;
use super::days::{Counts, Slot};
use super::join::{self, Build, Group, Origin, Session, Visit};
use super::plan::Plan;
use super::window::Window;
use super::{CountSettings, Emit, Ind};
use crate::messages::{render, Param, Text};
use crate::records::cells::{self, Ts};
use crate::records::compact::AgentDay;
use crate::records::names::NO_TIME;
use crate::records::vocabulary::Blame;
use crate::records::{FileRecords, Key, Name, Names};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Why a record counts as bad, as data (rendered by the catalogue's `reason.*` sentences).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Why {
    PickupHours {
        hours: f64,
    },
    PickupScore {
        hours: f64,
        score: f64,
    },
    PickupCompensated {
        score: f64,
    },
    PickupFraud {
        score: f64,
    },
    CompensatedMissed,
    FraudMissed,
    NotPickedUp {
        deadline: Ts,
    },
    PickedUpLate {
        pickup: Ts,
        deadline: Ts,
    },
    DeliveryMissed,
    DeliveryHours {
        hours: f64,
    },
    ShippedAfter {
        hours: f64,
    },
    NotShipped,
    Abnormal,
    FirstReview {
        stars: f64,
    },
    BadReview {
        stars: f64,
    },
    FirstReason {
        reason: Name,
        ruling: Name,
    },
    Disputed {
        after_sale: Key,
    },
    AfterSaleSlow {
        after_sale: Key,
        hours: f64,
        limit: f64,
    },
    AfterSaleReview {
        after_sale: Key,
        hours: f64,
    },
    Unanswered {
        session: Key,
    },
    SlowReply {
        session: Key,
        seconds: i64,
    },
    SessionRated {
        session: Key,
        stars: f64,
    },
    NoReply {
        session: Key,
    },
    LateReply {
        session: Key,
        seconds: i64,
    },
    AgentDay {
        column: &'static str,
        value: f64,
    },
    Arbitrated {
        after_sale: Key,
        blame: Option<Blame>,
    },
    Escalated {
        session: Key,
    },
}

/// What is shown beside an order: its products, courier, province and agent.
#[derive(Debug, Clone, PartialEq)]
pub struct About {
    pub products: Vec<Name>,
    pub courier: Name,
    pub province: Name,
    pub agent: Name,
}

impl About {
    /// As the order's group tells: the order's products (else its first after-sale's or
    /// review's product), the shipment's courier (else the order export's), the province, the
    /// first agent who talked with the buyer.
    pub fn of(g: &Group<'_>) -> About {
        let mut products = g.order.as_ref().map(|o| o.products()).unwrap_or_default();
        if products.is_empty() {
            let after_sale = g.after_sales.iter().map(|(_, a)| a.product);
            let review = g.reviews.iter().map(|(_, r)| r.product);
            if let Some(product) = after_sale.chain(review).find(|p| p.is_some()) {
                products.push(product);
            }
        }
        let courier = match (g.shipment, &g.order) {
            (Some((_, s)), _) if s.courier.is_some() => s.courier,
            (_, Some(o)) => o.courier,
            _ => Name::NONE,
        };
        About {
            products,
            courier,
            province: g.order.as_ref().map_or(Name::NONE, |o| o.province),
            agent: g
                .rounds
                .iter()
                .map(|r| r.agent)
                .find(|a| a.is_some())
                .unwrap_or(Name::NONE),
        }
    }
}

/// One bad record, by reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Bad {
    /// The order it is about (`Key::NONE`: none, e.g. an agent-day).
    pub order: Key,
    /// Shown instead of the order's agent (a round's agent) or products (a review's product).
    pub agent: Name,
    pub product: Name,
    pub why: Why,
    pub time: Ts,
    /// The time is a day (agent-days).
    pub date_only: bool,
    pub origin: Origin,
    /// The order's products, courier, province, agent (looked up after the pass when the
    /// record was met away from its order, e.g. a Feige round).
    pub about: Option<About>,
}

impl Bad {
    pub fn of(order: Key, why: Why, time: Ts, origin: Origin) -> Bad {
        Bad {
            order,
            agent: Name::NONE,
            product: Name::NONE,
            why,
            time,
            date_only: false,
            origin,
            about: None,
        }
    }

    /// A bad record of the order `g` is about.
    pub fn in_group(g: &Group<'_>, why: Why, time: Ts, origin: Origin) -> Bad {
        Bad {
            about: Some(About::of(g)),
            ..Bad::of(g.key, why, time, origin)
        }
    }
    pub fn agent(mut self, agent: Name) -> Bad {
        self.agent = agent;
        self
    }
    pub fn product(mut self, product: Name) -> Bad {
        self.product = product;
        self
    }
    pub fn date_only(mut self) -> Bad {
        self.date_only = true;
        self
    }
}

/// One bad record as people read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BadRow {
    pub order_id: Option<String>,
    pub product: Option<String>,
    pub courier: Option<String>,
    pub province: Option<String>,
    pub agent: Option<String>,
    pub reason: Text,
    pub time: Option<String>,
    /// The file and line the record was read from (orders: the file only).
    pub file: Option<String>,
    pub line: Option<u32>,
}

/// Where bad records concentrate: names with their counts, most first (ten at most).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Top {
    pub product: Vec<(String, u64)>,
    pub courier: Vec<(String, u64)>,
    pub province: Vec<(String, u64)>,
    pub agent: Vec<(String, u64)>,
}

/// A page of one indicator's bad records in one window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrilldownPage {
    pub indicator: String,
    pub start: String,
    pub end: String,
    /// Bad records in all.
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
    pub rows: Vec<BadRow>,
    pub top: Top,
}

/// The drill-down emitter: counts are ignored, the wanted indicators' bad records kept.
struct Collecting {
    wanted: [bool; Ind::ALL],
    start: i32,
    end: i32,
    bad: Vec<(Ind, Bad)>,
}

impl Emit for Collecting {
    fn add(&mut self, _: Ind, _: Slot, _: Counts) {}
    fn collecting(&self, ind: Ind) -> Option<(i32, i32)> {
        self.wanted[ind.index()].then_some((self.start, self.end))
    }
    fn bad(&mut self, ind: Ind, bad: Bad) {
        self.bad.push((ind, bad));
    }
}

/// Collects [`About`] for a set of orders.
struct Describing<'k> {
    keys: &'k HashSet<Key>,
    found: HashMap<Key, About>,
}

impl<'a> Visit<'a> for Describing<'_> {
    fn order(&mut self, g: &Group<'a>) {
        if self.keys.contains(&g.key) {
            self.found.insert(g.key, About::of(g));
        }
    }
    fn session(&mut self, _: &Session<'a>) {}
    fn agent_day(&mut self, _: Origin, _: &'a AgentDay) {}
}

/// One indicator's bad records in one window, rendered on demand.
pub struct Drilldown {
    pub ind: Ind,
    pub window: Window,
    bad: Vec<Bad>,
}

/// The bad records of each of `wanted` in `window`, by reference, in time order (then order
/// id): one join pass for all of them, and one more to describe the orders of records met
/// away from their order (Feige rounds).
pub fn collect(
    files: &[&FileRecords],
    names: &Names,
    settings: &CountSettings,
    wanted: &[Ind],
    window: Window,
) -> Vec<Drilldown> {
    let has = join::Has::of(files);
    let plan = Plan::of(&has);
    let build = Build::new(names, settings);
    let (start, end) = window.days32();
    let mut flags = [false; Ind::ALL];
    for ind in wanted {
        flags[ind.index()] = true;
    }
    let mut visit = Definitions {
        build: &build,
        plan: &plan,
        out: Collecting {
            wanted: flags,
            start,
            end,
            bad: Vec::new(),
        },
    };
    join::join(files, &mut visit);
    let mut all = visit.out.bad;
    let keys: HashSet<Key> = all
        .iter()
        .filter(|(_, b)| b.about.is_none() && b.order.is_some())
        .map(|(_, b)| b.order)
        .collect();
    if !keys.is_empty() {
        let mut describing = Describing {
            keys: &keys,
            found: HashMap::new(),
        };
        join::join(files, &mut describing);
        for (_, b) in all.iter_mut().filter(|(_, b)| b.about.is_none()) {
            b.about = describing.found.get(&b.order).cloned();
        }
    }
    all.sort_by(|a, b| {
        (a.1.time, a.1.order, a.1.origin.file, a.1.origin.line).cmp(&(
            b.1.time,
            b.1.order,
            b.1.origin.file,
            b.1.origin.line,
        ))
    });
    wanted
        .iter()
        .map(|&ind| Drilldown {
            ind,
            window,
            bad: all
                .iter()
                .filter(|(i, _)| *i == ind)
                .map(|(_, b)| b.clone())
                .collect(),
        })
        .collect()
}

fn hours2(h: f64) -> Param {
    Param::from((h * 100.0).round() / 100.0)
}

impl Why {
    /// The catalogue key and parameters of the sentence.
    fn sentence(&self, names: &Names, ids: &Names) -> (&'static str, Vec<(&'static str, Param)>) {
        let id = |k: &Key| Param::from(k.text(ids));
        let ts = |t: &Ts| Param::from(cells::format_ts(*t));
        match self {
            Why::PickupHours { hours } => ("reason.pickup_hours", vec![("hours", hours2(*hours))]),
            Why::PickupScore { hours, score } => (
                "reason.pickup_score",
                vec![("hours", hours2(*hours)), ("score", Param::from(*score))],
            ),
            Why::PickupCompensated { score } => (
                "reason.pickup_compensated",
                vec![("score", Param::from(*score))],
            ),
            Why::PickupFraud { score } => {
                ("reason.pickup_fraud", vec![("score", Param::from(*score))])
            }
            Why::CompensatedMissed => ("reason.compensated_missed", vec![]),
            Why::FraudMissed => ("reason.fraud_missed", vec![]),
            Why::NotPickedUp { deadline } => {
                ("reason.not_picked_up", vec![("deadline", ts(deadline))])
            }
            Why::PickedUpLate { pickup, deadline } => (
                "reason.picked_up_late",
                vec![("pickup", ts(pickup)), ("deadline", ts(deadline))],
            ),
            Why::DeliveryMissed => ("reason.delivery_missed", vec![]),
            Why::DeliveryHours { hours } => {
                ("reason.delivery_hours", vec![("hours", hours2(*hours))])
            }
            Why::ShippedAfter { hours } => (
                "reason.shipped_after",
                vec![("hours", Param::from((hours * 10.0).round() / 10.0))],
            ),
            Why::NotShipped => ("reason.not_shipped", vec![]),
            Why::Abnormal => ("reason.abnormal", vec![]),
            Why::FirstReview { stars } => {
                ("reason.first_review", vec![("stars", Param::from(*stars))])
            }
            Why::BadReview { stars } => ("reason.bad_review", vec![("stars", Param::from(*stars))]),
            Why::FirstReason { reason, ruling } => {
                let reason = Param::from(names.text(*reason));
                if ruling.is_some() {
                    (
                        "reason.first_reason_ruling",
                        vec![
                            ("reason", reason),
                            ("ruling", Param::from(names.text(*ruling))),
                        ],
                    )
                } else {
                    ("reason.first_reason", vec![("reason", reason)])
                }
            }
            Why::Disputed { after_sale } => {
                ("reason.disputed", vec![("after_sale", id(after_sale))])
            }
            Why::AfterSaleSlow {
                after_sale,
                hours,
                limit,
            } => (
                "reason.after_sale_slow",
                vec![
                    ("after_sale", id(after_sale)),
                    ("hours", hours2(*hours)),
                    ("limit", Param::from(*limit)),
                ],
            ),
            Why::AfterSaleReview { after_sale, hours } => (
                "reason.after_sale_review",
                vec![("after_sale", id(after_sale)), ("hours", hours2(*hours))],
            ),
            Why::Unanswered { session } => ("reason.unanswered", vec![("session", id(session))]),
            Why::SlowReply { session, seconds } => (
                "reason.slow_reply",
                vec![("session", id(session)), ("seconds", Param::from(*seconds))],
            ),
            Why::SessionRated { session, stars } => (
                "reason.session_rated",
                vec![("session", id(session)), ("stars", Param::from(*stars))],
            ),
            Why::NoReply { session } => ("reason.no_reply", vec![("session", id(session))]),
            Why::LateReply { session, seconds } => (
                "reason.late_reply",
                vec![("session", id(session)), ("seconds", Param::from(*seconds))],
            ),
            Why::AgentDay { column, value } => {
                let label = crate::records::FileKind::FeigeAgents.label(column);
                (
                    "reason.agent_day",
                    vec![
                        (
                            "column",
                            serde_json::json!({"zh": label.zh, "en": label.en}),
                        ),
                        ("value", Param::from(*value)),
                    ],
                )
            }
            Why::Arbitrated { after_sale, blame } => match blame {
                Some(blame) => (
                    "reason.arbitrated_blame",
                    vec![
                        ("after_sale", id(after_sale)),
                        ("blame", Param::from(blame.id())),
                    ],
                ),
                None => ("reason.arbitrated", vec![("after_sale", id(after_sale))]),
            },
            Why::Escalated { session } => ("reason.escalated", vec![("session", id(session))]),
        }
    }

    /// The reason in both languages.
    pub fn text(&self, names: &Names, ids: &Names) -> Text {
        let (key, params) = self.sentence(names, ids);
        let params: BTreeMap<String, Param> = params
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        render(key, &params)
    }
}

impl Drilldown {
    /// Bad records in all.
    pub fn total(&self) -> usize {
        self.bad.len()
    }

    /// The references, in the order shown.
    pub fn bad(&self) -> &[Bad] {
        &self.bad
    }

    fn products_text(&self, bad: &Bad, names: &Names) -> Option<String> {
        if bad.product.is_some() {
            return Some(names.text(bad.product).to_string());
        }
        let about = bad.about.as_ref()?;
        (!about.products.is_empty()).then(|| {
            about
                .products
                .iter()
                .map(|p| names.text(*p))
                .collect::<Vec<_>>()
                .join("、")
        })
    }

    /// Row `index` as people read it; `files` names the files by their position in the join.
    pub fn row(
        &self,
        index: usize,
        names: &Names,
        ids: &Names,
        files: &[String],
    ) -> Option<BadRow> {
        let bad = self.bad.get(index)?;
        let about = bad.about.as_ref();
        let name = |n: Name| names.get(n).map(str::to_string);
        let agent = if bad.agent.is_some() {
            bad.agent
        } else {
            about.map_or(Name::NONE, |a| a.agent)
        };
        Some(BadRow {
            order_id: bad.order.is_some().then(|| bad.order.text(ids)),
            product: self.products_text(bad, names),
            courier: about.and_then(|a| name(a.courier)),
            province: about.and_then(|a| name(a.province)),
            agent: name(agent),
            reason: bad.why.text(names, ids),
            time: (bad.time != NO_TIME).then(|| {
                if bad.date_only {
                    cells::format_day(cells::day_of(bad.time))
                } else {
                    cells::format_ts(bad.time)
                }
            }),
            file: files.get(bad.origin.file as usize).cloned(),
            line: (bad.origin.line > 0).then_some(bad.origin.line),
        })
    }

    /// Where the bad records concentrate (ten names at most per list).
    pub fn top(&self, names: &Names) -> Top {
        const TOP_N: usize = 10;
        let mut counts: [BTreeMap<String, u64>; 4] = Default::default();
        for bad in &self.bad {
            let about = bad.about.as_ref();
            let agent = if bad.agent.is_some() {
                bad.agent
            } else {
                about.map_or(Name::NONE, |a| a.agent)
            };
            let picks = [
                self.products_text(bad, names),
                about.and_then(|a| names.get(a.courier).map(str::to_string)),
                about.and_then(|a| names.get(a.province).map(str::to_string)),
                names.get(agent).map(str::to_string),
            ];
            for (slot, pick) in counts.iter_mut().zip(picks) {
                if let Some(name) = pick {
                    *slot.entry(name).or_default() += 1;
                }
            }
        }
        let rank = |map: BTreeMap<String, u64>| {
            let mut ranked: Vec<(String, u64)> = map.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            ranked.truncate(TOP_N);
            ranked
        };
        let [product, courier, province, agent] = counts;
        Top {
            product: rank(product),
            courier: rank(courier),
            province: rank(province),
            agent: rank(agent),
        }
    }

    /// Page `page` (0-based) of `page_size` rows, with the totals and top lists.
    pub fn page(
        &self,
        page: u64,
        page_size: u64,
        names: &Names,
        ids: &Names,
        files: &[String],
    ) -> DrilldownPage {
        let size = page_size.clamp(1, 10_000);
        let first = page.saturating_mul(size) as usize;
        let rows = (first..first.saturating_add(size as usize))
            .map_while(|i| self.row(i, names, ids, files))
            .collect();
        DrilldownPage {
            indicator: self.ind.id().to_string(),
            start: self.window.start(),
            end: self.window.end(),
            total: self.bad.len() as u64,
            page,
            page_size: size,
            rows,
            top: self.top(names),
        }
    }

    /// Every row as CSV (UTF-8 with BOM, header in `lang`), written as it is rendered. Cells
    /// that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a
    /// leading `'`.
    pub fn write_csv(
        &self,
        out: &mut impl std::fmt::Write,
        lang: crate::messages::Lang,
        names: &Names,
        ids: &Names,
        files: &[String],
    ) -> std::fmt::Result {
        let header: [&str; 10] = match lang {
            crate::messages::Lang::Zh => [
                "指标",
                "订单编号",
                "商品",
                "快递公司",
                "省份",
                "客服",
                "原因",
                "时间",
                "文件",
                "行",
            ],
            crate::messages::Lang::En => [
                "indicator",
                "order ID",
                "product",
                "courier",
                "province",
                "agent",
                "reason",
                "time",
                "file",
                "line",
            ],
        };
        out.write_str("\u{feff}")?;
        out.write_str(&header.join(","))?;
        out.write_str("\r\n")?;
        let indicator =
            crate::messages::render_param("indicator", &Param::from(self.ind.id()), lang);
        for i in 0..self.bad.len() {
            let Some(row) = self.row(i, names, ids, files) else {
                break;
            };
            let cells = [
                Some(indicator.clone()),
                row.order_id,
                row.product,
                row.courier,
                row.province,
                row.agent,
                Some(row.reason.get(lang).to_string()),
                row.time,
                row.file,
                row.line.map(|l| l.to_string()),
            ];
            let line: Vec<String> = cells
                .iter()
                .map(|c| csv_cell(c.as_deref().unwrap_or("")))
                .collect();
            out.write_str(&line.join(","))?;
            out.write_str("\r\n")?;
        }
        Ok(())
    }
}

/// A CSV cell, formula-neutralised and quoted where needed.
pub fn csv_cell(text: &str) -> String {
    let mut text = text.to_string();
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        text.insert(0, '\'');
    }
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}
