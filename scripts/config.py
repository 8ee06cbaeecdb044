#!/usr/bin/env python3
"""Reads wasm-pack.toml, the one live place for build settings, for every other script.

  scripts/config.py json            the whole file as JSON (for node scripts)
  scripts/config.py get tools.esbuild   one value (lists space-separated)
  scripts/config.py check           verify package.json / Cargo.toml / Cargo.lock agree with it
"""
import json
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def load():
    with open(ROOT / "wasm-pack.toml", "rb") as f:
        return tomllib.load(f)


def get(cfg, dotted):
    value = cfg
    for part in dotted.split("."):
        value = value[part]
    return value


def check(cfg):
    """Every version that a second tool must also see has to agree with wasm-pack.toml."""
    problems = []
    tools = cfg["tools"]
    package = json.loads((ROOT / "package.json").read_text())
    deps = {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    for npm_name, key in (("binaryen", "binaryen"), ("playwright-core", "playwright_core"), ("esbuild", "esbuild")):
        if deps.get(npm_name) != tools[key]:
            problems.append(f"package.json has {npm_name} {deps.get(npm_name)!r}, wasm-pack.toml says {tools[key]!r}")
    lock_path = ROOT / "package-lock.json"
    if lock_path.exists():
        lock = json.loads(lock_path.read_text())
        for npm_name, key in (("binaryen", "binaryen"), ("playwright-core", "playwright_core"), ("esbuild", "esbuild")):
            locked = lock.get("packages", {}).get(f"node_modules/{npm_name}", {}).get("version")
            if locked != tools[key]:
                problems.append(f"package-lock.json locks {npm_name} {locked!r}, wasm-pack.toml says {tools[key]!r} (run npm install)")
    cargo_lock = (ROOT / "Cargo.lock").read_text()
    m = re.search(r'name = "wasm-bindgen"\nversion = "([^"]+)"', cargo_lock)
    if not m or m.group(1) != tools["wasm_bindgen_cli"]:
        problems.append(f"Cargo.lock has wasm-bindgen {m.group(1) if m else None!r}, wasm-pack.toml says {tools['wasm_bindgen_cli']!r}")
    cargo_toml = (ROOT / "Cargo.toml").read_text()
    if f'wasm-bindgen = "={tools["wasm_bindgen_cli"]}"' not in cargo_toml:
        problems.append(f'Cargo.toml must pin wasm-bindgen = "={tools["wasm_bindgen_cli"]}"')
    if re.search(r"^\s*strip\s*=\s*true", cargo_toml, re.M):
        problems.append("Cargo.toml sets strip = true: it drops target_features and wasm-opt then rejects the module")
    return problems


def main(argv):
    cfg = load()
    if len(argv) >= 2 and argv[1] == "json":
        print(json.dumps(cfg))
    elif len(argv) == 3 and argv[1] == "get":
        value = get(cfg, argv[2])
        print(" ".join(map(str, value)) if isinstance(value, list) else value)
    elif len(argv) == 2 and argv[1] == "check":
        problems = check(cfg)
        for p in problems:
            print(f"config drift: {p}", file=sys.stderr)
        return 1 if problems else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
