//! The paste reader on text as users copy it from the back end's 体验分 pages (layouts in
//! shared/domain/exports.md §5), written out by hand with the noise real copies carry:
//! 较前1日持平, 查看详情, 更新时间, tabs, line breaks, full-width digits, glued words.

use shopscore::readings::{read, Layout, Reading};
use shopscore::rules::rule_set_detail;

fn read_for(text: &str, rule_set: &str) -> Reading {
    read(
        text,
        Some(rule_set_detail(rule_set).expect("known rule set")),
    )
}

fn value(r: &Reading, id: &str) -> Option<f64> {
    r.indicators.get(id).and_then(|i| i.value)
}

fn left_raws(r: &Reading) -> Vec<String> {
    r.left.iter().map(|n| n.raw.clone()).collect()
}

/// exports.md §5, the 2026-09 overview as one copied run (our numbers), with the page's menu
/// around it and line breaks where the browser puts them.
const OVERVIEW: &str = "首页\t店铺\n体验分概览 更新时间：2026-11-20 11:00:37（今日已更新）\n\
我的总分 84 分 较前1日持平\n商品体验 71 分\t物流体验\n97 分 服务体验 88 分\n\
商品综合评分 4.7310 分 商品品质退货率 1.205 % 平均揽收时长 6.1200 小时\n\
运单配送时效达成率 99.100 % 飞鸽人工会话平响时长 14.210 秒 售后平均审核时长 2.9000 小时\n\
飞鸽人工会话不满意率 4.800 % 平台求助率 0.5100 % 加分项 +2 分 扣分项 0 分 虚假交易刷体验分 0 分\n\
影响消费者体验 0 次\n查看详情";

#[test]
fn overview_2026_09_every_value_in_the_rule_sets_units() {
    let r = read_for(OVERVIEW, "douyin-2026-09");
    assert_eq!(r.layout, Layout::Overview);
    assert_eq!(r.date.as_deref(), Some("2026-11-20"));
    assert_eq!(r.time.as_deref(), Some("11:00:37"));
    assert_eq!(r.total, Some(84.0));
    assert_eq!(r.dimensions.get("product"), Some(&71.0));
    assert_eq!(r.dimensions.get("logistics"), Some(&97.0));
    assert_eq!(r.dimensions.get("service"), Some(&88.0));
    assert_eq!(value(&r, "product_rating"), Some(4.731));
    assert_eq!(value(&r, "product_quality_return_rate"), Some(1.205));
    assert_eq!(value(&r, "pickup_hours_avg"), Some(6.12));
    assert_eq!(value(&r, "delivery_on_time_rate"), Some(99.1));
    // The page's own names: 飞鸽人工会话平响时长 = 飞鸽平均响应时长, 飞鸽人工会话不满意率 = 飞鸽会话不满意率.
    assert_eq!(value(&r, "feige_avg_response_seconds"), Some(14.21));
    assert_eq!(value(&r, "feige_dissatisfaction_rate"), Some(4.8));
    assert_eq!(value(&r, "after_sale_review_hours"), Some(2.9));
    assert_eq!(value(&r, "platform_help_rate"), Some(0.51));
    assert_eq!(r.bonus_points, Some(2.0));
    assert_eq!(r.deduction_points, Some(0.0));
    assert_eq!(r.events.get("score_gaming"), Some(&0.0));
    // 影响消费者体验 is no deduction of the rule set: left, and said so, never a silent zero.
    assert!(
        left_raws(&r).iter().any(|l| l.contains("影响消费者体验")),
        "{:?}",
        left_raws(&r)
    );
    // "较前1日" is a change marker: its 1 is not read as anything.
    assert!(
        !left_raws(&r)
            .iter()
            .any(|l| l.contains('1') && l.contains("较")),
        "{:?}",
        left_raws(&r)
    );
    // Every taken item has a sentence in both languages naming it, no ids.
    assert!(r.took.len() >= 15, "{}", r.took.len());
    for n in &r.took {
        assert!(!n.text.zh.is_empty() && !n.text.en.is_empty());
        assert!(
            !n.text.zh.contains('_') && !n.text.en.contains('_'),
            "{:?}",
            n.text
        );
    }
    assert!(r
        .took
        .iter()
        .any(|n| n.text.zh.contains("飞鸽平均响应时长") && n.text.zh.contains("14.21")));
}

/// The older per-dimension tab: indicator score first, then 店铺表现 value, with 较前1日 noise.
const SERVICE_TAB: &str = "服务体验得分 95 分 较前1日持平\n考核指标\t飞鸽平均响应时长\t查看详情\n100分\n店铺表现 13.872秒 较前1日持平\n\
考核指标\t售后平均审核时长\t查看详情\n90分\n店铺表现 3.5小时 较前1日上升0.2小时\n\
考核指标\t飞鸽会话不满意率\t查看详情\n80分\n店铺表现 6.10% 较前1日持平\n\
差行为扣分 0 分 虚假交易刷体验分 0 次 影响消费者体验 0 次";

#[test]
fn dimension_tab_reads_score_then_shop_value() {
    let r = read_for(SERVICE_TAB, "douyin-2026-07");
    assert_eq!(r.layout, Layout::DimensionTab);
    assert_eq!(r.dimensions.get("service"), Some(&95.0));
    let feige = &r.indicators["feige_avg_response_seconds"];
    assert_eq!(feige.score, Some(100.0));
    assert_eq!(feige.value, Some(13.872));
    let review = &r.indicators["after_sale_review_hours"];
    assert_eq!((review.score, review.value), (Some(90.0), Some(3.5)));
    assert_eq!(r.indicators["feige_dissatisfaction_rate"].value, Some(6.1));
    assert_eq!(r.deduction_points, Some(0.0));
    assert_eq!(r.events.get("score_gaming"), Some(&0.0));
    assert_eq!(r.total, None, "a dimension tab shows no total");
    // The change "上升0.2小时" is not an extra value.
    assert!(
        !left_raws(&r).iter().any(|l| l.contains("0.2")),
        "{:?}",
        left_raws(&r)
    );
}

#[test]
fn home_page_card_short_dimension_names() {
    let r = read_for(
        "商家体验分 69 分 较昨日 持平 详情\n商品 76 分 物流 73 分 服务 60 分",
        "douyin-2026-09",
    );
    assert_eq!(r.layout, Layout::HomeCard);
    assert_eq!(r.total, Some(69.0));
    assert_eq!(r.dimensions.get("product"), Some(&76.0));
    assert_eq!(r.dimensions.get("logistics"), Some(&73.0));
    assert_eq!(r.dimensions.get("service"), Some(&60.0));
    assert!(r.indicators.is_empty());
    assert!(r.left.is_empty(), "{:?}", left_raws(&r));
}

#[test]
fn full_width_glued_and_minutes_are_converted() {
    // Full-width digits and punctuation, no spaces at all, a response time in minutes.
    let text = "我的总分８４分商品综合评分４．７３１０分飞鸽人工会话平响时长２分１５秒售后平均审核时长９０分钟平台求助率０．５１％";
    let r = read_for(text, "douyin-2026-09");
    assert_eq!(r.total, Some(84.0));
    assert_eq!(value(&r, "product_rating"), Some(4.731));
    assert_eq!(
        value(&r, "feige_avg_response_seconds"),
        Some(135.0),
        "2 分 15 秒 = 135 s"
    );
    assert_eq!(
        value(&r, "after_sale_review_hours"),
        Some(1.5),
        "90 分钟 = 1.5 h"
    );
    assert_eq!(value(&r, "platform_help_rate"), Some(0.51));
    let converted = r
        .took
        .iter()
        .find(|n| n.subject.as_deref() == Some("feige_avg_response_seconds"))
        .unwrap();
    assert!(converted.text.zh.contains("换算"), "{}", converted.text.zh);
    // A duration in 分 alone is minutes for a seconds indicator.
    let r = read_for("飞鸽平均响应时长 1.5 分", "douyin-2026-09");
    assert_eq!(value(&r, "feige_avg_response_seconds"), Some(90.0));
}

#[test]
fn items_the_rule_set_lacks_are_left_with_why() {
    // 平均揽收时长 is a 2026-09 indicator; under 2026-07 it is left, not guessed.
    let r = read_for(
        "平均揽收时长 6.12 小时 揽收时长平均得分 92.5 分",
        "douyin-2026-07",
    );
    assert_eq!(value(&r, "pickup_score_avg"), Some(92.5));
    assert!(!r.indicators.contains_key("pickup_hours_avg"));
    let left = r
        .left
        .iter()
        .find(|n| n.raw.contains("平均揽收时长"))
        .expect("left");
    assert!(left.text.zh.contains("2026-07"), "{}", left.text.zh);
}

#[test]
fn implausible_numbers_and_wrong_units_are_left() {
    let r = read_for(
        "平台求助率 150 % 商品综合评分 47 分 平均揽收时长 5 %",
        "douyin-2026-09",
    );
    assert!(r.indicators.is_empty(), "{:?}", r.indicators);
    assert_eq!(r.left.len(), 3, "{:?}", left_raws(&r));
}

#[test]
fn window_lengths_and_unknown_words_are_not_values() {
    let r = read_for("商品综合评分（近90天）4.62分 超越85%同行", "douyin-2026-09");
    assert_eq!(value(&r, "product_rating"), Some(4.62));
    assert_eq!(left_raws(&r), vec!["超越 85%".to_string()]);
}

#[test]
fn without_a_rule_set_every_indicator_in_its_own_unit() {
    let r = read("平均揽收时长 6.12 小时 揽收时长平均得分 92.5 分", None);
    assert_eq!(value(&r, "pickup_hours_avg"), Some(6.12));
    assert_eq!(value(&r, "pickup_score_avg"), Some(92.5));
    assert!(r.left.is_empty());
}

#[test]
fn nothing_recognisable_gives_an_empty_reading() {
    for text in ["", "   \n\t", "hello world", "12345", "%%%", "较前1日持平"] {
        let r = read_for(text, "douyin-2026-09");
        assert!(r.is_empty(), "{text:?} → {r:?}");
    }
}

#[test]
fn never_panics_on_mangled_text() {
    // Every prefix and every character dropped of a real copy, and random byte soup.
    let chars: Vec<char> = OVERVIEW.chars().collect();
    for cut in 0..chars.len() {
        let prefix: String = chars[..cut].iter().collect();
        let dropped: String = chars
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != cut)
            .map(|(_, c)| c)
            .collect();
        read_for(&prefix, "douyin-2026-09");
        read_for(&dropped, "douyin-2026-07");
    }
    let mut seed: u64 = 7;
    let alphabet: Vec<char> =
        "0123456789.+-%:/年月日分秒小时次 \n\t商品综合评分飞鸽总分较前１２３％："
            .chars()
            .collect();
    for _ in 0..2000 {
        let text: String = (0..40)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                alphabet[(seed >> 33) as usize % alphabet.len()]
            })
            .collect();
        let r = read_for(&text, "douyin-2026-09");
        for v in r.indicators.values().filter_map(|i| i.value) {
            assert!(v.is_finite());
        }
    }
}

#[test]
fn a_reading_serialises_with_texts_in_both_languages() {
    let r = read_for(OVERVIEW, "douyin-2026-09");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["layout"], "overview");
    assert_eq!(
        json["indicators"]["feige_avg_response_seconds"]["value"],
        14.21
    );
    assert!(json["took"][0]["text"]["zh"].is_string());
    assert!(json["left"][0]["text"]["en"].is_string());
    let back: Reading = serde_json::from_value(json).unwrap();
    assert_eq!(back, r);
}
