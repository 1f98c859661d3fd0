"""Build the deployable site into dist/: exactly what GitHub Pages publishes.

1. Copy the page, its Python and only the runtime files it loads.
2. Render the page: ``index.html`` is a Jinja template (its repeated pieces in
   ``templates/macros.html``) filled from the card declarations of ``app.calculators``
   and ``app.layout``, the texts of ``app.catalogue`` and the formulas of contractcalc's
   docstrings (``scripts/formulas.py``). Every card's results for its default inputs are
   computed on CPython by the same ``app.calculators.run`` the browser runs, so the first
   paint already shows correct numbers; Python takes over when it is ready.
3. Start fast: pack the page's Python into one py.zip (the worker that runs it unpacks
   it), trim the standard library to what the page imports, and ship the wasm
   gzip-compressed. The stored tier tables are served apart (static/tiers/), each
   fetched the first time Python needs it.
4. Write the service worker with a cache name tied to the build's content and the
   exact list of files to precache (not the tier tables: it stores each when fetched).

The site's public address, when the environment gives it as ``SITE_URL`` (the Pages
workflow takes it from actions/configure-pages), becomes the page's canonical address, and
the message a saved copy shows when Python cannot start links to the offline file there;
without it, that message names the file and says where the site offers it.

The offline single file (scripts/build_offline.py) is built from dist/ afterwards.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
sys.path[:0] = [str(ROOT / "py"), str(ROOT)]

import jinja2  # noqa: E402
from app.assumptions import GLOBAL_FIELDS, units  # noqa: E402
from app.calculators import CALCULATORS, run  # noqa: E402
from app.catalogue import LANGS, SCRIPT_TEXTS, TEXTS  # noqa: E402
from app.layout import GROUPS, Group, navigation  # noqa: E402
from app.session import MAX_ROWS  # noqa: E402
from app.spec import Outcome  # noqa: E402
from contractcalc.tier_data import REMOTE  # noqa: E402
from markupsafe import Markup  # noqa: E402

from scripts import formulas  # noqa: E402

#: The runtime files the page loads (checked against real page loads by the e2e tests).
RUNTIME_FILES = (
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
    "static/startup.js",
    "static/page.js",
    "static/worker.mjs",
    "static/pyodide-snapshot.mjs",
)
STDLIB = "static/vendor/pyodide/python_stdlib.zip"
#: Shipped gzip-compressed; static/worker.mjs decompresses it in the browser.
WASM = "static/vendor/pyodide/pyodide.asm.wasm"
#: Which parts of the standard library the page keeps (see the file's header).
STDLIB_KEEP = ROOT / "scripts" / "stdlib-keep.txt"
#: The file "Download for offline use" gives (scripts/build_offline.py writes it).
OFFLINE_FILE = "contract-calculator.html"
#: Published but not precached: the offline file is a download, not part of the page.
NOT_PRECACHED = {"sw.js", OFFLINE_FILE, ".nojekyll"}


def card_defaults(card_id: str, group: Group) -> dict[str, str]:
    """A card's raw field texts as the page first shows them: every declared default."""
    calculator = CALCULATORS[card_id]
    raw = {field.name: field.default for field in (*group.shared, *calculator.fields)}
    raw.update({field.name: field.default for field in GLOBAL_FIELDS})
    for index, row in enumerate(calculator.row_defaults):
        raw.update(
            {
                f"{column}_{index}": value
                for column, value in zip(calculator.columns, row, strict=True)
            }
        )
    return raw


def site_url(value: str | None) -> str:
    """The site's public base URL without its trailing slash; empty when not given.

    >>> site_url("https://octocat.github.io/contract-calculator/")
    'https://octocat.github.io/contract-calculator'
    """
    value = (value or "").strip().rstrip("/")
    if value and not value.startswith(("https://", "http://")):
        raise SystemExit(f"build: SITE_URL must be an http(s) address, not {value!r}")
    return value


def page_texts(keys: set[str]) -> Markup:
    """The catalogue's texts of ``keys`` in every language, as JSON a ``<script>`` can hold."""
    data = {lang: {key: TEXTS[key][lang] for key in sorted(keys)} for lang in LANGS}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c"))


def render_page(site: str = "") -> str:
    """index.html rendered from the card declarations, every default result already in place.

    The results are computed here by the same ``app.calculators.run`` the browser runs,
    so the first paint shows correct numbers while Python loads. ``site`` is the site's
    public base URL (see :func:`site_url`), or empty. The page carries the texts it shows
    (and those static/page.js says itself) in every language, for switching at once.
    """
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([ROOT, ROOT / "templates"]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    globals_ = {field.name: field.default for field in GLOBAL_FIELDS}
    defaults: dict[str, dict[str, str]] = {}
    outcomes: dict[str, Outcome] = {}
    for group in GROUPS:
        for card_id in group.cards:
            defaults[card_id] = card_defaults(card_id, group)
            outcomes[card_id] = run(card_id, defaults[card_id], "en")
            if errors := outcomes[card_id].errors:
                raise SystemExit(f"build: the default inputs of {card_id} are invalid: {errors}")
    used = set(SCRIPT_TEXTS)

    def text(key: str, lang: str = "en") -> str:
        used.add(key)
        return TEXTS[key][lang]

    context: dict[str, object] = {
        "t": text,
        "text": text,
        "langs": LANGS,
        "html_lang": {"en": "en", "zh": "zh-CN"},
        "site_url": site,
        "offline_url": f"{site}/{OFFLINE_FILE}" if site else "",
        "shown": lambda condition, raw: (
            raw.get(condition.partition("=")[0]) == condition.partition("=")[2]
        ),
        "globals": globals_,
        "global_fields": GLOBAL_FIELDS,
        "global_names": [field.name for field in GLOBAL_FIELDS],
        "units": units(globals_["kind"], globals_["coin"], "en"),
        "groups": GROUPS,
        "nav": navigation(),
        "calculators": CALCULATORS,
        "defaults": defaults,
        "outcomes": outcomes,
        "explained": {
            card_id: formulas.explain(CALCULATORS[card_id].explains) for card_id in defaults
        },
        "max_rows": MAX_ROWS,
    }
    template = environment.get_template("index.html")
    template.render(**context, page_texts="")  # once to learn which texts the page shows
    return template.render(**context, page_texts=page_texts(used))


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
#: The page's Python: every module of these packages.
PACKAGES = ("contractcalc", "app")


def page_modules() -> list[Path]:
    """Every module of the page's packages, relative to py/."""
    return sorted(
        path.relative_to(ROOT / "py")
        for package in PACKAGES
        for path in (ROOT / "py" / package).rglob("*.py")
    )


def package_data() -> list[Path]:
    """The data files the packages read (contractcalc's stored tier tables), relative to py/."""
    return sorted(
        path.relative_to(ROOT / "py")
        for package in PACKAGES
        for path in (ROOT / "py" / package).rglob("*.json")
    )


#: Where the stored tier tables are served, each fetched when first needed.
TIERS_URL = "static/tiers"


def pack_python() -> None:
    """Zip the page's packages into dist/py.zip (the worker unpacks it); serve their data apart.

    Each data file goes to dist/static/tiers/ instead, and the zip holds an empty
    stand-in (``<name>.json.remote``, :data:`contractcalc.tier_data.REMOTE`) saying it
    exists: the worker fetches a file the first time Python asks for it, so the data
    costs nothing on a visit that never chooses that exchange.
    """
    (DIST / TIERS_URL).mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(DIST / PY_ZIP, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)

        for module in page_modules():
            add(str(module), (ROOT / "py" / module).read_bytes())
        for data in package_data():
            add(f"{data}{REMOTE}", b"")
            shutil.copyfile(ROOT / "py" / data, DIST / TIERS_URL / data.name)


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
    # The tier tables count in the cache's name (new data, new cache) but are not
    # precached: the worker stores each the first time it is fetched.
    urls = ["./"] + [
        f"./{name}"
        for name in files
        if name != "index.html" and not name.startswith(f"{TIERS_URL}/")
    ]
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
    for relative in (*RUNTIME_FILES, *STATIC_FILES):
        if relative not in {STDLIB, WASM}:
            copy(relative)
    # mtime=0: the same build gives the same bytes, so the service worker cache name holds.
    (DIST / f"{WASM}.gz").write_bytes(gzip.compress((ROOT / WASM).read_bytes(), 9, mtime=0))
    full_size, trimmed_size = trim_stdlib()
    step(f"build: standard library {full_size / 1e6:.2f} MB -> {trimmed_size / 1e6:.2f} MB")
    site = site_url(os.environ.get("SITE_URL"))
    step(f"build: site address {site or '(none: SITE_URL is not set)'}")
    pack_python()
    (DIST / "index.html").write_text(render_page(site))
    (DIST / ".nojekyll").write_text("")
    cache_name = write_service_worker()
    size = sum(path.stat().st_size for path in DIST.rglob("*") if path.is_file())
    step(f"build: dist/ ready ({size / 1e6:.1f} MB), service worker cache {cache_name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
