//! Files → report: encodings and formats give the same numbers, duplicates count once, and
//! `score_files` fills `inputs` and `drilldown` around the scoring core's report.

#[path = "fixtures/gen.rs"]
mod gen;
#[path = "ingest_fixtures/mod.rs"]
mod xlsx;

use shopscore::pipeline::{drilldown_csv, prepare, score_files, FilesOptions};
use shopscore::report::Stage;
use shopscore::ShopInput;

fn options() -> FilesOptions {
    FilesOptions {
        as_of: Some("2026-11-30".into()),
        ..Default::default()
    }
}

fn pick(names: &[&str]) -> Vec<(String, Vec<u8>)> {
    gen::all()
        .into_iter()
        .chain(gen::variants())
        .filter(|(n, _)| names.contains(&n.as_str()))
        .collect()
}

fn numbers(p: &shopscore::pipeline::Prepared, id: &str) -> (f64, f64) {
    let c = &p.recomputed.indicators[id];
    (c.numerator, c.denominator)
}

#[test]
fn gbk_and_tsv_copies_give_the_same_numbers() {
    let files = pick(&[
        "orders.csv",
        "logistics_gbk.csv",
        "after_sales.csv",
        "reviews.tsv",
        "feige_rounds.csv",
    ]);
    let p = prepare(&files, &ShopInput::default(), &options()).unwrap();
    let summary = |name: &str| {
        p.inputs["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(summary("logistics_gbk.csv")["encoding"], "gb18030");
    assert_eq!(summary("logistics_gbk.csv")["kind"], "logistics");
    assert_eq!(summary("reviews.tsv")["delimiter"], "\t");
    assert_eq!(summary("reviews.tsv")["kind"], "reviews");
    assert_eq!(numbers(&p, "delivery_on_time_rate"), (4.0, 6.0));
    assert_eq!(numbers(&p, "product_rating"), (19.0, 5.0));
    assert_eq!(numbers(&p, "product_quality_return_rate"), (2.0, 6.0));
    assert_eq!(numbers(&p, "pickup_on_time_rate"), (3.0, 6.0));
}

#[test]
fn the_same_file_twice_counts_once() {
    let files = pick(&["logistics.csv", "logistics_gbk.csv", "orders.csv"]);
    let mut doubled = files.clone();
    doubled.push((
        "orders (1).csv".into(),
        files
            .iter()
            .find(|(n, _)| n == "orders.csv")
            .unwrap()
            .1
            .clone(),
    ));
    let p = prepare(&doubled, &ShopInput::default(), &options()).unwrap();
    assert!(
        p.warnings.iter().any(|w| w.code == "duplicate_records"),
        "{:#?}",
        p.warnings
    );
    assert_eq!(numbers(&p, "delivery_on_time_rate"), (4.0, 6.0));
    assert_eq!(p.recomputed.valid_paid_orders, Some(6.0));
}

#[test]
fn an_xlsx_logistics_sheet_reads_like_the_csv() {
    let text = gen::logistics_csv();
    let rows: Vec<String> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .enumerate()
        .map(|(r, line)| {
            let cells: Vec<String> = line
                .split(',')
                .enumerate()
                .map(|(c, cell)| {
                    xlsx::inline(&format!("{}{}", xlsx::column_letters(c), r + 1), cell)
                })
                .collect();
            xlsx::row(r as u32 + 1, &cells)
        })
        .collect();
    // A cover sheet first: the reader picks the sheet whose headers are a known kind.
    let cover = xlsx::row(
        1,
        &[
            xlsx::inline("A1", "说明"),
            xlsx::inline("B1", "物流明细导出"),
        ],
    );
    let book = xlsx::workbook(&[("说明", cover), ("物流", rows.concat())]);
    let p = prepare(
        &[("物流.xlsx".into(), book)],
        &ShopInput::default(),
        &options(),
    )
    .unwrap();
    let file = &p.inputs["files"][0];
    assert_eq!(file["encoding"], "xlsx");
    assert_eq!(file["kind"], "logistics", "{:#?}", p.warnings);
    assert_eq!(file["sheet"], "物流");
    assert_eq!(numbers(&p, "delivery_on_time_rate"), (4.0, 6.0));
    assert_eq!(numbers(&p, "pickup_on_time_rate"), (3.0, 6.0));
}

#[test]
fn score_files_returns_the_report_with_inputs_and_drilldown() {
    let files = pick(&[
        "orders.csv",
        "logistics.csv",
        "after_sales.csv",
        "reviews.csv",
        "feige_rounds.csv",
    ]);
    let report = score_files(&files, &ShopInput::default(), &options()).unwrap();
    assert_eq!(report.rule_set, "douyin-2026-09");
    // 6 valid paid orders: growth stage.
    assert_eq!(report.stage, Stage::Growth);
    let inputs = report.inputs.as_ref().unwrap();
    assert_eq!(inputs["window"]["start"], "2026-11-01");
    assert_eq!(inputs["valid_paid_orders_30d"], 6.0);
    assert_eq!(inputs["files"].as_array().unwrap().len(), 5);
    let rating = report
        .indicators
        .iter()
        .find(|i| i.id == "product_rating")
        .unwrap();
    assert_eq!(rating.value, Some(3.8));
    assert_eq!(rating.source, "records");
    assert_eq!(
        (rating.numerator, rating.denominator),
        (Some(19.0), Some(5.0))
    );
    let drill = report.drilldown.as_ref().unwrap();
    assert_eq!(drill["product_quality_return_rate"]["numerator"], 2.0);
    let csv = drilldown_csv(&report, "product_quality_return_rate");
    assert_eq!(csv.lines().count(), 3);
    // File warnings travel with the report.
    assert!(report
        .warnings
        .iter()
        .any(|w| w.code == "bad_row" && w.file.as_deref() == Some("orders.csv")));
}

#[test]
fn score_files_under_a_90_day_rule_set() {
    let files = pick(&[
        "orders.csv",
        "logistics.csv",
        "after_sales.csv",
        "reviews.csv",
        "feige_rounds.csv",
    ]);
    let typed = ShopInput {
        rule_set: Some("douyin-legacy-5pt".into()),
        ..Default::default()
    };
    let report = score_files(&files, &typed, &options()).unwrap();
    assert_eq!(report.rule_set, "douyin-legacy-5pt");
    let inputs = report.inputs.as_ref().unwrap();
    assert_eq!(inputs["window"]["start"], "2026-09-02");
    // G (paid 10-20) is now in the window: 7 valid paid orders.
    assert_eq!(inputs["valid_paid_orders_30d"], 7.0);
    assert!(report
        .drilldown
        .as_ref()
        .unwrap()
        .get("three_min_reply_rate")
        .is_some());
}

#[test]
fn an_unknown_rule_set_or_a_bad_as_of_is_an_error_not_a_panic() {
    let files = pick(&["logistics.csv"]);
    let typed = ShopInput {
        rule_set: Some("nope".into()),
        ..Default::default()
    };
    assert_eq!(
        prepare(&files, &typed, &options())
            .unwrap_err()
            .code
            .as_str(),
        "unknown_rule_set"
    );
    let bad_date = FilesOptions {
        as_of: Some("30/11/2026".into()),
        ..Default::default()
    };
    assert_eq!(
        prepare(&files, &ShopInput::default(), &bad_date)
            .unwrap_err()
            .code
            .as_str(),
        "bad_field"
    );
}

#[test]
fn xlsx_date_cells_and_plain_serials_both_read_as_times() {
    use xlsx::{date, inline, number, row};
    // 2026-11-10 17:59 = 46336.749305…, 2026-11-11 08:00 = 46337.3333…
    let sheet = [
        row(
            1,
            &[
                inline("A1", "订单编号"),
                inline("B1", "支付时间"),
                inline("C1", "揽收时间"),
            ],
        ),
        row(
            2,
            &[
                inline("A2", "1"),
                date("B2", "46336.7493055556"),
                date("C2", "46337.3333333333"),
            ],
        ),
        row(
            3,
            &[
                inline("A3", "2"),
                number("B3", "46336.75"),
                number("C3", "46337.3333333333"),
            ],
        ),
    ]
    .concat();
    let book = xlsx::workbook(&[("Sheet1", sheet)]);
    let p = prepare(
        &[("l.xlsx".into(), book)],
        &ShopInput::default(),
        &options(),
    )
    .unwrap();
    // 1: paid 17:59 → 14 h 01 min; 2: paid 18:00 → clock from 06:00 → 2 h.
    let c = &p.recomputed.indicators["pickup_hours_avg"];
    assert_eq!(c.denominator, 2.0, "{:#?}", p.warnings);
    assert!(
        (c.numerator - (14.0 + 1.0 / 60.0 + 2.0)).abs() < 1e-3,
        "{}",
        c.numerator
    );
}

/// A gift line, a closed line or a free line inside an otherwise normal order does not take the
/// whole order out of the valid paid orders (RULES.md §2 excludes gift *orders*); an order
/// whose every line is closed, or that is all gifts, is still excluded.
#[test]
fn a_gift_or_closed_line_does_not_exclude_the_whole_order() {
    let csv = "\u{feff}主订单编号,子订单编号,选购商品,订单应付金额,支付完成时间,订单状态\n\
        \tA1,\tA1-1,纯棉T恤,59.90,2026-11-20 10:00:00,已完成\n\
        \tA1,\tA1-2,赠品 袜子,0.00,2026-11-20 10:00:00,已完成\n\
        \tB1,\tB1-1,帆布包,39.00,2026-11-20 11:00:00,已关闭\n\
        \tB1,\tB1-2,帆布包,39.00,2026-11-20 11:00:00,已完成\n\
        \tC1,\tC1-1,赠品 水杯,0.00,2026-11-20 12:00:00,已完成\n\
        \tC1,\tC1-2,运动鞋,299.00,2026-11-20 12:00:00,已完成\n\
        \tD1,\tD1-1,运动鞋,299.00,2026-11-20 13:00:00,已发货\n\
        \tE1,\tE1-1,赠品 水杯,0.00,2026-11-20 14:00:00,已完成\n\
        \tF1,\tF1-1,帆布包,39.00,2026-11-20 15:00:00,已关闭\n\
        \tF1,\tF1-2,帆布包,39.00,2026-11-20 15:00:00,已关闭\n";
    let files = vec![("订单导出.csv".to_string(), csv.as_bytes().to_vec())];
    let p = prepare(&files, &ShopInput::default(), &options()).unwrap();
    assert_eq!(
        p.inputs["valid_paid_orders_30d"].as_f64(),
        Some(4.0),
        "A1, B1, C1, D1 count; E1 (all gifts) and F1 (all closed) do not: {}",
        p.inputs
    );
}
