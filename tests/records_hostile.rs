//! Hostile and odd content reaching `records`: every case gives warnings or an empty
//! population, never a panic, a silent zero, or the loss of the other files.

#[path = "fixtures/gen.rs"]
mod gen;

use shopscore::pipeline::{inspect, prepare, FilesOptions};
use shopscore::ShopInput;

fn options() -> FilesOptions {
    FilesOptions {
        as_of: Some("2026-11-30".into()),
        ..Default::default()
    }
}

#[test]
fn odd_files_beside_a_good_one() {
    let mut files = vec![(
        "logistics.csv".to_string(),
        gen::logistics_csv().into_bytes(),
    )];
    let odd: Vec<(&str, Vec<u8>)> = vec![
        ("empty.csv", vec![]),
        ("only-bom.csv", "\u{feff}".into()),
        ("headers-only.csv", "\u{feff}订单编号,评分\r\n".into()),
        ("binary.csv", (0..=255u8).cycle().take(4096).collect()),
        ("report.pdf.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n".to_vec()),
        ("html.csv", "订单编号,评分,评价时间\n<script>alert(1)</script>,<b>5</b>,<i>2026-11-20</i>\n".into()),
        ("dup-headers.csv", "订单编号,订单编号,评分,评分\n1,2,5,1\n".into()),
        ("ragged.csv", "订单编号,评分,是否首评,评价时间\n1\n2,5,是,2026-11-20,extra,cells\n3,,\n".into()),
        (
            "absurd.csv",
            "订单编号,评分,评价时间\n1,NaN,2026-11-20\n2,inf,9999-12-31 23:59:59\n3,1e308,1900-01-01\n4,5,-1\n5,4,99999999999999999999\n"
                .into(),
        ),
    ];
    for (name, bytes) in odd {
        files.push((name.to_string(), bytes));
    }
    let p = prepare(&files, &ShopInput::default(), &options()).unwrap();
    // The good file still scores.
    let delivery = &p.recomputed.indicators["delivery_on_time_rate"];
    assert_eq!((delivery.numerator, delivery.denominator), (4.0, 6.0));
    // Every odd file is in the quality summary, and each says something.
    let summaries = p.inputs["files"].as_array().unwrap();
    assert_eq!(summaries.len(), files.len());
    for name in ["empty.csv", "binary.csv", "report.pdf.csv"] {
        assert!(
            p.warnings.iter().any(|w| w.file.as_deref() == Some(name)),
            "{name}: {:#?}",
            p.warnings
        );
    }
    // Unreadable ratings are skipped rows, not zeros: only 4 and 5 from absurd.csv, 5 from dup-headers.
    assert!(summaries
        .iter()
        .any(|f| f["name"] == "absurd.csv" && f["skipped"].as_u64().unwrap() >= 3));
}

#[test]
fn reply_before_message_and_nothing_in_the_window() {
    let rounds = "会话ID,会话发起时间,买家消息时间,客服回复时间,是否人工\nS1,2026-11-20 10:00:00,2026-11-20 10:00:00,2026-11-20 09:59:00,是\n";
    let p = prepare(
        &[("r.csv".into(), rounds.into())],
        &ShopInput::default(),
        &options(),
    )
    .unwrap();
    assert!(p
        .warnings
        .iter()
        .any(|w| w.key() == "left_out.reply_before_message"
            && w.subject.as_deref() == Some("feige_avg_response_seconds")
            && w.params["count"] == 1
            && w.text().zh.contains("早于")));
    assert_eq!(
        p.recomputed.indicators["feige_avg_response_seconds"].value,
        None
    );
    assert!(p.warnings.iter().any(|w| w.code == "empty_population"
        && w.subject.as_deref() == Some("feige_avg_response_seconds")
        && w.text().zh.starts_with("飞鸽平均响应时长")));
    assert!(!p
        .input
        .indicators
        .contains_key("feige_avg_response_seconds"));

    // A window with no data in it: empty populations, no values, no zeros.
    let later = FilesOptions {
        as_of: Some("2027-06-30".into()),
        ..Default::default()
    };
    let files: Vec<_> = gen::all()
        .into_iter()
        .filter(|(n, _)| n != "values.csv")
        .collect();
    let p = prepare(&files, &ShopInput::default(), &later).unwrap();
    assert_eq!(p.recomputed.valid_paid_orders, Some(0.0));
    assert!(p.input.indicators.is_empty(), "{:?}", p.input.indicators);
    assert!(p
        .recomputed
        .indicators
        .values()
        .all(|c| c.denominator == 0.0 || c.value.is_some()));
}

#[test]
fn values_only_and_no_dates() {
    let values = "指标,数值,得分\n商品综合评分,4.8,\n飞鸽平均响应时长,abc,\n";
    let p = prepare(
        &[("v.csv".into(), values.into())],
        &ShopInput::default(),
        &FilesOptions::default(),
    )
    .unwrap();
    assert_eq!(p.input.indicators["product_rating"].value, Some(4.8));
    // The unreadable value is missing, with a warning, not zero.
    assert!(!p
        .input
        .indicators
        .contains_key("feige_avg_response_seconds"));
    assert!(p
        .warnings
        .iter()
        .any(|w| w.code == "bad_cell" && w.line == Some(3)));
    assert!(p.inputs["window"].is_null());
}

#[test]
fn results_are_deterministic() {
    let files = gen::all();
    let a = prepare(&files, &ShopInput::default(), &options()).unwrap();
    let b = prepare(&files, &ShopInput::default(), &options()).unwrap();
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a.drilldown).unwrap(),
        serde_json::to_string(&b.drilldown).unwrap()
    );
}

#[test]
fn inspect_never_panics_on_garbage() {
    for bytes in [
        vec![],
        vec![0u8; 10],
        b"\xff\xfe\x00".to_vec(),
        b"a\nb\n\"unterminated".to_vec(),
        "\u{feff}-\n-\n".into(),
    ] {
        let _ = inspect(
            "x.csv",
            &bytes,
            &FilesOptions {
                include_rows: true,
                ..Default::default()
            },
        );
    }
}

#[test]
fn a_values_file_copied_from_the_back_end_page() {
    let values = "指标,数值,得分,权重\n商品综合评分,4.8,90,40%\n商品体验分,,76,\n有效支付订单数,1234,,\n飞鸽平均响应时长,25秒,,\n";
    let p = prepare(
        &[("v.csv".into(), values.into())],
        &ShopInput::default(),
        &FilesOptions::default(),
    )
    .unwrap();
    assert_eq!(p.input.indicators["product_rating"].score, Some(90.0));
    assert_eq!(p.input.weights.indicators["product_rating"], 40.0);
    assert_eq!(p.input.dimensions["product"], 76.0);
    assert_eq!(p.input.valid_paid_orders_30d, Some(1234.0));
    assert_eq!(
        p.input.indicators["feige_avg_response_seconds"].value,
        Some(25.0)
    );
    assert!(
        p.warnings.iter().all(|w| w.code != "unknown_indicator"),
        "{:#?}",
        p.warnings
    );
}

/// Deterministic random rows of tricky cells for every kind: nothing panics, and every
/// value computed is finite.
#[test]
fn random_tricky_cells_never_panic() {
    use shopscore::records::kinds::ALL_KINDS;
    let tokens = [
        "",
        "-",
        "\t",
        "\t6930000000000000101",
        "0",
        "-1",
        "1e308",
        "NaN",
        "是",
        "否",
        "maybe",
        "5",
        "★★",
        "6星",
        "2026-11-20 23:00:00",
        "2026-11-20 22:59:59",
        "2026/11/20 8:00",
        "2026-02-30",
        "46346.5",
        "1763596800",
        "9999-12-31 23:59:59",
        "1900-01-01",
        "退款成功",
        "质量问题",
        "商品破损",
        "发货超时",
        "已关闭",
        "福袋",
        "预售",
        "=cmd|' /C calc'!A0",
        "<b>x</b>",
        "１２",
        "%",
        "12.5%",
    ];
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    for round in 0..20 {
        let mut files = Vec::new();
        for kind in ALL_KINDS {
            let headers: Vec<&str> = kind.fields().iter().map(|f| f.headers[0]).collect();
            let mut text = headers.join(",") + "\n";
            for _ in 0..40 {
                let cells: Vec<String> = headers
                    .iter()
                    .map(|_| tokens[next() % tokens.len()].replace(',', "，"))
                    .collect();
                text += &(cells.join(",") + "\n");
            }
            files.push((format!("{}-{round}.csv", kind.as_str()), text.into_bytes()));
        }
        let p = prepare(&files, &ShopInput::default(), &options()).unwrap();
        for c in p.recomputed.indicators.values() {
            assert!(c.value.is_none_or(f64::is_finite), "{} {:?}", c.id, c.value);
            assert!(c.numerator.is_finite() && c.denominator.is_finite());
        }
    }
}

#[test]
fn overflowing_numbers_give_no_value_and_a_warning() {
    let agents = "日期,客服昵称,人工已接待会话量,平均响应时长（秒）\n2026-11-20,甲,1e308,1e308\n2026-11-21,乙,1e308,1e308\n";
    let p = prepare(
        &[("a.csv".into(), agents.into())],
        &ShopInput::default(),
        &options(),
    )
    .unwrap();
    assert!(!p
        .recomputed
        .indicators
        .contains_key("feige_avg_response_seconds"));
    assert!(
        p.warnings.iter().any(|w| w.code == "bad_value"),
        "{:#?}",
        p.warnings
    );
    assert!(!p
        .input
        .indicators
        .contains_key("feige_avg_response_seconds"));
}
