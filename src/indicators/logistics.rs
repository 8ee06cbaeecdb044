//! Logistics indicators: pickup (18:00–06:00 clock, next-day and pre-sale deadlines), delivery,
//! and the legacy/seed ones (订单配送时长, 48小时发货率, 物流异常率, 缺货率, 纠纷退款率).

use super::*;

impl Calc<'_, '_> {
    /// 揽收时效达成率, 揽收时长平均得分, 平均揽收时长.
    pub(super) fn pickup(&mut self) {
        let ctx = self.ctx;
        let e = &self.ctx.est;
        let paid_known = ctx.records.has_column(FileKind::Logistics, "paid_time")
            || ctx.records.has_column(FileKind::Orders, "paid_time");
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
        let shipments: Vec<&Shipment> = ctx
            .records
            .shipments
            .iter()
            .filter(|s| seen.insert(s.order_id.as_str()))
            .collect();

        // Averages over orders picked up in the window.
        let (mut hours_sum, mut score_sum, mut count) = (0.0, 0.0, 0usize);
        let (mut slow, mut low_score) = (Vec::new(), Vec::new());
        let mut no_paid = 0;
        for s in &shipments {
            let Some(pickup) = s.pickup_time.filter(|t| ctx.window.contains(*t)) else {
                continue;
            };
            let Some(paid) = ctx.paid_time(s) else {
                no_paid += 1;
                continue;
            };
            let hours = (pickup - pickup_clock_start(paid)).max(0) as f64 / HOUR as f64;
            let abnormal = s.abnormal_compensation == Some(true);
            let score = if abnormal {
                e.pickup_score_floor
            } else {
                pickup_score(hours, e)
            };
            hours_sum += hours;
            score_sum += score;
            count += 1;
            if hours > e.bad_pickup_hours {
                slow.push(ctx.bad(
                    &s.order_id,
                    format!("揽收用时 {:.2} 小时", hours),
                    Some(pickup),
                ));
            }
            if score < 100.0 {
                let why = if abnormal {
                    "物流异常赔付, 按 50 分计".to_string()
                } else {
                    format!("揽收用时 {:.2} 小时, 得 {score} 分", hours)
                };
                low_score.push(ctx.bad(&s.order_id, why, Some(pickup)));
            }
        }
        if no_paid > 0 {
            self.note("bad_row", format!("pickup_hours_avg: {no_paid} 个已揽收订单没有支付时间, 未计入 | {no_paid} picked-up orders have no payment time and are left out"));
        }
        self.put(
            "pickup_hours_avg",
            hours_sum,
            count as f64,
            false,
            slow,
            false,
        );
        self.put(
            "pickup_score_avg",
            score_sum,
            count as f64,
            false,
            low_score,
            true,
        );

        // On-time rate over orders whose pickup deadline falls in the window.
        let (mut due, mut late) = (0usize, Vec::new());
        let mut no_promise = 0;
        for s in &shipments {
            let Some(paid) = ctx.paid_time(s) else {
                continue;
            };
            let order = ctx.orders.get(s.order_id.as_str());
            // Pre-sale per the logistics file, else per the order type (预售) in the order export.
            let presale = s.presale.unwrap_or_else(|| {
                order.is_some_and(|o| {
                    contains_any(o.order_type.as_deref(), &config().presale_order_types)
                })
            });
            // 花卉/绿植/多肉 and QIC orders have 48 hours (product name or order type tells).
            let slow_goods = order.is_some_and(|o| {
                let words = &config().pickup_48h_keywords;
                o.products.iter().any(|p| contains_any(Some(p), words))
                    || contains_any(o.order_type.as_deref(), words)
            });
            let deadline = if presale {
                match s.promised_ship_time.or_else(|| {
                    ctx.orders
                        .get(s.order_id.as_str())
                        .and_then(|o| o.promised_ship_time)
                }) {
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
                _ if s.abnormal_compensation == Some(true) => {
                    Some("物流异常赔付, 按未达成计".to_string())
                }
                None => Some(format!("截止 {} 仍未揽收", cells::format_ts(deadline))),
                Some(p) if p > deadline => Some(format!(
                    "揽收 {} 晚于截止 {}",
                    cells::format_ts(p),
                    cells::format_ts(deadline)
                )),
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
        self.put(
            "pickup_on_time_rate",
            on_time as f64,
            due as f64,
            true,
            late,
            false,
        );
    }

    /// 运单配送时效达成率: waybills signed in the window with a verdict.
    pub(super) fn delivery(&mut self) {
        let ctx = self.ctx;
        let id = "delivery_on_time_rate";
        if !self.require(
            id,
            &[
                (FileKind::Logistics, "delivery_on_time"),
                (FileKind::Logistics, "signed_time"),
            ],
        ) {
            return;
        }
        let mut due = 0usize;
        let mut missed = Vec::new();
        for s in &ctx.records.shipments {
            let Some(signed) = s.signed_time.filter(|t| ctx.window.contains(*t)) else {
                continue;
            };
            let abnormal = s.abnormal_compensation == Some(true);
            match (s.delivery_on_time, abnormal) {
                (None, false) => continue,
                (_, true) => {
                    missed.push(ctx.bad(&s.order_id, "物流异常赔付, 按未达成计", Some(signed)))
                }
                (Some(false), _) => {
                    missed.push(ctx.bad(&s.order_id, "配送时效未达成", Some(signed)))
                }
                (Some(true), _) => {}
            }
            due += 1;
        }
        let met = due - missed.len();
        self.put(id, met as f64, due as f64, true, missed, false);
    }

    /// Seed and legacy indicators the exports can also give: 订单配送时长, 48小时发货率,
    /// 物流异常率, 缺货率, 纠纷退款率.
    pub(super) fn shipping_extras(&mut self) {
        let ctx = self.ctx;
        let c = config();
        let e = &self.ctx.est;

        if self.require(
            "delivery_hours_avg",
            &[
                (FileKind::Logistics, "pickup_time"),
                (FileKind::Logistics, "signed_time"),
            ],
        ) {
            let (mut sum, mut count, mut slow) = (0.0, 0usize, Vec::new());
            for s in &ctx.records.shipments {
                let (Some(pickup), Some(signed)) = (s.pickup_time, s.signed_time) else {
                    continue;
                };
                if !ctx.window.contains(signed) || signed < pickup {
                    continue;
                }
                let hours = (signed - pickup) as f64 / HOUR as f64;
                sum += hours;
                count += 1;
                if hours > e.bad_delivery_hours {
                    slow.push(ctx.bad(
                        &s.order_id,
                        format!("揽收到签收 {hours:.2} 小时"),
                        Some(signed),
                    ));
                }
            }
            self.put("delivery_hours_avg", sum, count as f64, false, slow, false);
        }

        if self.require("ship_48h_rate", &[(FileKind::Orders, "ship_time")]) {
            if let Some(paid) = self.paid_population("ship_48h_rate") {
                let (mut due, mut late) = (0usize, Vec::new());
                for order_id in &paid {
                    let Some(order) = ctx.orders.get(order_id.as_str()) else {
                        continue;
                    };
                    let Some(paid_time) = order.paid_time else {
                        continue;
                    };
                    let deadline = paid_time + 48 * HOUR;
                    if cells::day_of(deadline) > ctx.window.end_day {
                        continue; // not due yet on the window's last day
                    }
                    due += 1;
                    match order.ship_time {
                        Some(t) if t <= deadline => {}
                        Some(t) => late.push(ctx.bad(
                            order_id,
                            format!(
                                "支付后 {:.1} 小时发货",
                                (t - paid_time) as f64 / HOUR as f64
                            ),
                            Some(t),
                        )),
                        None => late.push(ctx.bad(order_id, "48 小时内未发货", Some(deadline))),
                    }
                }
                let on_time = due - late.len();
                self.put(
                    "ship_48h_rate",
                    on_time as f64,
                    due as f64,
                    true,
                    late,
                    false,
                );
            }
        }

        if self.require(
            "logistics_abnormal_rate",
            &[
                (FileKind::Logistics, "abnormal_compensation"),
                (FileKind::Logistics, "pickup_time"),
            ],
        ) {
            let waybills: Vec<&Shipment> = ctx
                .records
                .shipments
                .iter()
                .filter(|s| s.pickup_time.is_some_and(|t| ctx.window.contains(t)))
                .collect();
            let bad: Vec<BadRecord> = waybills
                .iter()
                .filter(|s| s.abnormal_compensation == Some(true))
                .map(|s| ctx.bad(&s.order_id, "物流异常赔付", s.pickup_time))
                .collect();
            self.put(
                "logistics_abnormal_rate",
                bad.len() as f64,
                waybills.len() as f64,
                true,
                bad,
                false,
            );
        }

        let have_reason = self.require("stockout_rate", &[(FileKind::AfterSales, "reason")]);
        if have_reason {
            if let Some(paid) = self.paid_population("stockout_rate") {
                let bad: Vec<BadRecord> = paid
                    .iter()
                    .filter_map(|o| ctx.first_after_sale.get(o.as_str()))
                    .filter(|a| {
                        a.exempt != Some(true)
                            && contains_any(a.reason.as_deref(), &c.reasons.stockout)
                    })
                    .map(|a| {
                        ctx.bad(
                            &a.order_id,
                            format!("首次售后原因: {}", a.reason.as_deref().unwrap_or("")),
                            Some(a.apply_time),
                        )
                    })
                    .collect();
                self.put(
                    "stockout_rate",
                    bad.len() as f64,
                    paid.len() as f64,
                    true,
                    bad,
                    false,
                );
            }
        }

        if self.require(
            "dispute_refund_rate",
            &[
                (FileKind::AfterSales, "arbitration"),
                (FileKind::AfterSales, "status"),
            ],
        ) {
            if let Some(paid) = self.paid_population("dispute_refund_rate") {
                let paid: std::collections::HashSet<&str> =
                    paid.iter().map(String::as_str).collect();
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
                    .map(|a| {
                        ctx.bad(
                            &a.order_id,
                            format!("售后单 {} 经仲裁退款", a.after_sale_id),
                            Some(a.apply_time),
                        )
                    })
                    .collect();
                self.put(
                    "dispute_refund_rate",
                    bad.len() as f64,
                    paid.len() as f64,
                    true,
                    bad,
                    false,
                );
            }
        }
    }
}
