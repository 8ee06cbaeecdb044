//! Browser tests of the bindings (`#[wasm_bindgen_test]`), run by
//! `wasm-pack test --headless --chrome --lib` (see the Makefile's `test-wasm`).
//!
//! Why this file is not `tests/wasm.rs`: the bindings module is private to the crate
//! (`mod wasm` in lib.rs), so an integration-test crate could not call it. `src/wasm.rs`
//! includes this file as its `tests` child module instead, and a file in a subdirectory of
//! `tests/` is not picked up by cargo as an integration test of its own.
//! Native `cargo test` never compiles it (the module is wasm32-only).

use super::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).expect("Reflect::get on an object")
}

fn parse(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("test JSON parses")
}

fn error_code(error: &JsValue) -> String {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "thrown value is a JS Error: {error:?}"
    );
    get(error, "code")
        .as_string()
        .expect("the error carries a string code")
}

fn total(report: &JsValue) -> f64 {
    get(report, "total")
        .as_f64()
        .expect("the report has a numeric total")
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn rule_sets_is_a_non_empty_array_of_objects_with_ids() {
    let sets = rule_sets().expect("rule_sets");
    let sets: js_sys::Array = sets.dyn_into().expect("rule_sets() is an array");
    assert!(sets.length() > 0, "at least one rule set");
    for set in sets.iter() {
        assert!(get(&set, "id").as_string().is_some_and(|id| !id.is_empty()));
        // json_compatible: Option::None is null, not undefined.
        let to = get(&set, "in_force_to");
        assert!(
            to.is_null() || to.is_string(),
            "in_force_to is null or a string, got {to:?}"
        );
    }
}

#[wasm_bindgen_test]
fn industries_is_a_non_empty_array() {
    let list: js_sys::Array = industries()
        .expect("industries")
        .dyn_into()
        .expect("an array");
    assert!(list.length() > 0);
}

#[wasm_bindgen_test]
fn demo_scores_to_a_report_with_a_total_and_plain_objects() {
    let report = score(demo_input().expect("demo_input")).expect("the demo scores");
    let value = total(&report);
    assert!(value.is_finite());
    let scale = get(&report, "scale");
    assert!(
        value >= get(&scale, "min").as_f64().unwrap()
            && value <= get(&scale, "max").as_f64().unwrap()
    );
    // Maps and structs come out as plain objects, so JSON.stringify gives the CLI's JSON.
    assert!(js_sys::Array::is_array(&get(&report, "dimensions")));
    assert!(!get(&report, "rule_set_info").is_instance_of::<js_sys::Map>());
    let json = js_sys::JSON::stringify(&report)
        .unwrap()
        .as_string()
        .unwrap();
    assert!(json.contains("\"total\":"));
}

#[wasm_bindgen_test]
fn input_that_is_not_an_object_is_bad_input() {
    let error = score(JsValue::from_str("not an input")).expect_err("a string is not an input");
    assert_eq!(error_code(&error), "bad_input");
    let error = score(JsValue::UNDEFINED).expect_err("undefined is not an input");
    assert_eq!(error_code(&error), "bad_input");
}

#[wasm_bindgen_test]
fn unknown_field_is_bad_input_with_a_message() {
    let error = score(parse(r#"{"no_such_field": 1}"#)).expect_err("unknown fields are refused");
    assert_eq!(error_code(&error), "bad_input");
    let message = get(&error, "message").as_string().unwrap();
    assert!(
        message.contains("no_such_field"),
        "message names the field: {message}"
    );
}

#[wasm_bindgen_test]
fn wrong_type_inside_is_bad_input() {
    let error =
        score(parse(r#"{"indicators": {"x": "abc"}}"#)).expect_err("a string value is refused");
    assert_eq!(error_code(&error), "bad_input");
}

#[wasm_bindgen_test]
fn out_of_range_value_is_bad_field_with_the_field() {
    let error =
        score(parse(r#"{"valid_paid_orders_30d": -5}"#)).expect_err("a negative count is refused");
    assert_eq!(error_code(&error), "bad_field");
    assert!(get(&error, "field")
        .as_string()
        .is_some_and(|f| f.contains("valid_paid_orders_30d")));
}

#[wasm_bindgen_test]
fn unknown_rule_set_has_its_own_code() {
    let error = score(parse(r#"{"rule_set": "no-such-rules"}"#)).expect_err("unknown rule set");
    assert_eq!(error_code(&error), "unknown_rule_set");
}

#[wasm_bindgen_test]
fn simulate_with_a_better_dimension_changes_the_total() {
    let base = demo_input().expect("demo_input");
    let before = total(&score(base.clone()).expect("the demo scores"));
    // Find a dimension of the demo's report and push its score up by a real amount.
    let report = score(base.clone()).unwrap();
    let dimensions: js_sys::Array = get(&report, "dimensions").dyn_into().unwrap();
    let scale = get(&report, "scale");
    let max = get(&scale, "max").as_f64().unwrap();
    let min = get(&scale, "min").as_f64().unwrap();
    let target = dimensions
        .iter()
        .find(|d| {
            get(d, "weight").as_f64().unwrap_or(0.0) > 0.0
                && get(d, "score").as_f64().is_some_and(|s| s < max)
        })
        .expect("the demo has a weighted dimension below the maximum");
    let id = get(&target, "id").as_string().unwrap();
    let overrides = parse(&format!(r#"{{"dimensions": {{"{id}": {max}}}}}"#));
    let after = total(&simulate(base, overrides).expect("simulate"));
    assert!(
        after != before,
        "raising {id} to {max} (scale {min}..{max}) changes the total {before}"
    );
}

#[wasm_bindgen_test]
fn simulate_with_bad_overrides_is_an_error_not_a_panic() {
    let base = demo_input().unwrap();
    let error =
        simulate(base, JsValue::from_f64(3.0)).expect_err("a number is no overrides object");
    assert_eq!(error_code(&error), "bad_input");
}

#[wasm_bindgen_test]
fn rule_set_detail_of_each_rule_set_and_of_an_unknown_one() {
    let sets: js_sys::Array = rule_sets().unwrap().dyn_into().unwrap();
    for set in sets.iter() {
        let id = get(&set, "id").as_string().unwrap();
        let detail = rule_set_detail(&id).expect("every listed rule set has a detail");
        assert_eq!(get(&detail, "id").as_string().as_deref(), Some(id.as_str()));
    }
    let error = rule_set_detail("no-such-rules").expect_err("unknown id");
    assert_eq!(error_code(&error), "unknown_rule_set");
}

#[wasm_bindgen_test]
fn playbook_is_an_object() {
    let book = playbook().expect("playbook");
    assert!(book.is_object() && !book.is_instance_of::<js_sys::Map>());
}

fn file(name: &str, bytes: &[u8]) -> JsValue {
    let object = js_sys::Object::new();
    js_sys::Reflect::set(&object, &"name".into(), &name.into()).unwrap();
    js_sys::Reflect::set(
        &object,
        &"bytes".into(),
        &js_sys::Uint8Array::from(bytes).into(),
    )
    .unwrap();
    object.into()
}

#[wasm_bindgen_test]
fn template_of_each_kind_is_detected_back_as_that_kind() {
    for kind in [
        "orders",
        "logistics",
        "after_sales",
        "reviews",
        "feige_rounds",
        "feige_agents",
        "values",
    ] {
        let csv = template(kind).expect("a template");
        assert!(csv.starts_with('\u{feff}'), "{kind}: UTF-8 with BOM");
        let summary = inspect_file(format!("{kind}.csv"), csv.as_bytes(), JsValue::UNDEFINED)
            .expect("inspect");
        assert_eq!(
            get(&summary, "kind").as_string().as_deref(),
            Some(kind),
            "{kind} template is recognised"
        );
    }
    assert_eq!(
        error_code(&template("no_such_kind").expect_err("unknown kind")),
        "bad_input"
    );
}

#[wasm_bindgen_test]
fn inspect_file_of_garbage_is_a_summary_not_an_exception() {
    let summary = inspect_file(
        "x.csv".into(),
        &[0xff, 0xfe, 0x00, 0x01, 0x02],
        JsValue::NULL,
    )
    .expect("inspect never throws");
    assert!(summary.is_object());
}

#[wasm_bindgen_test]
fn score_files_from_an_orders_template_gives_a_report_with_inputs() {
    let csv = template("orders").unwrap();
    let files = js_sys::Array::of1(&file("orders.csv", csv.as_bytes()));
    let typed = demo_input().unwrap();
    let report = score_files(files.into(), typed, JsValue::UNDEFINED).expect("score_files");
    assert!(get(&report, "total").as_f64().is_some_and(f64::is_finite));
    assert!(
        !get(&report, "inputs").is_null(),
        "inputs says where numbers came from"
    );
}

#[wasm_bindgen_test]
fn score_files_refuses_malformed_file_lists_with_codes() {
    let error = score_files(
        JsValue::from_str("nope"),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .expect_err("not an array");
    assert_eq!(error_code(&error), "bad_input");
    let no_bytes = js_sys::Array::of1(&parse(r#"{"name": "a.csv", "bytes": "text"}"#));
    let error = score_files(no_bytes.into(), JsValue::UNDEFINED, JsValue::UNDEFINED)
        .expect_err("bytes must be a Uint8Array");
    assert_eq!(error_code(&error), "bad_input");
    assert_eq!(get(&error, "field").as_string().as_deref(), Some("files"));
}

#[wasm_bindgen_test]
fn drilldown_csv_of_an_empty_drilldown_is_just_the_header() {
    let csv = drilldown_csv(parse("{}"), "product_rating").expect("csv");
    assert_eq!(csv.lines().count(), 1);
}

// ---- The session (`Shop`): chunks in, summaries and reports out. ----

const FIXTURES: [(&str, &[u8]); 5] = [
    ("orders.csv", include_bytes!("../fixtures/orders.csv")),
    ("logistics.csv", include_bytes!("../fixtures/logistics.csv")),
    (
        "after_sales.csv",
        include_bytes!("../fixtures/after_sales.csv"),
    ),
    ("reviews.csv", include_bytes!("../fixtures/reviews.csv")),
    (
        "feige_rounds.csv",
        include_bytes!("../fixtures/feige_rounds.csv"),
    ),
];

fn as_of() -> JsValue {
    parse(r#"{"as_of": "2026-11-30"}"#)
}

/// A session with the fixtures pushed in `chunk`-byte pieces.
fn session(chunk: usize) -> ShopSession {
    let mut shop = ShopSession::new(JsValue::UNDEFINED).expect("new Shop");
    for (name, bytes) in FIXTURES {
        let id = shop.add_file(name);
        for piece in bytes.chunks(chunk) {
            let progress = shop.push(id, piece).expect("push");
            assert!(get(&progress, "bytes").as_f64().unwrap() > 0.0);
        }
        let summary = shop.finish(id).expect("finish");
        assert_eq!(
            get(&summary, "status").as_string().as_deref(),
            Some("finished")
        );
        assert_eq!(
            get(&summary, "kind").as_string().as_deref(),
            Some(name.trim_end_matches(".csv"))
        );
    }
    shop
}

#[wasm_bindgen_test]
fn a_session_fed_in_chunks_scores_like_score_files() {
    let list = js_sys::Array::new();
    for (name, bytes) in FIXTURES {
        list.push(&file(name, bytes));
    }
    let expected = score_files(list.into(), JsValue::UNDEFINED, as_of()).expect("score_files");
    for chunk in [1, 97, 1 << 20] {
        let mut shop = session(chunk);
        let report = shop.score(JsValue::UNDEFINED, as_of()).expect("score");
        assert_eq!(total(&report), total(&expected), "chunks of {chunk}");
        let inputs = get(&report, "inputs");
        assert_eq!(get(&inputs, "valid_paid_orders_30d").as_f64(), Some(6.0));
        // A what-if and the comparison come from the same counts.
        let better = shop
            .simulate(
                JsValue::UNDEFINED,
                parse(r#"{"dimensions": {"logistics": 100}}"#),
                as_of(),
            )
            .expect("simulate");
        assert!(total(&better) >= total(&report));
        let all: js_sys::Array = shop
            .compare(JsValue::UNDEFINED, as_of())
            .expect("compare")
            .dyn_into()
            .expect("an array of reports");
        assert!(all.length() >= 5);
    }
}

#[wasm_bindgen_test]
fn cancel_mid_file_frees_it_and_the_others_stay_scored() {
    let mut shop = ShopSession::new(JsValue::UNDEFINED).expect("new Shop");
    let logistics = shop.add_file("logistics.csv");
    shop.push(logistics, FIXTURES[1].1).expect("push");
    shop.finish(logistics).expect("finish");
    let orders = shop.add_file("orders.csv");
    let half = FIXTURES[0].1.len() / 2;
    shop.push(orders, &FIXTURES[0].1[..half])
        .expect("push half");
    shop.cancel(orders).expect("cancel");
    let files: js_sys::Array = shop.files().expect("files").dyn_into().expect("array");
    assert_eq!(files.length(), 1);
    assert_eq!(
        error_code(&shop.push(orders, b"x").unwrap_err()),
        "bad_input"
    );
    let report = shop.score(JsValue::UNDEFINED, as_of()).expect("score");
    let drill = get(&report, "drilldown");
    let delivery = get(&drill, "delivery_on_time_rate");
    assert_eq!(get(&delivery, "numerator").as_f64(), Some(4.0));
    assert_eq!(get(&delivery, "denominator").as_f64(), Some(6.0));
}

#[wasm_bindgen_test]
fn a_file_of_unknown_kind_is_read_again_as_the_kind_picked() {
    let mut shop = ShopSession::new(JsValue::UNDEFINED).expect("new Shop");
    let text = std::str::from_utf8(FIXTURES[3].1)
        .unwrap()
        .replace("订单编号", "单据号");
    let id = shop.add_file("renamed.csv");
    shop.push(id, text.as_bytes()).expect("push");
    let summary = shop.finish(id).expect("finish");
    assert!(get(&summary, "kind").is_null());
    assert_eq!(
        get(&summary, "closest_kind").as_string().as_deref(),
        Some("reviews")
    );
    let summary = shop
        .set_mapping(id, parse(r#"{"kind": "reviews", "order_id": "单据号"}"#))
        .expect("set_mapping");
    assert_eq!(get(&summary, "needs_bytes").as_bool(), Some(true));
    shop.push(id, text.as_bytes()).expect("push again");
    let summary = shop.finish(id).expect("finish again");
    assert_eq!(
        get(&summary, "kind").as_string().as_deref(),
        Some("reviews")
    );
    assert_eq!(
        error_code(&shop.set_kind(id, "nope").unwrap_err()),
        "bad_input"
    );
}

#[wasm_bindgen_test]
fn drilldown_pages_and_csv_come_from_the_session() {
    let mut shop = session(4096);
    let page = shop
        .drilldown("delivery_on_time_rate", 0, 1, JsValue::UNDEFINED, as_of())
        .expect("drilldown");
    assert_eq!(get(&page, "total").as_f64(), Some(2.0));
    let rows: js_sys::Array = get(&page, "rows").dyn_into().expect("rows");
    assert_eq!(rows.length(), 1);
    let reason = get(&rows.get(0), "reason");
    assert!(get(&reason, "zh")
        .as_string()
        .is_some_and(|t| !t.is_empty()));
    assert!(get(&reason, "en")
        .as_string()
        .is_some_and(|t| !t.is_empty()));
    let csv = shop
        .drilldown_csv("delivery_on_time_rate", "en", JsValue::UNDEFINED, as_of())
        .expect("csv");
    assert!(csv.starts_with("\u{feff}indicator,order ID"));
    assert_eq!(csv.lines().count(), 3);
    let error = shop
        .drilldown("nope", 0, 10, JsValue::UNDEFINED, as_of())
        .unwrap_err();
    assert_eq!(error_code(&error), "bad_input");
    let window = shop
        .window_values("2026-11-01", "2026-11-30")
        .expect("window");
    assert_eq!(get(&window, "valid_paid_orders").as_f64(), Some(6.0));
    let days: js_sys::Array = shop.days().expect("days").dyn_into().expect("array");
    assert!(days.length() > 20);
    assert_eq!(
        error_code(&shop.window_values("nope", "2026-11-30").unwrap_err()),
        "bad_field"
    );
}

// ---- The score over time and the planner (issue 8): one self-contained block ------------------

#[wasm_bindgen_test]
fn timeline_of_the_demo_has_90_days_a_forecast_and_plain_objects() {
    let demo = demo_input().unwrap();
    let tl = timeline(demo, parse(r#"{"demo": true}"#)).expect("timeline");
    let days = js_sys::Array::from(&get(&tl, "days"));
    assert_eq!(days.length(), 90);
    let last = days.get(89);
    assert_eq!(
        get(&last, "date").as_string().as_deref(),
        Some("2026-11-20")
    );
    // Maps arrive as plain objects (the json_compatible serializer), like the CLI's JSON.
    assert!(!get(&last, "dimensions").is_instance_of::<js_sys::Map>());
    let forecast = get(&tl, "forecast");
    assert_eq!(
        js_sys::Array::from(&get(&forecast, "no_new_bad")).length(),
        14
    );
    assert_eq!(
        js_sys::Array::from(&get(&forecast, "assumptions")).length(),
        2
    );
    // A misspelt option is an error with a code, not silently ignored.
    let err = timeline(demo_input().unwrap(), parse(r#"{"dmeo": true}"#)).unwrap_err();
    assert_eq!(error_code(&err), "bad_input");
}

#[wasm_bindgen_test]
fn plan_for_the_demo_reaches_the_target_and_bad_targets_throw_codes() {
    let plan_js = plan(demo_input().unwrap(), "90").expect("plan");
    assert_eq!(get(&plan_js, "reachable").as_bool(), Some(true));
    assert!(get(&plan_js, "total_after").as_f64().unwrap() >= 90.0);
    let changes = js_sys::Array::from(&get(&plan_js, "changes"));
    assert!(changes.length() >= 1);
    let amount = get(&changes.get(0), "amount");
    assert!(get(&amount, "zh")
        .as_string()
        .is_some_and(|s| !s.is_empty()));
    let err = plan(demo_input().unwrap(), "gold").unwrap_err();
    assert_eq!(error_code(&err), "bad_input");
}

#[wasm_bindgen_test]
fn timeline_csv_and_plan_come_from_the_session() {
    let typed = parse(r#"{"rule_set": "douyin-2026-07"}"#);
    // The files pushed whole, and in 97-byte chunks: the same days.
    let mut whole = session(1 << 20);
    let tl = whole
        .timeline(typed.clone(), JsValue::UNDEFINED)
        .expect("Shop.timeline");
    let days = js_sys::Array::from(&get(&tl, "days")).length();
    assert!(days >= 1);
    let mut chunked = session(97);
    let again = chunked
        .timeline(typed.clone(), JsValue::UNDEFINED)
        .expect("Shop.timeline");
    assert_eq!(
        js_sys::JSON::stringify(&get(&again, "days")).unwrap(),
        js_sys::JSON::stringify(&get(&tl, "days")).unwrap()
    );
    // The CSV: a header, one row per day, then the forecast days under both assumptions.
    let csv = whole
        .timeline_csv(typed.clone(), JsValue::UNDEFINED, "en")
        .expect("Shop.timeline_csv");
    assert!(csv.starts_with("date,source,stage,total,"), "{csv}");
    let forecast = get(&tl, "forecast");
    let rows = days
        + js_sys::Array::from(&get(&forecast, "no_new_bad")).length()
        + js_sys::Array::from(&get(&forecast, "trend")).length();
    assert_eq!(
        csv.trim_end().split("\r\n").count(),
        1 + rows as usize,
        "{csv}"
    );
    let err = whole
        .timeline_csv(typed.clone(), parse(r#"{"dyas": 3}"#), "en")
        .unwrap_err();
    assert_eq!(error_code(&err), "bad_input");
    let plan_js = whole
        .plan(typed.clone(), "90", JsValue::UNDEFINED)
        .expect("Shop.plan");
    assert!(get(&plan_js, "reachable").as_bool().is_some());
    let err = whole.plan(typed, "gold", JsValue::UNDEFINED).unwrap_err();
    assert_eq!(error_code(&err), "bad_input");
}

// ---- Calibration (issue 9): one self-contained block ------------------------------------------

/// Five days of a 2026-09 shop whose dimension weights are 52 / 17 / 31.
fn readings_request() -> JsValue {
    let rows: Vec<String> = [
        (80.0, 70.0, 90.0),
        (92.0, 60.0, 75.0),
        (65.0, 95.0, 88.0),
        (71.0, 83.0, 99.0),
        (88.0, 77.0, 64.0),
    ]
    .iter()
    .enumerate()
    .map(|(i, (p, l, s))| {
        let total = 0.52 * p + 0.17 * l + 0.31 * s;
        format!(
            r#"["2026-10-0{}", "{total:.2}", "{p}", "{l}", "{s}", "0", "0"]"#,
            i + 1
        )
    })
    .collect();
    parse(&format!(
        r#"{{"header": ["日期", "体验分", "商品体验分", "物流体验分", "服务体验分", "加分", "扣分"],
            "rows": [{}], "name": "test", "industry": "女装", "shop_type": "non_flagship"}}"#,
        rows.join(",")
    ))
}

#[wasm_bindgen_test]
fn calibrate_returns_the_fits_and_an_overlay_that_scores() {
    let result = calibrate("douyin-2026-09", readings_request()).expect("calibrate");
    let weights = get(&get(&result, "fits"), "dimension_weights");
    let product = get(&weights, "product").as_f64().expect("a product weight");
    assert!((product - 0.52).abs() < 0.005, "{product}");
    assert_eq!(get(&weights, "determined").as_bool(), Some(true));
    let overlay = get(&result, "overlay");
    let text = js_sys::JSON::stringify(&overlay)
        .unwrap()
        .as_string()
        .unwrap();
    let read_back = read_calibration(&text).expect("the overlay reads back");
    let input = js_sys::Object::new();
    js_sys::Reflect::set(&input, &"rule_set".into(), &"douyin-2026-09".into()).unwrap();
    js_sys::Reflect::set(
        &input,
        &"dimensions".into(),
        &parse(r#"{"product": 80, "logistics": 70, "service": 90}"#),
    )
    .unwrap();
    js_sys::Reflect::set(&input, &"calibration".into(), &read_back).unwrap();
    let report = score(input.into()).expect("scores with the calibration");
    assert!((total(&report) - (0.52 * 80.0 + 0.17 * 70.0 + 0.31 * 90.0)).abs() <= 0.015);
    assert!(!get(&report, "calibration").is_null());
}

#[wasm_bindgen_test]
fn pasted_text_becomes_a_row_and_bad_calibrations_are_refused_with_codes() {
    let row = reading_row(
        "更新时间：2026-11-20 我的总分 84 分 商品体验 71 分",
        "douyin-2026-09",
    )
    .expect("row");
    let cells: Vec<String> = serde_wasm_bindgen::from_value(get(&row, "cells")).unwrap();
    assert_eq!(&cells[..3], ["2026-11-20", "84", "71"]);
    assert!(readings_template("douyin-2026-07")
        .unwrap()
        .starts_with('\u{feff}'));
    assert_eq!(
        error_code(&read_calibration("{}").expect_err("not a calibration")),
        "bad_input"
    );
    assert_eq!(
        error_code(&calibrate("nope", readings_request()).expect_err("no such rule set")),
        "unknown_rule_set"
    );
}

#[wasm_bindgen_test]
fn a_readings_file_comes_back_as_rows_under_the_template_columns() {
    let csv = "\u{feff}日期,我的总分,商品体验\r\n2026-10-01,81.4,80\r\n2026-10-02,八十,92\r\n";
    let read = readings_file("douyin-2026-09", "r.csv", csv.as_bytes()).expect("read");
    let rows: Vec<Vec<String>> = serde_wasm_bindgen::from_value(get(&read, "rows")).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][..3], ["2026-10-01", "81.4", "80"]);
    assert_eq!(rows[1][1], "", "a bad cell is left empty, never zero");
    let warnings: js_sys::Array = get(&read, "warnings").dyn_into().unwrap();
    assert_eq!(warnings.length(), 1);
    let pdf = readings_file("douyin-2026-09", "r.pdf", b"%PDF-1.7\n1 0 obj").expect_err("no table");
    assert_eq!(error_code(&pdf), "unreadable_file");
}
