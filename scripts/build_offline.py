"""Build the offline single file: the whole calculator in one HTML file that works from file://.

A page that loads Python from files beside it cannot be opened from file:// (browsers
block module scripts, workers and fetches there), so this build puts everything in one file:

- the page's markup (``dist/index.html``, which scripts/build.py renders) with its CSS
  and icon inlined; the service worker registration, the web-app manifest and the
  "Download for offline use" link (``[data-offline-link]``) are dropped; the start-up
  watchdog (static/startup.js, which says so when Python cannot start) is inlined and
  marked ``data-runtime="embedded"``, so that file:// alone is no reason to give up;
- the page's binder (static/page.js, marked ``data-offline="inline"``) inlined, and before
  it a small loader (scripts/offline/loader.js) that defines
  ``globalThis.contractCalculatorRuntime``: page.js calls it instead of naming the served
  site's files, and starts the worker (static/worker.mjs) it gives with the runtime it
  gives (see static/worker.mjs);
- the worker (static/worker.mjs bundled by esbuild with the vendored Pyodide's two
  JavaScript modules into one script, scripts/offline/worker-entry.mjs), the rest of
  Pyodide (the WebAssembly binary, the trimmed standard library and the lock file) and
  the page's Python (``py.zip``) and its stored tier tables (which the served site's
  worker fetches when needed), gzip-compressed in inert data blocks, as 7-bit text by
  default (about 14% over the compressed bytes; ``--base64``: 33%, ASCII only). The
  standard library's zip is re-written with stored members first, so that gzip
  compresses it as a whole (smaller than its per-member deflate). The loader decompresses
  each block (through the browser's DecompressionStream), starts the worker from a data:
  URL of its bundle and hands it the other files as Blobs; the worker answers every
  fetch from those and fetches nothing else.

The file starts Python normally: it embeds no memory snapshot (see the README's
Performance section). Nothing is copied by hand: run this after ``make vendor`` and
scripts/build.py, whose dist/ it reads. Usage::

    python scripts/build_offline.py [--page dist/index.html] [--out dist/contract-calculator.html]
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import html
import io
import mimetypes
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from build import TIERS_URL  # noqa: E402  (where it serves the tier tables)

LOADER = ROOT / "scripts" / "offline" / "loader.js"
WORKER_ENTRY = ROOT / "scripts" / "offline" / "worker-entry.mjs"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
#: Chromium refuses a URL over 2 MiB: the worker's data: URL (base64) must stay under it.
MAX_DATA_URL = 2 * 1024 * 1024
CHECKSUMS = ROOT / "scripts" / "runtime-checksums.txt"
VENDOR = ROOT / "static" / "vendor"
DEFAULT_PAGE = ROOT / "dist" / "index.html"
DEFAULT_OUT = ROOT / "dist" / "contract-calculator.html"

#: The embedded files, as the served site names them (relative to the page), each with
#: the role by which the loader hands it over (see scripts/offline/loader.js), if any.
WORKER = ("static/worker.mjs", "worker")
PYODIDE = "static/vendor/pyodide/"
#: Pyodide's files the worker fetches; its two modules are bundled into the worker.
RUNTIME = ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
BUNDLED = ("pyodide.mjs", "pyodide.asm.mjs")
PYTHON = ("py.zip", "python")
#: The three characters a <script> data block cannot hold as themselves (the HTML parser
#: replaces NUL, turns CR into LF and may end the block at "<"), and what stands for them.
ESCAPES = {0: "\u0100", 13: "\u0101", 60: "\u0102"}

TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".css": "text/css",
}

CSP_COMMENT = """\
<!-- Content-Security-Policy of the offline file. Everything is inline, so:
     default-src 'none': nothing else is allowed.
     script-src: the start-up watchdog, the loader and the page's script by SHA-256 hash
       (no 'unsafe-inline', no 'unsafe-eval'); 'wasm-unsafe-eval' to compile Pyodide's
       WebAssembly.
     worker-src data: the worker that runs Python is a data: URL module, one script that
       bundles static/worker.mjs and Pyodide's modules (from file://, no engine lets a
       worker load all it needs from blob: URLs); it has this document's policy. It gets
       the other embedded files as Blobs and fetches nothing, so nothing leaves this file.
     style-src: the inline stylesheet by hash; img-src data: for the inlined icon. -->
"""


class BuildError(Exception):
    """A problem with the inputs; the message says what to do."""


# ----------------------------------------------------------------- reading the page


@dataclass
class Tag:
    name: str
    attrs: dict[str, str | None]
    start: int
    end: int  # after the start tag

    def get(self, key: str) -> str:
        return self.attrs.get(key) or ""


class PageScan(HTMLParser):
    """The start tags and comments of a page, with their offsets in its text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.tags: list[Tag] = []
        self.comments: list[tuple[str, int, int]] = []
        # HTMLParser counts lines by "\n" only (str.splitlines would count more breaks).
        self._lines = [0] + [match.end() for match in re.finditer("\n", text)]
        self.feed(self.text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        text = self.get_starttag_text() or ""
        self.tags.append(Tag(tag, dict(attrs), start, start + len(text)))

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        start = self._offset()
        self.comments.append((data, start, start + len(data) + 7))

    def element_end(self, tag: Tag) -> int:
        """The offset just after the end tag of ``tag`` (which must not nest itself)."""
        match = re.compile(rf"</{tag.name}\s*>", re.I).search(self.text, tag.end)
        if match is None:
            raise BuildError(f"no </{tag.name}> after offset {tag.start}")
        return match.end()


class Edits:
    """Replacements of spans of the page, applied at once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[tuple[int, int, str]] = []

    def replace(self, start: int, end: int, new: str) -> None:
        self.spans.append((start, end, new))

    def remove(self, start: int, end: int) -> None:
        """Remove a span, and its line when nothing else is on it."""
        line_start = self.text.rfind("\n", 0, start) + 1
        if not self.text[line_start:start].strip() and self.text[end : end + 1] == "\n":
            start, end = line_start, end + 1
        self.replace(start, end, "")

    def apply(self) -> str:
        out, last = [], 0
        for start, end, new in sorted(self.spans):
            if start < last:
                raise BuildError(f"overlapping edits at offset {start}")
            out += [self.text[last:start], new]
            last = end
        out.append(self.text[last:])
        return "".join(out)


# ----------------------------------------------------------------- helpers


def local_path(site: Path, url: str) -> Path | None:
    """The file a page-relative URL names, or None for other URLs."""
    if not url or re.match(r"^[a-z][a-z0-9+.-]*:|^//|^#", url, re.I):
        return None
    path = (site / url.split("#")[0].split("?")[0]).resolve()
    if not path.is_relative_to(site.resolve()):
        raise BuildError(f"{url} points outside the site")
    return path


def data_url(path: Path) -> str:
    kind = (
        TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    )
    kind = kind.split(";")[0]
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def sha256_source(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def inline_css(css: str, base: Path, site: Path) -> str:
    def replace(match: re.Match[str]) -> str:
        url = match.group(2)
        path = local_path(site, str(Path(base.relative_to(site.resolve()), url)))
        return match.group(0) if path is None else f'url("{data_url(path)}")'

    return re.sub(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""", replace, css)


def check_inline(text: str, what: str) -> str:
    """Refuse text that would end or confuse the <script>/<style> element holding it."""
    if re.search(r"</(script|style)|<!--", text, re.I):
        raise BuildError(f"{what} contains </script>, </style> or <!--; cannot inline it")
    return text


def encode_7bit(data: bytes) -> str:
    """Each 7 bits of ``data`` as one character (see scripts/offline/loader.js)."""
    chars = (len(data) * 8 + 6) // 7
    padded = data + bytes(-len(data) % 7)
    out = bytearray()
    for at in range(0, len(padded), 7):
        word = int.from_bytes(padded[at : at + 7], "big")
        out += bytes((word >> shift) & 127 for shift in range(49, -1, -7))
    return out[:chars].decode("ascii").translate(ESCAPES)


def data_block(url: str, data: bytes, kind: str, role: str, encoding: str) -> str:
    """An inert <script> holding ``data`` gzip-compressed, for the loader to decode."""
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    text = base64.b64encode(packed).decode() if encoding == "base64" else encode_7bit(packed)
    role_attr = f' data-role="{role}"' if role else ""
    return (
        f'<script type="application/x-gzip-{encoding}" data-path="./{html.escape(url)}"'
        f' data-type="{html.escape(kind)}"{role_attr}>{text}</script>'
    )


def stored_zip(data: bytes) -> bytes:
    """The same zip with its members stored, not deflated: gzip then compresses the
    whole archive at once, which is about 10% smaller than deflating each member.
    zipimport reads stored members as it reads deflated ones."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            member = source.read(info)
            info.compress_type = zipfile.ZIP_STORED
            target.writestr(info, member)
    return out.getvalue()


def verify_runtime(name: str, data: bytes) -> None:
    """Each embedded runtime file must be the pinned one (scripts/runtime-checksums.txt)."""
    if not CHECKSUMS.is_file():
        return
    expected = {}
    for line in CHECKSUMS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            digest, entry = line.split(maxsplit=1)
            expected[entry] = digest
    if name in expected and hashlib.sha256(data).hexdigest() != expected[name]:
        raise BuildError(f"{name} is not the pinned runtime file: run `make vendor`")


# ----------------------------------------------------------------- the build


def inline_source(path: Path | None, what: str) -> str:
    """A local script's text, to inline as a classic script."""
    if path is None or not path.is_file():
        raise BuildError(f"{what} is not a local file")
    return check_inline(path.read_text(encoding="utf-8").strip(), what)


def loader_source() -> str:
    """scripts/offline/loader.js without its header comment (the code only)."""
    lines = LOADER.read_text(encoding="utf-8").splitlines()
    while lines and (lines[0].startswith("//") or not lines[0].strip()):
        lines.pop(0)
    return check_inline("\n".join(lines).strip(), str(LOADER))


def embedded_files(site: Path) -> list[tuple[str, bytes, str, str]]:
    """The files the worker needs: (URL relative to the page, bytes, type, role)."""
    files: list[tuple[str, bytes, str, str]] = []

    def add(url: str, role: str, fallback: Path | None = None) -> Path:
        path = site / url
        if not path.is_file() and fallback is not None:
            path = fallback
        if not path.is_file():
            raise BuildError(f"{url} is missing: run `make vendor` and scripts/build.py first")
        files.append((url, path.read_bytes(), TYPES[path.suffix], role))
        return path

    files.append((WORKER[0], bundle_worker(site / PYODIDE), TYPES[".mjs"], WORKER[1]))
    for name in RUNTIME:
        # dist/ ships the wasm gzip-compressed only: take the vendored copy.
        path = add(PYODIDE + name, "runtime", fallback=VENDOR / "pyodide" / name)
        if name != "python_stdlib.zip" or path.is_relative_to(VENDOR):
            verify_runtime(f"pyodide/{name}", files[-1][1])  # build.py trims dist's stdlib
    add(*PYTHON)
    # The stored tier tables, which the worker fetches when Python needs one.
    for path in sorted((site / TIERS_URL).glob("*.json")):
        add(str(path.relative_to(site)), "")
    return files


def bundle_worker(runtime: Path) -> bytes:
    """static/worker.mjs and ``runtime``'s two Pyodide modules (checked against the pins)."""
    for name in BUNDLED:
        if not (runtime / name).is_file():
            raise BuildError(f"{runtime / name} is missing: run scripts/build.py first")
        verify_runtime(f"pyodide/{name}", (runtime / name).read_bytes())
    if not ESBUILD.is_file():
        raise BuildError("esbuild is missing: run `npm ci` (make vendor does)")
    result = subprocess.run(
        [
            str(ESBUILD),
            str(WORKER_ENTRY),
            "--bundle",
            "--format=esm",
            "--platform=browser",
            "--external:node:*",  # Pyodide's Node branches, never taken in a browser
            "--external:ws",
            f"--alias:pyodide={runtime.resolve()}",
            "--log-level=warning",
        ],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(f"esbuild: {result.stderr.decode(errors='replace').strip()}")
    url_length = len("data:text/javascript;base64,") + 4 * -(-len(result.stdout) // 3)
    if url_length > MAX_DATA_URL:
        raise BuildError(f"the worker's data: URL would be {url_length:,} characters, over 2 MiB")
    return result.stdout


def build(
    page: Path, out: Path, *, encoding: str = "7bit", repack_stdlib: bool = True
) -> dict[str, Any]:
    """Write the offline file for ``page`` to ``out``; return its size and what was dropped."""
    site = page.parent.resolve()
    text = page.read_text(encoding="utf-8")
    scan = PageScan(text)
    edits = Edits(text)
    tags = scan.tags

    def attr_local(tag: Tag, name: str) -> Path | None:
        return local_path(site, tag.get(name))

    files = embedded_files(site)
    if repack_stdlib:
        files = [
            (url, stored_zip(data) if url.endswith("/python_stdlib.zip") else data, kind, role)
            for url, data, kind, role in files
        ]
    loader = loader_source()

    styles: list[str] = []
    inline_scripts: list[str] = [loader]
    removed_scripts: list[str] = []
    binders = 0
    for tag in tags:
        if tag.name == "meta" and tag.get("http-equiv").lower() == "content-security-policy":
            edits.remove(tag.start, tag.end)
        elif tag.name == "link":
            rel = tag.get("rel").lower().split()
            path = attr_local(tag, "href")
            if "stylesheet" in rel and path is not None:
                css = inline_css(path.read_text(encoding="utf-8").strip(), path.parent, site)
                css = check_inline(css, str(path))
                styles.append(css)
                edits.replace(tag.start, tag.end, f"<style>{css}</style>")
            elif "icon" in rel and path is not None:
                new = tag.get("href")
                edits.replace(
                    tag.start,
                    tag.end,
                    text[tag.start : tag.end].replace(f'"{new}"', f'"{data_url(path)}"'),
                )
            elif rel and rel[0] in {"manifest", "apple-touch-icon"}:
                edits.remove(tag.start, tag.end)  # an installable web app needs a server
            elif rel and rel[0] in {"preload", "modulepreload"}:
                edits.remove(tag.start, tag.end)  # everything is embedded
        elif tag.name == "img" and attr_local(tag, "src") is not None:
            src = tag.get("src")
            edits.replace(
                tag.start,
                tag.end,
                text[tag.start : tag.end].replace(
                    f'"{src}"',
                    f'"{data_url(attr_local(tag, "src"))}"',  # type: ignore[arg-type]
                ),
            )
        elif "data-offline-link" in tag.attrs:
            edits.remove(tag.start, scan.element_end(tag))  # this file is the download
        elif tag.name == "script" and tag.get("data-offline") == "inline":
            # A classic script the file needs too: inlined, allowed by its hash. The page's
            # binder gets the loader just before it, to ask it for the embedded runtime.
            source = inline_source(attr_local(tag, "src"), tag.get("src"))
            inline_scripts.append(source)
            new = f"<script>{source}</script>"
            if "contractCalculatorRuntime" in source:
                binders += 1
                new = f"<script>{loader}</script>\n  {new}"
            edits.replace(tag.start, scan.element_end(tag), new)
        elif tag.name == "script" and tag.get("src").endswith("/startup.js"):
            path = attr_local(tag, "src")
            if tag.get("type") or "defer" in tag.attrs or "async" in tag.attrs:
                raise BuildError("static/startup.js must be a local, classic, blocking script")
            source = inline_source(path, tag.get("src"))
            inline_scripts.append(source)
            edits.replace(
                tag.start,
                scan.element_end(tag),
                f'<script data-runtime="embedded">{source}</script>',
            )
        elif tag.name == "script" and attr_local(tag, "src") is not None:
            # The service worker registration: a file:// page has no service worker.
            source = attr_local(tag, "src").read_text(encoding="utf-8")  # type: ignore[union-attr]
            if "serviceWorker" not in source:
                raise BuildError(
                    f"<script src={tag.get('src')}>: the offline build inlines only scripts"
                    ' marked data-offline="inline" and drops the service worker'
                    " registration; teach it this script"
                )
            removed_scripts.append(tag.get("src"))
            edits.remove(tag.start, scan.element_end(tag))
    if binders != 1:
        raise BuildError(
            'the page needs one script marked data-offline="inline" that asks'
            " globalThis.contractCalculatorRuntime for the runtime (static/page.js)"
        )

    for data, start, end in scan.comments:
        if "Content-Security-Policy" in data:
            edits.remove(start, end)
    charset = next((t for t in tags if t.name == "meta" and t.get("charset")), None)
    if charset is None:
        raise BuildError('the page needs <meta charset="utf-8">')
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join([*map(sha256_source, inline_scripts), "'wasm-unsafe-eval'"]),
            "worker-src data:",
            "style-src " + " ".join(sha256_source(s) for s in styles),
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    edits.replace(
        charset.end,
        charset.end,
        "\n  "
        + CSP_COMMENT.replace("\n", "\n  ").rstrip()
        + f'\n  <meta http-equiv="Content-Security-Policy" content="{csp}">',
    )

    body_end = text.lower().rfind("</body>")
    if body_end < 0:
        raise BuildError("no </body>")
    data_blocks = "".join(
        f"  {data_block(url, data, kind, role, encoding)}\n" for url, data, kind, role in files
    )
    edits.replace(body_end, body_end, data_blocks)

    result = edits.apply()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(result, encoding="utf-8")
    return {
        "bytes": len(result.encode()),
        "embedded": sum(len(data) for _, data, _, _ in files),
        "dropped": removed_scripts,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--page",
        type=Path,
        default=DEFAULT_PAGE,
        help="the built page, py.zip beside it (default: dist/index.html)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--keep-stdlib-zip",
        action="store_true",
        help="embed python_stdlib.zip as built (larger) instead of re-storing its members",
    )
    parser.add_argument(
        "--base64",
        action="store_const",
        const="base64",
        default="7bit",
        dest="encoding",
        help="embed the files as base64 (ASCII only, about 1 MB larger) instead of 7-bit text",
    )
    args = parser.parse_args()
    page = args.page
    if not page.is_file():
        print(f"build_offline: {page} is missing: run scripts/build.py first", file=sys.stderr)
        return 1
    try:
        info = build(page, args.out, encoding=args.encoding, repack_stdlib=not args.keep_stdlib_zip)
    except BuildError as error:
        print(f"build_offline: {error}", file=sys.stderr)
        return 1
    size = info["bytes"]
    for src in info["dropped"]:
        print(f"build_offline: dropped <script src={src}> (no service worker from file://)")
    print(
        f"build_offline: {page.relative_to(ROOT) if page.is_relative_to(ROOT) else page} -> "
        f"{args.out} ({size:,} bytes, {size / 1e6:.2f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
