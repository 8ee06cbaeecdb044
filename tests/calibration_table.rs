//! The readings table: headers in the back end's words (or English), cells with their units,
//! bad cells and unknown columns named by row and column; pasted back-end text becomes a row.

use shopscore::calibration::{calibrate, headers, read_table, template, Field, Observation};
use shopscore::readings::read;
use shopscore::rules::{all, rule_set_detail, RuleSet};

fn rules(id: &str) -> &'static RuleSet {
    rule_set_detail(id).unwrap()
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn every_template_header_reads_back_as_its_own_column_in_both_languages() {
    for rs in all().unwrap() {
        let fields: Vec<Field> = headers(rs).into_iter().map(|(f, _, _)| f).collect();
        let text = template(rs);
        assert!(
            text.starts_with('\u{feff}'),
            "{}: UTF-8 with BOM for Excel",
            rs.id
        );
        let zh: Vec<String> = text
            .trim_start_matches('\u{feff}')
            .trim_end()
            .split(',')
            .map(str::to_string)
            .collect();
        let en: Vec<String> = headers(rs).into_iter().map(|(_, _, en)| en).collect();
        for header in [zh, en] {
            // One row that fills every column with 1 (a date in the date column).
            let row: Vec<String> = fields
                .iter()
                .map(|f| {
                    if *f == Field::Date {
                        "2026-11-20".into()
                    } else {
                        "1".into()
                    }
                })
                .collect();
            let read = read_table(rs, &header, &[row], None, 2);
            assert!(read.warnings.is_empty(), "{}: {:?}", rs.id, read.warnings);
            let o = &read.observations[0];
            let filled = 1
                + [o.total, o.bonus, o.deduction].iter().flatten().count()
                + o.dimensions.len()
                + o.indicator_values.len()
                + o.indicator_scores.len();
            assert_eq!(filled, fields.len(), "{}: {header:?} → {o:?}", rs.id);
        }
    }
}

#[test]
fn the_back_ends_other_names_units_and_signs_are_understood() {
    let rs = rules("douyin-2026-09");
    let header = strings(&[
        "更新时间",
        "我的总分",
        "商品体验",
        "物流体验",
        "服务体验",
        "加分项",
        "扣分项",
        "飞鸽人工会话平响时长",
        "平均揽收时长（分钟）",
        "商品品质退货率(%)",
        "飞鸽人工会话不满意率",
    ]);
    let row = strings(&[
        "2026年11月20日 11:00:37",
        "84 分",
        "71",
        "97",
        "88",
        "+2",
        "−3",
        "13.9秒",
        "367.2",
        "1.205%",
        "4.800 %",
    ]);
    let read = read_table(rs, &header, &[row], Some("readings.csv"), 2);
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    let o = &read.observations[0];
    assert_eq!(o.date, "2026-11-20");
    assert_eq!(
        (o.total, o.bonus, o.deduction),
        (Some(84.0), Some(2.0), Some(3.0))
    );
    assert_eq!(o.dimensions["logistics"], 97.0);
    assert_eq!(o.indicator_values["feige_avg_response_seconds"], 13.9);
    assert!(
        (o.indicator_values["pickup_hours_avg"] - 6.12).abs() < 1e-9,
        "minutes → hours"
    );
    assert_eq!(o.indicator_values["product_quality_return_rate"], 1.205);
    assert_eq!(o.indicator_values["feige_dissatisfaction_rate"], 4.8);
    assert_eq!((o.row, o.file.as_deref()), (2, Some("readings.csv")));
}

#[test]
fn bad_cells_unknown_and_repeated_columns_are_named_and_the_rest_is_used() {
    let rs = rules("douyin-2026-07");
    let header = strings(&[
        "日期",
        "体验分",
        "商品综合评分",
        "商品综合评分得分",
        "备注",
        "总分",
        "揽收时长平均得分",
    ]);
    let rows = vec![
        strings(&[
            "2026-08-01",
            "81.2",
            "4.71",
            "80",
            "good day",
            "81.2",
            "92.5",
        ]),
        strings(&["", "", "", "", "", "", ""]),
        strings(&["2026-08-03", "eighty", "4.7%", "-", "", "", "91"]),
    ];
    let read = read_table(rs, &header, &rows, Some("r.csv"), 2);
    assert_eq!(read.observations.len(), 2, "the empty row is skipped");
    let codes: Vec<(&str, Option<u64>, Option<&str>)> = read
        .warnings
        .iter()
        .map(|w| (w.code.as_str(), w.line, w.column.as_deref()))
        .collect();
    assert!(
        codes.contains(&("reading_unknown_columns", None, None)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("reading_column_twice", None, None)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("reading_bad_cell", Some(4), Some("体验分"))),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("reading_bad_cell", Some(4), Some("商品综合评分"))),
        "{codes:?}"
    );
    let last = &read.observations[1];
    assert_eq!(last.total, None, "a bad cell is never taken as zero");
    assert_eq!(
        last.indicator_scores.get("product_rating"),
        None,
        "a dash is an empty cell"
    );
    assert_eq!(last.indicator_values["pickup_score_avg"], 91.0);
    let unknown = read
        .warnings
        .iter()
        .find(|w| w.code == "reading_unknown_columns")
        .unwrap();
    assert!(unknown.text().zh.contains("备注"), "{}", unknown.text().zh);
    // A table with no date column cannot place any reading.
    let none = read_table(rs, &strings(&["体验分"]), &[strings(&["80"])], None, 2);
    assert!(none.observations.is_empty());
    assert_eq!(none.warnings[0].code, "reading_no_date_column");
}

#[test]
fn pasted_back_end_text_becomes_a_row_of_the_table() {
    let rs = rules("douyin-2026-09");
    let text = "体验分概览 更新时间：2026-11-20 11:00:37（今日已更新） 我的总分 84 分 商品体验 71 分 物流体验 97 分 服务体验 88 分 商品综合评分 4.7310 分 商品品质退货率 1.205 % 平均揽收时长 6.1200 小时 运单配送时效达成率 99.100 % 飞鸽人工会话平响时长 14.210 秒 售后平均审核时长 2.9000 小时 飞鸽人工会话不满意率 4.800 % 平台求助率 0.5100 % 加分项 +2 分 扣分项 0 分 虚假交易刷体验分 0 分";
    let o = Observation::from_reading(&read(text, Some(rs)), 7);
    assert_eq!(o.row, 7);
    assert_eq!(o.date, "2026-11-20");
    assert_eq!(
        (o.total, o.bonus, o.deduction),
        (Some(84.0), Some(2.0), Some(0.0))
    );
    assert_eq!(o.dimensions.len(), 3);
    assert_eq!(o.indicator_values["product_rating"], 4.731);
    assert_eq!(o.indicator_values["feige_avg_response_seconds"], 14.21);
    // It calibrates like any row (one day: a range, not yet an answer).
    let c = calibrate(rs, &[o]);
    let fit = c.fits.dimension_weights.expect("a fit from one day");
    assert!(!fit.determined);
    let undated = Observation::from_reading(&read("我的总分 84 分", Some(rs)), 3);
    let c = calibrate(rs, &[undated]);
    assert_eq!(c.warnings[0].key(), "reading_bad_date.missing");
}

#[path = "ingest_fixtures/mod.rs"]
mod ingest_fixtures;

use shopscore::calibration::read_file;
use shopscore::ErrorCode;

#[test]
fn a_readings_file_in_gb18030_is_read_with_its_lines_and_its_bad_cells_named() {
    let rs = rules("douyin-2026-09");
    let text = "日期,体验分,商品体验分,物流体验分,服务体验分,加分,扣分\r\n2026-10-01,81.4,80,70,90,0,0\r\n\r\n2026/10/02,八十,92,60,75,0,0\r\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    let read = read_file(rs, "读数.csv", &bytes).expect("a table");
    assert_eq!(read.observations.len(), 2);
    assert_eq!(read.observations[1].date, "2026-10-02");
    assert_eq!(
        read.observations[1].row, 4,
        "the file's own line (the blank one counted)"
    );
    let bad = read
        .warnings
        .iter()
        .find(|w| w.code == "reading_bad_cell")
        .expect("the bad cell");
    assert_eq!(
        (bad.file.as_deref(), bad.line, bad.column.as_deref()),
        (Some("读数.csv"), Some(4), Some("体验分"))
    );
}

#[test]
fn an_xlsx_workbook_gives_the_sheet_that_looks_like_readings_with_its_dates() {
    use ingest_fixtures::{date, inline, number, row, workbook};
    let rs = rules("douyin-2026-09");
    let notes = row(1, &[inline("A1", "说明：每天记一行")]);
    let header = ["日期", "体验分", "商品体验分", "物流体验分", "服务体验分"];
    let mut sheet = row(
        1,
        &header
            .iter()
            .enumerate()
            .map(|(i, h)| inline(&format!("{}1", (b'A' + i as u8) as char), h))
            .collect::<Vec<_>>(),
    );
    sheet += &row(
        2,
        &[
            date("A2", "46296"),
            number("B2", "81.4"),
            number("C2", "80"),
            number("D2", "70"),
            number("E2", "90"),
        ],
    );
    let bytes = workbook(&[("说明", notes), ("读数", sheet)]);
    let read = read_file(rs, "读数.xlsx", &bytes).expect("a workbook");
    assert_eq!(read.observations.len(), 1, "{:?}", read.warnings);
    let o = &read.observations[0];
    assert_eq!(
        o.date, "2026-10-01",
        "a date cell is a day number in the sheet"
    );
    assert_eq!((o.total, o.dimensions["service"]), (Some(81.4), 90.0));
}

#[test]
fn a_file_that_is_no_table_is_an_error_saying_what_it_is() {
    let e = read_file(
        rules("douyin-2026-09"),
        "readings.pdf",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::UnreadableFile);
}
