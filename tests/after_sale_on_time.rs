//! Issue 7 fix 8, the two clauses no fixture had: 售后处理时长达成率 (《商家体验分规范》
//! 2026-05-07) counts "refund-success after-sales of type 已发货退款 (platform-handled ones
//! excluded) and 退货退款 … time counted from apply to merchant action and from the return's
//! signed time to the merchant's confirmation".

#[path = "fixtures/counted.rs"]
mod counted;

use shopscore::pipeline::{prepare, FilesOptions};
use shopscore::ShopInput;

const HEADER: &str =
    "售后单号,订单编号,售后类型,售后状态,售后申请时间,同意售后申请时间,退货签收时间,商家确认收货时间,是否平台处理";

/// The after-sales export with `rows` (one per after-sale), read for the window ending 11-30.
fn on_time_counts(rows: &[&str]) -> shopscore::pipeline::Prepared {
    let text = std::iter::once(HEADER)
        .chain(rows.iter().copied())
        .collect::<Vec<_>>()
        .join("\n");
    let files = vec![("售后.csv".to_string(), text.into_bytes())];
    let options = FilesOptions {
        as_of: Some("2026-11-30".into()),
        ..Default::default()
    };
    prepare(&files, &ShopInput::default(), &options).unwrap()
}

#[test]
fn a_return_waits_from_signed_to_confirmed_and_platform_handled_refunds_are_left_out() {
    let p = on_time_counts(&[
        // 1 h to agree + 50 h from the return signed to the merchant's confirmation: late.
        "R1,O1,退货退款,同意退款，退款成功,2026-11-10 09:00:00,2026-11-10 10:00:00,2026-11-12 10:00:00,2026-11-14 12:00:00,否",
        // 1 h + 10 h: on time.
        "R2,O2,退货退款,同意退款，退款成功,2026-11-10 09:00:00,2026-11-10 10:00:00,2026-11-12 10:00:00,2026-11-12 20:00:00,否",
        // A shipped refund the platform handled: not counted, however long.
        "R3,O3,已发货仅退款,同意退款，退款成功,2026-11-11 09:00:00,2026-11-15 13:00:00,-,-,是",
        // A shipped refund the merchant handled in 2 h: on time.
        "R4,O4,已发货仅退款,同意退款，退款成功,2026-11-11 09:00:00,2026-11-11 11:00:00,-,-,否",
        // An exchange is not in the population.
        "R5,O5,换货,换货成功,2026-11-12 09:00:00,2026-11-18 09:00:00,-,-,否",
    ]);
    // On time: R2, R4; counted: R1, R2, R4 (default limit 48 h, an editable estimate).
    counted::check(&p, "after_sale_on_time_rate", 2.0, 3.0, 200.0 / 3.0);
}

#[test]
fn the_platform_handled_column_changes_only_shipped_refunds() {
    // The same 100-hour shipped refund counts as late unless the platform handled it.
    let merchant = on_time_counts(&[
        "R3,O3,已发货仅退款,同意退款，退款成功,2026-11-11 09:00:00,2026-11-15 13:00:00,-,-,否",
    ]);
    counted::check(&merchant, "after_sale_on_time_rate", 0.0, 1.0, 0.0);
    let platform = on_time_counts(&[
        "R3,O3,已发货仅退款,同意退款，退款成功,2026-11-11 09:00:00,2026-11-15 13:00:00,-,-,是",
        "R4,O4,已发货仅退款,同意退款，退款成功,2026-11-11 09:00:00,2026-11-11 11:00:00,-,-,否",
    ]);
    counted::check(&platform, "after_sale_on_time_rate", 1.0, 1.0, 100.0);
}
