//! Scoring: indicator values → band scores → dimensions → total, with stage, small-sample rule,
//! deductions and bonuses, consumer display, tier and eligibility.
//!
//! Precedence at every level: a typed dimension score wins over its indicators; a typed
//! indicator score wins over its value. A dimension with nothing to rest on is reported with
//! score null and the total is renormalised over the dimensions present (warning
//! `partial_total`); with no dimension at all (and no growth stage) the stage is `no_score`.

mod bands;
mod validate;

use crate::error::{Error, ErrorCode};
use crate::messages::Warning;
use crate::input::{EventValue, IndicatorInput, Rounding, ShopInput, ShopType};
use crate::report::{
    Adjustment, Consumer, DimensionScore, Eligibility, IndicatorScore, Report, RuleSetInfo, Scale,
    Stage, Tier,
};
use crate::rules::{self, BonusCondition, Direction, Method, RuleSet};
use bands::Bands;
use std::collections::{BTreeMap, BTreeSet};

/// Score a shop under the rule set it names (or the one in force on `as_of`).
pub fn score(input: &ShopInput) -> Result<Report, Error> {
    let mut report = score_core(input)?;
    if !input.options.skip_advice {
        let rescore = |i: &ShopInput| rescore_total(i);
        report.advice = crate::advice::advise(input, &report, &rescore);
    }
    Ok(report)
}

/// The total of `input` scored without advice (what advice uses to price each fix).
pub fn rescore_total(input: &ShopInput) -> Option<f64> {
    let mut quiet = input.clone();
    quiet.options.skip_advice = true;
    score_core(&quiet).ok().and_then(|r| r.total)
}

/// Re-score `base` with `overrides` laid over it (map entries replace, fields given win).
/// An indicator override that gives a `value` and no `score` drops the base's typed score, so a
/// value slider always takes effect.
pub fn simulate(base: &ShopInput, overrides: &ShopInput) -> Result<Report, Error> {
    score(&merge(base, overrides))
}

/// `base` with `overrides` laid over it (see `simulate`).
pub fn merge(base: &ShopInput, overrides: &ShopInput) -> ShopInput {
    let mut m = base.clone();
    let o = overrides;
    macro_rules! take {
        ($($f:ident),*) => { $( if o.$f.is_some() { m.$f = o.$f.clone(); } )* };
    }
    take!(rule_set, as_of, industry, shop_type, valid_paid_orders_30d);
    m.dimensions
        .extend(o.dimensions.iter().map(|(k, v)| (k.clone(), *v)));
    for (id, oi) in &o.indicators {
        let entry = m.indicators.entry(id.clone()).or_default();
        if oi.value.is_some() && oi.score.is_none() {
            entry.score = None;
        }
        let IndicatorInput {
            value,
            score,
            bad_count,
            base_count,
        } = oi.clone();
        entry.value = value.or(entry.value);
        entry.score = score.or(entry.score);
        entry.bad_count = bad_count.or(entry.bad_count);
        entry.base_count = base_count.or(entry.base_count);
    }
    m.events
        .extend(o.events.iter().map(|(k, v)| (k.clone(), v.clone())));
    m.bands
        .extend(o.bands.iter().map(|(k, v)| (k.clone(), v.clone())));
    m.weights
        .dimensions
        .extend(o.weights.dimensions.iter().map(|(k, v)| (k.clone(), *v)));
    m.weights
        .indicators
        .extend(o.weights.indicators.iter().map(|(k, v)| (k.clone(), *v)));
    m.history
        .extend(o.history.iter().map(|(k, v)| (k.clone(), v.clone())));
    if o.options.consumer_rounding.is_some() {
        m.options.consumer_rounding = o.options.consumer_rounding;
    }
    m.options.skip_advice = base.options.skip_advice || o.options.skip_advice;
    m
}

/// The consumer-facing score and stars for a merchant `score` under `rule` (None: the rule set
/// shows nothing to consumers). The score is floored (default) or rounded to an integer first.
pub fn consumer_display(
    rule: &rules::ConsumerDisplayRule,
    score: f64,
    rounding: Rounding,
) -> Option<Consumer> {
    let key = match rounding {
        Rounding::Floor => score.floor(),
        Rounding::Round => score.round(),
    };
    if key <= 50.0 {
        return Some(Consumer {
            score: rule.zero_to_fifty,
            stars: stars_for(rule.zero_to_fifty),
        });
    }
    rules::display_rows()
        .iter()
        .find(|r| r.min <= key && key <= r.max)
        .map(|r| Consumer {
            score: r.shown,
            stars: r.stars,
        })
}

fn stars_for(shown: f64) -> f64 {
    rules::display_rows()
        .iter()
        .find(|r| (r.shown - shown).abs() < 1e-9)
        .map_or(3.0, |r| r.stars)
}

/// Round for display: scores and totals are reported to 0.01 (the back end's own rounding is unpublished).
fn r2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

struct Ctx<'a> {
    rs: &'static RuleSet,
    input: &'a ShopInput,
    warnings: Vec<Warning>,
    /// In first-mention order (the rule set's own notes first), without repeats.
    estimates: Vec<String>,
}

impl Ctx<'_> {
    fn warn(&mut self, code: &str, message: String) {
        self.warnings.push(Warning::legacy(code, message));
    }
    fn estimate(&mut self, what: String) {
        if !self.estimates.contains(&what) {
            self.estimates.push(what);
        }
    }
}

/// The weights in force for the chosen industry and shop type: id → (percent, estimated).
struct IndustryWeights {
    dimensions: BTreeMap<String, (f64, bool)>,
    indicators: BTreeMap<String, (f64, bool)>,
}

fn score_core(input: &ShopInput) -> Result<Report, Error> {
    validate::check_general(input)?;
    let (rs, guessed) = rules::select(input.rule_set.as_deref(), input.as_of.as_deref())?;
    validate::check_against(input, rs).map_err(|mut e| {
        if guessed {
            e.message = format!(
                "{} (规则版本 {} 由 as_of 推定，可用 rule_set 指定 | rule set {} was guessed from as_of; name another with rule_set)",
                e.message, rs.id, rs.id
            );
        }
        e
    })?;
    let mut cx = Ctx {
        rs,
        input,
        warnings: Vec::new(),
        estimates: Vec::new(),
    };
    if guessed {
        let date = input.as_of.clone().unwrap_or_default();
        cx.warn(
            "rule_set_guess",
            format!(
                "{date} 没有已建模的规则版本生效，使用时间最近的 {} | no modelled rule set was in force on {date}; using {}, the nearest in time",
                rs.id, rs.id
            ),
        );
    }
    for note in &rs.notes {
        cx.estimate(note.clone());
    }
    report_unused_input(&mut cx);

    let weights = industry_weights(&mut cx);
    let orders = input.valid_paid_orders_30d;
    if orders.is_none() && (rs.stage.is_some() || rs.small_sample.is_some()) {
        cx.warn(
            "missing_input",
            "valid_paid_orders_30d 缺失：无法判断阶段和小样本规则（按正式阶段计） | missing: the stage rule and the small-sample rule cannot be checked (formal stage assumed)".into(),
        );
    }

    // Indicators.
    let mut indicators = Vec::new();
    for ind in &rs.indicators {
        indicators.push(score_indicator(&mut cx, ind, &weights));
    }
    // Default (unpublished) weights inside a dimension computed from two or more indicators:
    // they shape its score, so mark them and say so once per dimension.
    for dim in &rs.dimensions {
        if input.dimensions.contains_key(&dim.id) {
            continue;
        }
        let weight_estimated = |id: &str| {
            weights.indicators.get(id).map(|w| w.1).unwrap_or_else(|| {
                rs.indicators
                    .iter()
                    .any(|r| r.id == id && r.weight_estimated)
            })
        };
        let scored = indicators
            .iter()
            .filter(|i| i.dimension == dim.id && i.score.is_some() && i.weight > 0.0)
            .count();
        if scored < 2 {
            continue;
        }
        let mut any = false;
        for i in indicators.iter_mut().filter(|i| {
            i.dimension == dim.id && i.score.is_some() && i.weight > 0.0 && weight_estimated(&i.id)
        }) {
            i.estimated = true;
            any = true;
        }
        if any {
            cx.estimate(format!(
                "{}（{}）的指标权重为默认值，不是官方分行业权重 | indicator weights inside dimension {} are defaults, not the official per-industry weights",
                dim.zh, dim.id, dim.id
            ));
        }
    }

    // Dimensions (before dynamic weighting and renormalisation).
    let mut dimensions = Vec::new();
    for dim in &rs.dimensions {
        let (weight, w_est) = weights
            .dimensions
            .get(&dim.id)
            .copied()
            .unwrap_or((dim.weight, dim.weight_estimated));
        let (score, source) = if let Some(s) = input.dimensions.get(&dim.id) {
            if *s < rs.dimension_scale.min {
                cx.warn(
                    "clamped",
                    format!(
                        "dimensions.{} = {s} 低于本规则维度分下限，按 {} 计 | below this rule set's dimension scale; taken as {}",
                        dim.id, rs.dimension_scale.min, rs.dimension_scale.min
                    ),
                );
            }
            (Some(*s), "input")
        } else {
            // Indicators given, but the weights set for them all 0: nothing to average.
            let given: Vec<&IndicatorScore> = indicators
                .iter()
                .filter(|i| i.dimension == dim.id && i.score.is_some())
                .collect();
            if !given.is_empty()
                && given.iter().map(|i| i.weight).sum::<f64>() <= 0.0
                && given
                    .iter()
                    .any(|i| input.weights.indicators.contains_key(&i.id))
            {
                let ids: Vec<&str> = given.iter().map(|i| i.id.as_str()).collect();
                return Err(Error::field(
                    ErrorCode::BadField,
                    "weights.indicators",
                    format!(
                        "{}（{}）已给出的指标（{}）权重合计为 0，无法计算维度分 | the weights of the indicators given for dimension {} ({}) sum to 0: the dimension score cannot be computed",
                        dim.zh,
                        dim.id,
                        ids.join(", "),
                        dim.id,
                        ids.join(", ")
                    ),
                ));
            }
            let members: Vec<&IndicatorScore> = indicators
                .iter()
                .filter(|i| i.dimension == dim.id && i.weight > 0.0)
                .collect();
            let present: Vec<&&IndicatorScore> =
                members.iter().filter(|i| i.score.is_some()).collect();
            let wsum: f64 = present.iter().map(|i| i.weight).sum();
            if present.is_empty() || wsum <= 0.0 {
                let wanted: Vec<String> = members
                    .iter()
                    .map(|m| format!("indicators.{}", m.id))
                    .collect();
                cx.warn(
                    "missing_input",
                    format!(
                        "dimensions.{} ({}) 没有维度分，也没有任何指标（{}） | has no score and none of its indicators is given",
                        dim.id,
                        dim.zh,
                        wanted.join(", ")
                    ),
                );
                (None, "missing")
            } else {
                for m in members.iter().filter(|i| i.score.is_none()) {
                    cx.warn(
                        "missing_input",
                        format!("indicators.{} ({}) 缺失：{}按其余指标计算（权重归一） | missing: {} rests on the other indicators (weights renormalised)", m.id, m.zh, dim.zh, dim.en),
                    );
                }
                let s = present
                    .iter()
                    .map(|i| i.score.unwrap_or(0.0) * i.weight)
                    .sum::<f64>()
                    / wsum;
                (Some(s), "indicators")
            }
        };
        let score =
            score.map(|s| s.clamp(rs.dimension_scale.min, rs.dimension_scale.max.min(dim.cap)));
        let estimated = w_est
            || (source == "indicators"
                && indicators
                    .iter()
                    .any(|i| i.dimension == dim.id && i.estimated));
        dimensions.push(DimensionScore {
            id: dim.id.clone(),
            zh: dim.zh.clone(),
            en: dim.en.clone(),
            score,
            weight,
            contribution: None,
            source: source.into(),
            estimated,
        });
    }

    // Stage.
    let stage_rule = rs.stage.as_ref();
    let growth = match (stage_rule, orders) {
        (Some(st), Some(n)) if n < st.min_orders => Some(st),
        _ => None,
    };

    // Adjustments (formal stage only: the growth score is flat and its penalty is the 60).
    let mut adjustments = Vec::new();
    let mut total_bonus = 0.0;
    let mut total_deduction = 0.0;
    if growth.is_none() {
        dimension_bonuses(&mut cx, &mut dimensions, &mut adjustments);
        for d in &rs.deductions {
            let cases: f64 = d
                .events
                .iter()
                .map(|e| event_count(input.events.get(e)))
                .sum();
            if cases > 0.0 {
                let raw = cases * d.per_case;
                let points = raw.min(d.cap);
                total_deduction += points;
                adjustments.push(Adjustment {
                    kind: "deduction".into(),
                    id: d.id.clone(),
                    zh: d.zh.clone(),
                    en: d.en.clone(),
                    points: -points,
                    capped: raw > d.cap,
                    dimension: None,
                });
            }
        }
        for b in rs.bonuses.iter().filter(|b| b.dimension.is_none()) {
            if bonus_met(&b.condition, input.events.get(&b.event)) {
                total_bonus += b.points;
                adjustments.push(Adjustment {
                    kind: "bonus".into(),
                    id: b.id.clone(),
                    zh: b.zh.clone(),
                    en: b.en.clone(),
                    points: b.points,
                    capped: false,
                    dimension: None,
                });
            }
        }
    }

    dynamic_weighting(&mut cx, &mut dimensions);

    // Total: renormalise over the dimensions that have a score.
    let present_weight: f64 = dimensions
        .iter()
        .filter(|d| d.score.is_some())
        .map(|d| d.weight)
        .sum();
    let all_weight: f64 = dimensions.iter().map(|d| d.weight).sum();
    if present_weight <= 0.0
        && dimensions
            .iter()
            .any(|d| d.score.is_some() && input.weights.dimensions.contains_key(&d.id))
    {
        let ids: Vec<&str> = dimensions
            .iter()
            .filter(|d| d.score.is_some())
            .map(|d| d.id.as_str())
            .collect();
        return Err(Error::field(
            ErrorCode::BadField,
            "weights.dimensions",
            format!(
                "已有分数的维度（{}）权重合计为 0，无法计算总分 | the weights of the dimensions with a score ({}) sum to 0: the total cannot be computed",
                ids.join(", "),
                ids.join(", ")
            ),
        ));
    }
    let any_present = dimensions.iter().any(|d| d.score.is_some()) && present_weight > 0.0;
    if any_present && (present_weight - all_weight).abs() > 1e-9 {
        let missing: Vec<String> = dimensions
            .iter()
            .filter(|d| d.score.is_none())
            .map(|d| d.id.clone())
            .collect();
        cx.warn(
            "partial_total",
            format!("总分只基于已有维度（权重归一），缺少：{} | the total rests only on the dimensions present (weights renormalised); missing: {}", missing.join(", "), missing.join(", ")),
        );
    }
    if any_present
        && (present_weight - all_weight).abs() <= 1e-9
        && (all_weight - 100.0).abs() > 1e-6
    {
        cx.warn(
            "weights_renormalised",
            format!(
                "维度权重合计 {}，已按 100 归一 | dimension weights sum to {}; scaled to 100",
                fmt_num(all_weight),
                fmt_num(all_weight)
            ),
        );
    }
    for d in dimensions.iter_mut() {
        if any_present && present_weight > 0.0 && d.score.is_some() {
            d.weight = d.weight * 100.0 / present_weight;
        } else if d.score.is_none() {
            d.weight = 0.0;
        }
        d.contribution = d.score.map(|s| r2(s * d.weight / 100.0));
        d.score = d.score.map(r2);
        d.weight = r2(d.weight);
    }
    let weighted: f64 = dimensions
        .iter()
        .filter_map(|d| d.score.map(|s| s * d.weight / 100.0))
        .sum();
    // Indicator contributions: its share of its dimension (among the indicators with a score)
    // times the dimension's weight. Null when the dimension score was typed.
    let present_sums: BTreeMap<String, f64> = dimensions
        .iter()
        .map(|d| {
            let sum = indicators
                .iter()
                .filter(|i| i.dimension == d.id && i.score.is_some() && i.weight > 0.0)
                .map(|i| i.weight)
                .sum();
            (d.id.clone(), sum)
        })
        .collect();
    for i in indicators.iter_mut() {
        let Some(dim) = dimensions.iter().find(|d| d.id == i.dimension) else {
            continue;
        };
        let sum = present_sums.get(&dim.id).copied().unwrap_or(0.0);
        if dim.source == "indicators" && sum > 0.0 {
            i.contribution = i.score.map(|s| r2(s * i.weight / sum * dim.weight / 100.0));
        }
    }

    let (stage, total) = if let Some(st) = growth {
        let penalised = st
            .penalising_events
            .iter()
            .find(|e| event_count(input.events.get(*e)) > 0.0);
        let total = match penalised {
            Some(e) => {
                cx.warn(
                    "growth_penalised",
                    format!(
                        "events.{e}：成长阶段分数降为 {} | growth stage score lowered to {} by events.{e}",
                        st.growth_penalised_score, st.growth_penalised_score
                    ),
                );
                st.growth_penalised_score
            }
            None => st.growth_score,
        };
        cx.warn(
            "growth_stage",
            format!(
                "30 天有效支付订单 {} 单（< {}）：成长阶段，固定 {total} 分，不向消费者展示 | {} valid paid orders in 30 days (< {}): growth stage, a flat {total}; not shown to consumers",
                fmt_num(orders.unwrap_or(0.0)),
                st.min_orders,
                fmt_num(orders.unwrap_or(0.0)),
                st.min_orders
            ),
        );
        (Stage::Growth, Some(total))
    } else if any_present {
        let t = (weighted - total_deduction + total_bonus).clamp(rs.scale.min, rs.scale.max);
        (Stage::Formal, Some(r2(t)))
    } else {
        cx.warn(
            "no_score",
            "没有维度分，也没有可计算的指标：无总分 | no dimension score and no indicator to compute one from: no total".into(),
        );
        (Stage::NoScore, None)
    };

    // Consumer display.
    let rounding = input.options.consumer_rounding.unwrap_or(Rounding::Floor);
    let consumer = match (&rs.consumer_display, total, stage) {
        (Some(cd), Some(t), Stage::Formal) => {
            cx.estimate(format!(
                "消费者展示分：查表前总分{}取整（规则未公布；options.consumer_rounding） | consumer display: the total is {} to an integer before the table lookup (unpublished; options.consumer_rounding)",
                if rounding == Rounding::Floor { "向下" } else { "四舍五入" },
                if rounding == Rounding::Floor { "floored" } else { "rounded" }
            ));
            consumer_display(cd, t, rounding)
        }
        (Some(cd), Some(_), Stage::Growth) if cd.not_in_growth => None,
        (Some(cd), Some(t), _) => consumer_display(cd, t, rounding),
        _ => None,
    };

    let tier = total.and_then(|t| {
        rs.tiers
            .iter()
            .filter(|tr| tr.min <= t + 1e-9)
            .max_by(|a, b| a.min.total_cmp(&b.min))
            .map(|tr| Tier {
                id: tr.id.clone(),
                zh: tr.zh.clone(),
                en: tr.en.clone(),
            })
    });
    if let Some(t) = &tier {
        if rs.tiers.iter().any(|tr| tr.id == t.id && tr.estimated) {
            cx.estimate(format!(
                "流量层级 {} 的门槛未公布（估算） | traffic tier {} rests on unpublished thresholds",
                t.zh, t.id
            ));
        }
    }

    let eligibility = eligibility(&cx, total, stage, &dimensions);

    Ok(Report {
        rule_set: rs.id.clone(),
        rule_set_info: RuleSetInfo {
            id: rs.id.clone(),
            zh: rs.zh.clone(),
            en: rs.en.clone(),
            source: rs.source.clone(),
            confidence: rs.confidence.clone(),
        },
        stage,
        total,
        scale: Scale {
            min: rs.scale.min,
            max: rs.scale.max,
        },
        consumer,
        tier,
        dimensions,
        indicators,
        adjustments,
        eligibility,
        advice: Vec::new(),
        warnings: cx.warnings,
        estimates: cx.estimates,
        inputs: None,
        drilldown: None,
    })
}

/// Warn about input this rule set does not use (nothing is dropped silently).
fn report_unused_input(cx: &mut Ctx) {
    let rs = cx.rs;
    let events_of = |r: &'static RuleSet| -> BTreeSet<&'static str> {
        r.deductions
            .iter()
            .flat_map(|d| d.events.iter().map(String::as_str))
            .chain(r.bonuses.iter().map(|b| b.event.as_str()))
            .chain(
                r.stage
                    .iter()
                    .flat_map(|s| s.penalising_events.iter().map(String::as_str)),
            )
            .collect()
    };
    let all = rules::all().unwrap_or(&[]);
    let has_indicator = |r: &RuleSet, id: &str| r.indicators.iter().any(|i| i.id == id);
    let has_dimension = |r: &RuleSet, id: &str| r.dimensions.iter().any(|d| d.id == id);
    let here_events = events_of(rs);
    // (path, used here, known to another rule set)
    let mut unused: Vec<(String, bool)> = Vec::new();
    let mut check = |path: String, here: bool, elsewhere: bool| {
        if !here {
            unused.push((path, elsewhere));
        }
    };
    for id in cx.input.indicators.keys() {
        check(
            format!("indicators.{id}"),
            has_indicator(rs, id),
            all.iter().any(|r| has_indicator(r, id)),
        );
    }
    for id in cx.input.bands.keys() {
        check(
            format!("bands.{id}"),
            has_indicator(rs, id),
            all.iter().any(|r| has_indicator(r, id)),
        );
    }
    for id in cx.input.weights.indicators.keys() {
        check(
            format!("weights.indicators.{id}"),
            has_indicator(rs, id),
            all.iter().any(|r| has_indicator(r, id)),
        );
    }
    for id in cx.input.dimensions.keys() {
        check(
            format!("dimensions.{id}"),
            has_dimension(rs, id),
            all.iter().any(|r| has_dimension(r, id)),
        );
    }
    for id in cx.input.weights.dimensions.keys() {
        check(
            format!("weights.dimensions.{id}"),
            has_dimension(rs, id),
            all.iter().any(|r| has_dimension(r, id)),
        );
    }
    for id in cx.input.events.keys() {
        check(
            format!("events.{id}"),
            here_events.contains(id.as_str()),
            all.iter().any(|r| events_of(r).contains(id.as_str())),
        );
    }
    // Ids of other rule sets are expected (one input serves every rule set); unknown ids are
    // most likely typos and get their own code so they stand out.
    let other: Vec<&str> = unused
        .iter()
        .filter(|u| u.1)
        .map(|u| u.0.as_str())
        .collect();
    let unknown: Vec<&str> = unused
        .iter()
        .filter(|u| !u.1)
        .map(|u| u.0.as_str())
        .collect();
    if !unknown.is_empty() {
        cx.warn(
            "unused_input",
            format!(
                "没有任何规则使用这些字段（拼写错误？），已忽略：{} | not used by any rule set (a typo?), ignored",
                unknown.join(", ")
            ),
        );
    }
    if !other.is_empty() {
        cx.warn(
            "other_rule_set_input",
            format!(
                "这些字段属于其他规则版本，{} 不使用：{} | these belong to other rule sets; {} does not use them",
                rs.id,
                other.join(", "),
                rs.id
            ),
        );
    }
}

/// Dimension and indicator weights for the industry and shop type: official tables where they
/// exist, defaults (estimates) elsewhere, the user's overrides over both.
fn industry_weights(cx: &mut Ctx) -> IndustryWeights {
    let rs = cx.rs;
    let mut dims: BTreeMap<String, (f64, bool)> = rs
        .dimensions
        .iter()
        .map(|d| (d.id.clone(), (d.weight, d.weight_estimated)))
        .collect();
    let mut inds: BTreeMap<String, (f64, bool)> = rs
        .indicators
        .iter()
        .map(|i| (i.id.clone(), (i.weight, i.weight_estimated)))
        .collect();
    let industry = cx.input.industry.clone();
    if let Some(name) = &industry {
        if !rules::is_known_industry(name) {
            cx.warn(
                "unknown_industry",
                format!(
                    "行业 {name:?} 不在官方权重表中，使用默认权重 | industry {name:?} is not in the official weights table: default weights used"
                ),
            );
        }
    }
    if rs.industry_weights.is_some() && industry.is_none() {
        cx.warn(
            "missing_input",
            "industry 缺失：官方分行业权重需要行业，使用默认权重（估算） | industry is missing: the official per-industry weights need it; default weights used (estimate)".into(),
        );
    }
    if let (Some(src), Some(name)) = (&rs.industry_weights, &industry) {
        // Service weights table.
        let rows: Vec<&rules::ServiceWeightRow> = rules::service_weight_rows()
            .iter()
            .filter(|r| &r.industry == name)
            .collect();
        if !src.service_columns.is_empty() && !rows.is_empty() {
            let wanted = cx.input.shop_type.map(ShopType::as_str);
            let row = rows
                .iter()
                .find(|r| Some(r.shop_type.as_str()) == wanted)
                .or_else(|| rows.iter().find(|r| r.shop_type == "general"))
                .or_else(|| rows.iter().find(|r| r.shop_type == "non_flagship"))
                .copied();
            if let Some(row) = row {
                if wanted.is_some_and(|w| w != row.shop_type)
                    || (wanted.is_none() && row.shop_type != "general")
                {
                    cx.warn(
                        "shop_type_assumed",
                        format!(
                            "{name}：权重表没有店铺类型 {:?} 的行，使用 {} | the weights table has no row for shop type {:?}; using {}",
                            wanted.unwrap_or("(none)"),
                            row.shop_type,
                            wanted.unwrap_or("(none)"),
                            row.shop_type
                        ),
                    );
                }
                for (col, id) in &src.service_columns {
                    if let Some(w) = row.weights.get(col) {
                        inds.insert(id.clone(), (*w, src.service_columns_estimated));
                    }
                }
                if src.service_columns_estimated {
                    cx.estimate(format!("服务体验内部权重：沿用{name}的 2026-07 官方权重作默认值 | service internal weights: the official 2026-07 weights of {name} used as a default"));
                }
            }
        }
        // Cross-border table: where it gives weights for a dimension's indicators, indicators it
        // does not list weigh 0 (e.g. no pickup indicator for cross-border).
        if let Some(version) = &src.crossborder_rule_version {
            if let Some(row) = rules::crossborder_rows()
                .iter()
                .find(|r| &r.rule_version == version && &r.industry == name)
            {
                let mut covered_dims = BTreeSet::new();
                for (col, id) in &src.crossborder_columns {
                    let Some(w) = row.weights.get(col) else {
                        continue;
                    };
                    if dims.contains_key(id) {
                        dims.insert(id.clone(), (*w, false));
                    } else if let Some(ind) = rs.indicators.iter().find(|i| &i.id == id) {
                        inds.insert(id.clone(), (*w, false));
                        covered_dims.insert(ind.dimension.clone());
                    }
                }
                for ind in rs
                    .indicators
                    .iter()
                    .filter(|i| covered_dims.contains(&i.dimension))
                {
                    let listed = src
                        .crossborder_columns
                        .iter()
                        .any(|(c, id)| id == &ind.id && row.weights.contains_key(c));
                    if !listed {
                        inds.insert(ind.id.clone(), (0.0, false));
                    }
                }
            }
        }
    }
    for (id, w) in &cx.input.weights.dimensions {
        if dims.contains_key(id) {
            dims.insert(id.clone(), (*w, false));
        }
    }
    for (id, w) in &cx.input.weights.indicators {
        if inds.contains_key(id) {
            inds.insert(id.clone(), (*w, false));
        }
    }
    for d in &rs.dimensions {
        if dims.get(&d.id).is_some_and(|w| w.1) {
            cx.estimate(format!(
                "{}（{}）的维度权重为默认值，官方未公布 | weight of dimension {} is a default, not published",
                d.zh, d.id, d.id
            ));
        }
    }
    IndustryWeights {
        dimensions: dims,
        indicators: inds,
    }
}

fn effective_bands(cx: &Ctx, ind: &rules::IndicatorRule) -> (Bands<'static>, bool) {
    let mut thresholds = ind.bands.clone();
    let mut overridden = false;
    if let Some(o) = cx.input.bands.get(&ind.id) {
        for (t, v) in thresholds.iter_mut().zip(o) {
            if v.is_some() {
                *t = *v;
                overridden = true;
            }
        }
    }
    let b = Bands {
        method: cx.rs.method,
        direction: ind.direction,
        scores: cx.rs.band_scores.as_slice(),
        thresholds,
        floor: cx.rs.floor_score,
        value_is_score: ind.value_is_score,
    };
    (b, overridden)
}

fn score_indicator(
    cx: &mut Ctx,
    ind: &rules::IndicatorRule,
    weights: &IndustryWeights,
) -> IndicatorScore {
    let rs = cx.rs;
    let given = cx
        .input
        .indicators
        .get(&ind.id)
        .cloned()
        .unwrap_or_default();
    let (mut bands, overridden) = effective_bands(cx, ind);
    if !bands.is_monotone() {
        cx.warn(
            "bad_bands",
            format!("bands.{}：阈值没有逐档变严，使用默认分档 | the thresholds do not get stricter band by band; the default bands are used", ind.id),
        );
        bands.thresholds = ind.bands.clone();
    }
    let (weight, _) = weights
        .indicators
        .get(&ind.id)
        .copied()
        .unwrap_or((ind.weight, ind.weight_estimated));
    let mut small_sample = false;
    let mut estimated = false;
    let (score, source) = if let Some(s) = given.score {
        // Indicator scores live on the dimension scale (50–100 in the 2026 sets): a typed
        // score below it is taken as the minimum, and said, rather than dragging the dimension.
        if s < rs.dimension_scale.min {
            cx.warn(
                "clamped",
                format!(
                    "indicators.{}.score = {s} 低于本规则指标分下限，按 {} 计 | below this rule set's score scale; taken as {}",
                    ind.id, rs.dimension_scale.min, rs.dimension_scale.min
                ),
            );
        }
        (Some(s.max(rs.dimension_scale.min)), "score")
    } else if let Some(v) = given.value {
        let mut s = bands.score(v);
        if !ind.value_is_score {
            estimated = rs.method == Method::Interpolate || (ind.bands_estimated && !overridden);
            if estimated {
                cx.estimate(format!(
                    "{} ({}): {}",
                    ind.id,
                    ind.zh,
                    if rs.method == Method::Interpolate {
                        "在可编辑参考值之间线性插值（公式未公布） | score interpolated between editable reference values (unpublished formula)"
                            .to_string()
                    } else {
                        format!(
                            "分档阈值为默认值，请按店铺后台修改 | band thresholds are defaults ({}); edit them to your back-end page",
                            ind.bands_source
                        )
                    }
                ));
            }
        }
        if let Some(forced) = small_sample_score(cx, ind, &given) {
            s = forced;
            small_sample = true;
        }
        (Some(s), "value")
    } else {
        (None, "missing")
    };
    let score = score.map(|s| s.clamp(0.0, rs.dimension_scale.max));
    let next_band = score.and_then(|s| bands.next_band(s));
    let best_band = score.and_then(|s| bands.best_band(s));
    IndicatorScore {
        id: ind.id.clone(),
        dimension: ind.dimension.clone(),
        zh: ind.zh.clone(),
        en: ind.en.clone(),
        value: given.value,
        unit: ind.unit.clone(),
        direction: ind.direction.as_str().into(),
        score: score.map(r2),
        weight,
        contribution: None,
        next_band,
        best_band,
        small_sample,
        estimated,
        numerator: given.bad_count,
        denominator: given.base_count,
        source: source.into(),
    }
}

/// The small-sample rule: Some(80) when it applies to this value-derived score.
fn small_sample_score(
    cx: &mut Ctx,
    ind: &rules::IndicatorRule,
    given: &IndicatorInput,
) -> Option<f64> {
    let rule = cx.rs.small_sample.as_ref()?;
    match ind.small_sample.as_deref()? {
        "rated_sessions" => match given.base_count {
            Some(n) if n <= rule.max_rated_sessions => {
                cx.warn(
                    "small_sample",
                    format!(
                        "{}（{}）：有评价的人工会话 {n} 个（≤ {}），按 {} 分计 | {n} rated sessions (≤ {}): scored {}",
                        ind.zh, ind.id, rule.max_rated_sessions, rule.score, rule.max_rated_sessions, rule.score
                    ),
                );
                Some(rule.score)
            }
            Some(_) => None,
            None => {
                cx.warn(
                    "missing_input",
                    format!("indicators.{}.base_count（有评价的人工会话数）缺失，无法判断小样本规则 | (rated manual sessions) is missing: the small-sample rule cannot be checked", ind.id),
                );
                None
            }
        },
        "orders" => {
            let orders = cx.input.valid_paid_orders_30d?;
            let big_ticket = cx
                .input
                .industry
                .as_ref()
                .is_some_and(|n| rule.big_ticket_industries.contains(n))
                || (rule.flagship_uses_big_ticket
                    && cx.input.shop_type == Some(ShopType::Flagship));
            let threshold = if big_ticket {
                rule.orders_big_ticket
            } else {
                rule.orders_other
            };
            if orders >= threshold {
                return None;
            }
            if big_ticket && rule.big_ticket_list_estimated {
                cx.estimate("小样本规则的大件行业名单未公布（估算） | the list of big-ticket industries for the small-sample rule is not published (estimate)".into());
            }
            // The bad count: given, or derived from a percentage and its base.
            let bad = given.bad_count.or_else(|| {
                match (given.value, given.base_count, ind.unit.as_str()) {
                    (Some(v), Some(n), "percent") => Some((v / 100.0 * n).round()),
                    _ => None,
                }
            });
            match bad {
                Some(b) if b <= rule.max_bad_count => {
                    cx.warn(
                        "small_sample",
                        format!(
                            "{}（{}）：有效支付订单 {orders}（< {threshold}）且不良数 {b}（≤ {}），按 {} 分计 | {orders} valid paid orders (< {threshold}) and {b} bad cases (≤ {}): scored {}",
                            ind.zh, ind.id, rule.max_bad_count, rule.score, rule.max_bad_count, rule.score
                        ),
                    );
                    Some(rule.score)
                }
                Some(_) => None,
                None => {
                    cx.warn(
                        "missing_input",
                        format!(
                            "indicators.{}.bad_count 缺失：有效支付订单 {orders}（< {threshold}），小样本规则可能适用 | is missing: with {orders} valid paid orders (< {threshold}) the small-sample rule may apply",
                            ind.id
                        ),
                    );
                    None
                }
            }
        }
        _ => None,
    }
}

/// Cases of an event: a count, or 1 for `true`.
fn event_count(e: Option<&EventValue>) -> f64 {
    match e {
        Some(EventValue::Number(n)) => *n,
        Some(EventValue::Flag(true)) => 1.0,
        _ => 0.0,
    }
}

fn bonus_met(cond: &BonusCondition, e: Option<&EventValue>) -> bool {
    match (cond, e) {
        (BonusCondition::Flag, e) => event_count(e) >= 1.0,
        (BonusCondition::ShareMin { min }, Some(EventValue::Number(n))) => *n >= *min,
        (
            BonusCondition::Installation {
                min_orders,
                min_share,
            },
            Some(EventValue::Installation { orders, share }),
        ) => *orders >= *min_orders && *share >= *min_share,
        _ => false,
    }
}

/// Bonuses that go to a dimension (remote-area logistics → 物流体验 +3, capped at the dimension cap).
fn dimension_bonuses(
    cx: &mut Ctx,
    dimensions: &mut [DimensionScore],
    adjustments: &mut Vec<Adjustment>,
) {
    for b in cx.rs.bonuses.iter() {
        let Some(dim_id) = &b.dimension else { continue };
        if !bonus_met(&b.condition, cx.input.events.get(&b.event)) {
            continue;
        }
        let cap = cx
            .rs
            .dimensions
            .iter()
            .find(|d| &d.id == dim_id)
            .map_or(cx.rs.dimension_scale.max, |d| d.cap);
        let Some(d) = dimensions.iter_mut().find(|d| &d.id == dim_id) else {
            continue;
        };
        let Some(s) = d.score else { continue };
        if d.source == "input" {
            cx.warnings.push(Warning::legacy(
                "bonus_in_typed_dimension",
                format!(
                    "{}：填写的{}分视为已含此加分 | the typed {} score is taken to include this bonus already",
                    b.id, d.zh, d.id
                ),
            ));
            continue;
        }
        let new = (s + b.points).min(cap);
        d.score = Some(new);
        adjustments.push(Adjustment {
            kind: "bonus".into(),
            id: b.id.clone(),
            zh: b.zh.clone(),
            en: b.en.clone(),
            points: r2(new - s),
            capped: new - s < b.points,
            dimension: Some(dim_id.clone()),
        });
    }
}

/// Seed 000's dynamic weighting: a falling indicator (or dimension) makes its dimension weigh more.
fn dynamic_weighting(cx: &mut Ctx, dimensions: &mut [DimensionScore]) {
    let Some(rule) = cx.rs.dynamic_weighting else {
        return;
    };
    let days = rule.days as usize;
    let mut boosted: BTreeMap<String, String> = BTreeMap::new();
    for (id, values) in &cx.input.history {
        let (dim, direction) = if let Some(i) = cx.rs.indicators.iter().find(|i| &i.id == id) {
            (i.dimension.clone(), i.direction)
        } else if cx.rs.dimensions.iter().any(|d| &d.id == id) {
            (id.clone(), Direction::HigherBetter)
        } else {
            continue;
        };
        if values.len() < days + 1 {
            continue;
        }
        let base = values[values.len() - days - 1];
        if base == 0.0 {
            continue;
        }
        let f = rule.drop_percent / 100.0;
        let fell = values[values.len() - days..]
            .iter()
            .all(|v| match direction {
                Direction::HigherBetter => *v < base * (1.0 - f),
                Direction::LowerBetter => *v > base * (1.0 + f),
            });
        if fell {
            boosted.entry(dim).or_insert_with(|| id.clone());
        }
    }
    if boosted.is_empty() {
        return;
    }
    let before: f64 = dimensions.iter().map(|d| d.weight).sum();
    for d in dimensions.iter_mut() {
        if boosted.contains_key(&d.id) {
            d.weight *= rule.multiplier;
        }
    }
    let after: f64 = dimensions.iter().map(|d| d.weight).sum();
    if after > 0.0 {
        for d in dimensions.iter_mut() {
            d.weight = d.weight * before / after;
        }
    }
    for (dim, why) in boosted {
        let w = dimensions
            .iter()
            .find(|d| d.id == dim)
            .map_or(0.0, |d| d.weight);
        cx.warn(
            "dynamic_weighting",
            format!(
                "{why} 连续 {} 天较基准恶化超过 {}%：维度 {dim} 权重 ×{}（现为 {:.2}%，已归一） | worsened more than {}% on each of the last {} days: dimension {dim} weighs ×{} (now {:.2}%, weights renormalised)",
                rule.days, rule.drop_percent, rule.multiplier, w, rule.drop_percent, rule.days, rule.multiplier, w
            ),
        );
    }
}

fn fmt_num(v: f64) -> String {
    let s = format!("{:.2}", v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn eligibility(
    cx: &Ctx,
    total: Option<f64>,
    stage: Stage,
    dimensions: &[DimensionScore],
) -> Vec<Eligibility> {
    let history = cx.input.history.get("total");
    cx.rs
        .eligibility
        .iter()
        .filter(|e| {
            e.industries.is_empty()
                || cx
                    .input
                    .industry
                    .as_ref()
                    .is_some_and(|i| e.industries.contains(i))
        })
        .map(|e| {
            let (ok, detail) = eligibility_one(e, total, stage, dimensions, history);
            Eligibility {
                id: e.id.clone(),
                zh: e.zh.clone(),
                en: e.en.clone(),
                ok,
                detail,
            }
        })
        .collect()
}

fn eligibility_one(
    e: &rules::EligibilityRule,
    total: Option<f64>,
    stage: Stage,
    dimensions: &[DimensionScore],
    history: Option<&Vec<f64>>,
) -> (Option<bool>, String) {
    if e.kind == "unpublished" {
        return (
            None,
            format!("门槛未公布 | threshold unpublished ({})", e.source),
        );
    }
    let Some(t) = total else {
        return (
            if e.kind == "risk" { None } else { Some(false) },
            "无分数 | no score".into(),
        );
    };
    // Days of the window: history.total holds the previous days (oldest first); today is `t`.
    // A growth-stage shop is judged on its growth score (e.g. campaigns: "or growth score ≥ 70").
    let window_days = if stage == Stage::Growth {
        None
    } else {
        e.window_days
    };
    let window: Option<Vec<f64>> = window_days.and_then(|n| {
        let n = (n as usize).max(1);
        let h = history?;
        (h.len() + 1 >= n).then(|| h[h.len() + 1 - n..].iter().copied().chain([t]).collect())
    });
    match e.kind.as_str() {
        "risk" => {
            let below = e.total_below.unwrap_or(f64::NEG_INFINITY);
            if t >= below {
                return (
                    Some(true),
                    format!("{} ≥ {} 无风险 | no risk", fmt_num(t), fmt_num(below)),
                );
            }
            match (window_days, window) {
                (None, _) => (Some(false), format!("{} < {} 有风险 | at risk", fmt_num(t), fmt_num(below))),
                (Some(n), Some(w)) => {
                    let all = w.iter().all(|v| *v < below);
                    (Some(!all), format!("近 {n} 天{}低于 {} | {} of the last {n} days below {}", if all { "每天" } else { "并非每天" }, fmt_num(below), if all { "every one" } else { "not every one" }, fmt_num(below)))
                }
                (Some(n), None) => (
                    None,
                    format!("今日 {} < {}；需近 {n} 天每日分数判断（history.total） | today below; needs the last {n} daily scores", fmt_num(t), fmt_num(below)),
                ),
            }
        }
        _ => {
            let min = e.total_min.unwrap_or(f64::NEG_INFINITY);
            let mut parts = Vec::new();
            let (value, label) = match (&e.window_mode, e.window_days, &window) {
                (Some(m), Some(n), Some(w)) if m == "average" => (
                    w.iter().sum::<f64>() / w.len() as f64,
                    format!("近 {n} 天平均 | {n}-day average"),
                ),
                _ => (t, "总分 | total".to_string()),
            };
            let mut ok = value >= min;
            parts.push(format!(
                "{label} {} {} {}",
                fmt_num(value),
                if value >= min { "≥" } else { "<" },
                fmt_num(min)
            ));
            for (dim, need) in &e.dimension_min {
                let s = dimensions
                    .iter()
                    .find(|d| &d.id == dim)
                    .and_then(|d| d.score);
                match s {
                    Some(s) => {
                        ok &= s >= *need;
                        parts.push(format!(
                            "{dim} {} {} {}",
                            fmt_num(s),
                            if s >= *need { "≥" } else { "<" },
                            fmt_num(*need)
                        ));
                    }
                    None => {
                        ok = false;
                        parts.push(format!(
                            "{dim} 无分数 | no score (needs ≥ {})",
                            fmt_num(*need)
                        ));
                    }
                }
            }
            if stage == Stage::Growth {
                parts.push("成长阶段分数 | growth-stage score".into());
            }
            let mut result = Some(ok);
            if let (Some(n), Some(m), None) = (window_days, &e.window_mode, &window) {
                if m == "average" {
                    parts.push(format!("需近 {n} 天平均分（history.total），仅知今日分数 | needs the {n}-day average; only today's score is known"));
                    result = None;
                }
            }
            if let (Some(extra), true) = (&e.unchecked, ok) {
                parts.push(format!("另需 {extra}（未核对 | not checked)"));
                result = None;
            }
            (result, parts.join("; "))
        }
    }
}
