//! What the back end's cell values mean: one table per kind and column (`vocabulary.json`:
//! after-sale types and statuses with the open API's codes, arbitration states, blame
//! parties, shipped states, review levels). A value in no list is unknown: the parser names it
//! and its column in a warning and keeps the field missing, so the record is left out of what
//! needs it — never guessed.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// 售后类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterSaleType {
    /// 退货退款.
    ReturnRefund,
    /// 已发货退款 (= 已发货仅退款).
    ShippedRefund,
    /// 未发货退款 (= 未发货仅退款).
    UnshippedRefund,
    /// 仅退款 without saying whether the goods had shipped: the shipped state tells.
    RefundOnly,
    Exchange,
    PriceProtection,
    Resend,
}

impl AfterSaleType {
    /// 仅退款 made exact by the shipped state (`None` when the shipped state is not known).
    pub fn resolve(self, shipped: Option<bool>) -> Option<AfterSaleType> {
        match (self, shipped) {
            (AfterSaleType::RefundOnly, Some(true)) => Some(AfterSaleType::ShippedRefund),
            (AfterSaleType::RefundOnly, Some(false)) => Some(AfterSaleType::UnshippedRefund),
            (AfterSaleType::RefundOnly, None) => None,
            (kind, _) => Some(kind),
        }
    }

    /// Types that pay money back.
    pub fn refunds(self) -> bool {
        matches!(
            self,
            AfterSaleType::ReturnRefund
                | AfterSaleType::ShippedRefund
                | AfterSaleType::UnshippedRefund
                | AfterSaleType::RefundOnly
                | AfterSaleType::PriceProtection
        )
    }
}

/// 售后状态.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterSaleStatus {
    /// 退款成功, 同意退款，退款成功.
    Refunded,
    /// 售后成功 (the API's 12): a refund for the types that pay back.
    Succeeded,
    /// 换货成功: goods exchanged, nothing refunded.
    Exchanged,
    Closed,
    Rejected,
    Pending,
}

/// 仲裁状态: whether the after-sale has an arbitration record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arbitration {
    #[serde(rename = "none")]
    NoRecord,
    Escalated,
}

/// 纠纷责任方.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blame {
    Merchant,
    Buyer,
    Logistics,
    Platform,
    Nobody,
}

impl Blame {
    /// The id the catalogue names (`blame` names).
    pub fn id(self) -> &'static str {
        match self {
            Blame::Merchant => "merchant",
            Blame::Buyer => "buyer",
            Blame::Logistics => "logistics",
            Blame::Platform => "platform",
            Blame::Nobody => "nobody",
        }
    }
}

/// 商品发货状态.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shipped {
    Shipped,
    NotShipped,
}

/// 评价等级: the review export's word for the score (a cross-check of 商品评价得分).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewLevel {
    /// 好评: 4 or 5 stars.
    Good,
    /// 中评: 3 stars.
    Medium,
    /// 差评: 1 or 2 stars.
    Bad,
}

impl ReviewLevel {
    /// Whether a score of `stars` is what this level says.
    pub fn fits(self, stars: f64) -> bool {
        match self {
            ReviewLevel::Good => stars >= 4.0,
            ReviewLevel::Medium => (3.0..4.0).contains(&stars),
            ReviewLevel::Bad => stars < 3.0,
        }
    }
}

/// One column's values: each listed spelling → its class.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table<C: Ord> {
    /// The indicators whose records an unknown value leaves out (rendered as their names).
    pub left_out_of: Vec<String>,
    /// Drop a leading `n/m` count before looking the value up (`1/1已发货`).
    #[serde(default)]
    strip_count_prefix: bool,
    classes: BTreeMap<C, Vec<String>>,
}

impl<C: Ord + Copy> Table<C> {
    /// The class of a cell's text (already trimmed), `None` when it is no listed value.
    pub fn class(&self, text: &str) -> Option<C> {
        let text = if self.strip_count_prefix {
            strip_count_prefix(text)
        } else {
            text
        };
        self.classes
            .iter()
            .find(|(_, values)| values.iter().any(|v| v == text))
            .map(|(class, _)| *class)
    }

    /// Every listed spelling with its class (for the docs and tests).
    pub fn values(&self) -> impl Iterator<Item = (&str, C)> {
        self.classes
            .iter()
            .flat_map(|(c, values)| values.iter().map(move |v| (v.as_str(), *c)))
    }
}

/// `1/1已发货` → `已发货`.
fn strip_count_prefix(text: &str) -> &str {
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit());
    match rest.strip_prefix('/') {
        Some(after) if rest.len() < text.len() => {
            after.trim_start_matches(|c: char| c.is_ascii_digit())
        }
        _ => text,
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AfterSaleTables {
    #[serde(rename = "type")]
    pub kind: Table<AfterSaleType>,
    pub status: Table<AfterSaleStatus>,
    pub arbitration: Table<Arbitration>,
    pub blame: Table<Blame>,
    pub shipped: Table<Shipped>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewTables {
    pub level: Table<ReviewLevel>,
}

/// Every kind's value tables.
#[derive(Debug, Deserialize)]
pub struct Vocabulary {
    pub after_sales: AfterSaleTables,
    pub reviews: ReviewTables,
}

/// The embedded vocabulary (a build bug, caught by the tests, if it does not parse).
pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        serde_json::from_str(include_str!("vocabulary.json"))
            .expect("src/records/vocabulary.json is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exports_words_and_the_api_codes_are_known() {
        let v = vocabulary();
        let a = &v.after_sales;
        assert_eq!(
            a.kind.class("已发货退款"),
            Some(AfterSaleType::ShippedRefund)
        );
        assert_eq!(
            a.kind.class("已发货仅退款"),
            Some(AfterSaleType::ShippedRefund)
        );
        assert_eq!(a.kind.class("2"), Some(AfterSaleType::UnshippedRefund));
        assert_eq!(a.kind.class("换货"), Some(AfterSaleType::Exchange));
        assert_eq!(a.kind.class("退款退货"), None);
        // The full-width comma is the export's; the ASCII one a re-save's.
        assert_eq!(
            a.status.class("同意退款，退款成功"),
            Some(AfterSaleStatus::Refunded)
        );
        assert_eq!(a.status.class("换货成功"), Some(AfterSaleStatus::Exchanged));
        assert_eq!(a.status.class("售后关闭"), Some(AfterSaleStatus::Closed));
        assert_eq!(
            a.arbitration.class("无仲裁记录"),
            Some(Arbitration::NoRecord)
        );
        assert_eq!(a.arbitration.class("255"), Some(Arbitration::Escalated));
        assert_eq!(a.blame.class("商家"), Some(Blame::Merchant));
        assert_eq!(a.shipped.class("1/1已发货"), Some(Shipped::Shipped));
        assert_eq!(a.shipped.class("0/2已发货"), Some(Shipped::Shipped));
        assert_eq!(a.shipped.class("未发货"), Some(Shipped::NotShipped));
        assert_eq!(a.shipped.class("1/"), None);
        assert_eq!(v.reviews.level.class("差评"), Some(ReviewLevel::Bad));
    }

    #[test]
    fn a_value_means_one_thing_per_column() {
        fn once<C: Ord + Copy + std::fmt::Debug>(table: &Table<C>) {
            let mut seen = std::collections::BTreeSet::new();
            for (value, class) in table.values() {
                assert!(seen.insert(value), "{value} listed twice ({class:?})");
            }
        }
        let a = &vocabulary().after_sales;
        once(&a.kind);
        once(&a.status);
        once(&a.arbitration);
        once(&a.blame);
        once(&a.shipped);
        once(&vocabulary().reviews.level);
    }

    #[test]
    fn refund_only_is_made_exact_by_the_shipped_state() {
        let t = AfterSaleType::RefundOnly;
        assert_eq!(t.resolve(Some(true)), Some(AfterSaleType::ShippedRefund));
        assert_eq!(t.resolve(Some(false)), Some(AfterSaleType::UnshippedRefund));
        assert_eq!(t.resolve(None), None);
        assert!(ReviewLevel::Good.fits(4.0) && !ReviewLevel::Good.fits(3.0));
        assert!(ReviewLevel::Bad.fits(2.0) && !ReviewLevel::Bad.fits(3.0));
    }
}
