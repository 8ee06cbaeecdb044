//! The compact records one file leaves behind: small fixed-size structs (ids as [`Key`],
//! texts as [`Name`], times as [`Time`] — 4 bytes), only the fields some indicator, join or
//! drill-down line needs. Each file's records are sorted by order (or
//! session) key when the file is finished, so files are merge-joined without an index.

use super::kinds::FileKind;
use super::names::{Key, Name, Time, NO_DAY};
use super::vocabulary::{AfterSaleStatus, AfterSaleType, Blame};
use std::collections::BTreeSet;

/// A yes/no cell that may be missing, in two bits: 0 missing, 1 no, 2 yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tri(u8);

impl Tri {
    pub fn of(value: Option<bool>) -> Tri {
        Tri(match value {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        })
    }
    pub fn get(self) -> Option<bool> {
        match self.0 {
            1 => Some(false),
            2 => Some(true),
            _ => None,
        }
    }
    pub fn is_true(self) -> bool {
        self.0 == 2
    }
}

/// A star rating in tenths of a star, in one byte (0: not rated). Ratings are 1–5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stars(u8);

impl Stars {
    pub const NONE: Stars = Stars(0);

    /// `stars` (1–5) to the nearest tenth.
    pub fn of(stars: f64) -> Stars {
        Stars((stars.clamp(0.1, 25.5) * 10.0).round() as u8)
    }

    pub fn get(self) -> Option<f64> {
        (self.0 > 0).then(|| f64::from(self.0) / 10.0)
    }

    pub fn is_some(self) -> bool {
        self.0 > 0
    }
}

/// One main order (主订单) as one file gives it: its sub-order rows merged (first non-missing
/// value wins; products and statuses of every row are kept; amounts summed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrderPart {
    pub key: Key,
    pub paid: Time,
    pub promised: Time,
    pub ship: Time,
    /// Sum of the rows' payable amounts; NaN when no row gave one (only its sign is read).
    pub amount: f32,
    /// The first row's sub-order id (`Key::NONE`: the export has none).
    pub first_sub: Key,
    /// The first row's product (the others are in `extra`).
    pub product: Name,
    /// Index in [`FileRecords::abouts`] of the first row's status and the order's province,
    /// courier, type and cancel reason: few distinct combinations, each stored once per file.
    pub about: u32,
    /// The later day of 订单提交时间 and 订单完成时间 (only the data's last day needs them).
    pub last_day: i32,
    /// Index in [`FileRecords::extra`] of the order's second row (`u32::MAX`: one row).
    /// The order's rows (after dropping repeated sub-order ids) are this chain plus one.
    pub extra: u32,
}

/// What an order's rows say of it besides times, amounts and products (first non-missing
/// value of each, the status the first row's). Orders share these: a file keeps each
/// combination once ([`FileRecords::abouts`]) and an order its index (4 bytes, not 20).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrderAbout {
    pub status: Name,
    pub province: Name,
    pub courier: Name,
    pub order_type: Name,
    pub cancel_reason: Name,
}

impl OrderAbout {
    pub const NONE: OrderAbout = OrderAbout {
        status: Name::NONE,
        province: Name::NONE,
        courier: Name::NONE,
        order_type: Name::NONE,
        cancel_reason: Name::NONE,
    };

    /// Each field's first non-missing value (`self` first); the status stays the first row's.
    pub fn or(self, other: OrderAbout) -> OrderAbout {
        OrderAbout {
            status: self.status,
            province: self.province.or(other.province),
            courier: self.courier.or(other.courier),
            order_type: self.order_type.or(other.order_type),
            cancel_reason: self.cancel_reason.or(other.cancel_reason),
        }
    }
}

/// A second or later sub-order row of an order: a chain through `next`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExtraRow {
    pub sub: Key,
    pub product: Name,
    pub status: Name,
    pub next: u32,
}

pub const NO_EXTRA: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shipment {
    pub order: Key,
    pub paid: Time,
    pub pickup: Time,
    pub signed: Time,
    pub promised: Time,
    pub courier: Name,
    pub line: u32,
    /// The yes/no cells, two bits each: 2 bytes where five [`Tri`]s took 5 and padded the
    /// shipment to 40 bytes (36 now).
    pub flags: ShipmentFlags,
}

/// A shipment's yes/no cells ([`Tri`], two bits each), read through [`Shipment`]'s methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ShipmentFlags(u16);

impl ShipmentFlags {
    pub fn new(
        presale: Tri,
        delivery_on_time: Tri,
        abnormal_compensation: Tri,
        fraud: Tri,
        qic: Tri,
    ) -> ShipmentFlags {
        let bits = [presale, delivery_on_time, abnormal_compensation, fraud, qic]
            .iter()
            .enumerate()
            .fold(0u16, |bits, (i, t)| bits | u16::from(t.0) << (2 * i));
        ShipmentFlags(bits)
    }

    fn get(self, i: u16) -> Tri {
        Tri(((self.0 >> (2 * i)) & 3) as u8)
    }
}

impl Shipment {
    pub fn presale(&self) -> Tri {
        self.flags.get(0)
    }
    pub fn delivery_on_time(&self) -> Tri {
        self.flags.get(1)
    }
    pub fn abnormal_compensation(&self) -> Tri {
        self.flags.get(2)
    }
    /// 欺诈发货: the order was shipped fraudulently (scores like an abnormal-track compensation).
    pub fn fraud(&self) -> Tri {
        self.flags.get(3)
    }
    /// A QIC quality-check order (48 hours for pickup).
    pub fn qic(&self) -> Tri {
        self.flags.get(4)
    }
}

/// One after-sale (售后单). Type, status and blame are classes of the kind's vocabulary
/// (`None`: the cell is empty or holds an unknown value, which the file's warnings name).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AfterSale {
    pub id: Key,
    pub order: Key,
    /// 售后申请时间.
    pub apply: Time,
    /// 同意售后申请时间: the merchant agreed (to refund, or to take the return).
    pub agree: Time,
    /// The return was signed for by the merchant (no export column seen; a file may give it).
    pub return_signed: Time,
    /// 商家退款时间: the merchant confirmed the return and refunded.
    pub confirmed: Time,
    pub reason: Name,
    /// 判责类型 (a ruling of the platform, e.g. 发货超时), where a file gives one.
    pub ruling: Name,
    pub product: Name,
    pub line: u32,
    pub kind: Option<AfterSaleType>,
    pub status: Option<AfterSaleStatus>,
    pub blame: Option<Blame>,
    /// 仲裁状态: an arbitration record exists.
    pub arbitration: Tri,
    pub exempt: Tri,
    /// Handled by the platform, where a file says so (excluded from 售后处理时长达成率).
    pub platform_handled: Tri,
}

impl AfterSale {
    /// Refunded: 退款成功 (or 售后成功 for a type that pays back); 换货成功 is not a refund.
    /// `None` when the status or type is missing or unknown.
    pub fn refunded(&self) -> Option<bool> {
        match self.status? {
            AfterSaleStatus::Refunded => Some(true),
            AfterSaleStatus::Succeeded => Some(self.kind?.refunds()),
            _ => Some(false),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Review {
    pub order: Key,
    /// For telling a repeated row (the same export twice) from a second review.
    pub product_id: Key,
    pub time: Time,
    pub product: Name,
    pub line: u32,
    pub rating: Stars,
    pub first: Tri,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Round {
    pub session: Key,
    pub order: Key,
    /// 会话发起时间 as given (`Time::NONE`: the row gives none; the session's is used).
    pub start: Time,
    pub buyer: Time,
    pub reply: Time,
    pub agent: Name,
    pub line: u32,
    pub rating: Stars,
    pub manual: Tri,
    pub escalated: Tri,
}

/// One agent's day from the Feige per-agent daily export (接待量). Rates in percent, times
/// in seconds; NaN where the file gives nothing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgentDay {
    pub day: i64,
    pub agent: Name,
    pub line: u32,
    pub sessions: f64,
    pub dissatisfaction: f64,
    pub three_min_rate: f64,
    pub first_response_seconds: f64,
    pub avg_response_seconds: f64,
    pub satisfaction: f64,
}

/// One indicator value copied from the back end (a values file is a few rows).
#[derive(Debug, Clone, Default, PartialEq)]
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

/// Everything one file gave, compact. Only the vectors of its kind are filled.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileRecords {
    pub kind: Option<FileKind>,
    /// The kind's fields this file has a column for.
    pub columns: BTreeSet<&'static str>,
    pub orders: Vec<OrderPart>,
    /// The distinct [`OrderAbout`]s of the orders, by `OrderPart::about`.
    pub abouts: Vec<OrderAbout>,
    pub extra: Vec<ExtraRow>,
    pub shipments: Vec<Shipment>,
    pub after_sales: Vec<AfterSale>,
    pub reviews: Vec<Review>,
    pub rounds: Vec<Round>,
    pub agents: Vec<AgentDay>,
    pub values: Vec<ValueRow>,
    /// Order rows read (sub-orders), and those dropped as a repeat of the same sub-order.
    pub order_rows: u64,
    pub repeated_sub_orders: u64,
    /// The latest day any record of the file carries (the data's last day), by the fields
    /// the window's default end is taken from.
    pub last_day: Option<i64>,
}

impl FileRecords {
    /// The order's status (first row), province, courier, type and cancel reason.
    pub fn about(&self, order: &OrderPart) -> OrderAbout {
        self.abouts
            .get(order.about as usize)
            .copied()
            .unwrap_or(OrderAbout::NONE)
    }

    /// The products and statuses of an order's rows, first row first.
    pub fn order_rows(&self, order: &OrderPart) -> impl Iterator<Item = (Name, Name)> + '_ {
        let mut next = order.extra;
        let status = self.about(order).status;
        std::iter::once((order.product, status)).chain(std::iter::from_fn(move || {
            let row = self.extra.get(next as usize)?;
            next = row.next;
            Some((row.product, row.status))
        }))
    }

    /// How many sub-order rows the order has in this file.
    pub fn rows_of(&self, order: &OrderPart) -> u64 {
        self.order_subs(order).count() as u64
    }

    /// The sub-order ids of an order's rows.
    pub fn order_subs(&self, order: &OrderPart) -> impl Iterator<Item = Key> + '_ {
        let mut next = order.extra;
        std::iter::once(order.first_sub).chain(std::iter::from_fn(move || {
            let row = self.extra.get(next as usize)?;
            next = row.next;
            Some(row.sub)
        }))
    }

    /// Sort by order (or session) key, keeping file order among equal keys: what the joins
    /// merge on. Called once when the file is finished.
    pub fn sort(&mut self) {
        self.orders.sort_by_key(|o| o.key);
        self.shipments.sort_by_key(|s| s.order);
        self.after_sales.sort_by_key(|a| a.order);
        self.reviews.sort_by_key(|r| r.order);
        self.rounds.sort_by_key(|r| r.session);
    }

    /// Bytes of kept state (the vectors' capacities), for the memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.heap_parts().iter().map(|(_, bytes)| bytes).sum()
    }

    /// [`FileRecords::heap_bytes`] by kind of record.
    pub fn heap_parts(&self) -> [(&'static str, usize); 9] {
        fn bytes<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        [
            ("orders", bytes(&self.orders)),
            ("order_abouts", bytes(&self.abouts)),
            ("order_rows", bytes(&self.extra)),
            ("shipments", bytes(&self.shipments)),
            ("after_sales", bytes(&self.after_sales)),
            ("reviews", bytes(&self.reviews)),
            ("rounds", bytes(&self.rounds)),
            ("agent_days", bytes(&self.agents)),
            ("values", bytes(&self.values)),
        ]
    }

    pub fn shrink(&mut self) {
        self.orders.shrink_to_fit();
        self.abouts.shrink_to_fit();
        self.extra.shrink_to_fit();
        self.shipments.shrink_to_fit();
        self.after_sales.shrink_to_fit();
        self.reviews.shrink_to_fit();
        self.rounds.shrink_to_fit();
        self.agents.shrink_to_fit();
        self.values.shrink_to_fit();
    }
}

/// An empty order part for `key`.
pub fn new_order(key: Key) -> OrderPart {
    OrderPart {
        key,
        paid: Time::NONE,
        promised: Time::NONE,
        ship: Time::NONE,
        amount: f32::NAN,
        first_sub: Key::NONE,
        product: Name::NONE,
        about: u32::MAX,
        last_day: NO_DAY,
        extra: NO_EXTRA,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    /// The sizes `docs/formats.md` § "What is kept (memory)" gives.
    #[test]
    fn records_keep_their_sizes() {
        assert_eq!(size_of::<OrderPart>(), 48);
        assert_eq!(size_of::<ExtraRow>(), 20);
        assert_eq!(size_of::<Shipment>(), 36);
        assert_eq!(size_of::<AfterSale>(), 56);
        assert_eq!(size_of::<Review>(), 32);
        assert_eq!(size_of::<Round>(), 40);
        assert_eq!(size_of::<OrderAbout>(), 20);
    }

    #[test]
    fn shipment_flags_keep_each_cell() {
        let t = |v| Tri::of(v);
        let flags = ShipmentFlags::new(
            t(None),
            t(Some(false)),
            t(Some(true)),
            t(Some(true)),
            t(None),
        );
        let s = Shipment {
            order: Key::NONE,
            paid: Time::NONE,
            pickup: Time::NONE,
            signed: Time::NONE,
            promised: Time::NONE,
            courier: Name::NONE,
            line: 1,
            flags,
        };
        assert_eq!(s.presale().get(), None);
        assert_eq!(s.delivery_on_time().get(), Some(false));
        assert_eq!(s.abnormal_compensation().get(), Some(true));
        assert_eq!(s.fraud().get(), Some(true));
        assert_eq!(s.qic().get(), None);
    }
}
