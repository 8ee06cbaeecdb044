//! Kinds, templates, column mapping, inspect and the drill-down export.

#[path = "fixtures/gen.rs"]
mod gen;

use shopscore::pipeline::{drilldown_csv_from, inspect, prepare, FilesOptions};
use shopscore::records::kinds::ALL_KINDS;
use shopscore::records::{template, ColumnMapping, FileKind};
use shopscore::ShopInput;

fn options() -> FilesOptions {
    FilesOptions {
        as_of: Some("2026-11-30".into()),
        ..Default::default()
    }
}

#[test]
fn every_fixture_is_detected_as_its_kind() {
    for (name, bytes) in gen::all() {
        let inspection = inspect(&name, &bytes, &options());
        let expected = FileKind::parse(name.trim_end_matches(".csv")).unwrap();
        assert_eq!(
            inspection.kind,
            Some(expected),
            "{name}: {:#?}",
            inspection.warnings
        );
        assert_eq!(inspection.encoding.as_deref(), Some("utf-8-bom"));
        assert!(inspection.missing_required.is_empty());
    }
}

#[test]
fn templates_are_bom_csv_that_read_back_without_warnings() {
    for kind in ALL_KINDS {
        let text = template(kind);
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(text.lines().count(), 2, "{kind:?}");
        let name = format!("{}.csv", kind.as_str());
        let inspection = inspect(&name, text.as_bytes(), &options());
        assert_eq!(inspection.kind, Some(kind));
        assert_eq!(inspection.rows, 1, "{kind:?}: {:#?}", inspection.warnings);
        assert_eq!(inspection.skipped, 0);
        assert!(
            inspection.warnings.is_empty(),
            "{kind:?}: {:#?}",
            inspection.warnings
        );
    }
}

#[test]
fn inspect_shows_headers_mapping_and_rows_as_read() {
    let bytes = gen::after_sales_csv().into_bytes();
    let inspection = inspect(
        "after_sales.csv",
        &bytes,
        &FilesOptions {
            include_rows: true,
            ..options()
        },
    );
    assert_eq!(inspection.headers.len(), 10);
    assert_eq!(inspection.rows, 8);
    assert_eq!(inspection.skipped, 1);
    assert_eq!(inspection.skipped_rows[0].line, Some(10));
    assert_eq!(inspection.mapping["reason"], "首次售后原因");
    assert_eq!(inspection.mapping["exempt"], "豁免体验分");
    let data = inspection.data.unwrap();
    assert_eq!(data.len(), 9);
    // As read: the tab before the id is kept (records strips it, inspect shows the file).
    assert!(data[0][1].starts_with('\t'));
}

#[test]
fn unknown_headers_need_a_mapping() {
    let text = "\u{feff}单号,付款时间,揽件时间,签收日期,承运商\n\t6930000000000000101,2026-11-10 17:59:00,2026-11-11 08:00:00,2026-11-13 10:00:00,顺丰速运\n";
    let plain = inspect("wl.csv", text.as_bytes(), &options());
    assert_eq!(plain.kind, None);
    assert!(plain.warnings.iter().any(|w| w.code == "unknown_columns"));
    // 揽件时间 is an alias of 揽收时间: the headers look like logistics, without its order id.
    assert_eq!(plain.guess, Some(FileKind::Logistics));
    let partial = inspect(
        "partial.csv",
        "订单编号,揽件\n1,2026-11-11\n".as_bytes(),
        &options(),
    );
    assert_eq!(partial.kind, None);
    assert!(partial.guess.is_some());
    assert!(!partial.missing_required.is_empty());

    let mapping: ColumnMapping = serde_json::from_str(
        r#"{"kind":"logistics","order_id":"单号","paid_time":"付款时间","pickup_time":"揽件时间","signed_time":"签收日期","courier":"承运商"}"#,
    )
    .unwrap();
    let mapped = FilesOptions {
        mapping,
        ..options()
    };
    let inspection = inspect("wl.csv", text.as_bytes(), &mapped);
    assert_eq!(inspection.kind, Some(FileKind::Logistics));
    assert_eq!(inspection.mapping["pickup_time"], "揽件时间");
    let p = prepare(
        &[("wl.csv".into(), text.as_bytes().to_vec())],
        &ShopInput::default(),
        &mapped,
    )
    .unwrap();
    let hours = &p.recomputed.indicators["pickup_hours_avg"];
    assert_eq!((hours.numerator * 60.0).round(), 841.0);
    assert_eq!(hours.denominator, 1.0);
}

#[test]
fn english_and_open_api_headers_are_aliases() {
    let text =
        "after_sale_id,order_id,aftersale_type,reason,create_time,agree_time,aftersale_status\n\
                7001,6931,退货退款,质量问题,1763600000,1763603600,退款成功\n";
    let inspection = inspect("api.csv", text.as_bytes(), &options());
    assert_eq!(inspection.kind, Some(FileKind::AfterSales));
    assert_eq!(inspection.rows, 1, "{:#?}", inspection.warnings);
}

#[test]
fn drilldown_has_top_breakdowns_and_a_safe_csv() {
    let files: Vec<_> = gen::all()
        .into_iter()
        .filter(|(n, _)| n != "feige_agents.csv" && n != "values.csv")
        .collect();
    let p = prepare(&files, &ShopInput::default(), &options()).unwrap();
    let delivery = &p.drilldown["delivery_on_time_rate"];
    assert_eq!(delivery["numerator"], 4.0);
    assert_eq!(delivery["denominator"], 6.0);
    assert_eq!(delivery["bad_total"], 2);
    assert_eq!(
        delivery["top"]["courier"],
        serde_json::json!([["中通快递", 1], ["圆通速递", 1]])
    );
    let help = &p.drilldown["platform_help_rate"];
    assert_eq!(help["bad"].as_array().unwrap().len(), 2);
    // Only the rule set's indicators (douyin-2026-09) are drilled into.
    assert!(p.drilldown.get("pickup_on_time_rate").is_none());
    assert!(p.drilldown.get("pickup_hours_avg").is_some());

    let csv = drilldown_csv_from(&p.drilldown, "delivery_on_time_rate");
    assert!(csv.starts_with("\u{feff}指标,订单编号"));
    assert_eq!(csv.lines().count(), 3);
    assert!(csv.contains(&gen::id("C")));

    let hostile = serde_json::json!({"x": {"bad": [
        {"order_id": "=HYPERLINK(\"http://evil\")", "product": "+1", "courier": "-2", "province": "@SUM(A1)", "agent": "\tx", "reason": "\rr", "time": "a,b"}
    ]}});
    let csv = drilldown_csv_from(&hostile, "x");
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.starts_with("x,\"'=HYPERLINK(\"\"http://evil\"\")\",'+1,'-2,'@SUM(A1),'\tx,"),
        "{row}"
    );
    assert!(csv.contains("\"a,b\""));
    assert_eq!(drilldown_csv_from(&hostile, "missing").lines().count(), 1);
}

#[test]
fn the_catalog_lists_every_kind_with_its_required_columns() {
    let catalog = shopscore::records::catalog();
    assert_eq!(catalog.len(), ALL_KINDS.len());
    let json = serde_json::to_value(&catalog).unwrap();
    let orders = json
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "orders")
        .unwrap();
    let order_id = orders["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "order_id")
        .unwrap();
    assert_eq!(order_id["header"], "主订单编号");
    assert_eq!(order_id["required"], true);
    assert!(order_id["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "shop_order_id"));
}

#[path = "ingest_fixtures/mod.rs"]
mod xlsx;

#[test]
fn bad_files_say_what_they_are_and_the_others_still_score() {
    use shopscore::pipeline::{FileStatus, Shop};
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("empty.csv", Vec::new()),
        (
            "report.csv",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n".to_vec(),
        ),
        ("photo.png", b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR".to_vec()),
        ("shot.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF".to_vec()),
        ("old.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec()),
        ("archive.zip", xlsx::zip_with_entry("readme.txt", 10)),
        ("notes.csv", "名称,备注\n甲,乙\n".as_bytes().to_vec()),
        (
            "few.csv",
            "订单编号,评分\n\t6930000000000000101,5\n"
                .as_bytes()
                .to_vec(),
        ),
        ("logistics.csv", gen::logistics_csv().into_bytes()),
    ];
    let mut shop = Shop::new(&options());
    let mut summaries = Vec::new();
    for (name, bytes) in &files {
        let id = shop.add_file(name);
        shop.push(id, bytes).unwrap();
        summaries.push(shop.finish(id).unwrap());
    }
    let what: Vec<(Option<&str>, Option<&str>)> = summaries
        .iter()
        .map(|s| (s.unreadable, s.warnings.first().map(|w| w.key())))
        .collect();
    assert_eq!(
        what,
        vec![
            (None, Some("empty_file")),
            (Some("pdf"), Some("unreadable_file.pdf")),
            (Some("image"), Some("unreadable_file.image")),
            (Some("image"), Some("unreadable_file.image")),
            (Some("old_excel"), Some("unreadable_file.old_excel")),
            (Some("zip"), Some("unreadable_file.zip")),
            (None, Some("unknown_columns")),
            (None, Some("kind_guessed")),
            (None, None),
        ]
    );
    assert_eq!(summaries[1].status, FileStatus::Unreadable);
    assert_eq!(summaries[2].warnings[0].params["format"], "PNG");
    assert_eq!(summaries[3].warnings[0].params["format"], "JPEG");
    // The guessed kind says so, with the columns it read, and how to change it.
    let few = &summaries[7];
    assert_eq!(
        (few.kind, few.kind_guessed),
        (Some(FileKind::Reviews), true)
    );
    let guessed = few.warnings[0].text();
    assert!(
        guessed.zh.contains("订单编号") && guessed.zh.contains("评价导出"),
        "{guessed:?}"
    );
    assert!(guessed.en.contains("pick its kind"), "{guessed:?}");
    // A known kind says which column gave what, in words.
    let logistics = &summaries[8];
    let pickup = logistics
        .columns
        .iter()
        .find(|c| c.field == "pickup_time")
        .unwrap();
    assert_eq!(
        (pickup.header.as_str(), pickup.label.en.as_str()),
        ("揽收时间", "pickup time")
    );
    assert_eq!(logistics.last_day.as_deref(), Some("2026-11-25")); // J paid 11-25
                                                                   // Every sentence in both languages, naming the file, never a field key.
    for s in &summaries {
        for w in &s.warnings {
            assert!(
                !w.is_legacy(),
                "a catalogue sentence, not a legacy string: {w:?}"
            );
            let text = w.text();
            assert!(!text.zh.is_empty() && !text.en.is_empty(), "{w:?}");
            for key in [
                "order_id",
                "paid_time",
                "unreadable_file",
                "feige_",
                "after_sale",
            ] {
                assert!(
                    !text.zh.contains(key) && !text.en.contains(key),
                    "{key} in {text:?}"
                );
            }
        }
    }
    let report = shop
        .score(&ShopInput::default(), Some("2026-11-30"), None)
        .unwrap();
    let delivery = &report.drilldown.unwrap()["delivery_on_time_rate"];
    assert_eq!(
        (
            delivery["numerator"].as_f64(),
            delivery["denominator"].as_f64()
        ),
        (Some(4.0), Some(6.0))
    );
}

#[test]
fn an_order_export_summary_gives_its_last_day_and_valid_paid_orders() {
    use shopscore::pipeline::Shop;
    let mut shop = Shop::new(&options());
    let id = shop.add_file("orders.csv");
    shop.push(id, gen::orders_csv().as_bytes()).unwrap();
    let summary = shop.finish(id).unwrap();
    let orders = summary.valid_paid_orders.unwrap();
    assert_eq!(summary.last_day.as_deref(), Some(orders.end.as_str()));
    assert!(orders.count >= 1.0, "{orders:?}");
    let used: Vec<&str> = summary.columns.iter().map(|c| c.field).collect();
    assert!(
        used.contains(&"paid_time") && used.contains(&"status"),
        "{used:?}"
    );
}
