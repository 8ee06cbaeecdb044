"""Lay `make bench` figures side by side: one column per target/bench-shop/<source>-<N>.txt,
one row per key, then the ratio lines the goals are read against (issue 10)."""
import os
import sys

out, sizes = sys.argv[1], sys.argv[2:]
columns = []  # (title, {key: value})
for n in sizes:
    for source in ["native", "wasm", "papaparse", "sheetjs"]:
        path = os.path.join(out, f"{source}-{n}.txt")
        if not os.path.exists(path):
            continue
        figures = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                key, _, value = line.strip().partition(" ")
                if key:
                    figures[key] = value
        columns.append((f"{source} {n}", figures))

LABELS = [
    ("files_mb", "files (MiB)"),
    ("rows", "rows read"),
    ("read_s", "read + parse (s)"),
    ("read_mb_s", "MiB/s"),
    ("read_rows_s", "rows/s"),
    ("read_peak_heap_mb", "peak heap while reading (MiB)"),
    ("held_after_read_mb", "held after reading (MiB)"),
    ("state_bytes_per_order", "kept state per main order (B)"),
    ("aggregate_build_ms", "per-day counts built (ms)"),
    ("rescore_ms", "one re-score, files loaded (ms)"),
    ("history_90_days_ms", "90-day daily history (ms)"),
    ("timeline_90_days_ms", "score over time: history+forecast+alerts (ms)"),
    ("timeline_days", "  days of whole 30-day windows shown"),
    ("plan_ms", "plan to a total of 95 (ms)"),
    ("plan_changes", "  changes in that plan"),
    ("peak_heap_mb", "peak heap, whole run (MiB)"),
    ("xlsx_mb", "orders.xlsx (MiB)"),
    ("xlsx_rows", "XLSX rows"),
    ("xlsx_s", "XLSX read (s)"),
    ("xlsx_rows_s", "XLSX rows/s"),
    ("xlsx_peak_heap_mb", "XLSX peak heap (MiB)"),
    ("peak_rss_mb", "peak RSS, whole process (MiB)"),
    ("valid_paid_orders", "valid paid orders (30 days)"),
    ("total", "score"),
]
keys = [k for k, _ in LABELS] + sorted({k for _, f in columns for k in f} - {k for k, _ in LABELS} - {"orders"})
labels = dict(LABELS)
width = max(len(labels.get(k, k)) for k in keys) + 2
print("".ljust(width) + "".join(title.rjust(16) for title, _ in columns))
for key in keys:
    if not any(key in f for _, f in columns):
        continue
    print(labels.get(key, key).ljust(width) + "".join(f.get(key, "—").rjust(16) for _, f in columns))

for n in sizes:
    by = {title.split()[0]: f for title, f in columns if title.endswith(f" {n}")}
    for a, b in [("wasm", "native"), ("wasm", "papaparse")]:
        if a in by and b in by and "read_mb_s" in by[a] and "read_mb_s" in by[b]:
            ratio = float(by[a]["read_mb_s"]) / float(by[b]["read_mb_s"])
            print(f"{a}/{'PapaParse' if b == 'papaparse' else b} {n} {ratio:.2f}")
