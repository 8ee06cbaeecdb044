#!/usr/bin/env bash
# `make bench`: speed and memory figures side by side (never pass/fail: goals are read, not
# enforced). Sizes: SHOPSCORE_BENCH_ORDERS="100000 1000000" (main orders of a generated shop;
# files are generated once into target/bench-shop/N/ and reused).
#
# Each measurement writes `key value` lines to target/bench-shop/<source>-<N>.txt; the table
# at the end shows every such file as a column, so a new source only has to write its file,
# then the ratio lines and every goal of issue 10 with its figure (read, never enforced).
set -euo pipefail
cd "$(dirname "$0")/.."
ORDERS=${SHOPSCORE_BENCH_ORDERS:-"100000 1000000"}
OUT=target/bench-shop
mkdir -p "$OUT"

cargo build --release --example bench_shop --quiet

for n in $ORDERS; do
  echo "native pipeline, $n main orders …" >&2
  # One process per size, so the peak RSS is that size's.
  load=$(cut -d' ' -f1 /proc/loadavg)
  ./target/release/examples/bench_shop "$n" > "$OUT/native-$n.txt"
  # The machine may be shared: the load when the run started says how far to trust the times.
  echo "load_average $load" >> "$OUT/native-$n.txt"
done

# Browser side, on the same files: the wasm pipeline through the page's real worker path
# (dist/shopscore.html from file://), PapaParse and SheetJS in the same headless Chromium, and
# the page itself (size, load → demo score). Writes $OUT/{wasm,papaparse,sheetjs}-$n.txt and
# $OUT/page.txt. The page is built first (seconds when nothing changed), so it is the current one.
python3 scripts/build.py >&2
first=1
for n in $ORDERS; do
  rm -f "$OUT/wasm-$n.txt" "$OUT/papaparse-$n.txt" "$OUT/sheetjs-$n.txt"
  only=wasm,papaparse,sheetjs
  if [ $first = 1 ]; then only=page,$only; first=0; fi
  node scripts/bench-browser.mjs "$n" --only "$only"
done

python3 scripts/bench_table.py "$OUT" $ORDERS
