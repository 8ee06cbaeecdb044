#!/usr/bin/env python3
"""Release build of the page: wasm-pack → wasm-opt (npm binaryen) → compressed base64 module → dist/shopscore.html.

Every setting comes from wasm-pack.toml (via scripts/config.py). Steps, each timed:
  1. refuse a toolchain that would break the output (Debian binaryen, wrong wasm-bindgen CLI);
  2. `wasm-pack build --release --target web` into www/pkg (wasm-pack's own wasm-opt is off:
     it downloads binaryen from GitHub, and it must not pick up Debian's);
  3. wasm-opt from node_modules/binaryen with the level and flags of wasm-pack.toml;
  4. www/pkg/shopscore_bg.wasm.js: `export default "<base64>"` of the wasm compressed as
     [bundle] wasm_compression says (the page inflates it with DecompressionStream), so the page
     never fetches the wasm (works from file:// and needs no connect-src);
  5. dist/shopscore.html: the page with its JS bundled (esbuild) and inlined, CSS and images
     inlined, the file worker bundled as a classic script and carried compressed in a
     <script type="text/plain" id="shopscore-worker"> block (started from a blob: URL), and a CSP
     meta tag that allows no network destination at all (and workers from blob: only).
Sizes go to stdout (with what each part of the single file weighs) and to dist/sizes.json.

  scripts/build.py            all steps
  scripts/build.py --bundle   step 5 only (after www/ changed, wasm unchanged)
"""
import base64
import gzip
import hashlib
import json
import mimetypes
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time
import zlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import config  # noqa: E402

ROOT = config.ROOT
CFG = config.load()


def fail(message):
    print(f"build: ERROR: {message}", file=sys.stderr)
    sys.exit(1)


def run(cmd, **kw):
    print("+ " + " ".join(map(str, cmd)), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT, **kw)


def kib(n):
    return f"{n / 1024:.1f} KiB ({n} bytes)"


def check_toolchain():
    problems = config.check(CFG)
    if problems:
        fail("wasm-pack.toml and the files that must agree with it differ:\n  " + "\n  ".join(problems))
    # Debian's binaryen (108) on PATH produces wasm that fails in the browser while
    # `wasm-pack test` stays green. Refuse to build at all rather than ship that.
    dpkg = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "binaryen"], capture_output=True, text=True)
    if "install ok installed" in dpkg.stdout:
        fail("Debian's binaryen package is installed; it breaks the wasm. Remove it: apt-get remove -y binaryen")
    wasm_opt_on_path = shutil.which("wasm-opt")
    if wasm_opt_on_path and "node_modules" not in wasm_opt_on_path:
        fail(f"a wasm-opt is on PATH ({wasm_opt_on_path}); wasm-pack could pick it up. Remove it; we use node_modules/binaryen.")
    want = CFG["tools"]["wasm_bindgen_cli"]
    try:
        got = subprocess.run(["wasm-bindgen", "--version"], capture_output=True, text=True, check=True).stdout.split()[-1]
    except (OSError, subprocess.CalledProcessError):
        got = None
    if got != want:
        fail(f"wasm-bindgen CLI {got} on PATH, need {want} (= Cargo.lock). Run scripts/install-tools.sh")
    if not (ROOT / "node_modules/.bin/wasm-opt").exists() or not (ROOT / "node_modules/.bin/esbuild").exists():
        fail("node_modules is missing binaryen/esbuild. Run: npm ci")


def build_wasm(sizes):
    b = CFG["build"]
    out_dir = ROOT / b["out_dir"]
    started = time.monotonic()
    env = {**os.environ, f"CARGO_PROFILE_{b['profile'].upper()}_OPT_LEVEL": str(b["rust_opt_level"])}
    run(["wasm-pack", "build", f"--{b['profile']}", "--target", b["target"], "--out-dir", b["out_dir"],
         "--out-name", b["out_name"], "--no-pack", "--no-opt", "--mode", "no-install"], env=env)
    sizes["wasm_pack_seconds"] = round(time.monotonic() - started, 1)
    wasm = out_dir / f"{b['out_name']}_bg.wasm"
    sizes["wasm_raw"] = wasm.stat().st_size

    opt = CFG["wasm_opt"]
    if opt["enabled"]:
        started = time.monotonic()
        # wasm-opt (binaryen compiled to JS) takes ~40 s here; its output depends only on the
        # input bytes, the level, the flags and the binaryen version, so cache on exactly those.
        key_text = json.dumps([hashlib.sha256(wasm.read_bytes()).hexdigest(), opt["level"], opt["flags"], CFG["tools"]["binaryen"]])
        cached = ROOT / "target/wasm-opt-cache" / (hashlib.sha256(key_text.encode()).hexdigest() + ".wasm")
        if cached.exists():
            print(f"wasm-opt: unchanged input, reusing {cached.relative_to(ROOT)}")
            shutil.copy(cached, wasm)
        else:
            optimised = wasm.with_suffix(".opt.wasm")
            run([str(ROOT / "node_modules/.bin/wasm-opt"), opt["level"], *opt["flags"], str(wasm), "-o", str(optimised)])
            cached.parent.mkdir(parents=True, exist_ok=True)
            for old in cached.parent.glob("*.wasm"):
                old.unlink()
            shutil.copy(optimised, cached)
            optimised.replace(wasm)
        sizes["wasm_opt_seconds"] = round(time.monotonic() - started, 1)
    data = wasm.read_bytes()
    sizes["wasm_opt_level"] = opt["level"] if opt["enabled"] else None
    sizes["rust_opt_level"] = b["rust_opt_level"]
    sizes["wasm_final"] = len(data)
    sizes["wasm_final_gzip"] = len(gzip.compress(data, 9))

    # The page imports this instead of fetching the .wasm: no network, works from file://.
    encoding = CFG["bundle"].get("wasm_compression") or None
    packed = compress(data, encoding)
    sizes["wasm_compression"] = encoding
    sizes["wasm_packed"] = len(packed)
    sizes["wasm_base64"] = base64_length(len(packed))
    module = out_dir / f"{b['out_name']}_bg.wasm.js"
    module.write_text(
        "// Generated by scripts/build.py: the wasm as base64 (compressed as `encoding` says, inflated\n"
        "// by the page with DecompressionStream), so the page never fetches it.\n"
        f'export default "{base64.b64encode(packed).decode("ascii")}";\n'
        f"export const encoding = {json.dumps(encoding)};\n"
    )
    print(f"wasm: raw {kib(sizes['wasm_raw'])} → wasm-opt {sizes['wasm_opt_level']} {kib(sizes['wasm_final'])}"
          f" → {encoding or 'uncompressed'} {kib(sizes['wasm_packed'])} → base64 {kib(sizes['wasm_base64'])}")


def compress(data, encoding):
    """Bytes as the browser's DecompressionStream(encoding) reads them back (none: as they are).
    mtime 0 keeps the output the same from build to build."""
    if not encoding:
        return data
    if encoding == "gzip":
        return gzip.compress(data, 9, mtime=0)
    if encoding == "deflate-raw":
        c = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
        return c.compress(data) + c.flush()
    fail(f"wasm-pack.toml: unknown compression {encoding!r} (gzip, deflate-raw or none)")


def base64_length(n):
    return 4 * ((n + 2) // 3)


# --- bundling -------------------------------------------------------------------------------

SCRIPT_SRC = re.compile(r"<script\b([^>]*?)\bsrc\s*=\s*[\"']([^\"']+)[\"']([^>]*)>\s*</script\s*>", re.I | re.S)
STYLESHEET = re.compile(r"<link\b[^>]*\brel\s*=\s*[\"']stylesheet[\"'][^>]*>", re.I)
LINK_OTHER = re.compile(r"<link\b[^>]*\brel\s*=\s*[\"'](?:modulepreload|preload|prefetch|manifest)[\"'][^>]*>", re.I)
ICON = re.compile(r"(<link\b[^>]*\brel\s*=\s*[\"'][^\"']*icon[^\"']*[\"'][^>]*\bhref\s*=\s*[\"'])([^\"']+)([\"'])", re.I)
IMG = re.compile(r"(<img\b[^>]*\bsrc\s*=\s*[\"'])([^\"']+)([\"'])", re.I)
HREF = re.compile(r"\bhref\s*=\s*[\"']([^\"']+)[\"']", re.I)
CSP_META = re.compile(r"<meta\b[^>]*http-equiv\s*=\s*[\"']Content-Security-Policy[\"'][^>]*>\s*", re.I)
CSS_URL = re.compile(r"url\(\s*([\"']?)([^)\"']+)\1\s*\)")
INLINE_SCRIPT = re.compile(r"(<script\b[^>]*>)(.*?)(</script\s*>)", re.I | re.S)


def is_local(ref):
    return not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", ref, re.I)


def data_uri(path):
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def neutralise_for_script(text):
    """Text inside <script> must not close the element or open an HTML comment state.
    `<\\/script` and `<\\!--` mean the same inside JS strings, templates and regexes."""
    # The HTML parser turns CR and CRLF into LF before the browser hashes the script for the
    # CSP; do it here so our sha256 is of the same text (a raw CR means LF in JS source too).
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"</(script)", r"<\\/\1", text, flags=re.I)
    return text.replace("<!--", "<\\!--")


def neutralise_for_style(text):
    return re.sub(r"</(style)", r"<\\/\1", text, flags=re.I)


def bundle_js(entry, fmt="esm"):
    minify = ["--minify"] if CFG["bundle"]["minify"] else []
    # A classic script (the worker, fmt "iife") has no import.meta: the wasm-bindgen glue only
    # reads it when no module is given, and the worker is always given one.
    quiet = ["--log-override:empty-import-meta=silent"] if fmt == "iife" else []
    result = subprocess.run(
        [str(ROOT / "node_modules/.bin/esbuild"), str(entry), "--bundle", f"--format={fmt}", "--platform=browser",
         "--target=es2020", "--charset=utf8", "--legal-comments=none", "--log-level=warning", *quiet, *minify],
        cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"esbuild failed on {entry}:\n{result.stderr}")
    if result.stderr.strip():
        print(result.stderr, file=sys.stderr)
    return result.stdout


def inline_css(css, base):
    def replace(m):
        ref = m.group(2)
        if not is_local(ref):
            fail(f"{base}: the stylesheet refers to {ref}; the page must not load anything from outside")
        return f'url("{data_uri((base / ref).resolve())}")'
    return CSS_URL.sub(replace, css)


def csp_for_bundle(script_hashes):
    c = CFG["csp"]
    script_src = " ".join([*(f"'sha256-{h}'" for h in script_hashes), "'wasm-unsafe-eval'"])
    parts = [f"default-src {c['default_src']}", f"script-src {script_src}",
             f"style-src {c['style_src'].replace(chr(39) + 'self' + chr(39) + ' ', '')}",
             f"img-src {c['img_src'].replace(chr(39) + 'self' + chr(39) + ' ', '')}",
             f"worker-src {c['worker_src_single']}", *c["extra"]]
    return "; ".join(parts)


WORKER_ENTRY = "worker.js"
WORKER_BLOCK_ID = "shopscore-worker"


def worker_block(base, sizes):
    """The file worker as one classic script, compressed like the wasm, in a data block the page
    turns into a blob: URL (www/worker-client.js). Not a script the page runs: no CSP hash."""
    entry = base / WORKER_ENTRY
    if not entry.exists():
        return ""
    code = bundle_js(entry, fmt="iife").encode("utf-8")
    encoding = CFG["bundle"].get("wasm_compression") or None
    packed = compress(code, encoding)
    sizes["worker_js"] = len(code)
    sizes["worker_packed"] = len(packed)
    text = base64.b64encode(packed).decode("ascii")
    encoding_attr = f' data-encoding="{encoding}"' if encoding else ""
    return f'<script type="text/plain" id="{WORKER_BLOCK_ID}"{encoding_attr}>{text}</script>'


def is_data_block(open_tag):
    """<script type="text/plain"> and the like hold data, not code: the CSP needs no hash for them."""
    m = re.search(r"\btype\s*=\s*[\"']([^\"']+)[\"']", open_tag, re.I)
    return bool(m) and m.group(1).strip().lower() not in ("module", "text/javascript", "application/javascript")


def build_bundle(sizes):
    started = time.monotonic()
    entry_html = ROOT / CFG["bundle"]["entry_html"]
    if not entry_html.exists():
        fail(f"{entry_html.relative_to(ROOT)} does not exist: nothing to bundle (the ui branch provides www/)")
    pkg_js = ROOT / CFG["build"]["out_dir"] / f"{CFG['build']['out_name']}_bg.wasm.js"
    if not pkg_js.exists():
        fail(f"{pkg_js.relative_to(ROOT)} is missing: run the full build first (scripts/build.py)")
    base = entry_html.parent
    html = entry_html.read_text(encoding="utf-8")

    def script(m):
        attrs, src = m.group(1) + m.group(3), m.group(2)
        if not is_local(src):
            fail(f"{entry_html.name} loads {src}; the page must not load anything from outside")
        path = (base / src).resolve()
        is_module = re.search(r"type\s*=\s*[\"']module[\"']", attrs, re.I)
        code = bundle_js(path) if is_module else path.read_text(encoding="utf-8")
        attrs = re.sub(r"\s+(?:defer|async|crossorigin(?:\s*=\s*[\"'][^\"']*[\"'])?)\b", "", attrs)
        return f"<script{attrs.rstrip()}>{neutralise_for_script(code)}</script>"

    html = SCRIPT_SRC.sub(script, html)

    def stylesheet(m):
        href = HREF.search(m.group(0)).group(1)
        if not is_local(href):
            fail(f"{entry_html.name} loads the stylesheet {href}; the page must not load anything from outside")
        path = (base / href).resolve()
        css = inline_css(path.read_text(encoding="utf-8"), path.parent)
        return f"<style>{neutralise_for_style(css)}</style>"

    html = STYLESHEET.sub(stylesheet, html)
    html = LINK_OTHER.sub("", html)
    def embed_ref(m):
        ref = m.group(2)
        if ref.startswith("data:"):
            return m.group(0)
        if not is_local(ref):
            fail(f"{entry_html.name} refers to {ref}; the page must not load anything from outside")
        return m.group(1) + data_uri((base / ref).resolve()) + m.group(3)

    html = ICON.sub(embed_ref, html)
    html = IMG.sub(embed_ref, html)

    block = worker_block(base, sizes)
    if block:
        body_end = html.lower().rfind("</body>")
        html = html[:body_end] + block + "\n" + html[body_end:] if body_end >= 0 else html + block

    # One CSP for the single file: the page's own meta (if any) is replaced, never merged.
    html = CSP_META.sub("", html)
    hashes = [base64.b64encode(hashlib.sha256(m.group(2).encode("utf-8")).digest()).decode("ascii")
              for m in INLINE_SCRIPT.finditer(html) if not is_data_block(m.group(1))]
    sizes["page_js"] = sum(len(m.group(2).encode("utf-8")) for m in INLINE_SCRIPT.finditer(html) if not is_data_block(m.group(1)))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp_for_bundle(hashes)}">'
    charset = re.search(r"<meta\s+charset\s*=\s*[\"']?utf-8[\"']?\s*/?>", html, re.I)
    if charset:
        html = html[:charset.end()] + "\n" + meta + html[charset.end():]
    else:
        head = re.search(r"<head\b[^>]*>", html, re.I)
        if not head:
            fail(f"{entry_html.name} has no <head>")
        html = html[:head.end()] + '\n<meta charset="utf-8">\n' + meta + html[head.end():]

    out = ROOT / CFG["bundle"]["output"]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    for extra in CFG["bundle"].get("copy", []):
        source = ROOT / extra
        if source.exists():
            shutil.copy(source, out.parent / source.name)
        else:
            print(f"build: note: {extra} does not exist, not copied", file=sys.stderr)
    data = out.read_bytes()
    sizes["html"] = len(data)
    sizes["html_gzip"] = len(gzip.compress(data, 9, mtime=0))
    sizes["bundle_seconds"] = round(time.monotonic() - started, 1)
    limit = CFG["bundle"].get("max_bytes")
    print(f"single file: {out} {kib(sizes['html'])}, gzip {kib(sizes['html_gzip'])}"
          + (f" (limit {kib(limit)})" if limit else ""))
    wasm_part = sizes.get("wasm_base64")
    if wasm_part:
        worker_part = base64_length(sizes.get("worker_packed", 0))
        print(f"  of which: wasm {kib(wasm_part)} (base64 of {sizes.get('wasm_compression') or 'raw'} bytes),"
              f" page JS incl. wasm {kib(sizes['page_js'])}, page JS without wasm {kib(sizes['page_js'] - wasm_part)},"
              f" worker {kib(worker_part)} (JS {kib(sizes.get('worker_js', 0))}),"
              f" HTML + CSS {kib(sizes['html'] - sizes['page_js'] - worker_part)}")
    if limit and sizes["html"] > limit:
        print(f"build: WARNING: {out.name} is {sizes['html'] - limit} bytes over the {limit}-byte goal", file=sys.stderr)


def main(argv):
    sizes_path = ROOT / "dist/sizes.json"
    sizes = {}
    if "--bundle" in argv:
        if sizes_path.exists():
            sizes = json.loads(sizes_path.read_text())
    else:
        check_toolchain()
        build_wasm(sizes)
    build_bundle(sizes)
    sizes_path.parent.mkdir(parents=True, exist_ok=True)
    sizes_path.write_text(json.dumps(sizes, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
