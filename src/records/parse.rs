//! One file's rows → compact records: a [`RowSink`] that detects the kind from the header
//! row, then parses only the cells the kind needs from the reused record. A bad cell in a
//! required field skips the row (`bad_row`); in an optional field it leaves the field missing
//! (`bad_cell`). Both carry file, line and column; nothing becomes zero by default.
//!
//! Sub-order rows of one order are merged here (first non-missing value wins; every product
//! and status is kept; amounts summed); a sub-order id seen twice in the file counts once.

use super::cells::{self, Ts};
use super::compact::{
    new_order, AfterSale, AgentDay, ExtraRow, FileRecords, OrderAbout, Review, Round, Shipment,
    ShipmentFlags, Stars, Tri, ValueRow, NO_EXTRA,
};
use super::kinds::{self, ColumnMapping, FileKind, Resolved};
use super::names::{day32, Key, Name, Names, Time, NO_TIME};
use super::vocabulary::{vocabulary, Arbitration, Shipped, Table};
use crate::ingest::{Record, RowSink};
use crate::messages::{Text, Warning};
use serde::Serialize;
use std::collections::HashMap;

/// Detailed warnings kept per file; past this only a count is kept.
pub const DETAIL_LIMIT: usize = 100;

/// What reading one file's rows produced besides records.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowProblems {
    /// Rows skipped (first `DETAIL_LIMIT`), with line, column and reason.
    pub skipped: Vec<Warning>,
    pub skipped_count: u64,
    /// Cells left missing (first `DETAIL_LIMIT`), and their count.
    pub bad_cells: Vec<Warning>,
    pub bad_cell_count: u64,
    /// Rows read into records.
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

/// One column the file gave a field: which field, in words, under which header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnUse {
    pub field: &'static str,
    pub label: Text,
    pub header: String,
    /// What the column feeds, in words (filled by the pipeline from `indicators`: records do
    /// not know what an indicator is).
    pub used_for: Text,
}

/// A value of a column that its kind's vocabulary does not know, with how often it was met.
#[derive(Debug, Clone)]
struct UnknownValue {
    field: &'static str,
    column: String,
    value: String,
    /// The indicators its records are left out of (ids).
    left_out_of: &'static [String],
    rows: u64,
    first_line: u64,
}

/// Unknown values met so far: each distinct one once (up to [`DETAIL_LIMIT`]), then a count.
#[derive(Debug, Clone, Default)]
struct Unknowns {
    values: Vec<UnknownValue>,
    more_rows: u64,
}

impl Unknowns {
    /// The warnings for the file's summary: one per distinct value and column.
    fn warnings(&self, file: &str) -> Vec<Warning> {
        let mut out: Vec<Warning> = self
            .values
            .iter()
            .map(|u| {
                let key = if u.left_out_of.is_empty() {
                    "unknown_value.ignored"
                } else {
                    "unknown_value"
                };
                Warning::of(key)
                    .subject(file)
                    .param("file", file)
                    .param("column", u.column.as_str())
                    .param("value", u.value.as_str())
                    .param("count", u.rows)
                    .param("line", u.first_line)
                    .param("indicators", u.left_out_of.to_vec())
                    .at(Some(file), Some(u.first_line), Some(&u.column))
            })
            .collect();
        if self.more_rows > 0 {
            out.push(
                Warning::of("unknown_value.more")
                    .subject(file)
                    .param("file", file)
                    .param("count", self.more_rows)
                    .param("limit", DETAIL_LIMIT)
                    .at(Some(file), None, None),
            );
        }
        out
    }
}

/// How the file's kind was told from its headers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detection {
    pub headers: Vec<String>,
    /// The kind read, when the headers have all its required columns.
    pub kind: Option<FileKind>,
    /// The kind was read from few columns, or another kind fits as well: the page lets the
    /// user change it.
    pub guessed: bool,
    /// When no kind fits: the kind the headers look most like, the columns it found, and the
    /// required ones it lacks (to map).
    pub closest: Option<FileKind>,
    pub closest_columns: Vec<ColumnUse>,
    pub missing_required: Vec<&'static str>,
    /// Which column gave which field.
    pub columns: Vec<ColumnUse>,
}

/// The column indexes one kind reads, looked up once from the header, and a cache of the
/// lookups by field key: the row functions ask by key (a string literal) on every row, and a
/// pointer comparison is cheaper than finding the key among the kind's fields each time (a
/// miss, e.g. the same text at another address, only costs the lookup).
#[derive(Debug, Clone, Default)]
struct Columns {
    by_field: Vec<Option<usize>>,
    cache: Vec<(usize, usize, Option<usize>)>,
}

impl Columns {
    fn of(resolved: &Resolved) -> Self {
        Columns {
            by_field: resolved
                .kind
                .fields()
                .iter()
                .map(|f| resolved.columns.get(f.key).copied())
                .collect(),
            cache: Vec::new(),
        }
    }

    fn get(&mut self, kind: FileKind, key: &'static str) -> Option<usize> {
        let id = (key.as_ptr() as usize, key.len());
        if let Some(&(_, _, column)) = self.cache.iter().find(|(p, l, _)| (*p, *l) == id) {
            return column;
        }
        let column = self.by_field.get(field(kind, key)).copied().flatten();
        self.cache.push((id.0, id.1, column));
        column
    }
}

/// The position of `key` in the kind's field table (a build bug if absent: tested).
fn field(kind: FileKind, key: &str) -> usize {
    kind.fields()
        .iter()
        .position(|f| f.key == key)
        .unwrap_or_else(|| panic!("{kind:?} has no field {key}"))
}

/// Reads one file's rows into compact records. Feed it with [`FileParser::sink`].
pub struct FileParser {
    name: String,
    mapping: ColumnMapping,
    detection: Detection,
    resolved: Option<Resolved>,
    columns: Columns,
    records: FileRecords,
    problems: RowProblems,
    /// Orders only, while reading: order key → index in `records.orders`, and each
    /// [`OrderAbout`] → its index in `records.abouts`.
    order_index: HashMap<Key, u32>,
    about_index: HashMap<OrderAbout, u32>,
    /// Rows read while the kind is unknown (counted, not parsed).
    unread_rows: u64,
    /// Values the kind's vocabulary does not know.
    unknown: Unknowns,
    /// Reused per row.
    bad: Vec<Warning>,
}

/// A [`FileParser`] with the session's interners: what a reader feeds rows to.
pub struct Feed<'a> {
    parser: &'a mut FileParser,
    names: &'a mut Names,
    ids: &'a mut Names,
}

impl FileParser {
    /// A parser for the file `name`; `mapping` names columns or the kind where the headers
    /// do not.
    pub fn new(name: &str, mapping: ColumnMapping) -> Self {
        FileParser {
            name: name.to_string(),
            mapping,
            detection: Detection::default(),
            resolved: None,
            columns: Columns::default(),
            records: FileRecords::default(),
            problems: RowProblems::default(),
            order_index: HashMap::new(),
            about_index: HashMap::new(),
            unread_rows: 0,
            unknown: Unknowns::default(),
            bad: Vec::new(),
        }
    }

    /// The sink a reader feeds, with the session's interners.
    pub fn sink<'a>(&'a mut self, names: &'a mut Names, ids: &'a mut Names) -> Feed<'a> {
        Feed {
            parser: self,
            names,
            ids,
        }
    }

    pub fn detection(&self) -> &Detection {
        &self.detection
    }

    /// Rows read into records so far.
    pub fn rows_read(&self) -> u64 {
        self.problems.rows_read
    }

    /// Bytes held while reading (records so far and the order index).
    pub fn heap_bytes(&self) -> usize {
        self.records.heap_bytes()
            + self.order_index.capacity() * 16
            + self.about_index.capacity() * 24
    }

    /// The file's records, sorted for the joins, and what was wrong with its rows.
    pub fn finish(mut self) -> (FileRecords, Detection, RowProblems) {
        drop(std::mem::take(&mut self.order_index));
        drop(std::mem::take(&mut self.about_index));
        self.records.sort();
        self.records.shrink();
        if self.detection.kind.is_none() {
            self.problems.rows_read = 0;
        }
        let unknown = self.unknown.warnings(&self.name);
        self.problems.bad_cells.splice(0..0, unknown);
        (self.records, self.detection, self.problems)
    }

    /// Rows the file has that were not read because its kind is unknown.
    pub fn unread_rows(&self) -> u64 {
        self.unread_rows
    }

    fn header(&mut self, record: &Record) {
        let headers = record.to_strings();
        let detected = kinds::detect(&headers, &self.mapping);
        let uses = |resolved: &Resolved| -> Vec<ColumnUse> {
            resolved
                .kind
                .fields()
                .iter()
                .filter_map(|f| {
                    let index = *resolved.columns.get(f.key)?;
                    Some(ColumnUse {
                        field: f.key,
                        label: resolved.kind.label(f.key),
                        header: headers.get(index)?.trim().to_string(),
                        used_for: Text::default(),
                    })
                })
                .collect()
        };
        match detected {
            Ok(resolved) => {
                self.detection.kind = Some(resolved.kind);
                self.detection.guessed = kinds::is_guess(&headers, &self.mapping, &resolved);
                self.detection.columns = uses(&resolved);
                self.records.kind = Some(resolved.kind);
                self.records.columns = resolved.columns.keys().copied().collect();
                self.columns = Columns::of(&resolved);
                self.resolved = Some(resolved);
            }
            Err(partial) => {
                if let Some(p) = partial {
                    self.detection.closest = Some(p.kind);
                    self.detection.closest_columns = uses(&p);
                    self.detection.missing_required = p.missing_required.clone();
                }
            }
        }
        self.detection.headers = headers;
    }

    fn row(&mut self, record: &Record, names: &mut Names, ids: &mut Names) {
        let Some(kind) = self.resolved.as_ref().map(|r| r.kind) else {
            self.unread_rows += 1;
            return;
        };
        if record.cells().all(|c| cells::clean(c).is_none()) {
            return; // blank line or a row of `-`: nothing to read, nothing lost
        }
        let mut bad = std::mem::take(&mut self.bad);
        bad.clear();
        let mut c = Cells {
            record,
            file: &self.name,
            headers: &self.detection.headers,
            columns: &mut self.columns,
            kind,
            skip: None,
            bad: &mut bad,
            unknown: &mut self.unknown,
        };
        let kept = match kind {
            FileKind::Orders => order_row(
                &mut c,
                &mut self.records,
                (&mut self.order_index, &mut self.about_index),
                names,
                ids,
            ),
            FileKind::Logistics => shipment_row(&mut c, &mut self.records, names, ids),
            FileKind::AfterSales => after_sale_row(&mut c, &mut self.records, names, ids),
            FileKind::Reviews => review_row(&mut c, &mut self.records, names, ids),
            FileKind::FeigeRounds => round_row(&mut c, &mut self.records, names, ids),
            FileKind::FeigeAgents => agent_row(&mut c, &mut self.records, names),
            FileKind::Values => value_row(&mut c, &mut self.records),
        };
        match c.skip.take() {
            Some(warning) => self.problems.skip(warning),
            None => {
                debug_assert!(kept);
                self.problems.rows_read += 1;
                for warning in bad.drain(..) {
                    self.problems.bad_cell(warning);
                }
            }
        }
        self.bad = bad;
    }
}

impl RowSink for Feed<'_> {
    fn header(&mut self, header: &Record) {
        self.parser.header(header);
    }
    fn row(&mut self, row: &Record) {
        self.parser.row(row, self.names, self.ids);
    }
}

/// Reads one row's cells by field, recording what is wrong with them.
struct Cells<'r> {
    record: &'r Record,
    file: &'r str,
    headers: &'r [String],
    columns: &'r mut Columns,
    kind: FileKind,
    /// Set when a required field is missing or unreadable: the row is skipped.
    skip: Option<Warning>,
    bad: &'r mut Vec<Warning>,
    unknown: &'r mut Unknowns,
}

impl<'r> Cells<'r> {
    fn column(&mut self, key: &'static str) -> Option<usize> {
        self.columns.get(self.kind, key)
    }

    fn header(&mut self, key: &'static str) -> String {
        self.column(key)
            .and_then(|i| self.headers.get(i))
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|| self.kind.label(key).zh)
    }

    fn raw(&mut self, key: &'static str) -> Option<&'r str> {
        cells::clean(self.record.get(self.column(key)?)?)
    }

    fn problem(&mut self, key: &'static str, required: bool, warning: Warning) {
        let column = self.header(key);
        let warning = warning
            .subject(self.file)
            .param("file", self.file)
            .param("column", column.as_str())
            .at(Some(self.file), Some(self.record.line()), Some(&column));
        if required {
            if self.skip.is_none() {
                self.skip = Some(warning);
            }
        } else {
            self.bad.push(warning);
        }
    }

    fn text(&mut self, key: &'static str, required: bool) -> Option<&'r str> {
        let value = self.raw(key);
        if value.is_none() && required {
            self.problem(key, true, Warning::of("bad_row.required_empty"));
        }
        value
    }

    fn name(&mut self, key: &'static str, names: &mut Names) -> Name {
        self.raw(key).map_or(Name::NONE, |t| names.intern(t))
    }

    fn parsed<T>(
        &mut self,
        key: &'static str,
        required: bool,
        value_kind: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let Some(raw) = self.raw(key) else {
            if required {
                self.problem(key, true, Warning::of("bad_row.required_empty"));
            }
            return None;
        };
        let value = parse(raw);
        if value.is_none() {
            let shown: String = raw.chars().take(40).collect();
            let w = Warning::of(if required {
                "bad_row.unreadable"
            } else {
                "bad_cell"
            })
            .param("value", shown)
            .param("value_kind", value_kind);
            self.problem(key, required, w);
        }
        value
    }

    /// A date-time the compact records can keep (1932–2067; outside, the cell is unreadable).
    fn time(&mut self, key: &'static str, required: bool) -> Ts {
        let t = self
            .parsed(key, required, "datetime", cells::parse_datetime)
            .unwrap_or(NO_TIME);
        if t != NO_TIME && Time::of(t).is_none() {
            let shown: String = self.raw(key).unwrap_or("").chars().take(40).collect();
            let w = Warning::of(if required {
                "bad_row.unreadable"
            } else {
                "bad_cell"
            })
            .param("value", shown)
            .param("value_kind", "datetime_in_range");
            self.problem(key, required, w);
            return NO_TIME;
        }
        t
    }
    fn flag(&mut self, key: &'static str) -> Tri {
        Tri::of(self.parsed(key, false, "yes_no", cells::parse_bool))
    }
    fn number(&mut self, key: &'static str, required: bool) -> Option<f64> {
        self.parsed(key, required, "number", cells::parse_number)
    }
    fn percent(&mut self, key: &'static str) -> Option<f64> {
        self.parsed(key, false, "percent", cells::parse_percent)
    }
    fn stars(&mut self, key: &'static str, required: bool) -> Option<f64> {
        self.parsed(key, required, "stars", cells::parse_stars)
    }

    /// The class of the cell's value in the column's vocabulary; `None` when the cell is
    /// empty or holds a value the vocabulary does not know (named in one warning per value).
    fn class<C: Ord + Copy>(&mut self, key: &'static str, table: &'static Table<C>) -> Option<C> {
        let raw = self.raw(key)?;
        let class = table.class(raw);
        if class.is_none() {
            self.unknown_value(key, raw, &table.left_out_of);
        }
        class
    }

    fn unknown_value(&mut self, key: &'static str, raw: &str, left_out_of: &'static [String]) {
        let line = self.record.line();
        let known = self
            .unknown
            .values
            .iter_mut()
            .find(|u| u.field == key && u.value == raw);
        if let Some(u) = known {
            u.rows += 1;
        } else if self.unknown.values.len() >= DETAIL_LIMIT {
            self.unknown.more_rows += 1;
        } else {
            let column = self.header(key);
            self.unknown.values.push(UnknownValue {
                field: key,
                column,
                value: raw.chars().take(40).collect(),
                left_out_of,
                rows: 1,
                first_line: line,
            });
        }
    }

    fn line(&self) -> u32 {
        u32::try_from(self.record.line()).unwrap_or(u32::MAX)
    }
}

/// Some exports write the courier as `SF-A-顺丰速运`: the name is the last part.
fn courier_name(text: &str) -> &str {
    match text.rsplit_once('-') {
        Some((_, name)) if !name.trim().is_empty() && !name.is_ascii() => name.trim(),
        _ => text,
    }
}

fn last_day(records: &mut FileRecords, times: &[Ts]) {
    for &t in times {
        if t != NO_TIME {
            let day = cells::day_of(t);
            records.last_day = Some(records.last_day.map_or(day, |d| d.max(day)));
        }
    }
}

/// One order-export row: a new order, or one more sub-order of an order already read.
fn order_row(
    c: &mut Cells<'_>,
    records: &mut FileRecords,
    (index, about_index): (&mut HashMap<Key, u32>, &mut HashMap<OrderAbout, u32>),
    names: &mut Names,
    ids: &mut Names,
) -> bool {
    let order_id = c.text("order_id", true);
    let sub = c.raw("sub_order_id");
    let product = c.name("product", names);
    let province = c.name("province", names);
    let created = c.time("created_time", false);
    let paid = c.time("paid_time", false);
    let status = c
        .text("status", true)
        .map_or(Name::NONE, |s| names.intern(s));
    let promised = c.time("promised_ship_time", false);
    let order_type = c.name("order_type", names);
    let cancel_reason = c.name("cancel_reason", names);
    let ship = c.time("ship_time", false);
    let courier = c
        .raw("courier")
        .map_or(Name::NONE, |t| names.intern(courier_name(t)));
    let amount = c.number("amount", false);
    let finish = c.time("finish_time", false);
    let Some(order_id) = order_id.filter(|_| c.skip.is_none()) else {
        return false;
    };
    let about = OrderAbout {
        status,
        province,
        courier,
        order_type,
        cancel_reason,
    };
    records.order_rows += 1;
    last_day(records, &[paid, created, finish, ship]);
    let key = Key::of(order_id, ids);
    let sub = sub.map_or(Key::NONE, Key::hashed);
    let at = match index.get(&key) {
        Some(&at) => at as usize,
        None => {
            let mut order = new_order(key);
            order.first_sub = sub;
            order.product = product;
            order.about = intern_about(records, about_index, about);
            index.insert(key, records.orders.len() as u32);
            records.orders.push(order);
            let at = records.orders.len() - 1;
            fill_order(&mut records.orders[at], paid, promised, ship, amount);
            let o = &mut records.orders[at];
            o.last_day = day32(created).max(day32(finish));
            return true;
        }
    };
    // A further row of a known order: drop it when its sub-order was already read.
    if sub.is_some() && records.order_subs(&records.orders[at]).any(|s| s == sub) {
        records.repeated_sub_orders += 1;
        return true;
    }
    let next = records.extra.len() as u32;
    records.extra.push(ExtraRow {
        sub,
        product,
        status,
        next: NO_EXTRA,
    });
    // Append at the chain's end so the rows keep their file order.
    let mut link = records.orders[at].extra;
    if link == NO_EXTRA {
        records.orders[at].extra = next;
    } else {
        while records.extra[link as usize].next != NO_EXTRA {
            link = records.extra[link as usize].next;
        }
        records.extra[link as usize].next = next;
    }
    let merged = records.about(&records.orders[at]).or(about);
    let merged = intern_about(records, about_index, merged);
    let o = &mut records.orders[at];
    o.about = merged;
    fill_order(o, paid, promised, ship, amount);
    o.last_day = o.last_day.max(day32(created)).max(day32(finish));
    true
}

/// The index of `about` in the file's table (added on first sight).
fn intern_about(
    records: &mut FileRecords,
    index: &mut HashMap<OrderAbout, u32>,
    about: OrderAbout,
) -> u32 {
    *index.entry(about).or_insert_with(|| {
        records.abouts.push(about);
        records.abouts.len() as u32 - 1
    })
}

fn fill_order(
    o: &mut super::compact::OrderPart,
    paid: Ts,
    promised: Ts,
    ship: Ts,
    amount: Option<f64>,
) {
    let fill = |slot: &mut Time, value: Ts| {
        if slot.is_none() {
            *slot = Time::from_ts(value);
        }
    };
    fill(&mut o.paid, paid);
    fill(&mut o.promised, promised);
    fill(&mut o.ship, ship);
    if let Some(a) = amount {
        let a = a as f32;
        o.amount = if o.amount.is_nan() { a } else { o.amount + a };
    }
}

fn shipment_row(
    c: &mut Cells<'_>,
    records: &mut FileRecords,
    names: &mut Names,
    ids: &mut Names,
) -> bool {
    let order = c.text("order_id", true);
    let shipment = Shipment {
        order: Key::NONE,
        paid: Time::from_ts(c.time("paid_time", false)),
        pickup: Time::from_ts(c.time("pickup_time", false)),
        signed: Time::from_ts(c.time("signed_time", false)),
        promised: Time::from_ts(c.time("promised_ship_time", false)),
        courier: c.name("courier", names),
        line: c.line(),
        flags: ShipmentFlags::new(
            c.flag("presale"),
            c.flag("delivery_on_time"),
            c.flag("abnormal_compensation"),
            c.flag("fraud_shipping"),
            c.flag("qic"),
        ),
    };
    let Some(order) = order.filter(|_| c.skip.is_none()) else {
        return false;
    };
    last_day(
        records,
        &[
            shipment.paid.get(),
            shipment.pickup.get(),
            shipment.signed.get(),
        ],
    );
    records.shipments.push(Shipment {
        order: Key::of(order, ids),
        ..shipment
    });
    true
}

fn after_sale_row(
    c: &mut Cells<'_>,
    records: &mut FileRecords,
    names: &mut Names,
    ids: &mut Names,
) -> bool {
    let words = &vocabulary().after_sales;
    let id = c.text("after_sale_id", true);
    let order = c.text("order_id", true);
    let product = c.name("product", names);
    let shipped = c
        .class("shipped", &words.shipped)
        .map(|s| s == Shipped::Shipped);
    let kind = c
        .class("type", &words.kind)
        .and_then(|k| k.resolve(shipped));
    let status = c.class("status", &words.status);
    let apply = c.time("apply_time", true);
    let reason = c.name("reason", names);
    let agree = c.time("agree_time", false);
    let return_signed = c.time("return_signed_time", false);
    let confirmed = c.time("confirm_time", false);
    let arbitration = c
        .class("arbitration", &words.arbitration)
        .map(|a| a == Arbitration::Escalated);
    let blame = c.class("blame", &words.blame);
    let ruling = c.name("ruling", names);
    let exempt = c.flag("exempt");
    let platform_handled = c.flag("platform_handled");
    let (Some(id), Some(order)) = (id, order) else {
        return false;
    };
    if c.skip.is_some() {
        return false;
    }
    last_day(records, &[apply, agree]);
    records.after_sales.push(AfterSale {
        id: Key::of(id, ids),
        order: Key::of(order, ids),
        apply: Time::from_ts(apply),
        agree: Time::from_ts(agree),
        return_signed: Time::from_ts(return_signed),
        confirmed: Time::from_ts(confirmed),
        reason,
        ruling,
        product,
        line: c.line(),
        kind,
        status,
        blame,
        arbitration: Tri::of(arbitration),
        exempt,
        platform_handled,
    });
    true
}

/// One review row. In the review export a row is one review and its follow-up (追评) sits in
/// the same row's columns, so the score is the first review's; 评价等级, where given, must
/// agree with the score (a row whose level contradicts its score is skipped: which one is
/// right cannot be told).
fn review_row(
    c: &mut Cells<'_>,
    records: &mut FileRecords,
    names: &mut Names,
    ids: &mut Names,
) -> bool {
    let order = c.text("order_id", true);
    let product_id = c.raw("product_id").map_or(Key::NONE, Key::hashed);
    let product = c.name("product", names);
    let rating = c.stars("rating", true);
    let level = c.class("level", &vocabulary().reviews.level);
    if let (Some(stars), Some(level)) = (rating, level) {
        if !level.fits(stars) {
            let said = c.raw("level").unwrap_or_default();
            let w = Warning::of("bad_row.level_mismatch")
                .param("value", stars)
                .param("level", said);
            c.problem("rating", true, w);
        }
    }
    let first = c.flag("first");
    let time = c.time("time", false);
    let (Some(order), Some(rating)) = (order, rating) else {
        return false;
    };
    if c.skip.is_some() {
        return false;
    }
    last_day(records, &[time]);
    records.reviews.push(Review {
        order: Key::of(order, ids),
        product_id,
        time: Time::from_ts(time),
        product,
        line: c.line(),
        rating: Stars::of(rating),
        first,
    });
    true
}

fn round_row(
    c: &mut Cells<'_>,
    records: &mut FileRecords,
    names: &mut Names,
    ids: &mut Names,
) -> bool {
    let session = c.text("session_id", true);
    let order = c.raw("order_id");
    let start = c.time("session_start", false);
    let buyer = c.time("buyer_time", true);
    let reply = c.time("reply_time", false);
    let manual = c.flag("manual");
    let rating = c.stars("rating", false);
    let escalated = c.flag("escalated");
    let agent = c.name("agent", names);
    let Some(session) = session.filter(|_| c.skip.is_none()) else {
        return false;
    };
    last_day(records, &[start, buyer, reply]);
    records.rounds.push(Round {
        session: Key::of(session, ids),
        order: order.map_or(Key::NONE, |o| Key::of(o, ids)),
        start: Time::from_ts(start),
        buyer: Time::from_ts(buyer),
        reply: Time::from_ts(reply),
        rating: rating.map_or(Stars::NONE, Stars::of),
        agent,
        line: c.line(),
        manual,
        escalated,
    });
    true
}

fn agent_row(c: &mut Cells<'_>, records: &mut FileRecords, names: &mut Names) -> bool {
    let date = c.time("date", true);
    let agent = c.text("agent", true).map(|a| names.intern(a));
    let sessions = c.number("sessions", true);
    let nan = |v: Option<f64>| v.unwrap_or(f64::NAN);
    let day = AgentDay {
        day: cells::day_of(date),
        agent: agent.unwrap_or(Name::NONE),
        line: c.line(),
        sessions: nan(sessions),
        dissatisfaction: nan(c.percent("dissatisfaction")),
        three_min_rate: nan(c.percent("three_min_rate")),
        first_response_seconds: nan(c.number("first_response_seconds", false)),
        avg_response_seconds: nan(c.number("avg_response_seconds", false)),
        satisfaction: nan(c.percent("satisfaction")),
    };
    if c.skip.is_some() || date == NO_TIME || agent.is_none() || sessions.is_none() {
        return false;
    }
    last_day(records, &[date]);
    records.agents.push(day);
    true
}

fn value_row(c: &mut Cells<'_>, records: &mut FileRecords) -> bool {
    let line = c.record.line();
    let indicator = c.text("indicator", true).map(str::to_string);
    let row = ValueRow {
        line,
        indicator: indicator.clone().unwrap_or_default(),
        value: c.percent("value"),
        score: c.number("score", false),
        numerator: c.number("numerator", false),
        denominator: c.number("denominator", false),
        weight: c.percent("weight"),
    };
    if c.skip.is_some() || indicator.is_none() {
        return false;
    }
    records.values.push(row);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::kinds::ALL_KINDS;

    #[test]
    fn every_field_the_parser_reads_is_in_its_kind() {
        // `field` panics on a key the kind does not have: touch every key read above.
        let read: &[(FileKind, &[&str])] = &[
            (
                FileKind::Orders,
                &[
                    "order_id",
                    "sub_order_id",
                    "product",
                    "province",
                    "created_time",
                    "paid_time",
                    "status",
                    "promised_ship_time",
                    "order_type",
                    "cancel_reason",
                    "ship_time",
                    "courier",
                    "amount",
                    "finish_time",
                ],
            ),
            (
                FileKind::Logistics,
                &[
                    "order_id",
                    "paid_time",
                    "pickup_time",
                    "signed_time",
                    "presale",
                    "promised_ship_time",
                    "courier",
                    "delivery_on_time",
                    "abnormal_compensation",
                    "fraud_shipping",
                    "qic",
                ],
            ),
            (
                FileKind::AfterSales,
                &[
                    "after_sale_id",
                    "order_id",
                    "product",
                    "shipped",
                    "type",
                    "status",
                    "apply_time",
                    "reason",
                    "agree_time",
                    "return_signed_time",
                    "confirm_time",
                    "arbitration",
                    "blame",
                    "ruling",
                    "exempt",
                    "platform_handled",
                ],
            ),
            (
                FileKind::Reviews,
                &[
                    "order_id",
                    "product_id",
                    "product",
                    "rating",
                    "level",
                    "first",
                    "time",
                ],
            ),
            (
                FileKind::FeigeRounds,
                &[
                    "session_id",
                    "order_id",
                    "session_start",
                    "buyer_time",
                    "reply_time",
                    "manual",
                    "rating",
                    "escalated",
                    "agent",
                ],
            ),
            (
                FileKind::FeigeAgents,
                &[
                    "date",
                    "agent",
                    "sessions",
                    "dissatisfaction",
                    "three_min_rate",
                    "first_response_seconds",
                    "avg_response_seconds",
                    "satisfaction",
                ],
            ),
            (
                FileKind::Values,
                &[
                    "indicator",
                    "value",
                    "score",
                    "numerator",
                    "denominator",
                    "weight",
                ],
            ),
        ];
        assert_eq!(read.len(), ALL_KINDS.len());
        for (kind, keys) in read {
            for key in *keys {
                field(*kind, key);
            }
        }
    }

    #[test]
    fn sub_order_rows_merge_and_a_repeated_sub_order_counts_once() {
        let mut parser = FileParser::new("o.csv", ColumnMapping::default());
        let (mut names, mut ids) = (Names::default(), Names::default());
        let mut sink = parser.sink(&mut names, &mut ids);
        sink.header(&Record::from_cells(
            1,
            &[
                "主订单编号",
                "子订单编号",
                "选购商品",
                "支付完成时间",
                "订单状态",
                "订单应付金额",
            ],
        ));
        sink.row(&Record::from_cells(
            2,
            &["\t1", "\t11", "甲", "-", "已关闭", "1"],
        ));
        sink.row(&Record::from_cells(
            3,
            &["\t2", "\t21", "乙", "2026-11-01 10:00:00", "已完成", "2"],
        ));
        sink.row(&Record::from_cells(
            4,
            &["\t1", "\t12", "丙", "2026-11-02 10:00:00", "已完成", "3"],
        ));
        sink.row(&Record::from_cells(
            5,
            &["\t1", "\t12", "丙", "2026-11-02 10:00:00", "已完成", "3"],
        ));
        let (records, detection, problems) = parser.finish();
        assert_eq!(detection.kind, Some(FileKind::Orders));
        assert_eq!(problems.rows_read, 4);
        assert_eq!((records.order_rows, records.repeated_sub_orders), (4, 1));
        let one = &records.orders[0];
        assert_eq!(one.key, Key(1));
        assert_eq!(records.rows_of(one), 2);
        assert_eq!(one.amount, 4.0);
        let rows: Vec<(&str, &str)> = records
            .order_rows(one)
            .map(|(p, s)| (names.text(p), names.text(s)))
            .collect();
        assert_eq!(rows, [("甲", "已关闭"), ("丙", "已完成")]);
        assert_eq!(cells::format_ts(one.paid.get()), "2026-11-02 10:00:00");
    }
}
