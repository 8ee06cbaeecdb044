//! Issue 7's record-side fixes, each checked against the rule sentence it follows (RULES.md
//! §3, the rule sets' `record_rules`): the published numbers the recomputation uses come
//! from the rule data, one source, and are not flagged as estimates.

use shopscore::pipeline::{prepare, FilesOptions, Prepared};
use shopscore::rules;
use shopscore::ShopInput;

fn options() -> FilesOptions {
    FilesOptions {
        as_of: Some("2026-11-30".into()),
        ..Default::default()
    }
}

fn run(files: &[(&str, String)], typed: &ShopInput) -> Prepared {
    let files: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(n, t)| (n.to_string(), t.clone().into_bytes()))
        .collect();
    prepare(&files, typed, &options()).unwrap()
}

#[track_caller]
fn value(p: &Prepared, id: &str) -> f64 {
    p.recomputed.indicators[id].value.unwrap()
}

/// The counts are built once for every rule set, so the official sets must publish the
/// same record definitions (if one day they differ, the counts must be built per rule set).
#[test]
fn the_official_rule_sets_agree_on_their_record_definitions() {
    let sets: Vec<_> = rules::all()
        .unwrap()
        .iter()
        .filter_map(|r| r.record_rules.as_ref().map(|rr| (r.id.as_str(), rr)))
        .collect();
    assert!(sets.len() >= 3, "{sets:?}");
    for (id, rr) in &sets {
        assert_eq!(*rr, sets[0].1, "{id} differs from {}", sets[0].0);
    }
    assert_eq!(shopscore::indicators::published(), sets[0].1);
}

/// Fix 1. "商品差评 is a 1★ or 2★ rating. (100 valid orders, ten 3★ and thirty 5★ first
/// reviews gives 50 today; the rule gives 80.) 飞鸽 '不满意' stays 1–3★."
#[test]
fn product_bad_review_is_one_or_two_stars_from_the_files_and_feige_unhappy_is_one_to_three() {
    let mut orders = String::from("主订单编号,支付完成时间,订单状态,订单应付金额\n");
    let mut logistics = String::from("订单编号,支付时间,签收时间\n");
    let mut reviews = String::from("订单ID,商品评价得分,评价日期\n");
    for n in 0..100 {
        orders.push_str(&format!("{},2026-11-05 10:00:00,已完成,59.90\n", 1000 + n));
    }
    for n in 0..40 {
        logistics.push_str(&format!(
            "{},2026-11-05 10:00:00,2026-11-08 10:00:00\n",
            1000 + n
        ));
        let stars = if n < 10 { 3 } else { 5 };
        reviews.push_str(&format!("{},{stars},2026-11-10 10:00:00\n", 1000 + n));
    }
    let typed = ShopInput {
        rule_set: Some("douyin-2026-07".into()),
        industry: Some("女装".into()),
        ..ShopInput::default()
    };
    let files = [
        ("orders.csv", orders),
        ("logistics.csv", logistics),
        ("reviews.csv", reviews),
    ];
    let p = run(&files, &typed);
    assert_eq!(p.input.valid_paid_orders_30d, Some(100.0));
    assert_eq!(value(&p, "product_rating"), 4.5);
    let c = &p.recomputed.indicators["product_rating"];
    assert_eq!((c.bad_count, c.base_count), (0.0, 40.0));
    assert!(!c.estimated, "the 1–2★ definition is published");
    let report = shopscore::score(&p.input).unwrap();
    let rating = report
        .indicators
        .iter()
        .find(|i| i.id == "product_rating")
        .unwrap();
    assert!(rating.small_sample);
    assert_eq!(rating.score, Some(80.0));

    // Feige: a session rated 3★ is 不满意 (1–3★), a 4★ one is not.
    let rounds = "会话ID,买家消息时间,客服回复时间,是否人工,会话评价星级\n\
                  S1,2026-11-10 10:00:00,2026-11-10 10:00:10,是,3\n\
                  S2,2026-11-10 11:00:00,2026-11-10 11:00:10,是,4\n";
    let p = run(&[("rounds.csv", rounds.to_string())], &ShopInput::default());
    let c = &p.recomputed.indicators["feige_dissatisfaction_rate"];
    assert_eq!(
        (c.numerator, c.denominator, c.value),
        (1.0, 2.0, Some(50.0))
    );
    assert!(!c.estimated);
}

/// Fix 9. "揽收时长平均得分: each order scored 50–100 …; fraud / abnormal-track orders score
/// 50" and "揽收时效达成率: … fraud-shipping or abnormal-track compensation = missed": a
/// 欺诈发货 flag read from the file.
#[test]
fn fraudulent_shipping_scores_the_floor_and_counts_as_missed() {
    let logistics = "订单编号,支付时间,揽收时间,是否欺诈发货\n\
                     1,2026-11-10 10:00:00,2026-11-10 12:00:00,否\n\
                     2,2026-11-10 10:00:00,2026-11-10 12:00:00,是\n";
    let p = run(&[("l.csv", logistics.to_string())], &ShopInput::default());
    // Both picked up 2 h after payment: 100 by the hour table, but 2 is fraudulent: 50.
    assert_eq!(value(&p, "pickup_score_avg"), 75.0);
    assert_eq!(value(&p, "pickup_on_time_rate"), 50.0);
    // Its pickup hours still count as they were (the average of hours has no such rule).
    assert_eq!(value(&p, "pickup_hours_avg"), 2.0);
    let floor = shopscore::indicators::published().pickup_score_floor;
    assert_eq!(floor, 50.0);
}

/// "飞鸽平均响应时长: Σ reply time … ÷ manual rounds; an unanswered round counts 10 minutes" —
/// published (record_rules.unanswered_round_seconds), not an estimate.
#[test]
fn an_unanswered_round_counts_ten_minutes_and_is_not_an_estimate() {
    let rounds = "会话ID,买家消息时间,客服回复时间,是否人工\n\
                  S1,2026-11-10 10:00:00,2026-11-10 10:00:20,是\n\
                  S2,2026-11-10 11:00:00,-,是\n";
    let p = run(&[("rounds.csv", rounds.to_string())], &ShopInput::default());
    let c = &p.recomputed.indicators["feige_avg_response_seconds"];
    assert_eq!((c.numerator, c.denominator), (620.0, 2.0));
    assert!(!c.estimated);
    // What stays an estimate: the hour→score table and the after-sale time limit only.
    let about = shopscore::indicators::config().estimates.clone();
    let json = serde_json::to_value(&about).unwrap();
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    for published in [
        "pickup_score_floor",
        "unanswered_round_seconds",
        "bad_review_max_stars",
        "low_rating_max_stars",
    ] {
        assert!(
            !keys.iter().any(|k| *k == published),
            "{published} in {keys:?}"
        );
    }
}
