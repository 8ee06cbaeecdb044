//! Deductions typed by the day they happened (`event_days`): each case counts while its day is
//! inside the window ending `as_of` ("扣分 … per 30 days"), so a day's score, the history and
//! the forecast see it arrive and leave instead of counting it on every day.

use crate::error::{Error, ErrorCode};
use crate::input::{EventValue, ShopInput};
use crate::rules;
use std::borrow::Cow;

/// `input` with every dated event turned into its count of cases in the window ending
/// `as_of` (all its days when `as_of` is unknown); a dated event replaces the same event
/// typed without dates. Unchanged (borrowed) when nothing is dated.
pub fn in_window(input: &ShopInput) -> Result<Cow<'_, ShopInput>, Error> {
    if input.event_days.is_empty() {
        return Ok(Cow::Borrowed(input));
    }
    let window = window_of(input)?;
    let mut owned = input.clone();
    for (id, days) in std::mem::take(&mut owned.event_days) {
        let cases = cases_in(&id, &days, window)?;
        owned.events.insert(id, EventValue::Number(cases));
    }
    Ok(Cow::Owned(owned))
}

/// The window's first and last day numbers (None: no `as_of`, every day counts).
fn window_of(input: &ShopInput) -> Result<Option<(i64, i64)>, Error> {
    let Some(as_of) = input.as_of.as_deref() else {
        return Ok(None);
    };
    let (rule_set, _) = rules::select(input.rule_set.as_deref(), Some(as_of))?;
    let end = rules::day_number(as_of).ok_or_else(|| {
        Error::field(
            ErrorCode::BadField,
            "as_of",
            format!("{as_of:?} 不是 YYYY-MM-DD 日期 | {as_of:?} is not a YYYY-MM-DD date"),
        )
    })?;
    Ok(Some((end - i64::from(rule_set.window_days) + 1, end)))
}

fn cases_in(
    id: &str,
    days: &std::collections::BTreeMap<String, f64>,
    window: Option<(i64, i64)>,
) -> Result<f64, Error> {
    let mut cases = 0.0;
    for (date, n) in days {
        let field = format!("event_days.{id}.{date}");
        let day = rules::day_number(date).ok_or_else(|| {
            Error::field(
                ErrorCode::BadField,
                &field,
                format!("{date:?} 不是 YYYY-MM-DD 日期 | {date:?} is not a YYYY-MM-DD date"),
            )
        })?;
        if !n.is_finite() || *n < 0.0 {
            return Err(Error::field(
                ErrorCode::BadField,
                &field,
                format!("扣分次数须为非负数，而不是 {n} | the number of cases must be zero or more, not {n}"),
            ));
        }
        if window.is_none_or(|(first, last)| (first..=last).contains(&day)) {
            cases += n;
        }
    }
    Ok(cases)
}
