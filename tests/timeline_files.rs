//! The score over time from the shop's real files, through the session (`pipeline::Shop`):
//! each day's counts equal the records' own window sums, a 1★ review read from a review export
//! leaves the window on the day after its 30th day, and plans use the files' denominators.

use shopscore::pipeline::{FilesOptions, Shop};
use shopscore::rules::{date_of_day_number, day_number};
use shopscore::ShopInput;
use std::path::Path;

fn shop_with(files: &[(&str, Vec<u8>)]) -> Shop {
    let mut shop = Shop::new(&FilesOptions::default());
    for (name, bytes) in files {
        let id = shop.add_file(name);
        // Two chunks: the session reads any chunking the same way.
        let half = bytes.len() / 2;
        shop.push(id, &bytes[..half]).expect("push");
        shop.push(id, &bytes[half..]).expect("push");
        shop.finish(id).expect("finish");
    }
    shop
}

fn fixture(name: &str) -> (&str, Vec<u8>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    (name_of(name), std::fs::read(path).expect("fixture"))
}

fn name_of(name: &str) -> &str {
    name
}

#[test]
fn each_days_counts_equal_the_records_window_sums() {
    // The fixture shop: every file kind. The history's numerators and denominators for every
    // day equal `window_values` (the records' own sum over that window's days).
    let mut shop = shop_with(&[
        fixture("orders.csv"),
        fixture("logistics.csv"),
        fixture("after_sales.csv"),
        fixture("reviews.csv"),
        fixture("feige_rounds.csv"),
    ]);
    let typed = ShopInput::default();
    let tl = shop
        .timeline(&typed, None, Some("douyin-2026-07"), 90)
        .expect("timeline");
    assert!(!tl.days.is_empty());
    for day in &tl.days {
        let end = day_number(&day.date).unwrap();
        let start = date_of_day_number(end - i64::from(tl.window_days) + 1);
        let direct = shop.window_values(&start, &day.date).expect("window");
        for (id, ind) in day.indicators.iter().filter(|(_, i)| i.source == "records") {
            let c = &direct.indicators[id];
            assert_eq!(
                ind.numerator,
                Some((c.numerator * 1e4).round() / 1e4),
                "{} {id}",
                day.date
            );
            assert_eq!(
                ind.denominator,
                Some((c.denominator * 1e4).round() / 1e4),
                "{} {id}",
                day.date
            );
            if let (Some(v), Some(w)) = (ind.value, c.value) {
                assert!((v - w).abs() < 1e-3, "{} {id}: {v} vs {w}", day.date);
            }
        }
        assert_eq!(day.orders, direct.valid_paid_orders, "{}", day.date);
    }
    // The last day is the report's window: the same values the session scores.
    let report = shop
        .score(&typed, None, Some("douyin-2026-07"))
        .expect("score");
    let last = tl.days.last().unwrap();
    assert_eq!(last.total, report.total);
}

/// A review export: `per_day` 5★ first reviews a day for `days` days ending on `last`, and one
/// 1★ first review on `one_star` (review time 10:00 China time).
fn reviews_csv(last: i64, days: i64, per_day: usize, one_star: i64) -> Vec<u8> {
    let mut out = String::from("\u{feff}订单编号,商品ID,商品名称,评分,是否首评,评价时间\n");
    let mut order = 6_930_000_000_000_100_000u64;
    for d in last - days + 1..=last {
        let date = date_of_day_number(d);
        let ratings = std::iter::repeat_n(5, per_day).chain((d == one_star).then_some(1));
        for stars in ratings {
            order += 1;
            out += &format!("\t{order},\t3600000000001,纯棉T恤,{stars},是,{date} 10:00:00\n");
        }
    }
    out.into_bytes()
}

#[test]
fn a_one_star_review_in_the_files_leaves_the_window_the_day_after_its_30th_day() {
    // Reviews only: 商品综合评分 over first reviews by review time. 10 five-star reviews a day
    // and one 1★ review 29 days before the last day: the last window holds 301 ratings
    // (1501 stars: 4.9867); the next day the 1★ has left (5.0), on exactly that day.
    let last = day_number("2026-08-20").unwrap();
    let mut shop = shop_with(&[("reviews.csv", reviews_csv(last, 60, 10, last - 29))]);
    let typed = ShopInput {
        rule_set: Some("douyin-2026-07".into()),
        ..ShopInput::default()
    };
    let tl = shop.timeline(&typed, None, None, 90).expect("timeline");
    assert_eq!(tl.as_of, "2026-08-20");
    let today = &tl.days.last().unwrap().indicators["product_rating"];
    assert_eq!(today.denominator, Some(301.0));
    assert_eq!(today.numerator, Some(1501.0));
    let next = &tl.forecast.no_new_bad[0];
    assert_eq!(next.day.date, "2026-08-21");
    assert_eq!(next.day.indicators["product_rating"].value, Some(5.0));
    assert_eq!(next.leaving.len(), 1);
    assert_eq!(next.leaving[0].indicator, "product_rating");
    assert_eq!(next.leaving[0].from_date, date_of_day_number(last - 29));
    // The day before the 1★ was placed, the window had none either: it entered on its day.
    let before = tl
        .days
        .iter()
        .find(|d| d.date == date_of_day_number(last - 30))
        .unwrap();
    assert_eq!(before.indicators["product_rating"].value, Some(5.0));
}

#[test]
fn a_plan_on_files_counts_in_the_files_denominators() {
    // Reviews with a 4.6 average over the last window: the plan's amount is in stars over the
    // window's rated orders as the files count them.
    let last = day_number("2026-08-20").unwrap();
    let mut csv = String::from("\u{feff}订单编号,商品ID,商品名称,评分,是否首评,评价时间\n");
    let mut order = 6_930_000_000_000_200_000u64;
    for d in last - 29..=last {
        let date = date_of_day_number(d);
        for stars in [5, 5, 4, 5, 4] {
            order += 1;
            csv += &format!("\t{order},\t3600000000001,纯棉T恤,{stars},是,{date} 10:00:00\n");
        }
    }
    let mut shop = shop_with(&[("reviews.csv", csv.into_bytes())]);
    let typed = ShopInput {
        rule_set: Some("douyin-2026-07".into()),
        industry: Some("女装".into()),
        valid_paid_orders_30d: Some(2000.0),
        ..ShopInput::default()
    };
    let plan = shop.plan(&typed, "100", None, None).expect("plan");
    let rating = plan
        .changes
        .iter()
        .find(|c| c.indicator == "product_rating")
        .expect("the rating moves");
    // 150 ratings of 4.6 (690 stars); the 100 band needs 4.791: ceil(718.65) − 690 = 29 stars.
    assert!(
        rating
            .amount
            .en
            .contains("29 more stars over about 150 rated orders"),
        "{}",
        rating.amount.en
    );
}
