//! The demo shop's last 120 days as per-day counts (what its order, logistics, review,
//! after-sales and Feige exports would give), so the page can show its history, forecast and
//! eligibility calendar. The last 30 days add up to the demo's typed values (812 valid paid
//! orders, 9 low ratings in 640, 4 quality returns in 770 …); earlier days tell a story an
//! operator knows:
//! - 95 to 73 days before the last day, a courier problem (deliveries late, pickups slow) and
//!   a bad batch (a quality return a day): the total falls below 80 for a while;
//! - 29 and 28 days before, six 1★ ratings in two days (they leave the window on the next two
//!   days: the forecast rises);
//! - the last 9 days, Feige replies take almost twice as long (an alert).
//!
//! Numbers are fixed patterns, not random: the same every run.

use crate::rules;
use crate::timeline::{Counts, DailyAggregates, Entry};

/// Days of data, the last one being the demo's `as_of`.
const DAYS: usize = 120;
/// Index of the first day of the last 30-day window.
const LAST_WINDOW: usize = DAYS - 30;

/// The demo's per-day counts, ending on its `as_of` (2026-11-20).
pub fn demo_days() -> DailyAggregates {
    let last = rules::day_number("2026-11-20").unwrap_or(0);
    let first = last - DAYS as i64 + 1;
    let mut out = DailyAggregates::default();
    let orders = orders();
    for (t, n) in orders.iter().enumerate() {
        out.orders.insert(first + t as i64, *n);
    }
    let mut add = |id: &str, t: usize, delay: i64, counts: Counts| {
        if counts.denominator > 0.0 || counts.base > 0.0 || counts.numerator != 0.0 {
            let day = first + t as i64;
            out.entries.push(Entry::on(id, day, counts).known(day + delay));
        }
    };
    let courier_trouble = |t: usize| (25..47).contains(&t);
    let ratings = ratings();

    for t in 0..DAYS {
        // 商品综合评分: about 21 rated orders a day; low (1–2★) ratings counted as 1★.
        let (rated, stars, low) = ratings[t];
        add(
            "product_rating",
            t,
            0,
            Counts {
                numerator: stars,
                denominator: rated,
                bad: low,
                base: rated,
            },
        );

        // 商品品质退货率: signed orders known the day they are signed, quality returns two
        // days later (when the after-sale is applied).
        let signed = 25.0 + f64::from(u8::from(t % 3 != 0));
        add(
            "product_quality_return_rate",
            t,
            0,
            Counts {
                numerator: 0.0,
                denominator: signed,
                bad: 0.0,
                base: signed,
            },
        );
        let returns = quality_returns(t);
        if returns > 0.0 {
            add(
                "product_quality_return_rate",
                t,
                2,
                Counts {
                    numerator: returns,
                    denominator: 0.0,
                    bad: returns,
                    base: 0.0,
                },
            );
        }

        // Pickup: hours from payment (or 06:00) to pickup, and the per-order score.
        let picked = orders[t];
        let (hours, score) = if courier_trouble(t) {
            (44.0, 71.0)
        } else {
            (26.5, 92.4)
        };
        for (id, mean) in [("pickup_hours_avg", hours), ("pickup_score_avg", score)] {
            add(
                id,
                t,
                0,
                Counts {
                    numerator: picked * mean,
                    denominator: picked,
                    ..Counts::default()
                },
            );
        }

        // 运单配送时效达成率: 26 waybills due a day.
        let due = 26.0;
        let on_time = if courier_trouble(t) {
            15.0 + f64::from(u8::from(t % 2 == 0))
        } else if t >= LAST_WINDOW {
            23.0 + f64::from(u8::from(t % 2 == 0 && t != 100))
        } else {
            23.0 + f64::from(u8::from(t % 2 == 0))
        };
        add(
            "delivery_on_time_rate",
            t,
            0,
            Counts {
                numerator: on_time,
                denominator: due,
                ..Counts::default()
            },
        );

        // Rates over paid orders: damage returns and logistics-quality returns.
        for (id, cases) in [
            (
                "damage_return_rate",
                f64::from(u8::from(t == 105 || t == 61)),
            ),
            (
                "logistics_quality_return_rate",
                f64::from(u8::from(t == 112 || t == 40)),
            ),
        ] {
            add(
                id,
                t,
                0,
                Counts {
                    numerator: cases,
                    denominator: picked,
                    bad: cases,
                    base: picked,
                },
            );
        }

        // After-sales: 3 a day, reviewed in about 20.5 hours; handled in time 88%.
        let after_sales = 3.0;
        let review_hours = if t % 2 == 0 { 19.5 } else { 21.5 };
        add(
            "after_sale_review_hours",
            t,
            0,
            Counts {
                numerator: after_sales * review_hours,
                denominator: after_sales,
                ..Counts::default()
            },
        );
        add(
            "after_sale_on_time_rate",
            t,
            0,
            Counts {
                numerator: after_sales - f64::from(u8::from(t % 3 == 1 || t == 104)),
                denominator: after_sales,
                ..Counts::default()
            },
        );

        // Feige: 60 manual rounds a day; rated sessions with a few unsatisfied ratings;
        // buyers asking for help and a few escalations to the platform.
        let slow = t >= DAYS - 9;
        let seconds = if slow { 3400.0 } else { 1800.0 };
        add(
            "feige_avg_response_seconds",
            t,
            0,
            Counts {
                numerator: seconds,
                denominator: 60.0,
                ..Counts::default()
            },
        );
        let rated_sessions = 8.0 + f64::from(u8::from(t % 3 == 0));
        let unsatisfied = f64::from(u8::from(matches!(t % 30, 3 | 11 | 19 | 26)));
        add(
            "feige_dissatisfaction_rate",
            t,
            0,
            Counts {
                numerator: unsatisfied,
                denominator: rated_sessions,
                bad: unsatisfied,
                base: rated_sessions,
            },
        );
        let asking = 8.0 + f64::from(u8::from(t % 3 != 2));
        let escalated = f64::from(u8::from(t % 30 == 7 || t % 30 == 21));
        add(
            "platform_help_rate",
            t,
            0,
            Counts {
                numerator: escalated,
                denominator: asking,
                bad: escalated,
                base: asking,
            },
        );
    }
    out
}

/// Valid paid orders per day: about 27 (812 in the last 30 days).
fn orders() -> Vec<f64> {
    (0..DAYS)
        .map(|t| {
            let wobble = [0.0, 1.0, -1.0, 2.0, -2.0][t % 5];
            if t >= LAST_WINDOW {
                27.0 + f64::from(u8::from(t == 100 || t == 110))
            } else {
                27.0 + wobble
            }
        })
        .collect()
}

/// Rated orders, their stars and their low (1–2★, counted as 1★) ratings per day: the last
/// 30 days hold 640 ratings, 9 of them low, 3 021 stars (4.72).
fn ratings() -> Vec<(f64, f64, f64)> {
    let mut days: Vec<(f64, f64, f64)> = (0..DAYS)
        .map(|t| {
            let rated = 21.0 + f64::from(u8::from(t >= LAST_WINDOW && t % 3 == 0));
            let low = low_ratings(t);
            let good_mean = if t >= LAST_WINDOW { 4.7734 } else { 4.76 };
            (rated, ((rated - low) * good_mean).round() + low, low)
        })
        .collect();
    let window_stars: f64 = days[LAST_WINDOW..].iter().map(|d| d.1).sum();
    if let Some(last) = days.last_mut() {
        last.1 += 3021.0 - window_stars;
    }
    days
}

/// Low ratings per day: the burst of six 29 and 28 days before the last day, three more in
/// the last window, one every few days before.
fn low_ratings(t: usize) -> f64 {
    match t {
        90 | 91 => 3.0,
        100 | 108 | 115 => 1.0,
        t if t < LAST_WINDOW && t % 6 == 0 => 1.0,
        _ => 0.0,
    }
}

/// Quality returns per signed day: four in the last window, one a week before, and a bad
/// batch (one a day) while the courier had trouble.
fn quality_returns(t: usize) -> f64 {
    match t {
        95 | 102 | 109 | 114 => 1.0,
        28..=47 => 1.0,
        t if t < LAST_WINDOW && t % 7 == 3 => 1.0,
        _ => 0.0,
    }
}
