//! What the total shows outside the back end: the consumer score and stars, and the traffic tier.

use super::context::Ctx;
use crate::input::Rounding;
use crate::messages::Text;
use crate::report::words::{say, text_param};
use crate::report::{Consumer, Stage, Tier};
use crate::rules;

/// The consumer-facing score and stars for a merchant `score` under `rule`. The score is
/// floored (default) or rounded to an integer first; 0–50 shows the rule's flat value.
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

/// The consumer display of this report (None where the rule set shows nothing to consumers,
/// or a growth-stage score it does not show).
pub(crate) fn consumer(cx: &mut Ctx, stage: Stage, total: Option<f64>) -> Option<Consumer> {
    let rounding = cx
        .input
        .options
        .consumer_rounding
        .unwrap_or(Rounding::Floor);
    match (&cx.rs.consumer_display, total, stage) {
        (Some(cd), Some(t), Stage::Formal) => {
            cx.estimate(say(
                if rounding == Rounding::Floor {
                    "estimate.consumer_rounding.floor"
                } else {
                    "estimate.consumer_rounding.round"
                },
                vec![],
            ));
            consumer_display(cd, t, rounding)
        }
        (Some(cd), Some(_), Stage::Growth) if cd.not_in_growth => None,
        (Some(cd), Some(t), _) => consumer_display(cd, t, rounding),
        _ => None,
    }
}

/// Why nothing is shown to consumers, when nothing is.
pub(crate) fn consumer_note(
    cx: &Ctx,
    stage: Stage,
    total: Option<f64>,
    consumer: Option<&Consumer>,
) -> Option<Text> {
    if consumer.is_some() {
        return None;
    }
    let key = match stage {
        Stage::NoScore => "consumer_note.no_score",
        Stage::Formal if total.is_none() => "consumer_note.total_unknown",
        Stage::Growth => "consumer_note.growth",
        Stage::Formal if cx.rs.consumer_display.is_none() => "consumer_note.no_display",
        Stage::Formal => "consumer_note.not_shown",
    };
    Some(say(key, vec![]))
}

/// The tier with the highest `min` not above the total.
pub(crate) fn tier(cx: &mut Ctx, total: Option<f64>) -> Option<Tier> {
    let rs = cx.rs;
    let tier = total.and_then(|t| {
        rs.tiers
            .iter()
            .filter(|tr| tr.min <= t + 1e-9)
            .max_by(|a, b| a.min.total_cmp(&b.min))
    })?;
    if tier.estimated {
        let name = text_param(Text::new(&tier.zh, &tier.en));
        cx.estimate(say("estimate.tier", vec![("name", name)]));
    }
    Some(Tier {
        id: tier.id.clone(),
        zh: tier.zh.clone(),
        en: tier.en.clone(),
        estimated: tier.estimated,
    })
}
