#!/usr/bin/env python3
"""Compare optimisation settings on the real code: Rust opt-level × wasm-opt level.

For each Rust opt-level (release profile overridden through CARGO_PROFILE_RELEASE_OPT_LEVEL, in
a separate target dir so the normal build stays warm) it builds once with wasm-pack, then runs
each wasm-opt level from node_modules/binaryen, and reports raw / optimised / gzip sizes, what
the wasm weighs inside dist/shopscore.html (base64 of the gzip bytes), the time to score the
demo shop 200 times in node (the what-if sliders re-score on every move), and — when `make
bench` has generated target/bench-shop/100000 — the speed of reading that shop's files through
the session (`Shop.push` in 1 MiB chunks, per second of CPU time, best of three: the machine is shared).
Writes dist/sizes-matrix.json. Slow (one LTO release build per Rust level): run by hand.

  scripts/sizes.py [RUST_LEVELS] [WASM_OPT_LEVELS]     e.g. scripts/sizes.py 3,z,s -O3,-Oz
"""
import gzip
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import config  # noqa: E402

ROOT = config.ROOT
CFG = config.load()
RUST_LEVELS = sys.argv[1].split(",") if len(sys.argv) > 1 else ["3", "z"]
OPT_LEVELS = sys.argv[2].split(",") if len(sys.argv) > 2 else ["-O3", "-Oz"]

TIMER = r"""
import init, * as b from '%(glue)s';
import fs from 'node:fs';
await init({ module_or_path: fs.readFileSync('%(wasm)s') });
const input = b.demo_input();
for (let i = 0; i < 20; i++) b.score(input);
const t0 = performance.now();
for (let i = 0; i < 200; i++) b.score(input);
const t1 = performance.now();
const quick = { ...input, options: { ...(input.options || {}), skip_advice: true } };
for (let i = 0; i < 200; i++) b.score(quick);
const t2 = performance.now();
const files = %(files)s;
// CPU time of this process, not wall time: the machine is shared, and a busy neighbour
// stretches wall time but not the work done here (the read is single-threaded).
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
let read_mb_s = null;
for (let run = 0; run < 3 && files.length; run++) {
  const shop = new b.Shop({});
  let bytes = 0;
  const started = cpu();
  const chunk = Buffer.alloc(1 << 20);
  for (const f of files) {
    const id = shop.add_file(f.split('/').pop());
    const fd = fs.openSync(f, 'r');
    for (let n; (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0;) { shop.push(id, chunk.subarray(0, n)); bytes += n; }
    fs.closeSync(fd);
    shop.finish(id);
  }
  const speed = bytes / 1048576 / (cpu() - started);
  read_mb_s = Math.max(read_mb_s ?? 0, speed);
  shop.free();
}
console.log(JSON.stringify({ score_ms: (t1 - t0) / 200, score_no_advice_ms: (t2 - t1) / 200, read_mb_s }));
"""
SHOP = ROOT / "target/bench-shop/100000"
SHOP_FILES = [SHOP / n for n in ["orders.csv", "logistics.csv", "after_sales.csv", "reviews.csv", "feige_rounds.csv"]]


def main():
    results = []
    work = pathlib.Path(tempfile.mkdtemp(prefix="shopscore-sizes-"))
    for rust in RUST_LEVELS:
        out = work / f"rust-{rust}"
        env = {**os.environ, "CARGO_PROFILE_RELEASE_OPT_LEVEL": rust, "CARGO_TARGET_DIR": str(ROOT / "target/sizes")}
        subprocess.run(["wasm-pack", "--quiet", "build", "--release", "--target", "web", "--out-dir", str(out),
                        "--out-name", "shopscore", "--no-pack", "--no-opt", "--mode", "no-install"],
                       cwd=ROOT, env=env, check=True)
        raw = out / "shopscore_bg.wasm"
        for level in [None, *OPT_LEVELS]:
            wasm = out / f"opt{level or 'none'}.wasm"
            if level:
                subprocess.run([str(ROOT / "node_modules/.bin/wasm-opt"), level, *CFG["wasm_opt"]["flags"],
                                str(raw), "-o", str(wasm)], check=True)
            else:
                shutil.copy(raw, wasm)
            data = wasm.read_bytes()
            timer = out / "timer.mjs"
            files = [f.as_posix() for f in SHOP_FILES] if all(f.exists() for f in SHOP_FILES) else []
            timer.write_text(TIMER % {"glue": (out / "shopscore.js").as_posix(), "wasm": wasm.as_posix(), "files": json.dumps(files)})
            timing = json.loads(subprocess.run(["node", str(timer)], capture_output=True, text=True, check=True).stdout)
            packed = len(gzip.compress(data, 9, mtime=0))
            row = {"rust_opt_level": rust, "wasm_opt": level, "bytes": len(data), "gzip": packed,
                   "in_page_base64": 4 * ((packed + 2) // 3), **timing}
            results.append(row)
            speed = f", read {timing['read_mb_s']:.1f} MiB/s" if timing.get("read_mb_s") else ""
            print(f"rust opt-level {rust:>2}  wasm-opt {level or 'none':>5}: {len(data):>8} bytes, gzip {row['gzip']:>7},"
                  f" in the page {row['in_page_base64']:>8}, score {timing['score_ms']:.3f} ms,"
                  f" without advice {timing['score_no_advice_ms']:.3f} ms{speed}", flush=True)
    (ROOT / "dist").mkdir(exist_ok=True)
    (ROOT / "dist/sizes-matrix.json").write_text(json.dumps(results, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
