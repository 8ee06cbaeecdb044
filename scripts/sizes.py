#!/usr/bin/env python3
"""Compare optimisation settings on the real code: Rust opt-level × wasm-opt level.

For each Rust opt-level (release profile overridden through CARGO_PROFILE_RELEASE_OPT_LEVEL, in
a separate target dir so the normal build stays warm) it builds once with wasm-pack, then runs
each wasm-opt level from node_modules/binaryen, and reports raw / optimised / gzip sizes and
the time to score the demo shop 200 times in node (the what-if sliders re-score on every move).
Writes dist/sizes-matrix.json. Slow (one LTO release build per Rust level): run by hand.
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
console.log(JSON.stringify({ score_ms: (t1 - t0) / 200, score_no_advice_ms: (t2 - t1) / 200 }));
"""


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
            timer.write_text(TIMER % {"glue": (out / "shopscore.js").as_posix(), "wasm": wasm.as_posix()})
            timing = json.loads(subprocess.run(["node", str(timer)], capture_output=True, text=True, check=True).stdout)
            row = {"rust_opt_level": rust, "wasm_opt": level, "bytes": len(data), "gzip": len(gzip.compress(data, 9)), **timing}
            results.append(row)
            print(f"rust opt-level {rust:>2}  wasm-opt {level or 'none':>5}: {len(data):>8} bytes, gzip {row['gzip']:>7},"
                  f" score {timing['score_ms']:.3f} ms, without advice {timing['score_no_advice_ms']:.3f} ms", flush=True)
    (ROOT / "dist").mkdir(exist_ok=True)
    (ROOT / "dist/sizes-matrix.json").write_text(json.dumps(results, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
