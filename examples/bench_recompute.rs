//! How long reading and recomputing a big shop takes: `cargo run --release --example
//! bench_recompute [ORDERS]` (default 100 000 orders, with logistics for each, after-sales for
//! 1 in 10, reviews for 1 in 2 and two Feige rounds for 1 in 3).

use shopscore::pipeline::{prepare, FilesOptions};
use shopscore::ShopInput;
use std::fmt::Write;
use std::time::Instant;

fn ts(day: u32, second: u32) -> String {
    // Days 1–30 of November 2026.
    format!(
        "2026-11-{:02} {:02}:{:02}:{:02}",
        day,
        second / 3600,
        (second / 60) % 60,
        second % 60
    )
}

fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut orders = String::from(
        "\u{feff}主订单编号,子订单编号,选购商品,省,支付完成时间,订单状态,订单应付金额,发货时间\r\n",
    );
    let mut logistics = String::from("\u{feff}订单编号,支付时间,揽收时间,签收时间,是否预售,承诺发货时间,快递公司,配送时效是否达成,物流异常赔付\r\n");
    let mut after_sales = String::from("\u{feff}售后单号,订单编号,售后类型,首次售后原因,申请时间,商家同意时间,售后状态,是否仲裁,判责类型,豁免体验分\r\n");
    let mut reviews = String::from("\u{feff}订单编号,商品ID,商品名称,评分,是否首评,评价时间\r\n");
    let mut rounds = String::from("\u{feff}会话ID,订单编号,会话发起时间,买家消息时间,客服回复时间,是否人工,会话评价星级,是否升级平台求助,客服昵称\r\n");
    let couriers = ["顺丰速运", "中通快递", "圆通速递", "韵达快递"];
    let provinces = ["浙江省", "广东省", "江苏省", "北京市", "四川省"];
    let reasons = ["不想要了", "质量问题", "商品破损", "发货超时", "尺码不符"];
    for i in 0..n {
        let id = 6_930_000_000_000_000_000u64 + i as u64;
        let day = 1 + i % 26;
        let paid_second = (i * 7919) % 86_400;
        let paid = ts(day, paid_second);
        let _ = write!(
            orders,
            "\t{id},\t{id}1,商品{},{},{paid},已完成,59.90,{}\r\n",
            i % 50,
            provinces[i as usize % 5],
            ts(day + 1, 36_000)
        );
        let _ = write!(
            logistics,
            "\t{id},{paid},{},{},否,-,{},{},否\r\n",
            ts(day + 1, 3600 * (6 + i % 14)),
            ts(day + 3, 40_000),
            couriers[i as usize % 4],
            if i % 9 == 0 { "否" } else { "是" }
        );
        if i % 10 == 0 {
            let _ = write!(
                after_sales,
                "\t{},\t{id},退货退款,{},{},{},退款成功,{},-,否\r\n",
                7_000_000_000_000_000_000u64 + i as u64,
                reasons[(i / 10) as usize % 5],
                ts(day + 2, (i * 31) % 86_400),
                ts(day + 3, 36_000),
                if i % 70 == 0 { "是" } else { "否" }
            );
        }
        if i % 2 == 0 {
            let _ = write!(
                reviews,
                "\t{id},\t36{},商品{},{},是,{}\r\n",
                i % 50,
                i % 50,
                1 + i % 5,
                ts(day + 4, 50_000)
            );
        }
        if i % 3 == 0 {
            let start = ts(day, paid_second);
            let _ = write!(
                rounds,
                "S{i},\t{id},{start},{start},{},是,{},否,客服{}\r\n",
                ts(day, (paid_second + 40).min(86_399)),
                1 + i % 5,
                i % 8
            );
            let _ = write!(
                rounds,
                "S{i},\t{id},{start},{},-,是,-,否,客服{}\r\n",
                ts(day, (paid_second + 60).min(86_399)),
                i % 8
            );
        }
    }
    let files: Vec<(String, Vec<u8>)> = vec![
        ("orders.csv".into(), orders.into_bytes()),
        ("logistics.csv".into(), logistics.into_bytes()),
        ("after_sales.csv".into(), after_sales.into_bytes()),
        ("reviews.csv".into(), reviews.into_bytes()),
        ("feige_rounds.csv".into(), rounds.into_bytes()),
    ];
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let options = FilesOptions {
        as_of: Some("2026-11-30".into()),
        ..Default::default()
    };
    let started = Instant::now();
    let prepared = prepare(&files, &ShopInput::default(), &options).expect("prepare");
    let elapsed = started.elapsed();
    let rows: u64 = prepared.files.iter().map(|f| f.rows).sum();
    println!(
        "{n} orders, {rows} rows, {:.1} MB: read + recompute in {:.0} ms ({:.0} rows/s)",
        bytes as f64 / 1e6,
        elapsed.as_secs_f64() * 1e3,
        rows as f64 / elapsed.as_secs_f64()
    );
    for (id, c) in &prepared.recomputed.indicators {
        println!(
            "  {id:<32} {:>12} = {} / {}  ({} bad)",
            c.value.map_or("—".into(), |v| format!("{v:.4}")),
            c.numerator,
            c.denominator,
            c.bad_count
        );
    }
}
