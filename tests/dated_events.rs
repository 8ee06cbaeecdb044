//! Deductions dated by the day they happened (`event_days`). The rule: "Deductions (per 30
//! days) — 2026-07: 异常售后地址 and 拒开发票 … −3 per case, at most 15 for the bucket in 30
//! days" (《商家体验分规范》 2026-07-14). A case counts while its day is inside the window, so
//! the score, the daily history and the forecast see it arrive and leave.

use serde_json::json;
use shopscore::input::parse_input;
use shopscore::{ErrorCode, ShopInput};

fn shop(value: serde_json::Value) -> ShopInput {
    parse_input(&value.to_string()).expect("test input parses")
}

fn negative_service(report: &shopscore::Report) -> f64 {
    report
        .adjustments
        .iter()
        .filter(|a| a.id == "negative_service")
        .map(|a| a.points)
        .sum()
}

fn dated(as_of: &str) -> ShopInput {
    shop(json!({
        "rule_set": "douyin-2026-07", "industry": "女装", "as_of": as_of,
        "valid_paid_orders_30d": 1000,
        "dimensions": {"product": 90, "logistics": 90, "service": 90},
        "event_days": {"refused_invoice": {"2026-11-03": 1, "2026-11-10": 2}}
    }))
}

#[test]
fn a_dated_case_counts_only_while_its_day_is_in_the_30_day_window() {
    // Window ending 2026-11-20: 10-22 … 11-20, both days inside: 3 cases × 3 = 9 points.
    let inside = shopscore::score(&dated("2026-11-20")).unwrap();
    assert_eq!(negative_service(&inside), -9.0);
    // Ending 2026-12-03: 11-04 … 12-03, the 11-03 case has left: 2 cases = 6 points.
    let one_left = shopscore::score(&dated("2026-12-03")).unwrap();
    assert_eq!(negative_service(&one_left), -6.0);
    assert_eq!(one_left.total.unwrap() - inside.total.unwrap(), 3.0);
    // Ending 2026-12-10: both have left.
    let gone = shopscore::score(&dated("2026-12-10")).unwrap();
    assert_eq!(negative_service(&gone), 0.0);
    // Before they happened they do not count either.
    let before = shopscore::score(&dated("2026-11-02")).unwrap();
    assert_eq!(negative_service(&before), 0.0);
}

#[test]
fn without_a_data_end_date_every_dated_case_counts() {
    let mut input = dated("2026-11-20");
    input.as_of = None;
    let r = shopscore::score(&input).unwrap();
    assert_eq!(negative_service(&r), -9.0);
}

#[test]
fn a_what_if_on_the_event_replaces_its_dates() {
    let base = dated("2026-11-20");
    let overrides = shop(json!({"events": {"refused_invoice": 0}}));
    let r = shopscore::simulate(&base, &overrides).unwrap();
    assert_eq!(negative_service(&r), 0.0);
}

#[test]
fn advice_prices_removing_the_dated_cases_of_this_window() {
    let r = shopscore::score(&dated("2026-11-20")).unwrap();
    let fix = r
        .advice
        .iter()
        .find(|a| a.indicator == "refused_invoice")
        .expect("advice on the refused invoices");
    assert_eq!(fix.gain, 9.0);
}

#[test]
fn an_unreadable_date_or_a_negative_count_is_named_by_its_field() {
    let bad_date = shop(json!({"as_of": "2026-11-20",
        "event_days": {"refused_invoice": {"11/03/2026": 1}}}));
    let e = shopscore::score(&bad_date).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadField);
    assert_eq!(
        e.field.as_deref(),
        Some("event_days.refused_invoice.11/03/2026")
    );
    let negative = shop(json!({"as_of": "2026-11-20",
        "event_days": {"refused_invoice": {"2026-11-03": -1}}}));
    let e = shopscore::score(&negative).unwrap_err();
    assert_eq!(
        e.field.as_deref(),
        Some("event_days.refused_invoice.2026-11-03")
    );
}
