//! Which indicators the loaded files can give, from which source, and what the report says
//! about the others (`missing_input` naming the file kind and column, `approximation` where a
//! value stands on partial data). Decided from the kinds and columns present, before counting.

use super::join::Has;
use super::Ind;
use crate::messages::Warning;
use crate::records::FileKind;

/// Where 有效支付订单 (and the paid-order population) come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaidFrom {
    Orders,
    /// No order export: the logistics file's payment times (closed/gift orders not excluded).
    Logistics,
}

/// Where the Feige indicators come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeigeFrom {
    Rounds,
    /// The per-agent daily export, weighted by sessions (estimates, not case counts).
    Agents,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    computed: [bool; Ind::ALL],
    estimated: [bool; Ind::ALL],
    /// The counts are not of cases (agent-days weighted by sessions): the small-sample rule
    /// must not use them.
    not_cases: [bool; Ind::ALL],
    /// The numerator is already in percent (agent-days weighted by sessions): not scaled.
    weighted_percent: [bool; Ind::ALL],
    pub paid_from: Option<PaidFrom>,
    pub feige_from: Option<FeigeFrom>,
    /// 商品综合评分 counted by review time (no signed times).
    pub rating_by_review_time: bool,
    /// No 是否人工 column: every round is taken as manual.
    pub every_round_manual: bool,
    /// Feige per-agent columns present (for the agent-day definitions).
    pub agent_columns: [bool; 3],
    /// Warnings that hold whatever the window: what is missing and what is approximate.
    pub warnings: Vec<Warning>,
}

impl Plan {
    pub fn computed(&self, ind: Ind) -> bool {
        self.computed[ind.index()]
    }
    pub fn estimated(&self, ind: Ind) -> bool {
        self.estimated[ind.index()]
    }
    pub fn counts_are_cases(&self, ind: Ind) -> bool {
        !self.not_cases[ind.index()]
    }
    /// Whether the value is numerator × 100 ÷ denominator (a rate counted from cases).
    pub fn percent(&self, ind: Ind) -> bool {
        ind.percent() && !self.weighted_percent[ind.index()]
    }

    fn compute(&mut self, ind: Ind) {
        self.computed[ind.index()] = true;
    }

    /// The indicator needs `key` of a `kind` file, which the files do not have.
    fn missing(&mut self, has: &Has, indicator: &str, kind: FileKind, key: &str) {
        let header = kind.field(key).map_or(key, |f| f.headers[0]);
        let variant = if has.kind(kind) {
            "missing_input.column_absent"
        } else {
            "missing_input.file_absent"
        };
        let label = kind.label(key);
        self.warnings.push(
            Warning::of(variant)
                .subject(indicator)
                .param("indicator", indicator)
                .param("kind", kind.as_str())
                .param(
                    "column",
                    serde_json::json!({"zh": label.zh, "en": label.en}),
                )
                .at(None, None, Some(header)),
        );
    }

    fn note(&mut self, key: &str, indicator: &str) {
        self.warnings.push(
            Warning::of(key)
                .subject(indicator)
                .param("indicator", indicator),
        );
    }

    /// All of `needs` present, else a `missing_input` for each absent one.
    fn require(&mut self, has: &Has, indicator: &str, needs: &[(FileKind, &str)]) -> bool {
        let mut ok = true;
        for (kind, key) in needs {
            if !has.column(*kind, key) {
                self.missing(has, indicator, *kind, key);
                ok = false;
            }
        }
        ok
    }

    /// The paid population exists (order export, else the logistics payment times).
    fn paid_population(&mut self, has: &Has, indicator: &str) -> bool {
        if self.paid_from.is_some() {
            return true;
        }
        self.missing(has, indicator, FileKind::Orders, "paid_time");
        false
    }

    /// What the files `has` allow, in the order the definitions run (the warnings' order).
    pub fn of(has: &Has) -> Plan {
        use FileKind::*;
        let mut p = Plan::default();

        // 有效支付订单数.
        if has.kind(Orders) {
            p.paid_from = Some(PaidFrom::Orders);
        } else if has.column(Logistics, "paid_time") {
            p.paid_from = Some(PaidFrom::Logistics);
            p.note("approximation.paid_from_logistics", Ind::ValidPaid.id());
        } else {
            p.missing(has, Ind::ValidPaid.id(), Orders, "paid_time");
        }

        // 商品综合评分, 差评率.
        let rating = Ind::ProductRating.id();
        if p.require(has, rating, &[(Reviews, "rating")]) {
            p.compute(Ind::ProductRating);
            if has.column(Logistics, "signed_time") {
                p.compute(Ind::BadReviewRate);
            } else {
                p.rating_by_review_time = true;
                p.note("approximation.rating_by_review_time", rating);
                p.missing(has, Ind::BadReviewRate.id(), Logistics, "signed_time");
            }
        } else {
            p.missing(has, Ind::BadReviewRate.id(), Reviews, "rating");
        }

        // 商品品质退货率.
        if p.require(
            has,
            Ind::ProductQualityReturnRate.id(),
            &[(Logistics, "signed_time"), (AfterSales, "reason")],
        ) {
            p.compute(Ind::ProductQualityReturnRate);
        }

        // Pickup.
        let paid_known = has.column(Logistics, "paid_time") || has.column(Orders, "paid_time");
        let have_pickup = p.require(has, Ind::PickupHoursAvg.id(), &[(Logistics, "pickup_time")]);
        if !paid_known {
            p.missing(has, Ind::PickupHoursAvg.id(), Logistics, "paid_time");
        }
        if have_pickup && paid_known {
            p.compute(Ind::PickupHoursAvg);
            p.compute(Ind::PickupScoreAvg);
            p.compute(Ind::PickupOnTimeRate);
            p.estimated[Ind::PickupScoreAvg.index()] = true;
        } else {
            p.note("missing_input.pickup_times", Ind::PickupScoreAvg.id());
            p.note("missing_input.pickup_times", Ind::PickupOnTimeRate.id());
        }

        // 运单配送时效达成率.
        if p.require(
            has,
            Ind::DeliveryOnTimeRate.id(),
            &[(Logistics, "delivery_on_time"), (Logistics, "signed_time")],
        ) {
            p.compute(Ind::DeliveryOnTimeRate);
        }

        // Paid-order returns.
        for (ind, needs_ruling) in [
            (Ind::LogisticsQualityReturnRate, true),
            (Ind::DamageReturnRate, false),
        ] {
            let mut needs = vec![(AfterSales, "reason")];
            if needs_ruling {
                needs.push((AfterSales, "ruling"));
            }
            let have_columns = p.require(has, ind.id(), &needs);
            if p.paid_population(has, ind.id()) && have_columns {
                p.compute(ind);
            }
        }

        // After-sale handling.
        if p.require(
            has,
            Ind::AfterSaleReviewHours.id(),
            &[
                (AfterSales, "type"),
                (AfterSales, "status"),
                (AfterSales, "agree_time"),
            ],
        ) {
            p.compute(Ind::AfterSaleOnTimeRate);
            p.compute(Ind::AfterSaleReviewHours);
            p.estimated[Ind::AfterSaleOnTimeRate.index()] = true;
            p.on_time_gaps(has);
        } else {
            p.note(
                "missing_input.after_sale_times",
                Ind::AfterSaleOnTimeRate.id(),
            );
        }

        // Feige.
        let feige = [
            Ind::FeigeAvgResponseSeconds,
            Ind::FeigeDissatisfactionRate,
            Ind::ThreeMinReplyRate,
        ];
        if has.kind(FeigeRounds) {
            p.feige_from = Some(FeigeFrom::Rounds);
            if !has.column(FeigeRounds, "manual") {
                p.every_round_manual = true;
                p.note(
                    "approximation.every_round_manual",
                    Ind::FeigeAvgResponseSeconds.id(),
                );
            }
            for ind in feige {
                p.compute(ind);
            }
        } else if has.kind(FeigeAgents) {
            p.feige_from = Some(FeigeFrom::Agents);
            p.note(
                "approximation.feige_agents",
                Ind::FeigeAvgResponseSeconds.id(),
            );
            let columns = ["avg_response_seconds", "dissatisfaction", "three_min_rate"];
            for (i, (ind, key)) in feige.into_iter().zip(columns).enumerate() {
                if p.require(has, ind.id(), &[(FeigeAgents, key)]) {
                    p.compute(ind);
                    p.agent_columns[i] = true;
                    p.estimated[ind.index()] = true;
                    p.not_cases[ind.index()] = true;
                    // The export already gives rates in percent and times in seconds.
                    p.weighted_percent[ind.index()] = true;
                }
            }
        } else {
            for ind in feige {
                p.missing(has, ind.id(), FeigeRounds, "buyer_time");
            }
        }

        // 平台求助率.
        let help = Ind::PlatformHelpRate.id();
        let have_after_sales = has.column(AfterSales, "arbitration");
        let have_rounds = has.column(FeigeRounds, "escalated");
        if !have_after_sales && !have_rounds {
            p.missing(has, help, AfterSales, "arbitration");
            p.missing(has, help, FeigeRounds, "escalated");
        } else {
            if !have_after_sales {
                p.note("approximation.help_from_rounds", help);
            }
            if !have_rounds {
                p.note("approximation.help_from_after_sales", help);
            }
            p.compute(Ind::PlatformHelpRate);
        }

        // Seed and legacy indicators.
        if p.require(
            has,
            Ind::DeliveryHoursAvg.id(),
            &[(Logistics, "pickup_time"), (Logistics, "signed_time")],
        ) {
            p.compute(Ind::DeliveryHoursAvg);
        }
        if p.require(has, Ind::Ship48hRate.id(), &[(Orders, "ship_time")])
            && p.paid_population(has, Ind::Ship48hRate.id())
        {
            p.compute(Ind::Ship48hRate);
        }
        if p.require(
            has,
            Ind::LogisticsAbnormalRate.id(),
            &[
                (Logistics, "abnormal_compensation"),
                (Logistics, "pickup_time"),
            ],
        ) {
            p.compute(Ind::LogisticsAbnormalRate);
        }
        if p.require(has, Ind::StockoutRate.id(), &[(AfterSales, "reason")])
            && p.paid_population(has, Ind::StockoutRate.id())
        {
            p.compute(Ind::StockoutRate);
        }
        if p.require(
            has,
            Ind::DisputeRefundRate.id(),
            &[(AfterSales, "arbitration"), (AfterSales, "status")],
        ) && p.paid_population(has, Ind::DisputeRefundRate.id())
        {
            p.compute(Ind::DisputeRefundRate);
        }
        p.exemption_gaps(has);
        p
    }

    /// What an export cannot say about 售后处理时长达成率: whether the platform handled a
    /// case, how long negotiation took (no export shows it), when a return was signed for.
    /// Counted as waiting for the merchant, and said, with the typed value as the fix.
    fn on_time_gaps(&mut self, has: &Has) {
        let mut gaps = Vec::new();
        if !has.column(FileKind::AfterSales, "platform_handled") {
            gaps.push("platform_handled");
        }
        gaps.push("negotiation");
        if !has.column(FileKind::AfterSales, "return_signed_time") {
            gaps.push("return_signed");
        }
        let id = Ind::AfterSaleOnTimeRate.id();
        self.warnings.push(
            Warning::of("limitation.after_sale_on_time")
                .subject(id)
                .param("indicator", id)
                .param("gaps", gaps),
        );
    }

    /// Without an exemption column (no export has one: the open API's tags carry it),
    /// exempted after-sales count like the others in every indicator built on after-sales.
    fn exemption_gaps(&mut self, has: &Has) {
        if !has.kind(FileKind::AfterSales) || has.column(FileKind::AfterSales, "exempt") {
            return;
        }
        for ind in [
            Ind::ProductQualityReturnRate,
            Ind::LogisticsQualityReturnRate,
            Ind::DamageReturnRate,
            Ind::AfterSaleOnTimeRate,
            Ind::AfterSaleReviewHours,
        ] {
            if self.computed(ind) {
                self.note("limitation.exemptions", ind.id());
            }
        }
    }
}
