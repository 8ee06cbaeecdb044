//! The join pass: every finished file's compact records, merged by order key in one pass
//! (each file's records are sorted by key when it is finished), with the dedupe rules, handed
//! to the definitions one order at a time; then the Feige sessions, then the agent-days.
//!
//! Rules that make several files one shop (all in file order, the order files were added):
//! - an order's sub-order rows may sit in several files: the parts are merged (first
//!   non-missing value wins, products and statuses of every row kept, amounts summed); a
//!   file's part whose sub-orders were all read before (the same export twice, or
//!   overlapping exports) is a repeat and adds nothing. A part that repeats some sub-orders
//!   and adds others is merged whole (its rows are not told apart: only amounts can differ).
//! - one shipment per order (the first), one after-sale per 售后单号, one review per order,
//!   product, time and rating, one round per session and message time, one agent-day per
//!   day and agent.
//! - a Feige session starts once: the first start its rows give (in file order), else its
//!   first buyer message; every round of the session takes it.

use super::days::Slot;
use super::vocab::Vocab;
use super::{CountSettings, Estimates};
use crate::records::compact::{AfterSale, AgentDay, OrderPart, Review, Round, Shipment, Tri};
use crate::records::names::{day32, Ts, NO_TIME};
use crate::records::{FileKind, FileRecords, Key, Name, Names};
use crate::rules::RecordRules;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Which kinds were read, and which of their fields had a column, over all files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Has {
    pub columns: BTreeMap<FileKind, BTreeSet<&'static str>>,
}

impl Has {
    pub fn of(files: &[&FileRecords]) -> Has {
        let mut columns: BTreeMap<FileKind, BTreeSet<&'static str>> = BTreeMap::new();
        for f in files {
            if let Some(kind) = f.kind {
                columns
                    .entry(kind)
                    .or_default()
                    .extend(f.columns.iter().copied());
            }
        }
        Has { columns }
    }
    pub fn kind(&self, kind: FileKind) -> bool {
        self.columns.contains_key(&kind)
    }
    pub fn column(&self, kind: FileKind, key: &str) -> bool {
        self.columns.get(&kind).is_some_and(|c| c.contains(key))
    }
}

/// What the definitions read besides the records.
pub struct Build {
    pub vocab: Vocab,
    pub est: Estimates,
    /// The published definitions (差评 and 不满意 stars, the pickup floor, an unanswered
    /// round's seconds, the 48-hour industries and QIC orders).
    pub published: &'static RecordRules,
    /// The shop's industry gives every in-stock order 48 hours for pickup.
    pub slow_industry: bool,
}

impl Build {
    pub fn new(names: &Names, settings: &CountSettings) -> Build {
        let published = super::published();
        let slow_industry = settings.industry.as_deref().is_some_and(|industry| {
            published
                .pickup_48h_industries
                .iter()
                .any(|i| i == industry.trim())
        });
        Build {
            vocab: Vocab::of(names, &settings.estimates),
            est: settings.estimates.apply(),
            published,
            slow_industry,
        }
    }
}

/// Where a bad record came from: the file (by position among the files joined) and line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Origin {
    pub file: u16,
    pub line: u32,
}

/// An order as all files give it.
#[derive(Debug, Clone)]
pub struct OrderView<'a> {
    pub paid: Ts,
    pub promised: Ts,
    pub ship: Ts,
    /// NaN when no row gave an amount.
    pub amount: f32,
    pub province: Name,
    pub courier: Name,
    pub order_type: Name,
    pub cancel_reason: Name,
    /// The later day of 订单提交时间 and 订单完成时间 over the parts.
    pub last_day: i32,
    /// The parts merged, in file order (for the rows' products and statuses).
    pub parts: Vec<(&'a FileRecords, &'a OrderPart)>,
    /// The file the order was first read from.
    pub file: u16,
}

impl<'a> OrderView<'a> {
    fn first(index: u16, file: &'a FileRecords, p: &'a OrderPart) -> Self {
        let about = file.about(p);
        OrderView {
            file: index,
            paid: p.paid.get(),
            promised: p.promised.get(),
            ship: p.ship.get(),
            amount: p.amount,
            province: about.province,
            courier: about.courier,
            order_type: about.order_type,
            cancel_reason: about.cancel_reason,
            last_day: p.last_day,
            parts: vec![(file, p)],
        }
    }

    fn merge(&mut self, file: &'a FileRecords, p: &'a OrderPart) {
        let fill = |slot: &mut Ts, v: Ts| {
            if *slot == NO_TIME {
                *slot = v;
            }
        };
        fill(&mut self.paid, p.paid.get());
        fill(&mut self.promised, p.promised.get());
        fill(&mut self.ship, p.ship.get());
        if !p.amount.is_nan() {
            self.amount = if self.amount.is_nan() {
                p.amount
            } else {
                self.amount + p.amount
            };
        }
        let about = file.about(p);
        self.province = self.province.or(about.province);
        self.courier = self.courier.or(about.courier);
        self.order_type = self.order_type.or(about.order_type);
        self.cancel_reason = self.cancel_reason.or(about.cancel_reason);
        self.last_day = self.last_day.max(p.last_day);
        self.parts.push((file, p));
    }

    /// Where the order was read (the file; orders keep no line: they merge several rows).
    pub fn origin(&self) -> Origin {
        Origin {
            file: self.file,
            line: 0,
        }
    }

    /// Every row's (product, status), first file's rows first.
    pub fn rows(&self) -> impl Iterator<Item = (Name, Name)> + '_ {
        self.parts.iter().flat_map(|(f, p)| f.order_rows(p))
    }

    /// The distinct products, in row order.
    pub fn products(&self) -> Vec<Name> {
        let mut out: Vec<Name> = Vec::new();
        for (product, _) in self.rows() {
            if product.is_some() && !out.contains(&product) {
                out.push(product);
            }
        }
        out
    }

    /// Why the order is not a valid paid order, whatever the window (`None`: it is one
    /// when paid in the window): `unpaid`, `closed`, `excluded_type`, `zero_amount`.
    pub fn not_counted(&self, vocab: &Vocab) -> Option<&'static str> {
        use super::vocab::{CLOSED, EXCLUDED};
        if self.paid == NO_TIME {
            return Some("unpaid");
        }
        // Closed only when every sub-order row is (one closed gift line does not close it).
        let all_closed = self.rows().all(|(_, status)| vocab.is(status, CLOSED));
        // A gift line inside a normal order does not make it a gift order: only an order
        // whose every product is a gift/福袋/… is one.
        let products = self.products();
        if all_closed {
            Some("closed")
        } else if vocab.is(self.order_type, EXCLUDED)
            || vocab.is(self.cancel_reason, EXCLUDED)
            || (!products.is_empty() && products.iter().all(|p| vocab.is(*p, EXCLUDED)))
        {
            Some("excluded_type")
        } else if self.amount <= 0.0 {
            Some("zero_amount")
        } else {
            None
        }
    }
}

/// A round of a Feige session with an order, for the order-side joins (平台求助率, the agent
/// shown beside an order).
#[derive(Debug, Clone, Copy)]
pub struct OrderRound {
    pub order: Key,
    pub session: Key,
    /// The session's start.
    pub start: Ts,
    pub manual: Tri,
    pub escalated: Tri,
    pub agent: Name,
    pub origin: Origin,
}

/// Everything the files say about one order key.
pub struct Group<'a> {
    pub key: Key,
    pub order: Option<OrderView<'a>>,
    pub shipment: Option<(Origin, &'a Shipment)>,
    pub after_sales: Vec<(Origin, &'a AfterSale)>,
    pub reviews: Vec<(Origin, &'a Review)>,
    pub rounds: Vec<OrderRound>,
}

impl<'a> Group<'a> {
    /// The buyer's first after-sale (earliest request; file order breaks ties), if any.
    pub fn first_after_sale(&self) -> Option<(Origin, &'a AfterSale)> {
        let mut first: Option<(Origin, &'a AfterSale)> = None;
        for &(o, a) in &self.after_sales {
            if first.is_none_or(|(_, f)| a.apply < f.apply) {
                first = Some((o, a));
            }
        }
        first
    }

    /// The order's payment time: the logistics file's, else the order export's.
    pub fn paid(&self) -> Ts {
        match (self.shipment, &self.order) {
            (Some((_, s)), _) if s.paid.get() != NO_TIME => s.paid.get(),
            (_, Some(o)) => o.paid,
            _ => NO_TIME,
        }
    }
}

/// One Feige session's rounds (repeats dropped), in file order, and its start.
pub struct Session<'a> {
    pub key: Key,
    pub start: Ts,
    pub rounds: Vec<(Origin, &'a Round)>,
}

/// Receives each group, session and agent-day of the pass.
pub trait Visit<'a> {
    fn order(&mut self, group: &Group<'a>);
    fn session(&mut self, session: &Session<'a>);
    fn agent_day(&mut self, origin: Origin, day: &'a AgentDay);
}

/// The heads of several sorted lists (one per file), merged by key.
struct Cursors<'a, T> {
    lists: Vec<(u16, &'a [T])>,
    key: fn(&T) -> Key,
}

impl<'a, T> Cursors<'a, T> {
    fn new(
        files: &[&'a FileRecords],
        pick: fn(&'a FileRecords) -> &'a [T],
        key: fn(&T) -> Key,
    ) -> Self {
        Cursors {
            lists: files
                .iter()
                .enumerate()
                .map(|(i, f)| (i as u16, pick(f)))
                .filter(|(_, l)| !l.is_empty())
                .collect(),
            key,
        }
    }

    fn next_key(&self) -> Option<Key> {
        self.lists
            .iter()
            .filter_map(|(_, l)| l.first().map(self.key))
            .min()
    }

    /// Every item with `key`, file by file (file order kept within a file).
    fn take(&mut self, key: Key, out: &mut Vec<(u16, &'a T)>) {
        out.clear();
        let key_of = self.key;
        for (file, list) in &mut self.lists {
            let n = list.iter().take_while(|t| key_of(t) == key).count();
            out.extend(list[..n].iter().map(|t| (*file, t)));
            *list = &list[n..];
        }
    }
}

/// Counts of records dropped as repeats, for the `duplicate_records` warning.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Repeats {
    pub sub_orders: u64,
    pub shipments: u64,
    pub after_sales: u64,
    pub reviews: u64,
    pub rounds: u64,
    pub agent_days: u64,
}

impl Repeats {
    pub fn total(&self) -> u64 {
        self.sub_orders
            + self.shipments
            + self.after_sales
            + self.reviews
            + self.rounds
            + self.agent_days
    }
}

/// Join every file's records and hand them to `visit`: sessions first (they give the
/// order-side rounds), then orders by key, then agent-days.
pub fn join<'a>(files: &[&'a FileRecords], visit: &mut impl Visit<'a>) -> Repeats {
    let mut repeats = Repeats::default();
    let order_rounds = sessions(files, visit, &mut repeats);
    let repeated_after_sales = repeated_after_sales(files, &mut repeats);
    orders(
        files,
        &order_rounds,
        &repeated_after_sales,
        visit,
        &mut repeats,
    );
    agent_days(files, visit, &mut repeats);
    for f in files {
        repeats.sub_orders += f.repeated_sub_orders;
    }
    repeats
}

fn sessions<'a>(
    files: &[&'a FileRecords],
    visit: &mut impl Visit<'a>,
    repeats: &mut Repeats,
) -> Vec<OrderRound> {
    let mut cursors = Cursors::new(files, |f| &f.rounds, |r| r.session);
    let mut taken = Vec::new();
    let mut by_order = Vec::new();
    let mut session = Session {
        key: Key::NONE,
        start: NO_TIME,
        rounds: Vec::new(),
    };
    let mut seen: Vec<Ts> = Vec::new();
    while let Some(key) = cursors.next_key() {
        cursors.take(key, &mut taken);
        let given = taken
            .iter()
            .map(|(_, r)| r.start.get())
            .find(|&t| t != NO_TIME);
        let start = given.unwrap_or_else(|| {
            taken
                .iter()
                .map(|(_, r)| r.buyer.get())
                .min()
                .unwrap_or(NO_TIME)
        });
        session.key = key;
        session.start = start;
        session.rounds.clear();
        seen.clear();
        for &(file, r) in &taken {
            if seen.contains(&r.buyer.get()) {
                repeats.rounds += 1;
                continue;
            }
            seen.push(r.buyer.get());
            let origin = Origin { file, line: r.line };
            session.rounds.push((origin, r));
            if r.order.is_some() {
                by_order.push(OrderRound {
                    order: r.order,
                    session: key,
                    start,
                    manual: r.manual,
                    escalated: r.escalated,
                    agent: r.agent,
                    origin,
                });
            }
        }
        visit.session(&session);
    }
    by_order.sort_by_key(|r| (r.order, r.origin.file, r.origin.line));
    by_order
}

/// After-sales whose 售后单号 was read before (in file order), by (file, line).
fn repeated_after_sales(files: &[&FileRecords], repeats: &mut Repeats) -> HashSet<(u16, u32)> {
    let mut all: Vec<(Key, u16, u32)> = files
        .iter()
        .enumerate()
        .flat_map(|(i, f)| f.after_sales.iter().map(move |a| (a.id, i as u16, a.line)))
        .collect();
    all.sort_unstable();
    let mut repeated = HashSet::new();
    for pair in all.windows(2) {
        if pair[0].0 == pair[1].0 {
            repeated.insert((pair[1].1, pair[1].2));
        }
    }
    repeats.after_sales += repeated.len() as u64;
    repeated
}

fn orders<'a>(
    files: &[&'a FileRecords],
    order_rounds: &[OrderRound],
    repeated_after_sales: &HashSet<(u16, u32)>,
    visit: &mut impl Visit<'a>,
    repeats: &mut Repeats,
) {
    let mut orders = Cursors::new(files, |f| &f.orders, |o| o.key);
    let mut shipments = Cursors::new(files, |f| &f.shipments, |s| s.order);
    let mut after_sales = Cursors::new(files, |f| &f.after_sales, |a| a.order);
    let mut reviews = Cursors::new(files, |f| &f.reviews, |r| r.order);
    let mut rounds_at = 0usize;
    let (mut o_buf, mut s_buf, mut a_buf, mut r_buf) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut subs: Vec<Key> = Vec::new();
    let mut group = Group {
        key: Key::NONE,
        order: None,
        shipment: None,
        after_sales: Vec::new(),
        reviews: Vec::new(),
        rounds: Vec::new(),
    };
    loop {
        let next_round = order_rounds.get(rounds_at).map(|r| r.order);
        let key = [
            orders.next_key(),
            shipments.next_key(),
            after_sales.next_key(),
            reviews.next_key(),
            next_round,
        ]
        .into_iter()
        .flatten()
        .min();
        let Some(key) = key else { break };
        group.key = key;

        orders.take(key, &mut o_buf);
        group.order = None;
        subs.clear();
        for &(file, part) in &o_buf {
            let records = files[file as usize];
            let part_subs: Vec<Key> = records.order_subs(part).collect();
            match &mut group.order {
                None => group.order = Some(OrderView::first(file, records, part)),
                Some(view) => {
                    let repeat = part_subs.iter().all(|s| s.is_some() && subs.contains(s));
                    if repeat {
                        repeats.sub_orders += part_subs.len() as u64;
                        continue;
                    }
                    view.merge(records, part);
                }
            }
            subs.extend(part_subs);
        }

        shipments.take(key, &mut s_buf);
        group.shipment = s_buf
            .first()
            .map(|&(file, s)| (Origin { file, line: s.line }, s));
        repeats.shipments += s_buf.len().saturating_sub(1) as u64;

        after_sales.take(key, &mut a_buf);
        group.after_sales.clear();
        group.after_sales.extend(
            a_buf
                .iter()
                .filter(|(file, a)| !repeated_after_sales.contains(&(*file, a.line)))
                .map(|&(file, a)| (Origin { file, line: a.line }, a)),
        );

        reviews.take(key, &mut r_buf);
        group.reviews.clear();
        for &(file, r) in &r_buf {
            let same = group.reviews.iter().any(|(_, x): &(Origin, &Review)| {
                x.product_id == r.product_id && x.time.get() == r.time.get() && x.rating == r.rating
            });
            if same {
                repeats.reviews += 1;
            } else {
                group.reviews.push((Origin { file, line: r.line }, r));
            }
        }

        group.rounds.clear();
        while order_rounds.get(rounds_at).is_some_and(|r| r.order == key) {
            group.rounds.push(order_rounds[rounds_at]);
            rounds_at += 1;
        }
        visit.order(&group);
    }
}

fn agent_days<'a>(files: &[&'a FileRecords], visit: &mut impl Visit<'a>, repeats: &mut Repeats) {
    let mut seen = HashSet::new();
    for (i, f) in files.iter().enumerate() {
        for a in &f.agents {
            if seen.insert((a.day, a.agent)) {
                visit.agent_day(
                    Origin {
                        file: i as u16,
                        line: a.line,
                    },
                    a,
                );
            } else {
                repeats.agent_days += 1;
            }
        }
    }
}

/// The population day of a time (for a slot).
pub fn day(t: Ts) -> i32 {
    day32(t)
}

/// A slot on the day of `t`.
pub fn on(t: Ts) -> Slot {
    Slot::on(day32(t))
}
