//! The built-in demo shop the page opens on and `shopscore demo` scores.
//!
//! A realistic 女装 non-flagship shop, open 420 days with 86 products on sale and about 800
//! valid paid orders: most indicators sit one
//! or two bands below the best, one refused invoice costs a deduction, and values are given for
//! the legacy and seed indicators too, so every rule set scores it. Its dated per-day counts
//! (`demo_days`) give the score over time.

mod days;

pub use days::demo_days;

use crate::input::{EventValue, IndicatorInput, ShopInput, ShopType};

fn detail(value: f64, bad_count: f64, base_count: f64) -> IndicatorInput {
    IndicatorInput {
        value: Some(value),
        score: None,
        bad_count: Some(bad_count),
        base_count: Some(base_count),
    }
}

pub fn demo_input() -> ShopInput {
    let mut input = ShopInput {
        as_of: Some("2026-11-20".into()),
        industry: Some("女装".into()),
        shop_type: Some(ShopType::NonFlagship),
        valid_paid_orders_30d: Some(812.0),
        shop_age_days: Some(420.0),
        products_on_sale: Some(86.0),
        ..Default::default()
    };
    let values: &[(&str, f64)] = &[
        // Official 2026 indicators.
        ("pickup_score_avg", 92.4),
        ("pickup_hours_avg", 26.5),
        ("delivery_on_time_rate", 90.2),
        ("damage_return_rate", 0.12),
        ("after_sale_on_time_rate", 88.1),
        ("after_sale_review_hours", 20.5),
        ("feige_avg_response_seconds", 38.0),
        // Legacy 5-point and seed indicators.
        ("bad_review_rate", 0.45),
        ("pickup_on_time_rate", 96.5),
        ("delivery_hours_avg", 62.0),
        ("three_min_reply_rate", 91.0),
        ("after_sale_completion_hours", 30.0),
        ("dispute_refund_rate", 1.2),
        ("ship_48h_rate", 94.0),
        ("stockout_rate", 0.6),
        ("resolution_rate", 84.0),
        ("complaint_satisfaction_rate", 88.0),
        ("violation_points", 2.0),
        ("shop_info_completeness", 90.0),
        ("quality_complaint_rate", 0.3),
        ("logistics_abnormal_rate", 1.2),
        ("after_sale_handling_hours", 30.0),
    ];
    for (id, v) in values {
        input
            .indicators
            .insert((*id).into(), IndicatorInput::from_value(*v));
    }
    // Indicators under the small-sample rule carry their counts.
    input
        .indicators
        .insert("product_rating".into(), detail(4.72, 9.0, 640.0));
    input.indicators.insert(
        "product_quality_return_rate".into(),
        detail(0.52, 4.0, 770.0),
    );
    input.indicators.insert(
        "logistics_quality_return_rate".into(),
        detail(0.09, 1.0, 812.0),
    );
    input
        .indicators
        .insert("feige_dissatisfaction_rate".into(), detail(1.6, 4.0, 250.0));
    input
        .indicators
        .insert("platform_help_rate".into(), detail(0.8, 2.0, 260.0));
    input
        .events
        .insert("refused_invoice".into(), EventValue::Number(1.0));
    input
}
