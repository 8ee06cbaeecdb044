//! Product indicators: 商品综合评分 and 差评率 (first reviews of signed orders), 商品品质退货率,
//! and the paid-order return rates (发货物流品退率, 商品/包装破损退货订单率) — first after-sale reason only.

use super::*;

impl Calc<'_, '_> {
    /// 商品综合评分 and 差评率: first reviews only, over logistics-signed orders.
    pub(super) fn reviews(&mut self) {
        let ctx = self.ctx;
        let e = &self.ctx.est;
        if !self.require("product_rating", &[(FileKind::Reviews, "rating")]) {
            self.missing("bad_review_rate", FileKind::Reviews, "rating");
            return;
        }
        // First review per order: a row marked 是否首评=否 never counts; among the rest the
        // earliest (then the first in the file).
        let mut first: BTreeMap<&str, &Review> = BTreeMap::new();
        let known = |r: &&Review| {
            r.time
                .is_none_or(|t| cells::day_of(t) <= ctx.window.end_day)
        };
        for r in ctx
            .records
            .reviews
            .iter()
            .filter(|r| r.first != Some(false))
            .filter(known)
        {
            let slot = first.entry(r.order_id.as_str()).or_insert(r);
            if let (Some(t), Some(best)) = (r.time, slot.time) {
                if t < best {
                    *slot = r;
                }
            }
        }
        let signed = ctx.signed_orders();
        let population: Vec<(&str, Option<&Review>)> = match &signed {
            Some(signed) => signed
                .iter()
                .map(|s| (s.order_id.as_str(), first.get(s.order_id.as_str()).copied()))
                .collect(),
            None => {
                self.note(
                    "approximation",
                    "product_rating: 没有物流明细 (logistics) 的 签收时间 列, 按窗口内评价时间计入已评价订单 | no signed time (logistics): reviewed orders are counted by review time".into(),
                );
                first
                    .values()
                    .filter(|r| r.time.is_none_or(|t| ctx.window.contains(t)))
                    .map(|r| (r.order_id.as_str(), Some(*r)))
                    .collect()
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
        self.put(
            "bad_review_rate",
            bad.len() as f64,
            population.len() as f64,
            true,
            bad,
            false,
        );
    }

    /// 商品品质退货率: signed orders whose first after-sale reason is quality.
    pub(super) fn signed_returns(&mut self) {
        let ctx = self.ctx;
        let id = "product_quality_return_rate";
        let ok = self.require(
            id,
            &[
                (FileKind::Logistics, "signed_time"),
                (FileKind::AfterSales, "reason"),
            ],
        );
        if !ok {
            return;
        }
        let signed = ctx.signed_orders().unwrap_or_default();
        let bad: Vec<BadRecord> = signed
            .iter()
            .filter_map(|s| ctx.first_reason_of(&s.order_id, "quality"))
            .map(|a| {
                ctx.bad(
                    &a.order_id,
                    format!("首次售后原因: {}", a.reason.as_deref().unwrap_or("")),
                    Some(a.apply_time),
                )
            })
            .collect();
        self.put(id, bad.len() as f64, signed.len() as f64, true, bad, false);
    }

    /// 发货物流品退率 and 商品/包装破损退货订单率: over valid paid orders.
    pub(super) fn paid_returns(&mut self) {
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
            let Some(paid) = self.paid_population(id) else {
                continue;
            };
            if !have_columns {
                continue;
            }
            let bad: Vec<BadRecord> = paid
                .iter()
                .filter_map(|order_id| ctx.first_reason_of(order_id, class))
                .filter(|a| {
                    !needs_ruling || contains_any(a.ruling.as_deref(), &c.logistics_rulings)
                })
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
}
