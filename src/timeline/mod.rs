//! The score over time: the daily history (each window ending on a day, scored), the typed
//! back-end totals beside it, the roll-off forecast, eligibility over time, alerts and rule
//! versions side by side — from per-day counts slid over, never by re-reading records.
//!
//! Input: the shop's typed settings and values (`ShopInput`: industry, bands, weights, events,
//! the `history` of back-end totals) and, when records were read, their per-day counts
//! ([`DailyAggregates`]). Without per-day counts the history is the typed back-end series and
//! today's score; there is nothing to project.

mod aggregates;
mod alerts;
mod csv;
mod eligibility;
mod forecast;
mod history;
mod records;
mod versions;

pub use aggregates::{Counts, DailyAggregates, Entry, WindowSums};
pub use alerts::{Alert, Severity};
pub use csv::history_csv;
pub use eligibility::{RowChange, RowOverTime};
pub use forecast::{Assumption, AssumptionText, Forecast, ForecastDay, Leaving, HORIZON};
pub use history::{BackendDay, Day, DayIndicator};
pub use records::from_records;
pub use versions::{Switch, Versions};

use crate::error::{Error, ErrorCode};
use crate::messages::Text;
use crate::report::words::say;
use crate::report::{Scale, Stage};
use crate::rules::{self, EligibilityKind, Op, RuleSet};
use crate::ShopInput;
use history::Scorer;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

/// Days of history shown when the caller does not say.
pub const DEFAULT_DAYS: u32 = 90;

/// What to draw the score over time from.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// Typed settings and values (its `history` holds the back-end daily totals).
    pub typed: &'a ShopInput,
    /// Per-day counts from records, when files were read.
    pub aggregates: Option<&'a DailyAggregates>,
    /// Rule set id; absent: the one in force on the last day.
    pub rule_set: Option<&'a str>,
    /// The last day (`YYYY-MM-DD`); absent: the typed `as_of`, else the last day of data.
    pub as_of: Option<&'a str>,
    /// How many days of history to show (at most).
    pub days: u32,
}

/// The score over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub rule_set: String,
    pub rule_set_name: Text,
    pub scale: Scale,
    pub window_days: u32,
    /// The last day of data.
    pub as_of: String,
    /// One entry per day, oldest first: recomputed from records, or the typed back-end
    /// figures and today's score when there are no per-day counts.
    pub days: Vec<Day>,
    /// The back-end daily figures the user typed, dated, to show beside the recomputed ones.
    pub backend: Vec<BackendDay>,
    pub forecast: Forecast,
    /// Every eligibility row over the days (`days` then the forecast without new bad records).
    pub eligibility: Vec<RowOverTime>,
    pub alerts: Vec<Alert>,
    pub versions: Versions,
    /// Lines to draw across the total: traffic tiers and eligibility thresholds.
    pub lines: Vec<Line>,
    /// What the reader must know about these figures.
    pub notes: Vec<Text>,
}

/// A horizontal line on the total: a tier's or an eligibility row's threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// `tier` or `eligibility`.
    pub kind: &'static str,
    pub id: String,
    pub name: Text,
    pub value: f64,
}

/// The score over time for `request`.
pub fn timeline(request: &Request) -> Result<Timeline, Error> {
    let typed = request.typed;
    let span = request.aggregates.and_then(DailyAggregates::span);
    let Some(last) = last_day(request, span)? else {
        return undated(request);
    };
    let as_of = rules::date_of_day_number(last);
    let rule_set = match request.rule_set.or(typed.rule_set.as_deref()) {
        Some(id) => rules::rule_set_detail(id)?,
        None => rules::select(None, Some(&as_of))?.0,
    };
    let scorer = Scorer { typed, rule_set };
    let days_wanted = i64::from(request.days.max(1));
    let window = i64::from(rule_set.window_days);
    let mut notes = Vec::new();

    let backend = history::backend_days(typed, rule_set, last);
    let (days, forecast, versions) = match (request.aggregates, span) {
        (Some(aggregates), Some((start, _))) => {
            let mut prior = BTreeMap::new();
            // Whole windows only, unless the data is shorter than one window.
            let full_from = start + window - 1;
            let first =
                (last - days_wanted + 1).max(if full_from <= last { full_from } else { start });
            if full_from > last {
                notes.push(say("timeline.note.partial", vec![("days", json!(window))]));
            }
            let days = recompute(aggregates, &scorer, first, last, full_from, &mut prior);
            let forecast = forecast_both(aggregates, &scorer, last, &prior);
            let versions = versions::versions(aggregates, typed, first, last);
            notes.extend(record_notes(typed, rule_set, aggregates));
            (days, forecast, versions)
        }
        _ => {
            let days = typed_days(typed, rule_set, &backend, &as_of)?;
            let forecast = Forecast {
                note: Some(say("timeline.note.no_forecast", vec![])),
                ..Forecast::default()
            };
            (days, forecast, Versions::default())
        }
    };
    if !backend.is_empty() && request.aggregates.is_some() {
        notes.push(say("timeline.note.backend", vec![]));
    }
    let joined: Vec<&Day> = days
        .iter()
        .chain(forecast.no_new_bad.iter().map(|f| &f.day))
        .collect();
    let rows = eligibility::over_time(rule_set, typed, &joined, days.len());
    let alerts = alerts::alerts(
        rule_set,
        &days,
        &forecast.no_new_bad,
        &forecast.trend,
        &rows,
    );
    Ok(Timeline {
        rule_set: rule_set.id.clone(),
        rule_set_name: Text::new(&rule_set.zh, &rule_set.en),
        scale: Scale {
            min: rule_set.scale.min,
            max: rule_set.scale.max,
        },
        window_days: rule_set.window_days,
        as_of,
        lines: lines(rule_set),
        days,
        backend,
        forecast,
        eligibility: rows,
        alerts,
        versions,
        notes,
    })
}

/// The last day shown: asked for, typed, or the last day of data (None: nothing dates it).
fn last_day(request: &Request, span: Option<(i64, i64)>) -> Result<Option<i64>, Error> {
    let named = request.as_of.or(request.typed.as_of.as_deref());
    match (named, span) {
        (Some(date), _) => rules::day_number(date).map(Some).ok_or_else(|| {
            Error::field(
                ErrorCode::BadField,
                "as_of",
                format!("{date:?} 不是 YYYY-MM-DD 日期 | {date:?} is not a YYYY-MM-DD date"),
            )
        }),
        (None, Some((_, last))) => Ok(Some(last)),
        (None, None) => Ok(None),
    }
}

/// Nothing dates the days (no data end date, no dated records): no days, and a note saying
/// what would place them.
fn undated(request: &Request) -> Result<Timeline, Error> {
    let rule_set = match request.rule_set.or(request.typed.rule_set.as_deref()) {
        Some(id) => rules::rule_set_detail(id)?,
        None => rules::select(None, None)?.0,
    };
    Ok(Timeline {
        rule_set: rule_set.id.clone(),
        rule_set_name: Text::new(&rule_set.zh, &rule_set.en),
        scale: Scale {
            min: rule_set.scale.min,
            max: rule_set.scale.max,
        },
        window_days: rule_set.window_days,
        as_of: String::new(),
        days: Vec::new(),
        backend: Vec::new(),
        forecast: Forecast::default(),
        eligibility: Vec::new(),
        alerts: Vec::new(),
        versions: Versions::default(),
        lines: lines(rule_set),
        notes: vec![say("timeline.note.no_date", vec![])],
    })
}

/// Every window ending `first..=last`, scored; windows ending before `full_from` are partial.
fn recompute(
    aggregates: &DailyAggregates,
    scorer: &Scorer,
    first: i64,
    last: i64,
    full_from: i64,
    prior: &mut BTreeMap<String, Vec<f64>>,
) -> Vec<Day> {
    // Dynamic weighting reads the days before the first one shown: slide from there.
    let lead = scorer
        .rule_set
        .dynamic_weighting
        .map_or(0, |d| i64::from(d.days) + 1);
    let mut days = Vec::new();
    let daily = aggregates.slide(1, first - lead, last);
    let windows = aggregates.slide(scorer.rule_set.window_days, first - lead, last);
    for (sums, own) in windows.iter().zip(&daily) {
        let Some((mut day, _)) = scorer.day(sums, Some(own), prior, "records") else {
            continue;
        };
        remember(prior, &day);
        if sums.end < first {
            continue;
        }
        day.partial = sums.end < full_from;
        days.push(day);
    }
    days
}

fn forecast_both(
    aggregates: &DailyAggregates,
    scorer: &Scorer,
    last: i64,
    prior: &BTreeMap<String, Vec<f64>>,
) -> Forecast {
    let mut for_no_new_bad = prior.clone();
    let mut for_trend = prior.clone();
    let assumptions = [Assumption::NoNewBad, Assumption::Trend]
        .into_iter()
        .map(|a| AssumptionText {
            id: a.id(),
            text: say(
                &format!("timeline.assumption.{}", a.id()),
                vec![("days", json!(forecast::RECENT_DAYS))],
            ),
        })
        .collect();
    Forecast {
        no_new_bad: forecast::project(
            aggregates,
            scorer,
            last,
            Assumption::NoNewBad,
            &mut for_no_new_bad,
        ),
        trend: forecast::project(aggregates, scorer, last, Assumption::Trend, &mut for_trend),
        assumptions,
        note: None,
    }
}

/// Without per-day counts: the typed back-end days, then today scored from the typed values.
fn typed_days(
    typed: &ShopInput,
    rule_set: &RuleSet,
    backend: &[BackendDay],
    as_of: &str,
) -> Result<Vec<Day>, Error> {
    let mut today_input = typed.clone();
    today_input.rule_set = Some(rule_set.id.clone());
    today_input.as_of = Some(as_of.to_string());
    today_input.options.skip_advice = true;
    let report = crate::scoring::score(&today_input)?;
    let earlier_stage = match report.stage {
        Stage::NoScore => Stage::Formal,
        stage => stage,
    };
    let mut days: Vec<Day> = backend
        .iter()
        .map(|b| history::typed_day(b, earlier_stage))
        .collect();
    days.push(history::report_day(&report, as_of, "typed"));
    Ok(days)
}

/// What recomputed days rest on beyond the records: typed events, and typed values of
/// indicators the records do not give.
fn record_notes(typed: &ShopInput, rule_set: &RuleSet, aggregates: &DailyAggregates) -> Vec<Text> {
    let mut notes = Vec::new();
    if !typed.events.is_empty() {
        notes.push(say("timeline.note.events_every_day", vec![]));
    }
    let held: Vec<&str> = rule_set
        .indicators
        .iter()
        .filter(|r| typed.indicators.contains_key(&r.id))
        .filter(|r| !aggregates.entries.iter().any(|e| e.indicator == r.id))
        .map(|r| r.id.as_str())
        .collect();
    if !held.is_empty() {
        notes.push(say(
            "timeline.note.typed_held",
            vec![("indicators", json!(held))],
        ));
    }
    notes
}

/// Tier lines and the eligibility rows that read the total against a line.
fn lines(rule_set: &RuleSet) -> Vec<Line> {
    let mut out: Vec<Line> = rule_set
        .tiers
        .iter()
        .filter(|t| t.min > rule_set.scale.min)
        .map(|t| Line {
            kind: "tier",
            id: t.id.clone(),
            name: Text::new(&t.zh, &t.en),
            value: t.min,
        })
        .collect();
    for row in &rule_set.eligibility {
        if !row.scope.is_everyone() {
            continue;
        }
        let threshold = row.conditions.iter().find(|c| {
            c.score == "total"
                && matches!(
                    (row.kind, c.op),
                    (EligibilityKind::Unlock, Op::AtLeast) | (EligibilityKind::Risk, Op::Below)
                )
        });
        if let Some(c) = threshold {
            if !out
                .iter()
                .any(|l| l.kind == "eligibility" && (l.value - c.value).abs() < 1e-9)
            {
                out.push(Line {
                    kind: "eligibility",
                    id: row.id.clone(),
                    name: Text::new(&row.zh, &row.en),
                    value: c.value,
                });
            }
        }
    }
    out
}

/// Keep each indicator's daily value of `day` for the days after (dynamic weighting reads
/// the daily values of the days before, like the `history` input).
fn remember(prior: &mut BTreeMap<String, Vec<f64>>, day: &Day) {
    for (id, ind) in &day.indicators {
        if let Some(v) = ind.daily {
            let values = prior.entry(id.clone()).or_default();
            values.push(v);
            if values.len() > 32 {
                values.remove(0);
            }
        }
    }
}
