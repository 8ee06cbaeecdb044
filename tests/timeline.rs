//! The score over time, on dated data whose answers are known by hand: a bad rating leaving the
//! window on exactly the day after its 30th day, eligibility windows (7-day average, streak of
//! the 7-day average, 14 days in a row), the 15%/7-day fall alert, the history's counts equal
//! to a direct count of each window, the typed back-end series, and the rule switch.

use serde_json::json;
use shopscore::input::parse_input;
use shopscore::rules::{date_of_day_number, day_number};
use shopscore::timeline::{timeline, Counts, DailyAggregates, Entry, Request, Timeline};
use shopscore::ShopInput;

fn shop(json: serde_json::Value) -> ShopInput {
    parse_input(&json.to_string()).expect("test input parses")
}

fn day(date: &str) -> i64 {
    day_number(date).expect("a date")
}

fn run(typed: &ShopInput, aggregates: Option<&DailyAggregates>) -> Timeline {
    timeline(&Request {
        typed,
        aggregates,
        rule_set: None,
        as_of: None,
        days: 90,
    })
    .expect("timeline")
}

fn entry(indicator: &str, day: i64, counts: Counts) -> Entry {
    Entry::on(indicator, day, counts)
}

/// `days` days ending on `last` with 20 valid paid orders a day and, for product_rating,
/// 10 ratings of 48 stars a day (a 4.8 average).
fn rating_days(last: i64, days: i64) -> DailyAggregates {
    let mut agg = DailyAggregates::default();
    for d in last - days + 1..=last {
        agg.orders.insert(d, 20.0);
        agg.entries.push(entry(
            "product_rating",
            d,
            Counts {
                numerator: 48.0,
                denominator: 10.0,
                bad: 0.0,
                base: 10.0,
            },
        ));
    }
    agg
}

#[test]
fn a_one_star_rating_signed_29_days_before_the_last_day_leaves_the_window_the_next_day() {
    // 2026-07 rules, 30-day window; 商品综合评分 bands ≥ 4.791 → 100, ≥ 4.74 → 90.
    // The window ending on the last day holds 300 ratings of 4.8 and one 1★ placed 29 days
    // before: (1440 + 1) / 301 = 4.7874 → 90. On the next day that day has left the window:
    // 4.8 → 100, and the forecast (no new bad records) rises on exactly that day.
    let last = day("2026-08-20");
    let mut agg = rating_days(last, 60);
    agg.entries.push(entry(
        "product_rating",
        last - 29,
        Counts {
            numerator: 1.0,
            denominator: 1.0,
            bad: 1.0,
            base: 1.0,
        },
    ));
    let typed = shop(json!({"rule_set": "douyin-2026-07", "industry": "女装"}));
    let tl = run(&typed, Some(&agg));
    assert_eq!(tl.as_of, "2026-08-20");
    let today = tl.days.last().unwrap();
    let rating = &today.indicators["product_rating"];
    assert_eq!(rating.value, Some(4.7874));
    assert_eq!(rating.score, Some(90.0));
    assert_eq!(rating.numerator, Some(1441.0));
    assert_eq!(rating.denominator, Some(301.0));
    // It entered on its own day: the day before it, the window had no 1★.
    let before = tl
        .days
        .iter()
        .find(|d| d.date == date_of_day_number(last - 30))
        .unwrap();
    assert_eq!(before.indicators["product_rating"].score, Some(100.0));

    let next = &tl.forecast.no_new_bad[0];
    assert_eq!(next.day.date, "2026-08-21");
    assert_eq!(next.day.indicators["product_rating"].score, Some(100.0));
    assert_eq!(next.leaving.len(), 1);
    assert_eq!(next.leaving[0].indicator, "product_rating");
    assert_eq!(next.leaving[0].records, 1.0);
    assert_eq!(next.leaving[0].from_date, date_of_day_number(last - 29));
    assert!(
        next.day.total.unwrap() > today.total.unwrap(),
        "the forecast rises on that day"
    );
    // An alert says so, linked to the indicator's advice and drill-down.
    let alert = tl
        .alerts
        .iter()
        .find(|a| a.code == "roll_off")
        .expect("roll-off alert");
    assert_eq!(alert.date, "2026-08-21");
    assert_eq!(alert.advice.as_deref(), Some("product_rating"));
    assert_eq!(alert.drilldown.as_deref(), Some("product_rating"));
    assert!(
        alert.message.en.contains("leave the window on 2026-08-21"),
        "{}",
        alert.message.en
    );
    assert!(
        alert.message.zh.contains("移出窗口"),
        "{}",
        alert.message.zh
    );
}

#[test]
fn each_days_counts_equal_a_direct_count_of_its_window() {
    // The sliding sums (add the day entering, subtract the day leaving) against counting each
    // window's entries directly, on the demo's 120 days, with returns known two days late.
    let agg = shopscore::demo::demo_days();
    let typed = shopscore::demo_input();
    let tl = run(&typed, Some(&agg));
    assert_eq!(tl.days.len(), 90);
    for d in &tl.days {
        let end = day(&d.date);
        for (id, ind) in &d.indicators {
            if ind.source != "records" {
                continue;
            }
            let (num, den) = agg
                .entries
                .iter()
                .filter(|e| {
                    &e.indicator == id && e.day > end - 30 && e.day <= end && e.known <= end
                })
                .fold((0.0, 0.0), |(n, m), e| {
                    (n + e.counts.numerator, m + e.counts.denominator)
                });
            let round = |v: f64| (v * 10_000.0).round() / 10_000.0;
            assert_eq!(ind.numerator, Some(round(num)), "{} {id}", d.date);
            assert_eq!(ind.denominator, Some(round(den)), "{} {id}", d.date);
        }
        let orders: f64 = agg.orders.range(end - 29..=end).map(|(_, n)| n).sum();
        assert_eq!(d.orders, Some(orders), "{}", d.date);
    }
    // The last window adds up to the demo's typed counts.
    let last = tl.days.last().unwrap();
    assert_eq!(last.orders, Some(812.0));
    assert_eq!(last.indicators["product_rating"].denominator, Some(640.0));
    assert_eq!(last.indicators["product_rating"].value, Some(4.7203));
    assert_eq!(
        last.indicators["feige_avg_response_seconds"].value,
        Some(38.0)
    );
}

/// A typed back-end series of daily totals ending the day before `as_of`, today typed as a
/// dimension score set that scores `today`.
fn typed_series(totals: &[f64], today: f64) -> ShopInput {
    shop(json!({
        "rule_set": "douyin-2026-07", "as_of": "2026-08-31", "industry": "女装",
        "valid_paid_orders_30d": 2000,
        "dimensions": {"product": today, "logistics": today, "service": today},
        "history": {"total": totals}
    }))
}

fn change_dates(tl: &Timeline, id: &str) -> Vec<(String, bool)> {
    let row = tl
        .eligibility
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("row {id}"));
    row.changes.iter().map(|c| (c.date.clone(), c.ok)).collect()
}

#[test]
fn the_7_day_average_crossing_70_unlocks_campaigns_on_the_day_it_crosses() {
    // Official campaigns: 7-day average ≥ 70 (eligibility.csv). Ten days at 60, then 80: the
    // average over 7 days is (60·(7−k) + 80·k) / 7, ≥ 70 first at k = 4 (the fourth day at 80).
    let mut totals = vec![60.0; 10];
    totals.extend([80.0; 5]);
    let typed = typed_series(&totals, 80.0);
    let tl = run(&typed, None);
    assert_eq!(tl.days.len(), 16);
    // Days: 2026-08-16 … 2026-08-30 typed, 2026-08-31 today. The first 80 is 2026-08-26.
    assert_eq!(tl.days[10].date, "2026-08-26");
    assert_eq!(tl.days[10].total, Some(80.0));
    assert_eq!(
        change_dates(&tl, "official_campaigns"),
        vec![("2026-08-29".to_string(), true)]
    );
    let row = tl
        .eligibility
        .iter()
        .find(|r| r.id == "official_campaigns")
        .unwrap();
    assert_eq!(row.ok_now, Some(true));
    // Before 7 days are known the answer cannot be told: null, never false.
    assert_eq!(row.days[0], None);
    assert_eq!(row.days[6], Some(false));
    assert!(
        tl.forecast.note.is_some(),
        "no per-day records: no forecast, and it says why"
    );
}

#[test]
fn a_7_day_streak_of_the_7_day_average_below_70_puts_goods_at_risk() {
    // Goods are removed from campaigns when the 7-day average stays below 70 for 7 days in a
    // row. 14 days at 80, then 60: the 7-day average is below 70 from the fourth 60 on; seven
    // such days in a row end on the tenth 60.
    let mut totals = vec![80.0; 14];
    totals.extend([60.0; 9]);
    let typed = typed_series(&totals, 60.0);
    let tl = run(&typed, None);
    // Days: 2026-08-08 … 2026-08-30 typed (23), 2026-08-31 today = the tenth 60.
    assert_eq!(tl.days.len(), 24);
    assert_eq!(tl.days[14].total, Some(60.0));
    assert_eq!(tl.days[14].date, "2026-08-22");
    assert_eq!(
        change_dates(&tl, "official_campaign_goods_removal"),
        vec![("2026-08-31".to_string(), false)]
    );
    let row = tl
        .eligibility
        .iter()
        .find(|r| r.id == "official_campaign_goods_removal")
        .unwrap();
    assert_eq!(row.at_risk_now, Some(true));
}

#[test]
fn fourteen_days_in_a_row_below_60_put_the_category_at_risk() {
    // Category removal: the daily score below 60 on each of the last 14 days. 20 days at 65,
    // then 55: at risk on the 14th day at 55, not on the 13th.
    let mut totals = vec![65.0; 20];
    totals.extend([55.0; 13]);
    let typed = typed_series(&totals, 55.0);
    let tl = run(&typed, None);
    let first_55 = &tl.days[20];
    assert_eq!(first_55.total, Some(55.0));
    let fourteenth = date_of_day_number(day(&first_55.date) + 13);
    assert_eq!(fourteenth, tl.as_of);
    assert_eq!(
        change_dates(&tl, "category_removal"),
        vec![(fourteenth, false)]
    );
}

/// 41 days ending on `last`, 40 orders and 50 Feige rounds a day, replies taking `before`
/// seconds on average, then `after` from the day `jump` on.
fn feige_days(last: i64, jump: i64, before: f64, after: f64) -> DailyAggregates {
    let mut agg = DailyAggregates::default();
    for d in last - 40..=last {
        agg.orders.insert(d, 40.0);
        let seconds = if d >= jump { after } else { before };
        agg.entries.push(entry(
            "feige_avg_response_seconds",
            d,
            Counts {
                numerator: seconds * 50.0,
                denominator: 50.0,
                ..Counts::default()
            },
        ));
    }
    agg
}

#[test]
fn an_indicator_15_percent_worse_for_7_days_in_a_row_raises_an_alert_on_the_seventh_day() {
    // Feige replies: 30 s a day for 30 days, then 40 s (33% worse) from day 31. Compared with
    // the day 7 days before, each of the last 7 days is more than 15% worse first on the
    // seventh day at 40 s.
    let last = day("2026-08-31");
    let jump = last - 9;
    let mut agg = feige_days(last, jump, 30.0, 40.0);
    let typed = shop(json!({"rule_set": "douyin-2026-07", "industry": "女装"}));
    let tl = run(&typed, Some(&agg));
    let falls: Vec<_> = tl
        .alerts
        .iter()
        .filter(|a| a.code == "indicator_fall")
        .collect();
    assert_eq!(falls.len(), 1, "{:?}", tl.alerts);
    assert_eq!(falls[0].date, date_of_day_number(jump + 6));
    assert_eq!(
        falls[0].indicator.as_deref(),
        Some("feige_avg_response_seconds")
    );
    assert!(
        falls[0].message.en.contains("more than 15% worse"),
        "{}",
        falls[0].message.en
    );
    // The jump itself is a one-day change of 33%: over the 20% line.
    let drop = tl
        .alerts
        .iter()
        .find(|a| a.code == "sudden_drop")
        .expect("sudden drop");
    assert_eq!(drop.date, date_of_day_number(jump));
    // A fall of 10% (33 s) is not an alert.
    for e in agg.entries.iter_mut().filter(|e| e.day >= jump) {
        e.counts.numerator = 33.0 * 50.0;
    }
    let tl = run(&typed, Some(&agg));
    assert!(
        tl.alerts
            .iter()
            .all(|a| a.code != "indicator_fall" && a.code != "sudden_drop"),
        "{:?}",
        tl.alerts
    );
}

#[test]
fn under_the_seed_rule_set_the_fall_weighs_its_dimension_more() {
    // seed-2023-4dim: an indicator falling more than 15% for 7 days in a row makes its
    // dimension's weight ×1.5. The alert says so and the day's score applies it.
    let last = day("2026-08-31");
    let agg = feige_days(last, last - 9, 20.0, 40.0);
    let mut typed = shopscore::demo_input();
    typed.rule_set = Some("seed-2023-4dim".into());
    typed.as_of = Some("2026-08-31".into());
    let tl = run(&typed, Some(&agg));
    let fall = tl
        .alerts
        .iter()
        .find(|a| a.code == "indicator_fall")
        .expect("fall alert");
    assert!(
        fall.message.en.contains("weighs ×1.5"),
        "{}",
        fall.message.en
    );
    assert!(fall.message.zh.contains("×1.5"), "{}", fall.message.zh);
}

#[test]
fn typed_back_end_totals_and_recomputed_ones_are_shown_together_each_labelled() {
    let mut typed = shopscore::demo_input();
    typed.history.insert("total".into(), vec![84.0, 85.5, 86.0]);
    let tl = run(&typed, Some(&shopscore::demo::demo_days()));
    assert_eq!(tl.backend.len(), 3);
    assert_eq!(tl.backend[2].date, "2026-11-19");
    assert_eq!(tl.backend[2].total, Some(86.0));
    assert!(tl.days.iter().all(|d| d.source == "records"));
    assert!(
        tl.notes
            .iter()
            .any(|n| n.en.contains("back end") && n.en.contains("recomputed")),
        "{:?}",
        tl.notes
    );
}

#[test]
fn the_demo_tells_its_story() {
    let tl = run(
        &shopscore::demo_input(),
        Some(&shopscore::demo::demo_days()),
    );
    assert_eq!(tl.rule_set, "douyin-2026-09");
    // The six 1★ ratings of 29 and 28 days before leave on the next two days: the forecast rises.
    let f = &tl.forecast.no_new_bad;
    assert_eq!(f.len(), 14);
    assert_eq!(f[0].leaving[0].records, 3.0);
    assert!(f[1].day.total > f[0].day.total && f[0].day.total > tl.days.last().unwrap().total);
    // The two assumptions are stated.
    assert_eq!(tl.forecast.assumptions.len(), 2);
    assert!(tl.forecast.assumptions[0]
        .text
        .zh
        .contains("不再出现新的差评"));
    // The slow Feige replies raise the 15%/7-day alert; the brand label was regained.
    assert!(tl.alerts.iter().any(|a| a.code == "indicator_fall"));
    assert!(change_dates(&tl, "brand_label").iter().any(|(_, ok)| *ok));
    // Rules changed on 2026-09-08 within the 90 days: a step, explained.
    assert_eq!(tl.versions.switches.len(), 1);
    let s = &tl.versions.switches[0];
    assert_eq!(
        (s.date.as_str(), s.from.as_str(), s.to.as_str()),
        ("2026-09-08", "douyin-2026-07", "douyin-2026-09")
    );
    assert!(s.text.zh.contains("2026-09-08"), "{}", s.text.zh);
    let in_force_on = |date: &str| {
        tl.versions
            .in_force
            .iter()
            .find(|d| d.date == date)
            .unwrap()
            .rule_set
            .clone()
    };
    assert_eq!(in_force_on("2026-09-07"), "douyin-2026-07");
    assert_eq!(in_force_on("2026-09-08"), "douyin-2026-09");
    // Lines to draw: the tiers and the eligibility thresholds on the total.
    assert!(tl
        .lines
        .iter()
        .any(|l| l.kind == "eligibility" && l.value == 70.0));
    assert!(tl.lines.iter().any(|l| l.kind == "tier" && l.value == 80.0));
    // Nothing a reader sees carries an id.
    let json = serde_json::to_value(&tl).unwrap();
    for a in json["alerts"].as_array().unwrap() {
        for lang in ["zh", "en"] {
            let text = a["message"][lang].as_str().unwrap();
            assert!(!text.contains('_'), "{text}");
        }
    }
}

#[test]
fn history_time_for_90_days_of_a_1m_order_shop_is_printed() {
    // Not a timed assertion (speed goals live in make bench): 1 000 000 orders over 120 days,
    // every 2026-09 indicator counted every day.
    let last = day("2026-11-20");
    let mut agg = DailyAggregates::default();
    let per_day = 1_000_000.0 / 120.0;
    for d in last - 119..=last {
        agg.orders.insert(d, per_day);
        for (id, num, den) in [
            ("product_rating", 4.7 * per_day * 0.6, per_day * 0.6),
            (
                "product_quality_return_rate",
                per_day * 0.005,
                per_day * 0.9,
            ),
            ("pickup_hours_avg", 26.0 * per_day, per_day),
            ("delivery_on_time_rate", per_day * 0.9, per_day),
            ("damage_return_rate", per_day * 0.001, per_day),
            ("feige_dissatisfaction_rate", per_day * 0.002, per_day * 0.3),
            (
                "feige_avg_response_seconds",
                35.0 * per_day * 2.0,
                per_day * 2.0,
            ),
            (
                "after_sale_review_hours",
                20.0 * per_day * 0.1,
                per_day * 0.1,
            ),
            ("platform_help_rate", per_day * 0.003, per_day * 0.3),
        ] {
            agg.entries.push(entry(
                id,
                d,
                Counts {
                    numerator: num,
                    denominator: den,
                    bad: 0.0,
                    base: 0.0,
                },
            ));
        }
    }
    let typed = shop(json!({"industry": "女装", "shop_type": "non_flagship"}));
    let start = std::time::Instant::now();
    let tl = run(&typed, Some(&agg));
    println!("history of {} days (+{} forecast days ×2, eligibility, alerts, versions) for a 1M-order shop: {:?}", tl.days.len(), tl.forecast.no_new_bad.len(), start.elapsed());
    assert_eq!(tl.days.len(), 90);
}

#[test]
fn nothing_to_date_the_days_is_said_not_an_error() {
    // Typed values without a data end date and no records: no days, a note saying what would
    // place them; a malformed date is still an error naming the field.
    let typed = shop(json!({"industry": "女装", "dimensions": {"product": 80}}));
    let tl = run(&typed, None);
    assert!(tl.days.is_empty());
    assert!(
        tl.notes.iter().any(|n| n.en.contains("data end date")),
        "{:?}",
        tl.notes
    );
    let err = timeline(&Request {
        typed: &typed,
        aggregates: None,
        rule_set: None,
        as_of: Some("2026-13-01"),
        days: 90,
    })
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("as_of"));
}

#[test]
fn the_history_csv_has_one_row_per_day_named_in_the_readers_language() {
    use shopscore::messages::Lang;
    use shopscore::timeline::history_csv;
    let tl = run(
        &shopscore::demo_input(),
        Some(&shopscore::demo::demo_days()),
    );
    let zh = history_csv(&tl, Lang::Zh);
    let lines: Vec<&str> = zh.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + 90 + 14 + 14);
    assert!(
        lines[0].starts_with("日期,来源,阶段,总分,窗口内有效支付订单,"),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("商品综合评分 数值"), "{}", lines[0]);
    let last = lines[90];
    assert!(last.starts_with("2026-11-20,重算,正式阶段,"), "{last}");
    assert!(
        last.contains(&format!(",{},", tl.days[89].total.unwrap())),
        "{last}"
    );
    assert!(
        lines[91].starts_with("2026-11-21,预测：无新不良记录,"),
        "{}",
        lines[91]
    );
    let en = history_csv(&tl, Lang::En);
    assert!(en.starts_with("date,source,stage,total,"), "{}", &en[..60]);
    assert!(!en.contains('_'), "no id in the CSV");
}

/// A deduction typed with its date counts only in the windows that hold it ("扣分 … per 30
/// days"; the rule is tested in tests/dated_events.rs): the history shows it arrive, the
/// forecast shows it leave.
#[test]
fn the_history_shows_the_case_arrive_and_the_forecast_shows_it_leave() {
    let last = day_number("2026-11-20").unwrap();
    let agg = rating_days(last, 60);
    let typed = shop(json!({
        "rule_set": "douyin-2026-07", "industry": "女装",
        "dimensions": {"logistics": 90, "service": 90},
        "event_days": {"refused_invoice": {"2026-10-25": 1}}
    }));
    let tl = timeline(&Request {
        typed: &typed,
        aggregates: Some(&agg),
        rule_set: None,
        as_of: None,
        days: 60,
    })
    .unwrap();
    let total_on = |date: &str| {
        tl.days
            .iter()
            .find(|d| d.date == date)
            .and_then(|d| d.total)
            .unwrap()
    };
    // It arrives on its day: 3 points lower than the day before.
    assert_eq!(total_on("2026-10-24") - total_on("2026-10-25"), 3.0);
    // Its day is the first of the window ending 2026-11-23; on 11-24 it has left.
    let forecast = |date: &str| {
        tl.forecast
            .no_new_bad
            .iter()
            .find(|f| f.day.date == date)
            .and_then(|f| f.day.total)
            .unwrap()
    };
    assert_eq!(forecast("2026-11-23"), total_on("2026-11-20"));
    assert_eq!(forecast("2026-11-24") - forecast("2026-11-23"), 3.0);
    // No "counted on every day" note: the case has a date.
    assert!(tl
        .notes
        .iter()
        .all(|n| !n.en.contains("counted on every day")));
}
