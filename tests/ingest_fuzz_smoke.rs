//! Deterministic "fuzz smoke": the fuzz targets' bodies (fuzz/bodies.rs) over a few thousand
//! seeded mutations of realistic inputs, with no fuzzing engine. Any panic fails the test.
//! `SHOPSCORE_FUZZ_ITERATIONS=N` runs N per target instead of the default.

#[path = "../fuzz/bodies.rs"]
mod bodies;
mod ingest_fixtures;
use ingest_fixtures::*;

struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the readers, favoured by the mutator.
const INTERESTING: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b"\t",
    b";",
    b"\r",
    b"\n",
    b"\r\n",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\xE4\xB8",
    b"\x81\x30\x81\x30",
    b"\0",
    b"\xFF",
    b"-",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"<",
    b"&amp;",
    b"\xFF\xFF\xFF\xFF",
];

fn mutate(rng: &mut XorShift, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(data.len() + 1);
        match rng.below(7) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = rng.next() as u8;
            }
            2 => {
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                data.splice(at..at, piece.iter().copied());
            }
            3 if !data.is_empty() => {
                let end = (at + rng.below(64)).min(data.len());
                data.drain(at.min(end)..end);
            }
            4 if !data.is_empty() => {
                // Duplicate a slice (repeats rows, cells, zip records).
                let start = rng.below(data.len());
                let end = (start + rng.below(256)).min(data.len());
                let copy = data[start..end].to_vec();
                data.splice(at..at, copy);
            }
            5 => data.truncate(at),
            _ => {
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                let i = rng
                    .below(data.len().max(1))
                    .min(data.len().saturating_sub(piece.len()));
                if data.len() >= piece.len() {
                    data[i..i + piece.len()].copy_from_slice(piece);
                }
            }
        }
    }
    data
}

fn iterations(default: usize) -> usize {
    std::env::var("SHOPSCORE_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn text_seeds() -> Vec<Vec<u8>> {
    let order = "主订单编号,子订单编号,选购商品,商品数量,省,买家留言\r\n\t6934567890123456789,\t6934567890123456790,\"连衣裙, 夏季\",1,广东省,-\r\n\t1,\t2,\"他说\"\"快点\"\"\",2,浙江省,\"第一行\r\n第二行\"\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(order);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(order.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    let mut seeds = vec![
        order.as_bytes().to_vec(),
        [b"\xEF\xBB\xBF".as_slice(), order.as_bytes()].concat(),
        gbk.into_owned(),
        utf16,
        b"a\tb\tc\n1\t2\t3\n\"x\ty\"\t\t\n".to_vec(),
        b"a;b\r1;\"2\r\n3\";4".to_vec(),
        Vec::new(),
    ];
    // Control bytes 0 and 1 in front (the target uses them for limits and chunk sizes).
    for s in seeds.iter_mut() {
        s.splice(0..0, [0x0B, 0x03]);
    }
    seeds
}

fn xlsx_seeds() -> Vec<Vec<u8>> {
    let sheet = [
        row(
            1,
            &[
                inline("A1", "主订单编号"),
                inline("B1", "数量"),
                inline("C1", "时间"),
            ],
        ),
        row(
            2,
            &[
                inline("A2", "1"),
                number("B2", "2.5"),
                date("C2", "45981.75"),
            ],
        ),
        row(3, &[formula("A3", "B2*2", Some("5")), error("B3", "#N/A")]),
    ]
    .concat();
    vec![
        workbook(&[("s", sheet.clone())]),
        workbook_with(&[("a", String::new()), ("b", sheet)], true),
    ]
}

fn json_seeds() -> Vec<Vec<u8>> {
    vec![
        serde_json::to_vec(&shopscore::demo_input()).unwrap(),
        br#"{"rule_set":"2026-07","indicators":{"product_rating":{"value":4.8}},"as_of":"2026-11-20"}"#.to_vec(),
        br#"{"indicators":{"x":{"value":-1e309}},"orders_30d":18446744073709551616}"#.to_vec(),
        b"[]".to_vec(),
    ]
}

fn run(name: &str, seeds: Vec<Vec<u8>>, body: fn(&[u8]), count: usize, seed: u64) {
    let mut rng = XorShift(seed);
    for s in &seeds {
        body(s);
    }
    for i in 0..count {
        let base = &seeds[i % seeds.len()];
        let input = mutate(&mut rng, base);
        body(&input);
    }
    // Pure noise too.
    for _ in 0..count / 10 {
        let len = rng.below(300);
        let input: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        body(&input);
    }
    println!(
        "fuzz smoke {name}: {} executions, 0 crashes",
        seeds.len() + count + count / 10
    );
}

#[test]
fn text_reader_smoke() {
    run(
        "text_reader",
        text_seeds(),
        bodies::text_reader,
        iterations(4_000),
        0x9E37_79B9_7F4A_7C15,
    );
}

#[test]
fn xlsx_reader_smoke() {
    run(
        "xlsx_reader",
        xlsx_seeds(),
        bodies::xlsx_reader,
        iterations(2_000),
        0xD1B5_4A32_D192_ED03,
    );
}

#[test]
fn input_json_smoke() {
    run(
        "input_json",
        json_seeds(),
        bodies::input_json,
        iterations(4_000),
        0x94D0_49BB_1331_11EB,
    );
}

/// The shop files as they come, for the session body (first byte: chunk size).
fn session_seeds() -> Vec<Vec<u8>> {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seeds = Vec::new();
    for name in [
        "orders.csv",
        "logistics.csv",
        "after_sales.csv",
        "reviews.csv",
        "feige_rounds.csv",
        "feige_agents.csv",
        "values.csv",
        "logistics_gbk.csv",
        "reviews.tsv",
    ] {
        let mut bytes = std::fs::read(dir.join(name)).expect("fixture");
        bytes.insert(0, 0x05);
        seeds.push(bytes);
    }
    seeds
}

#[test]
fn session_smoke() {
    run(
        "session",
        session_seeds(),
        bodies::session,
        iterations(2_000),
        0xBF58_476D_1CE4_E5B9,
    );
}
