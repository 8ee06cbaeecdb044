//! The daily history as CSV: one row per day (history, then both forecasts), columns named in
//! the reader's language. Every cell is a date, a number or one of our own names — nothing a
//! user typed — so no cell can start a spreadsheet formula.

use super::{Day, Timeline};
use crate::messages::{render_param, Lang};
use serde_json::json;

/// The history (and forecast) of `timeline` as CSV text, headers and words in `lang`.
pub fn history_csv(timeline: &Timeline, lang: Lang) -> String {
    let name = |kind: &str, id: &str| render_param(kind, &json!(id), lang);
    let dimensions: Vec<&String> = columns(timeline, |d| d.dimensions.keys().collect());
    let indicators: Vec<&String> = columns(timeline, |d| d.indicators.keys().collect());
    let mut header: Vec<String> = ["date", "source", "stage", "total", "orders"]
        .iter()
        .map(|c| name("history_column", c))
        .collect();
    header.extend(dimensions.iter().map(|id| name("dimension", id)));
    for id in &indicators {
        for part in ["value", "score", "numerator", "denominator"] {
            header.push(format!(
                "{} {}",
                name("indicator", id),
                name("history_column", part)
            ));
        }
    }
    let rows = timeline
        .days
        .iter()
        .map(|d| (d, d.source))
        .chain(
            timeline
                .forecast
                .no_new_bad
                .iter()
                .map(|f| (&f.day, "forecast_no_new_bad")),
        )
        .chain(
            timeline
                .forecast
                .trend
                .iter()
                .map(|f| (&f.day, "forecast_trend")),
        );
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(&header);
    for (day, source) in rows {
        let number = |v: Option<f64>| v.map(format_number).unwrap_or_default();
        let mut row = vec![
            day.date.clone(),
            name("day_source", source),
            name("stage", stage_id(day)),
            number(day.total),
            number(day.orders),
        ];
        row.extend(
            dimensions
                .iter()
                .map(|id| number(day.dimensions.get(*id).copied())),
        );
        for id in &indicators {
            let ind = day.indicators.get(*id);
            row.push(number(ind.and_then(|i| i.value)));
            row.push(number(ind.and_then(|i| i.score)));
            row.push(number(ind.and_then(|i| i.numerator)));
            row.push(number(ind.and_then(|i| i.denominator)));
        }
        let _ = writer.write_record(&row);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Every id a column of some day carries, in first-seen order.
fn columns<'a>(
    timeline: &'a Timeline,
    ids: impl Fn(&'a Day) -> Vec<&'a String>,
) -> Vec<&'a String> {
    let mut out: Vec<&String> = Vec::new();
    let days = timeline
        .days
        .iter()
        .chain(timeline.forecast.no_new_bad.iter().map(|f| &f.day));
    for day in days {
        for id in ids(day) {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

fn stage_id(day: &Day) -> &'static str {
    match day.stage {
        crate::report::Stage::Formal => "formal",
        crate::report::Stage::Growth => "growth",
        crate::report::Stage::NoScore => "no_score",
    }
}

/// Up to four decimals, trailing zeros dropped.
fn format_number(v: f64) -> String {
    render_param("n", &json!(v), Lang::En)
}
