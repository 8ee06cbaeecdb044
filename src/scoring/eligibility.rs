//! What the score unlocks or puts at risk: the rule set's eligibility rows judged on today's
//! report (and the daily history where a row looks at several days).

use super::context::{fmt_num, Ctx};
use crate::report::{DimensionScore, Eligibility, Stage};
use crate::rules::{self, EligibilityKind, WindowMode};

pub(crate) fn eligibility(
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
                    .industry
                    .row
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
    if e.kind == EligibilityKind::Unpublished {
        return (
            None,
            format!("门槛未公布 | threshold unpublished ({})", e.source),
        );
    }
    let Some(t) = total else {
        return (
            if e.kind == EligibilityKind::Risk {
                None
            } else {
                Some(false)
            },
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
    match e.kind {
        EligibilityKind::Risk => {
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
                (Some(WindowMode::Average), Some(n), Some(w)) => (
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
            if let (Some(n), Some(m), None) = (window_days, e.window_mode, &window) {
                if m == WindowMode::Average {
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
