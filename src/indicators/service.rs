//! Service indicators: after-sale handling (23:00–08:00 clock), Feige response, dissatisfaction
//! and 3-minute reply (sessions started 08:00:00–22:59:59), 平台求助率.

use super::*;

impl Calc<'_, '_> {
    /// 售后处理时长达成率 and 售后平均审核时长 (23:00–08:00 clock).
    pub(super) fn after_sale_time(&mut self) {
        let ctx = self.ctx;
        let c = config();
        let e = &self.ctx.est;
        let have = self.require(
            "after_sale_review_hours",
            &[
                (FileKind::AfterSales, "status"),
                (FileKind::AfterSales, "agree_time"),
            ],
        );
        if !have {
            self.note("missing_input", "after_sale_on_time_rate: 需要售后明细文件 (after_sales) 的 售后状态 与 商家同意时间 列; 或直接填写该指标 | needs the status and agree time of an after_sales file, or type it".into());
            return;
        }
        let refunded: Vec<&AfterSale> = ctx
            .records
            .after_sales
            .iter()
            .filter(|a| ctx.window.contains(a.apply_time))
            .filter(|a| contains_any(a.status.as_deref(), &c.refund_success_status))
            .filter(|a| a.exempt != Some(true))
            .collect();
        let limit = e.after_sale_limit_hours;
        let mut late = Vec::new();
        for a in &refunded {
            match a.agree_time {
                None => late.push(ctx.bad(
                    &a.order_id,
                    format!("售后单 {} 无商家同意时间", a.after_sale_id),
                    Some(a.apply_time),
                )),
                Some(agree) => {
                    let hours =
                        (agree - after_sale_clock_start(a.apply_time)).max(0) as f64 / HOUR as f64;
                    if hours > limit {
                        late.push(ctx.bad(
                            &a.order_id,
                            format!(
                                "售后单 {} 处理 {:.2} 小时, 超过 {limit} 小时",
                                a.after_sale_id, hours
                            ),
                            Some(a.apply_time),
                        ));
                    }
                }
            }
        }
        let on_time = refunded.len() - late.len();
        self.put(
            "after_sale_on_time_rate",
            on_time as f64,
            refunded.len() as f64,
            true,
            late,
            true,
        );

        let mut typed_missing = 0;
        let (mut sum, mut count, mut slow) = (0.0, 0usize, Vec::new());
        for a in &refunded {
            if !contains_any(a.kind.as_deref(), &c.review_time_types) {
                if a.kind.is_none() {
                    typed_missing += 1;
                }
                continue;
            }
            let Some(agree) = a.agree_time else { continue };
            let hours = (agree - after_sale_clock_start(a.apply_time)).max(0) as f64 / HOUR as f64;
            sum += hours;
            count += 1;
            if hours > e.bad_review_hours {
                slow.push(ctx.bad(
                    &a.order_id,
                    format!("售后单 {} 审核 {:.2} 小时", a.after_sale_id, hours),
                    Some(a.apply_time),
                ));
            }
        }
        if typed_missing > 0 {
            self.note("bad_row", format!("after_sale_review_hours: {typed_missing} 个退款成功的售后单没有售后类型, 未计入 | {typed_missing} refunded after-sales have no type and are left out"));
        }
        self.put(
            "after_sale_review_hours",
            sum,
            count as f64,
            false,
            slow,
            false,
        );
    }

    /// 飞鸽平均响应时长, 飞鸽会话不满意率, 3分钟人工回复率 from rounds, else from the per-agent daily export.
    pub(super) fn feige(&mut self) {
        let ctx = self.ctx;
        let e = &self.ctx.est;
        if !ctx.records.has_kind(FileKind::FeigeRounds) {
            if ctx.records.has_kind(FileKind::FeigeAgents) {
                self.feige_from_agents();
            } else {
                for id in [
                    "feige_avg_response_seconds",
                    "feige_dissatisfaction_rate",
                    "three_min_reply_rate",
                ] {
                    self.missing(id, FileKind::FeigeRounds, "buyer_time");
                }
            }
            return;
        }
        let manual_known = ctx.records.has_column(FileKind::FeigeRounds, "manual");
        if !manual_known {
            self.note("approximation", "飞鸽会话明细没有 是否人工 列: 全部轮次按人工接待计 | the Feige rounds have no 是否人工 column: every round is taken as manual".into());
        }
        let is_manual = |m: Option<bool>| m.unwrap_or(!manual_known);
        let rounds: Vec<_> = ctx
            .records
            .feige_rounds
            .iter()
            .filter(|r| {
                ctx.window.contains(r.session_start) && feige_session_counts(r.session_start)
            })
            .filter(|r| is_manual(r.manual))
            .collect();
        let unanswered = e.unanswered_round_seconds;
        let (mut sum, mut slow, mut reversed) = (0i64, Vec::new(), 0);
        let mut counted = 0usize;
        for r in &rounds {
            let (seconds, why) = match r.reply_time {
                None => (unanswered, "未回复, 按 10 分钟计".to_string()),
                Some(reply) if reply < r.buyer_time => {
                    reversed += 1;
                    continue;
                }
                Some(reply) => (
                    reply - r.buyer_time,
                    format!("响应 {} 秒", reply - r.buyer_time),
                ),
            };
            sum += seconds;
            counted += 1;
            if seconds as f64 > e.bad_response_seconds {
                let mut b = r
                    .order_id
                    .as_deref()
                    .map_or_else(BadRecord::default, |o| ctx.bad(o, "", None));
                b.agent = r.agent.clone().or(b.agent);
                b.reason = format!("会话 {}: {why}", r.session_id);
                b.time = Some(cells::format_ts(r.buyer_time));
                slow.push(b);
            }
        }
        if reversed > 0 {
            self.note("bad_row", format!("feige_avg_response_seconds: {reversed} 个轮次的回复时间早于买家消息时间, 未计入 | {reversed} rounds replied before the buyer wrote and are left out"));
        }
        self.put(
            "feige_avg_response_seconds",
            sum as f64,
            counted as f64,
            false,
            slow,
            false,
        );

        // Sessions with a manual-agent rating; the first rating given in the session counts.
        let mut sessions: BTreeMap<&str, (f64, &crate::records::parse::FeigeRound)> =
            BTreeMap::new();
        for r in &rounds {
            if let Some(rating) = r.rating {
                sessions.entry(r.session_id.as_str()).or_insert((rating, r));
            }
        }
        let unhappy: Vec<BadRecord> = sessions
            .iter()
            .filter(|(_, (rating, _))| *rating <= 3.0)
            .map(|(session, (rating, r))| {
                let mut b = r
                    .order_id
                    .as_deref()
                    .map_or_else(BadRecord::default, |o| ctx.bad(o, "", None));
                b.agent = r.agent.clone().or(b.agent);
                b.reason = format!("会话 {session} 评价 {rating} 星");
                b.time = Some(cells::format_ts(r.session_start));
                b
            })
            .collect();
        self.put(
            "feige_dissatisfaction_rate",
            unhappy.len() as f64,
            sessions.len() as f64,
            true,
            unhappy,
            false,
        );

        // 3-minute reply rate: manual buyer messages sent 08:00–23:00.
        let messages: Vec<_> = ctx
            .records
            .feige_rounds
            .iter()
            .filter(|r| {
                is_manual(r.manual)
                    && ctx.window.contains(r.buyer_time)
                    && feige_session_counts(r.buyer_time)
            })
            .collect();
        let late: Vec<BadRecord> = messages
            .iter()
            .filter(|r| r.reply_time.is_none_or(|t| t - r.buyer_time > 180))
            .map(|r| {
                let mut b = r
                    .order_id
                    .as_deref()
                    .map_or_else(BadRecord::default, |o| ctx.bad(o, "", None));
                b.agent = r.agent.clone().or(b.agent);
                b.reason = match r.reply_time {
                    None => format!("会话 {}: 未回复", r.session_id),
                    Some(t) => format!("会话 {}: {} 秒后回复", r.session_id, t - r.buyer_time),
                };
                b.time = Some(cells::format_ts(r.buyer_time));
                b
            })
            .collect();
        let within = messages.len() - late.len();
        self.put(
            "three_min_reply_rate",
            within as f64,
            messages.len() as f64,
            true,
            late,
            false,
        );
    }

    fn feige_from_agents(&mut self) {
        let ctx = self.ctx;
        let e = &self.ctx.est;
        self.note(
            "approximation",
            "飞鸽指标按客服接待量日报 (feige_agents) 以接待会话量加权估算; 会话明细 (feige_rounds) 更准确 | Feige indicators estimated from the per-agent daily export, weighted by sessions; the per-round export is exact".into(),
        );
        let days: Vec<_> = ctx
            .records
            .feige_agents
            .iter()
            .filter(|a| (ctx.window.start_day..=ctx.window.end_day).contains(&a.day))
            .collect();
        type Pick = fn(&crate::records::parse::FeigeAgentDay) -> Option<f64>;
        type IsBad = fn(f64, f64) -> bool;
        // (indicator, column, value of one agent-day, whether that agent-day is a bad one)
        let specs: [(&str, &str, Pick, IsBad); 3] = [
            (
                "feige_avg_response_seconds",
                "avg_response_seconds",
                |a| a.avg_response_seconds,
                |v, limit| v > limit,
            ),
            (
                "feige_dissatisfaction_rate",
                "dissatisfaction",
                |a| a.dissatisfaction,
                |v, _| v > 0.0,
            ),
            (
                "three_min_reply_rate",
                "three_min_rate",
                |a| a.three_min_rate,
                |v, _| v < 100.0,
            ),
        ];
        for (id, key, pick, is_bad) in specs {
            if !self.require(id, &[(FileKind::FeigeAgents, key)]) {
                continue;
            }
            let (mut weighted, mut sessions, mut bad) = (0.0, 0.0, Vec::new());
            for a in &days {
                let Some(v) = pick(a) else { continue };
                weighted += v * a.sessions;
                sessions += a.sessions;
                if is_bad(v, e.bad_response_seconds) {
                    bad.push(BadRecord {
                        agent: Some(a.agent.clone()),
                        reason: format!("{} {}: {v}", cells::format_day(a.day), kind_header(key)),
                        time: Some(cells::format_day(a.day)),
                        ..Default::default()
                    });
                }
            }
            // The export already gives rates in percent and times in seconds: weight, don't rescale.
            self.put(id, weighted, sessions, false, bad, true);
            if let Some(computed) = self.out.indicators.get_mut(id) {
                computed.counts_are_cases = false;
            }
        }
    }

    /// 平台求助率: escalated orders ÷ orders where the buyer asked the merchant for help.
    pub(super) fn platform_help(&mut self) {
        let ctx = self.ctx;
        let id = "platform_help_rate";
        let have_after_sales = ctx.records.has_column(FileKind::AfterSales, "arbitration");
        let have_rounds = ctx.records.has_column(FileKind::FeigeRounds, "escalated");
        if !have_after_sales && !have_rounds {
            self.missing(id, FileKind::AfterSales, "arbitration");
            self.missing(id, FileKind::FeigeRounds, "escalated");
            return;
        }
        if !have_after_sales {
            self.note("approximation", format!("{id}: 没有售后明细的 是否仲裁 列, 只按飞鸽会话计算 | no arbitration column (after_sales): counted from Feige sessions only"));
        }
        if !have_rounds {
            self.note("approximation", format!("{id}: 没有飞鸽会话明细的 是否升级平台求助 列, 只按售后单计算 | no escalation column (feige_rounds): counted from after-sales only"));
        }
        let mut asked: BTreeMap<&str, Option<(String, Ts)>> = BTreeMap::new();
        for a in ctx
            .records
            .after_sales
            .iter()
            .filter(|a| ctx.window.contains(a.apply_time))
        {
            let entry = asked.entry(a.order_id.as_str()).or_insert(None);
            if a.arbitration == Some(true) && entry.is_none() {
                *entry = Some((format!("售后单 {} 仲裁", a.after_sale_id), a.apply_time));
            }
        }
        for r in ctx.records.feige_rounds.iter() {
            let Some(order) = r.order_id.as_deref() else {
                continue;
            };
            if !ctx.window.contains(r.session_start) || r.manual == Some(false) {
                continue;
            }
            let entry = asked.entry(order).or_insert(None);
            if r.escalated == Some(true) && entry.is_none() {
                *entry = Some((
                    format!("会话 {} 升级平台求助", r.session_id),
                    r.session_start,
                ));
            }
        }
        let bad: Vec<BadRecord> = asked
            .iter()
            .filter_map(|(order, why)| {
                why.as_ref()
                    .map(|(reason, t)| ctx.bad(order, reason.clone(), Some(*t)))
            })
            .collect();
        self.put(id, bad.len() as f64, asked.len() as f64, true, bad, false);
    }
}

fn kind_header(key: &str) -> &'static str {
    FileKind::FeigeAgents
        .field(key)
        .map_or("", |f| f.headers[0])
}
