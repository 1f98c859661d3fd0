"""The offline single file's build (scripts/build_offline.py), without a browser.

The page is the real one (rendered by scripts/build.py) with the real static/ scripts; the
runtime is a stand-in of small files, so the build runs in a second. What a browser does
with the file is tests/e2e/test_offline_file.py's part.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import random
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from scripts import build as site_build
from scripts import build_offline
from scripts.build_offline import BuildError

ROOT = Path(__file__).resolve().parents[3]
PYODIDE = "static/vendor/pyodide"


def stand_in_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def page_html() -> str:
    return site_build.render_page()


@pytest.fixture
def site(tmp_path: Path, page_html: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A built site in miniature: the real page and static files, a stand-in runtime whose
    checksums are the pinned ones (monkeypatched), and its py.zip."""
    root = tmp_path / "dist"
    for relative in site_build.STATIC_FILES:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / relative, root / relative)
    (root / "index.html").write_text(page_html, encoding="utf-8")
    noise = random.Random(7)  # every byte value, so the 7-bit escapes (NUL, CR, "<") occur
    runtime = {
        "pyodide.mjs": b"export const version = '0';\nexport async function loadPyodide() {}\n",
        "pyodide.asm.mjs": b"export default async function createPyodideModule() {}\n",
        "pyodide.asm.wasm": b"\0asm\1\0\0\0" + noise.randbytes(3000),
        "python_stdlib.zip": stand_in_zip({"json/__init__.py": b"# json\n" * 40}),
        "pyodide-lock.json": b'{"info": {"version": "0"}, "packages": {}}',
    }
    (root / PYODIDE).mkdir(parents=True)
    for name, data in runtime.items():
        (root / PYODIDE / name).write_bytes(data)
    (root / "py.zip").write_bytes(stand_in_zip({"app/__init__.py": b'"""app"""\n'}))
    (root / site_build.TIERS_URL).mkdir(parents=True)
    (root / site_build.TIERS_URL / "binance-linear.json").write_bytes(
        (ROOT / "py" / "contractcalc" / "tiers" / "binance-linear.json").read_bytes()
    )
    checksums = tmp_path / "runtime-checksums.txt"
    checksums.write_text(
        "# stand-in pins\n"
        + "".join(
            f"{hashlib.sha256(data).hexdigest()}  pyodide/{name}\n"
            for name, data in runtime.items()
        )
    )
    monkeypatch.setattr(build_offline, "CHECKSUMS", checksums)
    monkeypatch.setattr(build_offline, "VENDOR", tmp_path / "no-vendor")
    return root


class OfflineFile(HTMLParser):
    """The offline file's scripts (attributes and text), styles and CSP."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.csp: dict[str, list[str]] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "meta" and attributes.get("http-equiv") == "Content-Security-Policy":
            content = attributes.get("content") or ""
            self.csp = {name: sources for name, *sources in map(str.split, content.split(";"))}
        if tag in {"script", "style"}:
            self._open, self._text = (tag, attributes), []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[0]:
            text = "".join(self._text)
            if tag == "script":
                self.scripts.append((self._open[1], text))
            else:
                self.styles.append(text)
            self._open = None

    def blocks(self) -> dict[str, tuple[dict[str, str | None], str]]:
        """The data blocks by data-path."""
        return {
            attrs["data-path"] or "": (attrs, text)
            for attrs, text in self.scripts
            if (attrs.get("type") or "").startswith("application/x-gzip-")
        }


def from_7bit(text: str) -> bytes:
    """The documented 7-bit text (scripts/offline/loader.js) back to bytes, bit by bit."""
    escaped = {0x100: 0, 0x101: 13, 0x102: 60}
    bits = "".join(f"{escaped.get(ord(char), ord(char)):07b}" for char in text)
    return bytes(int(bits[at : at + 8], 2) for at in range(0, len(bits) - 7, 8))


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def build(site: Path, **options: str) -> OfflineFile:
    out = site / "contract-calculator.html"
    build_offline.build(site / "index.html", out, **options)
    return OfflineFile(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("encoding", ["7bit", "base64"])
def test_every_file_the_worker_needs_is_embedded_once_and_decodes_to_its_bytes(
    site: Path, encoding: str
) -> None:
    blocks = build(site, encoding=encoding).blocks()
    expected = {
        "./static/worker.mjs": ("text/javascript", "worker"),
        f"./{PYODIDE}/pyodide.asm.wasm": ("application/wasm", "runtime"),
        f"./{PYODIDE}/python_stdlib.zip": ("application/zip", "runtime"),
        f"./{PYODIDE}/pyodide-lock.json": ("application/json", "runtime"),
        "./py.zip": ("application/zip", "python"),
        # Fetched by the worker when Python needs it, answered from the embedded bytes.
        "./static/tiers/binance-linear.json": ("application/json", None),
    }
    assert {path: (a["data-type"], a.get("data-role")) for path, (a, _) in blocks.items()} == (
        expected
    )
    for path, (attrs, text) in blocks.items():
        assert attrs["type"] == f"application/x-gzip-{encoding}"
        assert not set(text) & {"<", "\r", "\0"}, path
        packed = from_7bit(text) if encoding == "7bit" else base64.b64decode(text)
        data = gzip.decompress(packed)
        original = (site / path).read_bytes()
        if path.endswith("worker.mjs"):  # one script: the worker and both Pyodide modules
            bundle = data.decode()
            assert "app.session" in bundle  # static/worker.mjs
            assert "function loadPyodide" in bundle  # the stand-in pyodide.mjs
            assert "function createPyodideModule" in bundle  # the stand-in pyodide.asm.mjs
            # No module is imported at run time but the served site's loader (not taken here).
            assert re.findall(r"(?<!\w)import\((?!runtime\.loader)", bundle) == []
        elif path.endswith("python_stdlib.zip"):  # re-stored: the same members, uncompressed
            with zipfile.ZipFile(io.BytesIO(data)) as got, zipfile.ZipFile(site / path) as was:
                assert {i.compress_type for i in got.infolist()} == {zipfile.ZIP_STORED}
                assert {n: got.read(n) for n in got.namelist()} == {
                    n: was.read(n) for n in was.namelist()
                }
        else:
            assert data == original, path


def test_each_inline_script_and_style_is_allowed_by_its_hash_and_the_worker_exactly(
    site: Path,
) -> None:
    page = build(site)
    inline = [text for attrs, text in page.scripts if not attrs.get("type")]
    assert len(inline) == 3  # the start-up watchdog, the loader, static/page.js
    csp = page.csp
    assert csp["default-src"] == ["'none'"]
    assert sorted(csp["script-src"]) == sorted([*map(sha256_source, inline), "'wasm-unsafe-eval'"])
    assert csp["worker-src"] == ["data:"]
    assert "connect-src" not in csp  # the worker gets its files as bytes: it fetches nothing
    assert csp["style-src"] == [sha256_source(style) for style in page.styles]
    assert csp["img-src"] == ["data:"]
    assert len([t for t, a in page.tags if t == "meta" and a.get("http-equiv")]) == 1


def test_the_served_sites_parts_go_and_the_loader_comes_before_the_page_script(
    site: Path,
) -> None:
    page = build(site)
    inline = [(attrs, text) for attrs, text in page.scripts if not attrs.get("type")]
    watchdog, loader, binder = inline
    assert watchdog[0].get("data-runtime") == "embedded"
    assert watchdog[1] == (site / "static/startup.js").read_text(encoding="utf-8").strip()
    assert "globalThis.contractCalculatorRuntime =" in loader[1]
    assert not loader[1].startswith("//")  # the header comment stays in the repository
    assert binder[1] == (site / "static/page.js").read_text(encoding="utf-8").strip()
    assert not any(attrs.get("src") for attrs, _ in page.scripts)
    assert not any("data-offline-link" in attrs for _, attrs in page.tags)
    links = [attrs.get("rel") for tag, attrs in page.tags if tag == "link"]
    assert "manifest" not in links
    assert "stylesheet" not in links
    icon = next(a for t, a in page.tags if t == "link" and a.get("rel") == "icon")
    assert (icon.get("href") or "").startswith("data:image/svg+xml;base64,")


def test_a_runtime_file_that_is_not_the_pinned_one_stops_the_build(site: Path) -> None:
    wasm = site / PYODIDE / "pyodide.asm.wasm"
    wasm.write_bytes(wasm.read_bytes() + b"\0")
    with pytest.raises(BuildError, match=r"pyodide\.asm\.wasm is not the pinned runtime"):
        build(site)


def test_a_page_whose_scripts_the_build_does_not_know_is_refused(site: Path) -> None:
    page = site / "index.html"
    text = page.read_text(encoding="utf-8")
    (site / "static/extra.js").write_text("console.log('extra');\n")
    page.write_text(text.replace("</head>", '<script src="./static/extra.js"></script></head>'))
    with pytest.raises(BuildError, match="teach it this script"):
        build(site)
    page.write_text(re.sub(r'<script src="./static/page.js"[^>]*></script>', "", text))
    with pytest.raises(BuildError, match="contractCalculatorRuntime"):
        build(site)


def test_a_missing_file_names_what_to_run(site: Path) -> None:
    (site / "py.zip").unlink()
    with pytest.raises(BuildError, match=r"py\.zip is missing: run `make vendor`"):
        build(site)
