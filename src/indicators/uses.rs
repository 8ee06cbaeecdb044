//! What each column of a file feeds: the indicators its values are counted in, and the other
//! jobs a column does (matching records across files, the valid paid orders, the drill-down),
//! so a file's summary can say why a number is what it is.

use super::Ind;
use crate::messages::{render_param, Lang, Param, Text};
use crate::records::FileKind;

/// A column's job that is not an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Ind(Ind),
    /// Matches the file's records to the same order (or session) in the other files.
    Join,
    /// Tells a repeated row from a new one.
    Dedupe,
    /// Shown beside bad records in the drill-down.
    Drilldown,
    /// Decides which orders are valid paid orders (有效支付订单).
    ValidPaid,
    /// Read only to check another column.
    Check,
    /// A value copied from the back end, used as it is.
    Copied,
}

use Ind::*;
use Role::{Check, Copied, Dedupe, Drilldown, Join, ValidPaid};

const RATING: Role = Role::Ind(ProductRating);
const QUALITY: Role = Role::Ind(ProductQualityReturnRate);
const DAMAGE: Role = Role::Ind(DamageReturnRate);
const LOGISTICS_QUALITY: Role = Role::Ind(LogisticsQualityReturnRate);
const PICKUP_HOURS: Role = Role::Ind(PickupHoursAvg);
const PICKUP_SCORE: Role = Role::Ind(PickupScoreAvg);
const PICKUP_ON_TIME: Role = Role::Ind(PickupOnTimeRate);
const DELIVERY: Role = Role::Ind(DeliveryOnTimeRate);
const REVIEW_HOURS: Role = Role::Ind(AfterSaleReviewHours);
const ON_TIME: Role = Role::Ind(AfterSaleOnTimeRate);
const HELP: Role = Role::Ind(PlatformHelpRate);
const RESPONSE: Role = Role::Ind(FeigeAvgResponseSeconds);
const UNHAPPY: Role = Role::Ind(FeigeDissatisfactionRate);
const THREE_MIN: Role = Role::Ind(ThreeMinReplyRate);

/// (kind, field, what it feeds). A field not listed feeds nothing.
static USES: &[(FileKind, &str, &[Role])] = &[
    (FileKind::Orders, "order_id", &[Join]),
    (FileKind::Orders, "sub_order_id", &[Dedupe]),
    (FileKind::Orders, "product", &[ValidPaid, Drilldown]),
    (FileKind::Orders, "amount", &[ValidPaid]),
    (FileKind::Orders, "province", &[Drilldown]),
    (
        FileKind::Orders,
        "paid_time",
        &[
            ValidPaid,
            DAMAGE,
            LOGISTICS_QUALITY,
            PICKUP_HOURS,
            PICKUP_ON_TIME,
        ],
    ),
    (FileKind::Orders, "status", &[ValidPaid]),
    (FileKind::Orders, "promised_ship_time", &[PICKUP_ON_TIME]),
    (FileKind::Orders, "order_type", &[ValidPaid, PICKUP_ON_TIME]),
    (FileKind::Orders, "cancel_reason", &[ValidPaid]),
    (FileKind::Orders, "ship_time", &[Role::Ind(Ship48hRate)]),
    (FileKind::Orders, "courier", &[Drilldown]),
    (FileKind::Logistics, "order_id", &[Join]),
    (
        FileKind::Logistics,
        "paid_time",
        &[PICKUP_HOURS, PICKUP_SCORE, PICKUP_ON_TIME],
    ),
    (
        FileKind::Logistics,
        "pickup_time",
        &[PICKUP_HOURS, PICKUP_SCORE, PICKUP_ON_TIME],
    ),
    (
        FileKind::Logistics,
        "signed_time",
        &[RATING, QUALITY, DELIVERY],
    ),
    (FileKind::Logistics, "presale", &[PICKUP_ON_TIME]),
    (FileKind::Logistics, "promised_ship_time", &[PICKUP_ON_TIME]),
    (FileKind::Logistics, "courier", &[Drilldown]),
    (FileKind::Logistics, "delivery_on_time", &[DELIVERY]),
    (
        FileKind::Logistics,
        "abnormal_compensation",
        &[PICKUP_SCORE, PICKUP_ON_TIME, DELIVERY],
    ),
    (
        FileKind::Logistics,
        "fraud_shipping",
        &[PICKUP_SCORE, PICKUP_ON_TIME],
    ),
    (FileKind::Logistics, "qic", &[PICKUP_ON_TIME]),
    (FileKind::AfterSales, "after_sale_id", &[Dedupe]),
    (FileKind::AfterSales, "order_id", &[Join, HELP]),
    (FileKind::AfterSales, "product", &[Drilldown]),
    (FileKind::AfterSales, "shipped", &[REVIEW_HOURS, ON_TIME]),
    (FileKind::AfterSales, "type", &[REVIEW_HOURS, ON_TIME]),
    (FileKind::AfterSales, "status", &[REVIEW_HOURS, ON_TIME]),
    (
        FileKind::AfterSales,
        "apply_time",
        &[QUALITY, DAMAGE, REVIEW_HOURS, ON_TIME, HELP],
    ),
    (
        FileKind::AfterSales,
        "reason",
        &[QUALITY, DAMAGE, LOGISTICS_QUALITY],
    ),
    (FileKind::AfterSales, "agree_time", &[REVIEW_HOURS, ON_TIME]),
    (FileKind::AfterSales, "return_signed_time", &[ON_TIME]),
    (FileKind::AfterSales, "confirm_time", &[ON_TIME]),
    (FileKind::AfterSales, "arbitration", &[HELP]),
    (FileKind::AfterSales, "blame", &[Drilldown]),
    (FileKind::AfterSales, "ruling", &[LOGISTICS_QUALITY]),
    (
        FileKind::AfterSales,
        "exempt",
        &[QUALITY, DAMAGE, LOGISTICS_QUALITY, REVIEW_HOURS, ON_TIME],
    ),
    (FileKind::AfterSales, "platform_handled", &[ON_TIME]),
    (FileKind::Reviews, "order_id", &[Join]),
    (FileKind::Reviews, "product_id", &[Dedupe]),
    (FileKind::Reviews, "product", &[Drilldown]),
    (FileKind::Reviews, "rating", &[RATING]),
    (FileKind::Reviews, "level", &[Check]),
    (FileKind::Reviews, "first", &[RATING]),
    (FileKind::Reviews, "time", &[RATING]),
    (FileKind::FeigeRounds, "session_id", &[Join]),
    (FileKind::FeigeRounds, "order_id", &[HELP]),
    (
        FileKind::FeigeRounds,
        "session_start",
        &[RESPONSE, UNHAPPY, HELP],
    ),
    (FileKind::FeigeRounds, "buyer_time", &[RESPONSE, THREE_MIN]),
    (FileKind::FeigeRounds, "reply_time", &[RESPONSE, THREE_MIN]),
    (
        FileKind::FeigeRounds,
        "manual",
        &[RESPONSE, UNHAPPY, THREE_MIN, HELP],
    ),
    (FileKind::FeigeRounds, "rating", &[UNHAPPY]),
    (FileKind::FeigeRounds, "escalated", &[HELP]),
    (FileKind::FeigeRounds, "agent", &[Drilldown]),
    (
        FileKind::FeigeAgents,
        "date",
        &[RESPONSE, UNHAPPY, THREE_MIN],
    ),
    (FileKind::FeigeAgents, "agent", &[Dedupe, Drilldown]),
    (
        FileKind::FeigeAgents,
        "sessions",
        &[RESPONSE, UNHAPPY, THREE_MIN],
    ),
    (FileKind::FeigeAgents, "dissatisfaction", &[UNHAPPY]),
    (FileKind::FeigeAgents, "three_min_rate", &[THREE_MIN]),
    (FileKind::FeigeAgents, "avg_response_seconds", &[RESPONSE]),
    (FileKind::Values, "indicator", &[Copied]),
    (FileKind::Values, "value", &[Copied]),
    (FileKind::Values, "score", &[Copied]),
    (FileKind::Values, "numerator", &[Copied]),
    (FileKind::Values, "denominator", &[Copied]),
    (FileKind::Values, "weight", &[Copied]),
];

/// What a column of `kind` holding `field` feeds (empty: read, not used in any count).
pub fn roles(kind: FileKind, field: &str) -> &'static [Role] {
    USES.iter()
        .find(|(k, f, _)| *k == kind && *f == field)
        .map_or(&[], |(_, _, roles)| roles)
}

/// What a column feeds, in words (`售后平均审核时长、售后处理时长达成率`).
pub fn used_for(kind: FileKind, field: &str) -> Text {
    let roles = roles(kind, field);
    let words = |lang: Lang| {
        if roles.is_empty() {
            return render_param("purpose", &Param::from("unused"), lang);
        }
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        roles
            .iter()
            .map(|role| match role {
                Role::Ind(ind) => render_param("indicator", &Param::from(ind.id()), lang),
                other => render_param("purpose", &Param::from(other.id()), lang),
            })
            .collect::<Vec<_>>()
            .join(sep)
    };
    Text {
        zh: words(Lang::Zh),
        en: words(Lang::En),
    }
}

impl Role {
    /// The catalogue's `purpose` name of a role that is not an indicator.
    fn id(self) -> &'static str {
        match self {
            Role::Ind(ind) => ind.id(),
            Role::Join => "join",
            Role::Dedupe => "dedupe",
            Role::Drilldown => "drilldown",
            Role::ValidPaid => "valid_paid",
            Role::Check => "check",
            Role::Copied => "copied",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::kinds::ALL_KINDS;

    #[test]
    fn every_listed_field_is_its_kinds_and_every_use_has_words() {
        for (kind, field, _) in USES {
            assert!(kind.field(field).is_some(), "{kind:?} has no field {field}");
        }
        for kind in ALL_KINDS {
            for f in kind.fields() {
                let text = used_for(kind, f.key);
                assert!(
                    !text.zh.is_empty() && !text.en.contains('_'),
                    "{kind:?}.{}: {text:?}",
                    f.key
                );
            }
        }
        let text = used_for(FileKind::AfterSales, "agree_time");
        assert_eq!(text.zh, "售后平均审核时长、售后处理时长达成率");
    }
}
