//! What could be advised for one report, one candidate per thing a fix can move: an indicator
//! below its best band, a typed dimension score no indicator fix can price, a deduction event
//! present or a bonus not yet earned, and the growth stage. Each says how its fix is priced.

use super::fix::{dimension_targets, formal_stage_orders, target_band, Reach};
use super::playbook::{playbook, EventEntry, EventKind};
use super::GROWTH_STAGE_ID;
use crate::input::EventValue;
use crate::report::{IndicatorScore, Stage};
use crate::{Report, ShopInput};

pub(crate) enum Candidate<'a> {
    /// An indicator below its best band.
    Indicator(&'a IndicatorScore),
    /// A typed dimension score that only the dimension itself can move: (id, next, top).
    Dimension(&'a str, f64, f64),
    /// A deduction event present, or a bonus not yet earned that the shop could earn.
    Event(&'a str, &'static EventEntry),
    /// A growth-stage shop: what the formal stage would give.
    Stage,
}

/// How a candidate's gain is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pricing {
    /// From its baseline input (which may differ from the input, see `baseline_input`); a fix
    /// that does not score is not advised; worthless entries are dropped.
    FromBaseline,
    /// From the report's total; a fix that does not score is worth 0. `floor_at_zero` keeps a
    /// gain from going negative; `keep` keeps the entry even when it is worth nothing (a
    /// penalised misconception explains a risk; the stage explains the score to come).
    FromTotal { floor_at_zero: bool, keep: bool },
}

impl Candidate<'_> {
    /// The id advice entries carry and `fix_input` takes.
    pub fn id(&self) -> &str {
        match self {
            Candidate::Indicator(indicator) => &indicator.id,
            Candidate::Dimension(id, _, _) => id,
            Candidate::Event(id, _) => id,
            Candidate::Stage => GROWTH_STAGE_ID,
        }
    }

    pub fn pricing(&self) -> Pricing {
        match self {
            Candidate::Indicator(_) | Candidate::Dimension(..) => Pricing::FromBaseline,
            Candidate::Event(_, entry) => Pricing::FromTotal {
                floor_at_zero: true,
                keep: entry.kind == EventKind::Deduction && entry.misconception.is_some(),
            },
            Candidate::Stage => Pricing::FromTotal {
                floor_at_zero: false,
                keep: true,
            },
        }
    }

    /// Whether the best fix differs from the next one (else it is not re-scored).
    pub fn has_distinct_best(&self) -> bool {
        match self {
            Candidate::Indicator(i) => i.best_band.is_some() && i.best_band != i.next_band,
            Candidate::Dimension(_, next, best) => best > next,
            Candidate::Event(_, entry) => entry.kind == EventKind::Deduction,
            Candidate::Stage => false,
        }
    }

    /// The values shown as the next and best target.
    pub fn targets(&self, report: &Report) -> (Option<f64>, Option<f64>) {
        match self {
            Candidate::Indicator(i) => (
                i.next_band.map(|b| b.threshold),
                i.best_band.or(i.next_band).map(|b| b.threshold),
            ),
            Candidate::Dimension(_, next, best) => (Some(*next), Some(*best)),
            Candidate::Event(_, entry) => match entry.meet {
                Some(EventValue::Number(n)) if entry.kind == EventKind::Bonus => (Some(n), Some(n)),
                _ => (None, None),
            },
            Candidate::Stage => {
                let orders = formal_stage_orders(report);
                (orders, orders)
            }
        }
    }
}

/// Every candidate for `report`, scored from `input`.
pub(crate) fn candidates<'a>(input: &'a ShopInput, report: &'a Report) -> Vec<Candidate<'a>> {
    let indicators = report
        .indicators
        .iter()
        .filter(|i| target_band(i, Reach::Next).is_some())
        .map(Candidate::Indicator);
    let dimensions = input.dimensions.iter().filter_map(|(id, &score)| {
        let (next, best) = dimension_targets(report, id, score)?;
        Some(Candidate::Dimension(id.as_str(), next, best))
    });
    let events = playbook()
        .events
        .iter()
        .filter(|(_, entry)| {
            entry.kind == EventKind::Deduction || bonus_applicable(entry, input.industry.as_deref())
        })
        .map(|(id, entry)| Candidate::Event(id.as_str(), entry));
    let stage = (report.stage == Stage::Growth).then_some(Candidate::Stage);
    indicators
        .chain(dimensions)
        .chain(events)
        .chain(stage)
        .collect()
}

/// A bonus some industries cannot earn (large items, installation) is offered only when the
/// industry is unknown or matches.
pub(crate) fn bonus_applicable(entry: &EventEntry, industry: Option<&str>) -> bool {
    match industry {
        Some(industry) if !entry.industry_keywords.is_empty() => entry
            .industry_keywords
            .iter()
            .any(|keyword| industry.contains(keyword.as_str())),
        _ => true,
    }
}
