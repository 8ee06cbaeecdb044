#!/usr/bin/env bash
# `make bench`: speed and memory figures side by side (never pass/fail: goals are read, not
# enforced). Sizes: SHOPSCORE_BENCH_ORDERS="100000 1000000" (main orders of a generated shop;
# files are generated once into target/bench-shop/N/ and reused).
#
# Each measurement writes `key value` lines to target/bench-shop/<source>-<N>.txt; the table
# at the end shows every such file as a column, so a new source only has to write its file.
set -euo pipefail
cd "$(dirname "$0")/.."
ORDERS=${SHOPSCORE_BENCH_ORDERS:-"100000 1000000"}
OUT=target/bench-shop
mkdir -p "$OUT"

cargo build --release --example bench_shop --quiet

for n in $ORDERS; do
  echo "native pipeline, $n main orders …" >&2
  # One process per size, so the peak RSS is that size's.
  ./target/release/examples/bench_shop "$n" > "$OUT/native-$n.txt"
done

# ---------------------------------------------------------------------------------------
# Browser side (hook for the worker/page work of issue 10 items 3–6). On the same files
# ($OUT/$n/*.csv and $OUT/$n/orders.xlsx, written by the native step above), write:
#   $OUT/wasm-$n.txt        the wasm pipeline through the real worker path in headless
#                           Chromium, first call included (same keys as native: read_mb_s,
#                           read_rows_s, peak_heap_mb = wasm memory, state_bytes_per_order,
#                           rescore_ms, history_90_days_ms, xlsx_s …)
#   $OUT/papaparse-$n.txt   PapaParse in the same Chromium, step mode, same aggregation in JS
#   $OUT/sheetjs-$n.txt     orders.xlsx through SheetJS
#   $OUT/page.txt           dist/shopscore.html size raw/gzip, load → demo score time
# e.g.  node scripts/bench-browser.mjs "$n" > "$OUT/wasm-$n.txt"
# The table prints `wasm/native` and `wasm/PapaParse` ratio lines once those files exist.
# ---------------------------------------------------------------------------------------

python3 scripts/bench_table.py "$OUT" $ORDERS
