"""Build the deployable site into dist/: exactly what GitHub Pages publishes.

1. Copy the page, its Python and only the runtime files it loads.
2. Prerender: run every calculator on CPython with the page's default inputs (the same
   ``app.calculators.run`` the browser runs) and write the results into the HTML, so
   the first paint already shows correct numbers; Python takes over when it is ready.
3. Start fast: pack the page's Python into one py.zip (PyScript unpacks it), inline the
   configuration as JSON (no pyscript.toml fetch, no TOML parser chunk), trim the standard
   library to what the page imports, and ship the wasm gzip-compressed.
4. Write the service worker with a cache name tied to the build's content and the
   exact list of files to precache.

The offline single file (scripts/build_offline.py) is built from dist/ afterwards.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import shutil
import sys
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
sys.path.insert(0, str(ROOT / "py"))

from app.calculators import run  # noqa: E402
from app.page_text import units  # noqa: E402
from app.risk import example_brackets_text  # noqa: E402

#: The runtime files the page loads (checked against real page loads by the e2e tests).
#: PyScript's other chunks are plugins the page switches off in pyscript.toml, and its
#: TOML parser, not needed because the built page carries its config as JSON.
RUNTIME_FILES = (
    "static/vendor/pyscript/core.js",
    "static/vendor/pyscript/core-C9KDLldu.js",
    "static/vendor/pyscript/core.css",
    "static/vendor/pyscript/error-D2315lOB.js",
    "static/vendor/pyodide/pyodide.mjs",
    "static/vendor/pyodide/pyodide.asm.mjs",
    "static/vendor/pyodide/pyodide.asm.wasm",
    "static/vendor/pyodide/python_stdlib.zip",
    "static/vendor/pyodide/pyodide-lock.json",
)
#: The page's own static files.
STATIC_FILES = (
    "static/app.css",
    "static/icon.svg",
    "static/icon-192.png",
    "static/icon-512.png",
    "static/manifest.webmanifest",
    "static/register-sw.js",
    "static/pyscript-hooks.js",
    "static/wasm-gz.js",
    "static/pyodide-snapshot.mjs",
    "static/type-ahead.mjs",
)
#: The built page's `interpreter`: starts the vendored Pyodide from the memory snapshot
#: that scripts/build_snapshot.py adds, when the service worker has stored it.
SNAPSHOT_LOADER = "./static/pyodide-snapshot.mjs"
STDLIB = "static/vendor/pyodide/python_stdlib.zip"
#: Shipped gzip-compressed; static/wasm-gz.js decompresses it in the browser.
WASM = "static/vendor/pyodide/pyodide.asm.wasm"
#: Which parts of the standard library the page keeps (see the file's header).
STDLIB_KEEP = ROOT / "scripts" / "stdlib-keep.txt"
#: Published but not precached: the offline file is a download, not part of the page.
NOT_PRECACHED = {"sw.js", "contract-calculator.html", ".nojekyll"}

_CARD = re.compile(
    r'<section id="\w+" class="card[^"]*" data-calc="(?P<id>\w+)".*?</section>', re.S
)
_INPUT = re.compile(r'<input name="(?P<name>\w+)" value="(?P<value>[^"]*)"')
_SELECT = re.compile(r'<select name="(?P<name>\w+)"[^>]*>(?P<options>.*?)</select>', re.S)
_OPTION = re.compile(r'<option value="(?P<value>[^"]*)"(?P<selected> selected)?')
_TEXTAREA = re.compile(r'<textarea name="(?P<name>\w+)"[^>]*>(?P<value>.*?)</textarea>', re.S)
_OUT = re.compile(
    r'<(?P<tag>output|p|pre|figure)(?P<attrs>[^>]*) data-out="(?P<name>\w+)"(?P<rest>[^>]*)>'
    r"(?P<body>.*?)</(?P=tag)>",
    re.S,
)
_SHOWN = re.compile(r'(<div class="field[^"]*" data-show="(?P<name>\w+)=(?P<value>\w+)")')
_UNIT = re.compile(r'(<span class="unit" data-unit="(?P<unit>\w+)">)(</span>)')


def field_values(markup: str) -> dict[str, str]:
    """The default raw text of every field in a piece of the page, as the browser reads it."""
    values = {m["name"]: html.unescape(m["value"]) for m in _INPUT.finditer(markup)}
    for select in _SELECT.finditer(markup):
        options = list(_OPTION.finditer(select["options"]))
        chosen = next((o for o in options if o["selected"]), options[0])
        values[select["name"]] = html.unescape(chosen["value"])
    values.update({m["name"]: html.unescape(m["value"]) for m in _TEXTAREA.finditer(markup)})
    return values


def prerender(page: str) -> str:
    """Write every card's results for its default inputs into the page."""
    toolbar = page[page.index("data-global") : page.index("</header>")]
    globals_ = {k: v for k, v in field_values(toolbar).items() if k in {"kind", "coin"}}
    rules_start = page.index('<section id="rules"')
    rules_end = page.index('<section id="calculators"')
    shared_markup = page[
        page.index("data-shared", rules_start) : page.index('<div class="cards">', rules_start)
    ]
    shared = field_values(shared_markup)

    def render_card(card: re.Match[str]) -> str:
        markup = card.group(0)
        raw = dict(globals_)
        if rules_start < card.start() < rules_end:
            raw.update(shared)
        raw.update(field_values(markup))
        outcome = run(card["id"], raw, "en")
        if outcome.errors:
            raise SystemExit(
                f"build: the default inputs of {card['id']} are invalid: {outcome.errors}"
            )

        def fill(out: re.Match[str]) -> str:
            text = outcome.outputs.get(out["name"], "")
            body = text if out["name"] == "chart" else html.escape(text)
            if out["tag"] == "output":  # as app.dom shows it: signs coloured, n/a rows hidden
                sign = {"-": ' data-sign="neg"', "+": ' data-sign="pos"'}.get(text[:1], "")
                hidden = sign if text else " hidden data-empty"
                body = body or "—"
            else:
                hidden = "" if text else " hidden"
            opening = f'<{out["tag"]}{out["attrs"]} data-out="{out["name"]}"{out["rest"]}{hidden}>'
            return f"{opening}{body}</{out['tag']}>"

        def show(match: re.Match[str]) -> str:
            shown = raw.get(match["name"]) == match["value"]
            return match.group(1) if shown else match.group(1) + " hidden"

        markup = _OUT.sub(fill, markup)
        return _SHOWN.sub(show, markup)

    page = _CARD.sub(render_card, page)
    unit_text = units(globals_["kind"], globals_["coin"], "en")
    page = _UNIT.sub(lambda m: m.group(1) + unit_text[m["unit"]] + m.group(3), page)
    # The bracket table starts filled with the example for the kind (and swaps with it).
    linear, inverse = (html.escape(example_brackets_text(kind)) for kind in ("linear", "inverse"))
    page = re.sub(
        r'(<textarea name="brackets"[^>]*)>(</textarea>)',
        lambda m: (
            f'{m.group(1)} placeholder="{linear}" data-inverse-value="{inverse}">'
            f"{linear}{m.group(2)}"
        ),
        page,
    )
    return page.replace('<html lang="en">', '<html lang="en" data-prerendered="true">', 1)


def copy(relative: str) -> None:
    target = DIST / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / relative, target)


def trim_stdlib() -> tuple[int, int]:
    """Write dist's python_stdlib.zip with only the kept top-level modules; return both sizes."""
    keep = {
        line.strip()
        for line in STDLIB_KEEP.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    source, target = ROOT / STDLIB, DIST / STDLIB
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as full, zipfile.ZipFile(target, "w") as trimmed:
        for entry in full.infolist():
            top = entry.filename.split("/")[0].removesuffix(".py")
            if top in keep:
                trimmed.writestr(entry, full.read(entry), compress_type=entry.compress_type)
    return source.stat().st_size, target.stat().st_size


PY_ZIP = "py.zip"


def pack_python() -> dict[str, object]:
    """Zip the modules pyscript.toml lists into dist/py.zip; return the config for it."""
    config = tomllib.loads((ROOT / "pyscript.toml").read_text())
    with zipfile.ZipFile(DIST / PY_ZIP, "w", zipfile.ZIP_DEFLATED) as archive:
        for source, target in sorted(config["files"].items()):
            archive.write(ROOT / source.removeprefix("./"), target.removeprefix("./"))
    config["files"] = {f"./{PY_ZIP}": "./*"}
    return config


def start_fast(page: str, config: dict[str, object]) -> str:
    """Inline the config as JSON and load the compressed-wasm module before PyScript."""
    # No preload hints: measured with bench/run.py, they made warm visits 0.5 s slower
    # (preloaded runtime files skip the browser's cache of compiled code) and gained
    # nothing cold, where the runtime's fetches start early anyway.
    config = {**config, "interpreter": SNAPSHOT_LOADER}
    inline = html.escape(json.dumps(config, separators=(",", ":")), quote=True)
    page = page.replace('config="./pyscript.toml"', f'config="{inline}"', 1)
    return page.replace(
        '  <script type="module" src="./static/vendor/pyscript/core.js">',
        '  <script type="module" src="./static/wasm-gz.js"></script>\n'
        '  <script type="module" src="./static/vendor/pyscript/core.js">',
        1,
    )


def write_service_worker() -> str:
    """dist/sw.js from static/sw.js: the precache list and a cache name from its content."""
    files = sorted(
        str(path.relative_to(DIST))
        for path in DIST.rglob("*")
        if path.is_file() and str(path.relative_to(DIST)) not in NOT_PRECACHED
    )
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0" + (DIST / name).read_bytes())
    cache_name = f"contract-calculator-{digest.hexdigest()[:16]}"
    urls = ["./"] + [f"./{name}" for name in files if name != "index.html"]
    worker = (ROOT / "static" / "sw.js").read_text()
    worker = worker.replace('"__CACHE_NAME__"', json.dumps(cache_name))
    worker = worker.replace('["__PRECACHE__"]', json.dumps(urls, indent=2))
    (DIST / "sw.js").write_text(worker)
    return cache_name


def main(step: Callable[[str], None] = print) -> int:
    missing = [name for name in RUNTIME_FILES if not (ROOT / name).is_file()]
    if missing:
        step("build: the runtime is not vendored; run `make vendor` first")
        return 1
    if DIST.exists():
        shutil.rmtree(DIST)
    DIST.mkdir()
    for relative in (*RUNTIME_FILES, *STATIC_FILES, "py/main.py"):
        if relative not in {STDLIB, WASM}:
            copy(relative)
    # mtime=0: the same build gives the same bytes, so the service worker cache name holds.
    (DIST / f"{WASM}.gz").write_bytes(gzip.compress((ROOT / WASM).read_bytes(), 9, mtime=0))
    full_size, trimmed_size = trim_stdlib()
    step(f"build: standard library {full_size / 1e6:.2f} MB -> {trimmed_size / 1e6:.2f} MB")
    page = start_fast(prerender((ROOT / "index.html").read_text()), pack_python())
    (DIST / "index.html").write_text(page)
    (DIST / ".nojekyll").write_text("")
    cache_name = write_service_worker()
    size = sum(path.stat().st_size for path in DIST.rglob("*") if path.is_file())
    step(f"build: dist/ ready ({size / 1e6:.1f} MB), service worker cache {cache_name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
