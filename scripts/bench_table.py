"""Lay `make bench` figures side by side: one column per target/bench-shop/<source>-<N>.txt,
one row per key, then the ratio lines and the goals of issue 10, each with the figure it is
read against (printed, never enforced: the machine is shared and its load varies)."""
import os
import sys

out, sizes = sys.argv[1], sys.argv[2:]
MIB = 1024 * 1024


def read(path):
    figures = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                key, _, value = line.strip().partition(" ")
                if key:
                    figures[key] = value
    return figures


columns = []  # (title, {key: value})
for n in sizes:
    for source in ["native", "wasm", "papaparse", "sheetjs"]:
        figures = read(os.path.join(out, f"{source}-{n}.txt"))
        if figures:
            columns.append((f"{source} {n}", figures))

LABELS = [
    ("files_mb", "files (MiB)"),
    ("rows", "rows read"),
    ("pipeline_s", "files given → first score drawn (s)"),
    ("read_s", "read + parse (s)"),
    ("read_mb_s", "MiB/s"),
    ("read_rows_s", "rows/s"),
    ("worker_read_mb_s", "MiB/s inside the worker"),
    ("read_peak_heap_mb", "peak heap while reading (MiB)"),
    ("held_after_read_mb", "held after reading (MiB)"),
    ("wasm_memory_mb", "wasm memory, peak (MiB)"),
    ("page_heap_mb", "page JS heap (MiB)"),
    ("renderer_peak_rss_mb", "renderer peak RSS (MiB)"),
    ("state_bytes_per_order", "kept state per main order (B)"),
    ("aggregate_build_ms", "per-day counts built (ms)"),
    ("rescore_ms", "one re-score, files loaded (ms)"),
    ("rescore_in_worker_ms", "  of which inside the worker (ms)"),
    ("edit_to_drawn_ms", "typed edit → page drawn (ms)"),
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
    ("xlsx_wasm_memory_mb", "XLSX wasm memory (MiB)"),
    ("xlsx_renderer_peak_rss_mb", "XLSX renderer peak RSS (MiB)"),
    ("peak_rss_mb", "peak RSS, whole process (MiB)"),
    ("valid_paid_orders", "valid paid orders (30 days)"),
    ("total", "score"),
    ("load_average", "machine load average"),
]
keys = [k for k, _ in LABELS] + sorted({k for _, f in columns for k in f} - {k for k, _ in LABELS} - {"orders"})
labels = dict(LABELS)
width = max(len(labels.get(k, k)) for k in keys) + 2
print("".ljust(width) + "".join(title.rjust(16) for title, _ in columns))
for key in keys:
    if not any(key in f for _, f in columns):
        continue
    print(labels.get(key, key).ljust(width) + "".join(f.get(key, "—").rjust(16) for _, f in columns))

page = read(os.path.join(out, "page.txt"))
if page:
    print()
    for key, value in page.items():
        print(f"{key} {value}")


def number(figures, key):
    try:
        return float(figures[key])
    except (KeyError, ValueError):
        return None


goals = []  # (goal, figure, met)
print()
for n in sizes:
    by = {title.split()[0]: f for title, f in columns if title.endswith(f" {n}")}
    for a, b, goal in [("wasm", "native", 0.5), ("wasm", "papaparse", 4.0)]:
        x, y = number(by.get(a, {}), "read_mb_s"), number(by.get(b, {}), "read_mb_s")
        if x and y:
            ratio = x / y
            print(f"{a}/{'PapaParse' if b == 'papaparse' else b} {n} {ratio:.2f}")
            goals.append((f"{n}: pipeline in Chromium ≥ {goal}× {'PapaParse' if b == 'papaparse' else b}", f"{ratio:.2f}×", ratio >= goal))
    wasm = by.get("wasm", {})
    if wasm:
        if "failed" in wasm:
            goals.append((f"{n}: the shop completes in the page", f"failed: {wasm['failed']}", False))
        elif "total" in wasm:
            goals.append((f"{n}: the shop completes in the page", f"score {wasm['total']}, {wasm.get('valid_paid_orders', '?')} valid paid orders", True))
        memory, files = number(wasm, "wasm_memory_mb"), number(wasm, "files_mb")
        if memory is not None:
            limit = 64 + 64 * int(n) / MIB
            goals.append((f"{n}: wasm memory ≤ 64 MiB + 64 B per main order (= {limit:.0f} MiB)", f"{memory:.0f} MiB for {files:.0f} MiB of files", memory <= limit))
        per_order = number(wasm, "state_bytes_per_order")
        if per_order is not None:
            goals.append((f"{n}: kept state ≤ 64 B per main order", f"{per_order:.0f} B", per_order <= 64))
        rescore = number(wasm, "rescore_ms")
        if rescore is not None:
            goals.append((f"{n}: one re-score with files loaded ≤ 5 ms", f"{rescore:.2f} ms", rescore <= 5))
        rows, rate, mem = number(wasm, "xlsx_rows"), number(wasm, "xlsx_rows_s"), number(wasm, "xlsx_wasm_memory_mb")
        if rows and rate:
            per_million = 1e6 / rate
            goals.append((f"{n}: XLSX ≤ 20 s per 1M rows ({rows:.0f} rows read)", f"{per_million:.1f} s per 1M rows", per_million <= 20))
        if mem is not None:
            goals.append((f"{n}: XLSX ≤ 400 MB ({rows:.0f} rows)", f"{mem:.0f} MiB wasm memory, renderer {wasm.get('xlsx_renderer_peak_rss_mb', '?')} MiB", mem * MIB <= 400e6))
if page:
    size = number(page, "html_bytes")
    if size:
        goals.append(("dist/shopscore.html ≤ 1.5 MiB", f"{size / MIB:.2f} MiB ({size:.0f} B, gzip {page.get('html_gzip_bytes', '?')} B)", size <= 1.5 * MIB))
    load = number(page, "load_to_demo_score_ms")
    if load:
        goals.append(("page load → demo score drawn (a figure, no goal)", f"{load:.0f} ms", None))
if goals:
    print("goals (issue 10):")
    w = max(len(g) for g, _, _ in goals) + 2
    for goal, figure, met in goals:
        verdict = "" if met is None else "met" if met else "MISSED"
        print(f"  {goal.ljust(w)} {figure}  {verdict}".rstrip())
