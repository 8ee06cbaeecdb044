#!/usr/bin/env bash
# Install what the build and the tests need, skipping whatever is already there at the right
# version (safe to run on every `make`). Versions come from wasm-pack.toml via scripts/config.py.
# Budget on a clean 2-core machine: ~6 minutes (two cargo installs dominate), see TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'install-tools: %s\n' "$*"; }
die() { printf 'install-tools: ERROR: %s\n' "$*" >&2; exit 1; }
cfg() { python3 scripts/config.py get "$1"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi; }

command -v python3 >/dev/null || die "python3 is needed (Debian 12: apt-get install python3)"
python3 -c 'import tomllib' 2>/dev/null || die "python3 >= 3.11 is needed (tomllib reads wasm-pack.toml)"
command -v cargo >/dev/null || die "Rust is needed (rustup: https://rustup.rs)"
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed (Debian 12: apt-get install nodejs npm)"
python3 scripts/config.py check || die "wasm-pack.toml disagrees with package.json/Cargo.toml/Cargo.lock (see above)"

# Debian's binaryen (108) breaks the wasm in the browser while `wasm-pack test` stays green.
if dpkg-query -W -f='${Status}' binaryen 2>/dev/null | grep -q 'install ok installed'; then
  die "Debian's binaryen package is installed and breaks the output. Remove it: apt-get remove -y binaryen"
fi

export PATH="$HOME/.cargo/bin:$PATH"

# 1. the wasm32 target
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown: present"
else
  say "adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown
fi

# 2. wasm-pack (exact version, --locked)
want_pack=$(cfg tools.wasm_pack)
have_pack=$(wasm-pack --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_pack" = "$want_pack" ]; then
  say "wasm-pack $want_pack: present"
else
  say "installing wasm-pack $want_pack (was: ${have_pack:-none}, ~2.5 min)"
  cargo install --locked wasm-pack --version "$want_pack" --force
fi

# 3. wasm-bindgen-cli = the wasm-bindgen in Cargo.lock (else wasm-pack downloads its own copy)
want_wb=$(cfg tools.wasm_bindgen_cli)
have_wb=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_wb" = "$want_wb" ]; then
  say "wasm-bindgen-cli $want_wb: present"
else
  say "installing wasm-bindgen-cli $want_wb (was: ${have_wb:-none}, ~3 min)"
  # --locked fails for some releases (their lockfile names a crate version the registry lacks).
  cargo install --locked wasm-bindgen-cli --version "$want_wb" --force \
    || { say "--locked failed; retrying without it"; cargo install wasm-bindgen-cli --version "$want_wb" --force; }
fi

# 4. Chromium and chromedriver (Debian), for wasm-pack test and the playwright-core tests
chromium=$(cfg tools.chromium); chromedriver=$(cfg tools.chromedriver)
if [ -x "$chromium" ] && [ -x "$chromedriver" ]; then
  say "chromium and chromedriver: present"
else
  say "installing chromium and chromium-driver from Debian"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver
fi

# 5. npm: every devDependency exactly as package.json says (binaryen = wasm-opt, esbuild,
# playwright-core, axe-core …); `config.py check` above already holds package.json to
# wasm-pack.toml for the tools it names.
npm_ok=1
for pkg in $(node -p "Object.keys(require('./package.json').devDependencies).join(' ')"); do
  want=$(node -p "require('./package.json').devDependencies['$pkg']")
  have=$(node -p "require('./node_modules/$pkg/package.json').version" 2>/dev/null || true)
  [ "$have" = "$want" ] || npm_ok=0
done
if [ "$npm_ok" = 1 ]; then
  say "npm packages: present"
else
  say "npm ci"; npm ci --no-audit --no-fund
fi
say "ok"
