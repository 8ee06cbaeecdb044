//! Golden tests of rule fidelity (issue 7): one test per numbered fix and per added rule, each
//! named after the rule and citing the sentence of the published rule text it checks
//! (《商家体验分规范》 rule 103956 and its notices, as summarised in `../shared/domain/RULES.md`).

use shopscore::input::{EventValue, IndicatorInput, ShopInput, ShopType};
use shopscore::report::{Report, Stage};
use shopscore::{rules, scoring};

fn base(rule_set: &str) -> ShopInput {
    ShopInput {
        rule_set: Some(rule_set.into()),
        valid_paid_orders_30d: Some(1000.0),
        options: shopscore::input::ScoreOptions {
            skip_advice: true,
            ..Default::default()
        },
        ..Default::default()
    }
}

fn run(i: &ShopInput) -> Report {
    scoring::score(i).unwrap_or_else(|e| panic!("score failed: {e}"))
}

fn ind<'a>(r: &'a Report, id: &str) -> &'a shopscore::report::IndicatorScore {
    r.indicators
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no indicator {id}"))
}

/// Fix 11. "The legacy 5-point rule was first in force on 2020-10-09."
#[test]
fn legacy_five_point_rule_in_force_from_2020_10_09() {
    let legacy = rules::rule_set_detail("douyin-legacy-5pt").unwrap();
    assert_eq!(legacy.in_force_from.as_deref(), Some("2020-10-09"));
    assert_eq!(
        rules::select(None, Some("2020-10-09")).unwrap(),
        (legacy, false),
        "in force on its first day"
    );
    let (before, guessed) = rules::select(None, Some("2020-10-08")).unwrap();
    assert_eq!(before.id, "douyin-legacy-5pt");
    assert!(
        guessed,
        "the day before, no rule set was in force: the nearest is a guess"
    );
}

/// The 22 industries RULES.md §2 lists for the < 300 small-sample group.
const BIG_TICKET: [&str; 22] = [
    "高端3C数码",
    "二手奢侈品",
    "二手数码百货",
    "光学眼镜",
    "农用物资",
    "大件玩具",
    "大件电器",
    "定制珠宝文玩",
    "宠物活体",
    "家具家装",
    "家电",
    "手工艺/非遗技艺",
    "教育培训",
    "旅行箱",
    "潮品鞋服",
    "翡翠玉石",
    "花卉/绿植盆栽",
    "菩提/核桃",
    "遥控电动类玩具",
    "钟表",
    "黄金珠宝",
    "大件婴童用品",
];

fn small_sample_applies(rule_set: &str, industry: &str, orders: f64) -> Report {
    let mut i = base(rule_set);
    i.industry = Some(industry.into());
    i.shop_type = Some(ShopType::General);
    i.valid_paid_orders_30d = Some(orders);
    i.indicators.insert(
        "product_quality_return_rate".into(),
        IndicatorInput {
            value: Some(2.0),
            bad_count: Some(3.0),
            base_count: Some(orders),
            ..Default::default()
        },
    );
    run(&i)
}

/// Fix 2. "The indicator score is set to 80 when 30-day valid paid orders < 300 (listed
/// big-ticket industries …) or < 500 (everyone else) AND the bad count behind the indicator is
/// ≤ 3 … The < 300 group is published in full (22 industries)."
#[test]
fn small_sample_under_300_for_the_22_published_industries() {
    for rule_set in ["douyin-2026-05", "douyin-2026-07", "douyin-2026-09"] {
        let rule = rules::rule_set_detail(rule_set)
            .unwrap()
            .small_sample
            .clone()
            .unwrap();
        let mut listed = rule.big_ticket_industries.clone();
        listed.sort();
        let mut want: Vec<String> = BIG_TICKET.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(listed, want, "{rule_set}: the published list, complete");
        for industry in BIG_TICKET {
            let r = small_sample_applies(rule_set, industry, 299.0);
            assert!(
                ind(&r, "product_quality_return_rate").small_sample,
                "{rule_set} {industry} 299"
            );
            let r = small_sample_applies(rule_set, industry, 300.0);
            assert!(
                !ind(&r, "product_quality_return_rate").small_sample,
                "{rule_set} {industry} 300"
            );
            assert!(
                !r.estimates.iter().any(|e| e.en.contains("big-ticket")),
                "a published list is not an estimate"
            );
        }
        // Everyone else: < 500.
        let r = small_sample_applies(rule_set, "女装", 499.0);
        assert!(ind(&r, "product_quality_return_rate").small_sample);
        let r = small_sample_applies(rule_set, "女装", 500.0);
        assert!(!ind(&r, "product_quality_return_rate").small_sample);
    }
}

fn with_dims(rule_set: &str, dims: &[(&str, f64)]) -> ShopInput {
    let mut i = base(rule_set);
    i.dimensions = dims.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    i
}

/// Fix 10. "成长阶段 (growth): fewer than 30 valid paid orders in 30 days → a flat 70 … Not for
/// 个人店 (a personal shop with < 30 orders gets the formal formula)." It uses the non-flagship
/// weights row.
#[test]
fn personal_shop_has_no_growth_stage_and_uses_the_non_flagship_row() {
    for rule_set in ["douyin-2026-05", "douyin-2026-07", "douyin-2026-09"] {
        let mut i = with_dims(
            rule_set,
            &[("product", 90.0), ("logistics", 90.0), ("service", 90.0)],
        );
        i.valid_paid_orders_30d = Some(12.0);
        i.shop_type = Some(ShopType::Personal);
        let r = run(&i);
        assert_eq!(
            (r.stage, r.total),
            (Stage::Formal, Some(90.0)),
            "{rule_set}"
        );
        i.shop_type = Some(ShopType::NonFlagship);
        assert_eq!(
            run(&i).stage,
            Stage::Growth,
            "{rule_set}: other shops still grow"
        );
    }
    // 女装 has flagship and non-flagship rows: a personal shop takes the non-flagship one, silently.
    let row = rules::service_weight_rows()
        .iter()
        .find(|r| r.industry == "女装" && r.shop_type == "non_flagship")
        .unwrap();
    let mut i = base("douyin-2026-07");
    i.industry = Some("女装".into());
    i.shop_type = Some(ShopType::Personal);
    let r = run(&i);
    assert_eq!(
        ind(&r, "feige_avg_response_seconds").weight,
        row.weights["after_feige_avg_response"]
    );
    assert!(!r.warnings.iter().any(|w| w.code == "shop_type_assumed"));
    // The input spelling.
    let parsed: ShopInput = serde_json::from_str(r#"{"shop_type": "personal"}"#).unwrap();
    assert_eq!(parsed.shop_type, Some(ShopType::Personal));
}

fn cross_border_shop(rule_set: &str) -> ShopInput {
    let mut i = base(rule_set);
    i.industry = Some("跨境时尚".into());
    for (id, v) in [
        ("product_rating", 4.7),
        ("product_quality_return_rate", 0.5),
        ("pickup_hours_avg", 70.0),
        ("delivery_on_time_rate", 92.0),
        ("damage_return_rate", 0.1),
        ("feige_dissatisfaction_rate", 1.0),
        ("feige_avg_response_seconds", 40.0),
        ("after_sale_review_hours", 10.0),
        ("platform_help_rate", 0.8),
    ] {
        i.indicators
            .insert(id.into(), IndicatorInput::from_value(v));
    }
    i
}

/// Fix 3. "2026-09 cross-border (全球购) shops: 物流体验 = 运单配送时效达成率 and
/// 商品/包装破损退货订单率 only (no pickup indicator); their only bonuses are 明日达 and 退换货运费险."
#[test]
fn cross_border_2026_09_logistics_without_pickup_and_two_bonuses_only() {
    let i = cross_border_shop("douyin-2026-09");
    let r = run(&i);
    let pickup = ind(&r, "pickup_hours_avg");
    assert_eq!(pickup.weight, 0.0, "no pickup indicator");
    assert!(r
        .warnings
        .iter()
        .any(|w| w.code == "cross_border" && w.subject.as_deref() == Some("pickup_hours_avg")));
    // Logistics rests on delivery and damage alone: a terrible pickup time changes nothing.
    let mut better = i.clone();
    better
        .indicators
        .insert("pickup_hours_avg".into(), IndicatorInput::from_value(1.0));
    let logistics = |r: &Report| {
        r.dimensions
            .iter()
            .find(|d| d.id == "logistics")
            .and_then(|d| d.score)
    };
    assert_eq!(logistics(&r), logistics(&run(&better)));
    let delivery = ind(&r, "delivery_on_time_rate");
    let damage = ind(&r, "damage_return_rate");
    let expected = (delivery.score.unwrap() * delivery.weight
        + damage.score.unwrap() * damage.weight)
        / (delivery.weight + damage.weight);
    assert!((logistics(&r).unwrap() - expected).abs() < 0.01);
    // Bonuses: 明日达 +5 and 退换货运费险 +2 count; 偏远, 大件运费险, 上门安装 do not.
    let total = r.total.unwrap();
    let with = |events: &[(&str, EventValue)]| {
        let mut j = i.clone();
        for (k, v) in events {
            j.events.insert(k.to_string(), v.clone());
        }
        run(&j)
    };
    let r2 = with(&[
        ("next_day_delivery_share", EventValue::Number(25.0)),
        ("return_shipping_insurance", EventValue::Flag(true)),
    ]);
    assert!((r2.total.unwrap() - (total + 7.0).min(100.0)).abs() < 1e-6);
    let r3 = with(&[
        ("remote_logistics", EventValue::Flag(true)),
        ("large_item_insurance", EventValue::Flag(true)),
        (
            "home_installation",
            EventValue::Installation {
                orders: 100.0,
                share: 50.0,
            },
        ),
    ]);
    assert_eq!(
        r3.total, r.total,
        "none of these apply to a cross-border shop"
    );
    assert_eq!(
        r3.warnings
            .iter()
            .filter(|w| w.code == "cross_border")
            .count(),
        4,
        "pickup, and each of the three bonuses, said"
    );
    // A domestic shop keeps its pickup indicator and every bonus.
    let mut domestic = i.clone();
    domestic.industry = Some("女装".into());
    let r = run(&domestic);
    assert!(ind(&r, "pickup_hours_avg").weight > 0.0);
    domestic
        .events
        .insert("large_item_insurance".into(), EventValue::Flag(true));
    assert!(run(&domestic)
        .adjustments
        .iter()
        .any(|a| a.id == "large_item_insurance"));
}

/// Fix 4. "2026-09 renames the industry 二手数码百货 to 奢侈品 (same weights row)."
#[test]
fn industry_renamed_in_2026_09_resolves_under_both_names() {
    let weights = |rule_set: &str, name: &str| {
        let mut i = base(rule_set);
        i.industry = Some(name.into());
        let r = run(&i);
        let w: Vec<f64> = r.indicators.iter().map(|x| x.weight).collect();
        (w, r)
    };
    // Under 2026-09 the new name is the current one: no note.
    let (new_09, r) = weights("douyin-2026-09", "奢侈品");
    assert!(!r
        .warnings
        .iter()
        .any(|w| w.code == "unknown_industry" || w.code == "industry_renamed"));
    // The old name resolves to the same row, with a note.
    let (old_09, r) = weights("douyin-2026-09", "二手数码百货");
    assert_eq!(new_09, old_09);
    let note = r
        .warnings
        .iter()
        .find(|w| w.code == "industry_renamed")
        .unwrap();
    assert!(note.text().zh.contains("奢侈品"));
    // Under 2026-07 the old name is the current one; the new name resolves with a note.
    let (old_07, r) = weights("douyin-2026-07", "二手数码百货");
    assert!(!r.warnings.iter().any(|w| w.code == "industry_renamed"));
    let (new_07, r) = weights("douyin-2026-07", "奢侈品");
    assert_eq!(old_07, new_07);
    assert!(r.warnings.iter().any(|w| w.code == "industry_renamed"));
    assert!(!r.warnings.iter().any(|w| w.code == "unknown_industry"));
    // Its big-ticket membership (二手数码百货 is one of the 22) follows the renamed industry.
    let r = small_sample_applies("douyin-2026-09", "奢侈品", 299.0);
    assert!(ind(&r, "product_quality_return_rate").small_sample);
    // The page can offer both names.
    assert!(rules::industries().iter().any(|i| i.name == "奢侈品"));
    assert!(rules::industries().iter().any(|i| i.name == "二手数码百货"));
}

/// Fix 1, scoring side. "The bad count of 商品综合评分 is the number of signed orders with a
/// 商品差评 = a 1★ or 2★ product rating (3★ is not 差评 here; for 飞鸽 '不满意' is 1–3★)."
/// 100 valid orders, ten 3★ and thirty 5★ first reviews: rating 4.5, no 差评 → 80.
#[test]
fn product_bad_review_is_one_or_two_stars_for_the_small_sample_rule() {
    for rule_set in ["douyin-2026-05", "douyin-2026-07", "douyin-2026-09"] {
        let rs = rules::rule_set_detail(rule_set).unwrap();
        let published = rs.record_rules.as_ref().expect("published definitions");
        assert_eq!(published.product_bad_rating_max_stars, 2);
        assert_eq!(published.feige_dissatisfied_max_stars, 3);
        assert_eq!(published.pickup_score_floor, 50.0);
        assert_eq!(published.unanswered_round_seconds, 600.0);
        let mut i = base(rule_set);
        i.valid_paid_orders_30d = Some(100.0);
        let rating = |bad: f64| IndicatorInput {
            value: Some((10.0 * 3.0 + 30.0 * 5.0) / 40.0),
            bad_count: Some(bad),
            base_count: Some(40.0),
            ..Default::default()
        };
        i.indicators.insert("product_rating".into(), rating(0.0));
        let r = run(&i);
        let x = ind(&r, "product_rating");
        assert_eq!((x.small_sample, x.score), (true, Some(80.0)), "{rule_set}");
        let said = r
            .warnings
            .iter()
            .find(|w| w.code == "small_sample")
            .unwrap();
        assert!(said.text().zh.contains("1–2 星"), "{}", said.text().zh);
        // Counting the ten 3★ reviews as 差评 (the old reading) would leave the band score.
        i.indicators.insert("product_rating".into(), rating(10.0));
        let x = run(&i);
        assert!(!ind(&x, "product_rating").small_sample, "{rule_set}");
    }
}

/// Fix 9, scoring side. 2026-09: "刷单刷评, 虚假宣传, 欺诈发货, 混淆品牌信息/品牌资质缺失: −10 once
/// per kind, at most 10 per kind" and 欺诈发货 lowers the growth score to 60. "欺诈发货细则 once set
/// −15 per violation (≥ 3 fraudulent orders in a day = one violation); a notice in force
/// 2026-08-03 deleted that experience-score sanction." A typed count or flag is accepted.
#[test]
fn fraudulent_shipping_typed_as_a_count_or_a_flag() {
    let full = [("product", 90.0), ("logistics", 90.0), ("service", 90.0)];
    for value in [EventValue::Number(3.0), EventValue::Flag(true)] {
        let mut i = with_dims("douyin-2026-09", &full);
        i.events.insert("fraudulent_shipping".into(), value.clone());
        let r = run(&i);
        assert_eq!(r.total, Some(80.0), "−10 once, whatever the count");
        i.valid_paid_orders_30d = Some(10.0);
        assert_eq!(run(&i).total, Some(60.0), "growth score lowered to 60");
    }
    // The detailed rules' −15 per violation: until 2026-08-02, not after.
    let mut i = with_dims("douyin-2026-07", &full);
    i.events.insert(
        "fraudulent_shipping_violations".into(),
        EventValue::Number(2.0),
    );
    i.as_of = Some("2026-08-02".into());
    let r = run(&i);
    assert_eq!(r.total, Some(60.0), "two violations, −15 each");
    i.as_of = Some("2026-08-03".into());
    let r = run(&i);
    assert_eq!(
        r.total,
        Some(90.0),
        "the sanction was deleted from 2026-08-03"
    );
    // No date under 2026-07: it cannot tell, and says so rather than guessing.
    i.as_of = None;
    let r = run(&i);
    assert_eq!(r.total, Some(90.0));
    assert!(r
        .warnings
        .iter()
        .any(|w| w.code == "missing_input" && w.subject.as_deref() == Some("as_of")));
    // 2026-05 ended before the notice: it applies.
    i.rule_set = Some("douyin-2026-05".into());
    assert_eq!(run(&i).total, Some(60.0));
    // 2026-09 has no such deduction.
    i.rule_set = Some("douyin-2026-09".into());
    assert_eq!(run(&i).total, Some(90.0));
}

/// 出分任务. "Shop open ≤ 90 days: ≥ 1 product on sale; open > 90 days: ≥ 1 product on sale and
/// ≥ 1 valid paid order in 30 days … Otherwise: no score." Unknown → assumed, and said.
#[test]
fn score_task_no_score_without_a_product_on_sale_or_an_order_after_90_days() {
    for rule_set in ["douyin-2026-05", "douyin-2026-07", "douyin-2026-09"] {
        let shop = |age: Option<f64>, products: Option<f64>, orders: f64| {
            let mut i = with_dims(
                rule_set,
                &[("product", 80.0), ("logistics", 80.0), ("service", 80.0)],
            );
            i.shop_age_days = age;
            i.products_on_sale = products;
            i.valid_paid_orders_30d = Some(orders);
            run(&i)
        };
        let said = |r: &Report, code: &str| r.warnings.iter().any(|w| w.code == code);
        // No product on sale: no score, whatever the age.
        for age in [Some(10.0), Some(400.0), None] {
            let r = shop(age, Some(0.0), 100.0);
            assert_eq!(
                (r.stage, r.total),
                (Stage::NoScore, None),
                "{rule_set} {age:?}"
            );
            assert!(said(&r, "no_score"));
        }
        // Open ≤ 90 days: a product is enough, even without orders (growth stage: 70).
        let r = shop(Some(90.0), Some(1.0), 0.0);
        assert_eq!(
            (r.stage, r.total),
            (Stage::Growth, Some(70.0)),
            "{rule_set}"
        );
        assert!(!said(&r, "assumed"));
        // Open > 90 days: also an order.
        let r = shop(Some(91.0), Some(1.0), 0.0);
        assert_eq!((r.stage, r.total), (Stage::NoScore, None), "{rule_set}");
        let r = shop(Some(91.0), Some(1.0), 1.0);
        assert_eq!(r.stage, Stage::Growth);
        // Unknown: assumed done, and said.
        let r = shop(None, None, 800.0);
        assert_eq!(r.stage, Stage::Formal);
        assert!(said(&r, "assumed"), "{rule_set}");
        let r = shop(None, Some(3.0), 0.0);
        assert_eq!(r.stage, Stage::Growth);
        assert!(said(&r, "assumed"), "age unknown and no order: assumed");
        let r = shop(Some(400.0), Some(3.0), 800.0);
        assert!(!said(&r, "assumed"));
    }
    // The seed and legacy sets have no such rule.
    let mut i = base("douyin-legacy-5pt");
    i.products_on_sale = Some(0.0);
    i.dimensions.insert("product".into(), 4.5);
    assert!(run(&i).total.is_some());
}

/// Daily history is range-checked like today's values (a 7-day average of 1e308 is no score).
#[test]
fn history_values_are_range_checked_like_scores() {
    let field = |rule_set: &str, id: &str, values: Vec<f64>| {
        let top = rules::rule_set_detail(rule_set).unwrap().scale.max;
        let d = 0.8 * top;
        let mut i = with_dims(
            rule_set,
            &[("product", d), ("logistics", d), ("service", d)],
        );
        i.history.insert(id.into(), values);
        scoring::score(&i).err().and_then(|e| e.field)
    };
    assert_eq!(
        field("douyin-2026-07", "total", vec![70.0, 1e308, 70.0]).as_deref(),
        Some("history.total[1]")
    );
    assert_eq!(
        field("douyin-2026-07", "total", vec![-1.0]).as_deref(),
        Some("history.total[0]")
    );
    assert_eq!(
        field("douyin-2026-09", "product", vec![80.0, 101.0]).as_deref(),
        Some("history.product[1]")
    );
    assert_eq!(
        field("douyin-legacy-5pt", "total", vec![4.2, 5.5]).as_deref(),
        Some("history.total[1]")
    );
    assert_eq!(
        field("douyin-2026-07", "platform_help_rate", vec![120.0]).as_deref(),
        Some("history.platform_help_rate[0]")
    );
    assert_eq!(field("douyin-2026-07", "total", vec![70.0; 6]), None);
}

// --- Eligibility --------------------------------------------------------------------------

use shopscore::report::Eligibility;
use shopscore::scoring::eligibility::{eligibility_over, evaluate, DayScores, ShopFacts};

fn row<'a>(r: &'a Report, id: &str) -> &'a Eligibility {
    r.eligibility
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| {
            panic!(
                "no eligibility {id}: {:?}",
                r.eligibility.iter().map(|e| &e.id).collect::<Vec<_>>()
            )
        })
}

fn dims3(rule_set: &str, p: f64, l: f64, s: f64) -> ShopInput {
    with_dims(
        rule_set,
        &[("product", p), ("logistics", l), ("service", s)],
    )
}

/// Fix 5. 超级福袋: "prizes for the shop's own use need a score ≥ 80 (> 80 on the 授权号 path),
/// prizes the merchant allocates or sells to creators need 商品 ≥ 75, 物流 ≥ 75 and 服务 ≥ 70."
#[test]
fn super_lucky_bag_self_use_needs_80_creator_prizes_need_75_75_70() {
    let r = run(&dims3("douyin-2026-07", 80.0, 80.0, 80.0));
    assert_eq!(row(&r, "super_lucky_bag_self_use").ok, Some(true));
    assert!(row(&r, "super_lucky_bag_self_use").detail.zh.contains("80"));
    assert_eq!(row(&r, "super_lucky_bag_creator").ok, Some(true));
    let r = run(&dims3("douyin-2026-07", 79.0, 79.0, 79.0));
    assert_eq!(row(&r, "super_lucky_bag_self_use").ok, Some(false));
    assert_eq!(
        row(&r, "super_lucky_bag_creator").ok,
        Some(true),
        "75/75/70 met"
    );
    let r = run(&dims3("douyin-2026-07", 100.0, 74.99, 100.0));
    assert_eq!(row(&r, "super_lucky_bag_self_use").ok, Some(true));
    assert_eq!(
        row(&r, "super_lucky_bag_creator").ok,
        Some(false),
        "物流 < 75"
    );
    let r = run(&dims3("douyin-2026-07", 75.0, 75.0, 69.0));
    assert_eq!(
        row(&r, "super_lucky_bag_creator").ok,
        Some(false),
        "服务 < 70"
    );
    assert!(r.eligibility.iter().all(|e| e.id != "super_lucky_bag"));
}

/// Fix 6. 店铺授权号: "formal-stage score ≥ 70 and ≥ 1000 fans" (the growth score does not
/// count); fans stay unchecked only where the score passes.
#[test]
fn shop_authorised_account_needs_a_formal_stage_70_and_fans_unchecked() {
    let mut i = dims3("douyin-2026-09", 90.0, 90.0, 90.0);
    i.valid_paid_orders_30d = Some(12.0);
    let r = run(&i);
    assert_eq!(r.stage, Stage::Growth);
    let e = row(&r, "shop_authorized_account");
    assert_eq!(e.ok, Some(false), "a growth-stage 70 does not count");
    i.valid_paid_orders_30d = Some(100.0);
    let r = run(&i);
    let e = row(&r, "shop_authorized_account");
    assert_eq!(e.ok, None, "score met; fans cannot be checked");
    assert!(e.reason.as_ref().unwrap().zh.contains("1000"));
    let r = run(&dims3("douyin-2026-09", 60.0, 60.0, 60.0));
    assert_eq!(row(&r, "shop_authorized_account").ok, Some(false));
}

/// 店铺授权号's "≥ 1000 fans", checked once the shop types its fans: 999 falls short,
/// 1000 meets it; a growth-stage score still fails whatever the fans.
#[test]
fn shop_authorised_account_checks_typed_fans_against_1000() {
    let mut i = dims3("douyin-2026-09", 90.0, 90.0, 90.0);
    i.valid_paid_orders_30d = Some(100.0);
    i.fans = Some(999.0);
    let r = run(&i);
    let e = row(&r, "shop_authorized_account");
    assert_eq!(e.ok, Some(false), "999 fans");
    assert!(e.detail.zh.contains("粉丝 999 < 1000"), "{}", e.detail.zh);
    assert!(e.detail.en.contains("fans 999 < 1000"), "{}", e.detail.en);
    i.fans = Some(1000.0);
    let r = run(&i);
    let e = row(&r, "shop_authorized_account");
    assert_eq!(e.ok, Some(true), "1000 fans");
    assert_eq!(e.reason, None);
    i.valid_paid_orders_30d = Some(12.0);
    let r = run(&i);
    assert_eq!(
        row(&r, "shop_authorized_account").ok,
        Some(false),
        "growth stage"
    );
}

/// "An eligibility entry whose answer cannot be known (no score, a window without history, an
/// unchecked condition) is ok: null with the reason, never false; a risk entry says at_risk."
#[test]
fn unknown_eligibility_is_null_with_a_reason_and_risk_rows_say_at_risk() {
    let mut i = base("douyin-2026-07");
    i.products_on_sale = Some(0.0);
    let r = run(&i);
    assert_eq!(r.stage, Stage::NoScore);
    for e in &r.eligibility {
        assert_ne!(e.ok, Some(false), "{}: no score is not a ✗", e.id);
        match e.kind {
            rules::EligibilityKind::Risk => assert_eq!(e.ok, None, "{}", e.id),
            _ => assert_eq!(e.at_risk, None, "{}", e.id),
        }
        if e.ok.is_none() && e.at_risk.is_none() {
            assert!(e.reason.is_some(), "{}: unknown without a reason", e.id);
        }
    }
    // 精选联盟 removes shops with no score: that one is a known risk.
    assert_eq!(row(&r, "selected_alliance_removal").at_risk, Some(true));
    // A window longer than the days known: null, saying how many days are needed.
    let r = run(&dims3("douyin-2026-07", 80.0, 80.0, 80.0));
    let e = row(&r, "brand_label");
    assert_eq!(e.ok, None);
    assert!(e.reason.as_ref().unwrap().zh.contains("30"));
    // Today's scores alone already decide an every-day risk that is not there.
    assert_eq!(row(&r, "category_removal").at_risk, Some(false));
}

fn day(total: f64) -> DayScores {
    DayScores {
        date: None,
        stage: Stage::Formal,
        total: Some(total),
        dimensions: Default::default(),
    }
}

fn judge(rule_set: &str, id: &str, categories: &[&str], days: &[DayScores]) -> Eligibility {
    let rs = rules::rule_set_detail(rule_set).unwrap();
    let rule = rs.eligibility.iter().find(|r| r.id == id).unwrap();
    let categories: Vec<String> = categories.iter().map(|s| s.to_string()).collect();
    let shop = ShopFacts {
        categories: &categories,
        fans: None,
    };
    evaluate(rs, rule, shop, days)
}

/// Official campaigns: "official campaigns need a 7-day average ≥ 70, and goods are removed
/// when that average stays below 70 for 7 days in a row" — judged on a daily series.
#[test]
fn campaign_goods_removed_after_seven_days_of_a_seven_day_average_below_70() {
    // 13 days below 70 on average: the 7-day average is < 70 on each of the last 7 days.
    let low: Vec<DayScores> = (0..13).map(|_| day(65.0)).collect();
    let e = judge(
        "douyin-2026-07",
        "official_campaign_goods_removal",
        &[],
        &low,
    );
    assert_eq!((e.ok, e.at_risk), (None, Some(true)));
    assert_eq!(e.window.mode, rules::WindowMode::Streak);
    // One good day (90) leaves every average below 70: (65×6 + 90) / 7 = 68.6.
    let mut mixed = low.clone();
    mixed[9] = day(90.0);
    let e = judge(
        "douyin-2026-07",
        "official_campaign_goods_removal",
        &[],
        &mixed,
    );
    assert_eq!(e.at_risk, Some(true));
    // A 100 lifts the averages that hold it to 70: the streak is broken.
    mixed[9] = day(100.0);
    let e = judge(
        "douyin-2026-07",
        "official_campaign_goods_removal",
        &[],
        &mixed,
    );
    assert_eq!(e.at_risk, Some(false), "{}", e.detail.zh);
    // Too few days: unknown, with the days needed.
    let e = judge(
        "douyin-2026-07",
        "official_campaign_goods_removal",
        &[],
        &low[..8],
    );
    assert_eq!(e.at_risk, None);
    assert!(e.reason.unwrap().zh.contains("13"));
    // Sign-up: a 7-day average ≥ 70.
    let ok: Vec<DayScores> = (0..7).map(|_| day(70.0)).collect();
    assert_eq!(
        judge("douyin-2026-07", "official_campaigns", &[], &ok).ok,
        Some(true)
    );
    // A growth-stage shop is judged on today's growth score ("or growth score ≥ 70").
    let mut growth = day(70.0);
    growth.stage = Stage::Growth;
    assert_eq!(
        judge("douyin-2026-07", "official_campaigns", &[], &[growth]).ok,
        Some(true)
    );
}

/// Category rules: "remove goods when the daily score stays below a line for 14 days: most
/// < 60; 家居家电 < 65; 母婴图书玩具宠物 < 60, < 75 or < 70 by sub-category; 滋补保健 counts
/// formal-stage scores only; 珠宝: 14-day average 商品体验 < 70".
#[test]
fn category_removal_lines_by_industry_over_fourteen_days() {
    let days = |t: f64| -> Vec<DayScores> { (0..14).map(|_| day(t)).collect() };
    let at_risk = |industry: &str, categories: &[&str], series: &[DayScores]| {
        let rs = rules::rule_set_detail("douyin-2026-07").unwrap();
        let cats: Vec<String> = categories.iter().map(|s| s.to_string()).collect();
        let shop = ShopFacts {
            categories: &cats,
            fans: None,
        };
        eligibility_over(rs, Some(industry), shop, series)
            .into_iter()
            .filter(|e| e.id.starts_with("category_removal"))
            .map(|e| (e.id, e.at_risk))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        at_risk("女装", &[], &days(59.0)),
        [("category_removal".to_string(), Some(true))]
    );
    assert_eq!(
        at_risk("女装", &[], &days(62.0)),
        [("category_removal".to_string(), Some(false))]
    );
    // 家居家电: the 65 line replaces the 60 one.
    assert_eq!(
        at_risk("家电", &[], &days(62.0)),
        [("category_removal_home_appliances".to_string(), Some(true))]
    );
    // 13 bad days and a good one: not yet.
    let mut series = days(62.0);
    series[3] = day(66.0);
    assert_eq!(at_risk("家电", &[], &series)[0].1, Some(false));
    // 母婴图书玩具宠物: the line depends on the sub-category the user picks.
    assert_eq!(at_risk("玩具乐器", &[], &days(72.0))[0].1, None);
    assert_eq!(
        at_risk("玩具乐器", &["mbtp_line_75"], &days(72.0))[0].1,
        Some(true)
    );
    assert_eq!(
        at_risk("玩具乐器", &["mbtp_line_70"], &days(72.0))[0].1,
        Some(false)
    );
    // 滋补保健: growth-stage days do not count towards the 14.
    let mut growth = days(50.0);
    growth[5].stage = Stage::Growth;
    assert_eq!(
        at_risk("滋补保健", &[], &growth)[0],
        ("category_removal_tonics".into(), Some(false))
    );
    assert_eq!(at_risk("滋补保健", &[], &days(50.0))[0].1, Some(true));
    // 珠宝: the 14-day average 商品体验 below 70, beside the general rule.
    let jewellery: Vec<DayScores> = (0..14)
        .map(|k| DayScores {
            dimensions: [("product".to_string(), if k % 2 == 0 { 65.0 } else { 74.0 })].into(),
            ..day(80.0)
        })
        .collect();
    let rows = at_risk("黄金珠宝", &[], &jewellery);
    assert!(
        rows.contains(&("category_removal_jewelry".into(), Some(true))),
        "{rows:?}"
    );
    assert!(rows.contains(&("category_removal".into(), Some(false))));
}

/// 生鲜/食品 admission: "formal 商品体验 ≥ 70 / ≥ 72" by sub-category.
#[test]
fn fresh_food_admission_formal_product_70_or_72_by_sub_category() {
    let mut i = dims3("douyin-2026-09", 71.0, 80.0, 80.0);
    i.industry = Some("水果".into());
    let r = run(&i);
    assert_eq!(
        row(&r, "fresh_food_admission").ok,
        None,
        "pick the sub-category"
    );
    i.categories = vec!["fresh_line_70".into()];
    assert_eq!(row(&run(&i), "fresh_food_admission").ok, Some(true));
    i.categories = vec!["fresh_line_72".into()];
    assert_eq!(row(&run(&i), "fresh_food_admission").ok, Some(false));
    i.categories = vec!["fresh_line_70".into()];
    i.valid_paid_orders_30d = Some(10.0);
    assert_eq!(
        row(&run(&i), "fresh_food_admission").ok,
        Some(false),
        "formal stage only"
    );
}

/// 精选联盟: "total ≥ 70 and 商品体验 ≥ 65 (60 in listed categories from 2026-07-29; stricter in
/// some: 河蟹 > 75 / > 72, 鲜活海产 ≥ 75 / ≥ 72, some fruit ≥ 72 / ≥ 70, 钱币 ≥ 80, 医疗器械 ≥ 80 /
/// ≥ 75 with a 30-day 商品 average ≥ 75), removal below that (shops with no score included)".
#[test]
fn selected_alliance_category_thresholds() {
    let alliance = |categories: &[&str], p: f64, t: f64, as_of: &str| {
        let mut i = dims3("douyin-2026-07", p, t, t);
        // Put the total where wanted: weights 100/0/0 would change the rule; solve instead.
        i.dimensions.insert("logistics".into(), t);
        i.dimensions.insert("service".into(), t);
        i.as_of = Some(as_of.into());
        i.rule_set = Some("douyin-2026-07".into());
        i.categories = categories.iter().map(|s| s.to_string()).collect();
        let r = run(&i);
        (
            row(&r, "selected_alliance").ok,
            row(&r, "selected_alliance_removal").at_risk,
            r.total.unwrap(),
        )
    };
    // 商品 62: below the general 65, above the listed categories' 60 from 2026-07-29.
    assert_eq!(alliance(&[], 62.0, 80.0, "2026-08-01").0, Some(false));
    assert_eq!(
        alliance(&["alliance_listed_60"], 62.0, 80.0, "2026-08-01").0,
        Some(true)
    );
    assert_eq!(
        alliance(&["alliance_listed_60"], 62.0, 80.0, "2026-08-01").1,
        Some(false)
    );
    assert_eq!(
        alliance(&["alliance_listed_60"], 62.0, 80.0, "2026-07-28").0,
        Some(false),
        "before 2026-07-29"
    );
    // 河蟹: strictly above 75 and 72.
    let (ok, _, total) = alliance(&["hairy_crab"], 72.0, 90.0, "2026-08-01");
    assert!(total > 75.0);
    assert_eq!(ok, Some(false), "商品 72 is not > 72");
    assert_eq!(
        alliance(&["hairy_crab"], 72.01, 90.0, "2026-08-01").0,
        Some(true)
    );
    // 钱币: total ≥ 80.
    assert_eq!(
        alliance(&["coins"], 79.0, 79.0, "2026-08-01").0,
        Some(false)
    );
    assert_eq!(alliance(&["coins"], 80.0, 80.0, "2026-08-01").0, Some(true));
    // 医疗器械: also a 30-day 商品 average ≥ 75, which needs the history.
    let (ok, _, _) = alliance(&["medical_devices"], 80.0, 85.0, "2026-08-01");
    assert_eq!(ok, None);
    let days: Vec<DayScores> = (0..30)
        .map(|_| DayScores {
            dimensions: [("product".to_string(), 76.0)].into(),
            ..day(82.0)
        })
        .collect();
    assert_eq!(
        judge(
            "douyin-2026-07",
            "selected_alliance",
            &["medical_devices"],
            &days
        )
        .ok,
        Some(true)
    );
}

/// Restricted promotion: "药品 ≥ 65, 计生 ≥ 81" — 计生 as its own entry, for the category.
#[test]
fn family_planning_promotion_needs_81() {
    let mut i = dims3("douyin-2026-09", 80.0, 80.0, 80.0);
    assert!(run(&i)
        .eligibility
        .iter()
        .all(|e| e.id != "restricted_promotion_family_planning"));
    i.categories = vec!["family_planning".into()];
    assert_eq!(
        row(&run(&i), "restricted_promotion_family_planning").ok,
        Some(false)
    );
    let mut i = dims3("douyin-2026-09", 81.0, 81.0, 81.0);
    i.categories = vec!["family_planning".into()];
    assert_eq!(
        row(&run(&i), "restricted_promotion_family_planning").ok,
        Some(true)
    );
}

/// Brand label: "30-day average ≥ 80 (from a 2026-08 意见征集 draft)" — its source says so.
#[test]
fn brand_label_is_labelled_as_a_consultation_draft() {
    let days: Vec<DayScores> = (0..30).map(|_| day(80.0)).collect();
    let e = judge("douyin-2026-09", "brand_label", &[], &days);
    assert_eq!(e.ok, Some(true));
    assert!(e.source.zh.contains("意见征集稿"), "{}", e.source.zh);
    assert!(e.detail.zh.contains("意见征集稿"), "{}", e.detail.zh);
    assert_eq!(
        judge("douyin-2026-09", "brand_label", &[], &days[..29]).ok,
        None
    );
}

/// A category id no rule set knows is said (a typo), never silently ignored.
#[test]
fn an_unknown_category_is_said() {
    let mut i = dims3("douyin-2026-09", 80.0, 80.0, 80.0);
    i.categories = vec!["hairy_crb".into()];
    let r = run(&i);
    let w = r
        .warnings
        .iter()
        .find(|w| w.code == "unused_input")
        .expect("said");
    assert!(w.text().zh.contains("hairy_crb"));
    i.categories = vec!["hairy_crab".into()];
    assert!(!run(&i).warnings.iter().any(|w| w.code == "unused_input"));
}

/// Fix 7, data side. "in-stock: picked up by 23:59:59 of the day after payment (花卉/绿植/多肉 and
/// QIC orders: 48 h)": the allowance goes by the shop's industry or QIC, as published data the
/// recomputation reads, not by words in product names.
#[test]
fn pickup_48_hour_allowance_by_industry_and_qic_orders() {
    for rule_set in ["douyin-2026-05", "douyin-2026-07", "douyin-2026-09"] {
        let published = rules::rule_set_detail(rule_set)
            .unwrap()
            .record_rules
            .clone()
            .unwrap();
        assert_eq!(
            published.pickup_48h_industries,
            ["花卉/绿植盆栽", "多肉植物"]
        );
        assert!(published.pickup_48h_qic_orders);
        assert!(published.fraud_and_abnormal_track_count_as_missed);
        for industry in &published.pickup_48h_industries {
            assert!(
                rules::is_known_industry(industry),
                "{industry} is an industry of the tables"
            );
        }
    }
    // The seed sets publish no such definitions.
    assert!(rules::rule_set_detail("koubei-5pt")
        .unwrap()
        .record_rules
        .is_none());
}
