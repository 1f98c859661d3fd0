"""Build the offline single file: the whole calculator in one HTML file that works from file://.

A page that loads Python from files beside it cannot be opened from file:// (browsers
block module scripts and fetches there), so this build puts everything in one file:

- the page's markup (``dist/index.html`` if built, else ``index.html``) with its CSS
  and icon inlined; the service worker registration, the web-app manifest and the
  "Download for offline use" link (``[data-offline-link]``) are dropped; the start-up
  watchdog (static/startup.js, which says so when Python cannot start) is inlined and
  marked ``data-runtime="embedded"``, so that file:// alone is no reason to give up;
- PyScript, bundled by esbuild into one inline module. Left out: the plugins the page
  switches off in pyscript.toml and the chunks only they, MicroPython, packages or a
  TOML config use (the config is inlined as JSON); each is mapped to a module that
  throws, so nothing is ever fetched for them;
- the page's Python files (pyscript.toml ``[files]`` and the main script) and the
  vendored Pyodide (its two JavaScript modules, the WebAssembly binary, the standard
  library and the lock file), gzip-compressed in inert data blocks, as 7-bit text by
  default (about 14% over the compressed bytes; ``--base64``: 33%, ASCII only). The
  standard library's zip is re-written with stored members first, so that gzip
  compresses it as a whole (smaller than its per-member deflate);
- a small loader (scripts/offline/loader.js) that answers fetch() for those paths from
  the embedded bytes through the browser's DecompressionStream, and an import map that
  points Pyodide's two modules (same URLs as the served page) at tiny modules that
  import the decompressed code from blob: URLs.

Nothing is copied by hand: run this after ``make vendor`` (and after scripts/build.py,
whose dist/ it prefers). Usage::

    python scripts/build_offline.py [--page PATH] [--out dist/contract-calculator.html]
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import html
import io
import json
import mimetypes
import re
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
LOADER = ROOT / "scripts" / "offline" / "loader.js"
CHECKSUMS = ROOT / "scripts" / "runtime-checksums.txt"
DEFAULT_OUT = ROOT / "dist" / "contract-calculator.html"

#: Pyodide's files, in the order the page needs them; the two modules go through the
#: import map, the others through fetch().
PYODIDE_MODULES = ("pyodide.mjs", "pyodide.asm.mjs")
PYODIDE_DATA = ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
#: PyScript always imports its "error" plugin (to switch it off if the config says so).
ALWAYS_BUNDLED_PLUGINS = {"error"}
#: The three characters a <script> data block cannot hold as themselves (the HTML parser
#: replaces NUL, turns CR into LF and may end the block at "<"), and what stands for them.
ESCAPES = {0: "\u0100", 13: "\u0101", 60: "\u0102"}

TYPES = {
    ".py": "text/plain; charset=utf-8",
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
     default-src 'none': nothing else is allowed; connect-src is therefore 'none', as
       fetch() is answered from the bytes embedded below and nothing leaves this file.
     script-src: the import map, the loader, the PyScript bundle and the start-up watchdog
       by SHA-256 hash (no 'unsafe-inline'); data: for the import map's two small modules
       (an import map can only name URLs) that import Pyodide's JavaScript, decompressed
       into blob: URLs (the 1.25 MB pyodide.asm.mjs is too long for a data: URL);
       'wasm-unsafe-eval' to compile Pyodide's WebAssembly. No 'unsafe-eval': the build
       empties PyScript's default worker hook, the only code that evaluated a string (the
       page has no worker).
     style-src: the two inline stylesheets by hash; img-src data: for the inlined icon. -->
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


def minify_css(path: Path) -> str:
    result = subprocess.run(
        [str(ESBUILD), str(path), "--minify", "--log-level=warning"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


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


def data_block(url: str, data: bytes, kind: str, encoding: str) -> str:
    """An inert <script> holding ``data`` gzip-compressed, for the loader to serve."""
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    text = base64.b64encode(packed).decode() if encoding == "base64" else encode_7bit(packed)
    return (
        f'<script type="application/x-gzip-{encoding}" data-path="{html.escape(url)}"'
        f' data-type="{html.escape(kind)}">{text}</script>'
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


def esbuild(*args: str, log_level: str = "warning") -> None:
    if not ESBUILD.exists():
        raise BuildError("esbuild is missing: run `npm ci` (make vendor does)")
    result = subprocess.run([str(ESBUILD), *args, f"--log-level={log_level}"], check=False)
    if result.returncode:
        raise BuildError(f"esbuild failed ({result.returncode})")


# ----------------------------------------------------------------- PyScript and Pyodide


def bundle_pyscript(
    entry: Path, hooks_module: Path, excluded_plugins: set[str], work: Path
) -> tuple[str, list[str]]:
    """PyScript as one minified ES module, and the chunk paths it leaves out.

    The bundle's entry is the page's own static/pyscript-hooks.js, which imports PyScript's
    core and clears the worker hook that would otherwise need script-src 'unsafe-eval'.

    Left out: the chunks of plugins the config switches off, and every other chunk
    (TOML parser, zip reader, package graph, editor, terminal): the config is inlined
    as JSON and the page installs no packages and runs no MicroPython.
    """
    chunks: dict[str, str] = {}  # "./name.js" -> plugin name or ""
    for path in entry.parent.glob("*.js"):
        text = path.read_text()
        for plugin, target in re.findall(r'"?([\w-]+)"?:\(\)=>import\("(\./[^"]+\.js)"\)', text):
            chunks[target] = plugin
        for target in re.findall(r'import\("(\./[^"]+\.js)"\)', text):
            chunks.setdefault(target, "")
    external = sorted(
        target
        for target, plugin in chunks.items()
        if not plugin or (plugin in excluded_plugins and plugin not in ALWAYS_BUNDLED_PLUGINS)
    )
    out = work / "pyscript.js"
    esbuild(
        str(hooks_module),
        "--bundle",
        "--format=esm",
        "--minify",
        f"--outfile={out}",
        *(f"--external:{target}" for target in external),
    )
    return check_inline(out.read_text().strip(), "the PyScript bundle"), external


def module_exports(path: Path, work: Path) -> list[str]:
    """The names an ES module exports, as esbuild reads them."""
    meta = work / f"{path.name}.meta.json"
    esbuild(
        str(path),
        "--format=esm",
        f"--outfile={work / path.name}",
        f"--metafile={meta}",
        log_level="error",  # Emscripten's output trips a CommonJS warning
    )
    outputs = json.loads(meta.read_text())["outputs"]
    return sorted(next(iter(o["exports"] for o in outputs.values() if "exports" in o)))


def module_shim(url: str, exports: list[str]) -> str:
    """A data: URL of a module that imports the embedded module ``url`` from a blob: URL."""
    lines = [
        f"const u=URL.createObjectURL(await(await fetch({json.dumps(url)})).blob());",
        "const m=await import(u);URL.revokeObjectURL(u);",
    ]
    for name in exports:
        if name == "default":
            lines.append("export default m.default;")
        else:
            lines.append(f"export const {name}=m.{name};")
    return "data:text/javascript," + quote("".join(lines), safe="(){}[];:,.=/'\"+*!?&|$@ ")


THROW_MODULE = "data:text/javascript," + quote(
    "throw Error('not in the offline file')", safe="( )'"
)


# ----------------------------------------------------------------- the build


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

    py_scripts = [t for t in tags if t.name == "script" and t.get("type") == "py"]
    if len(py_scripts) != 1 or not py_scripts[0].get("config"):
        raise BuildError('the page must have one <script type="py" config=...>')
    py_script = py_scripts[0]
    config_value = py_script.get("config")
    if config_value.lstrip().startswith("{"):  # the built page carries its config as JSON
        config = json.loads(config_value)
    else:
        config_path = attr_local(py_script, "config")
        if config_path is None or config_path.suffix != ".toml":
            raise BuildError("the config attribute must be JSON or name a local .toml file")
        config = tomllib.loads(config_path.read_text(encoding="utf-8"))
    if config.get("fetch") or config.get("packages") or config.get("js_modules"):
        raise BuildError("the offline build supports [files] only (no fetch/packages/js_modules)")
    excluded = {p[1:] for p in config.get("plugins", []) if p.startswith("!")}
    interpreter = config.get("interpreter", "")
    if interpreter.endswith("/pyodide-snapshot.mjs"):
        # The served site's snapshot loader (scripts/build_snapshot.py); this file starts
        # Pyodide normally: it embeds no snapshot (see the README's Performance section).
        interpreter = interpreter.rsplit("/", 1)[0] + "/vendor/pyodide/pyodide.mjs"
        config["interpreter"] = interpreter
    if not interpreter.endswith("/pyodide.mjs") or local_path(site, interpreter) is None:
        raise BuildError("pyscript.toml's interpreter must be the vendored pyodide.mjs")
    runtime_dir = local_path(site, interpreter).parent  # type: ignore[union-attr]
    runtime_url = interpreter.rsplit("/", 1)[0] + "/"

    module_tags = [
        t for t in tags if t.name == "script" and t.get("type") == "module" and t.get("src")
    ]
    core_tags = [t for t in module_tags if t.get("src").endswith("/core.js")]
    hook_tags = [t for t in module_tags if t.get("src").endswith("/pyscript-hooks.js")]
    # The served site's wasm-gz.js fetches a compressed wasm; this file embeds its own.
    served_only = [t for t in module_tags if t.get("src").endswith("/wasm-gz.js")]
    if len(core_tags) != 1 or len(hook_tags) != 1 or len(module_tags) != 2 + len(served_only):
        raise BuildError(
            "the page must load PyScript's core.js and static/pyscript-hooks.js as its"
            " only module scripts (besides the served site's wasm-gz.js)"
        )
    core_tag, hook_tag = core_tags[0], hook_tags[0]

    # Embedded files: path as the page names it -> (bytes, type).
    blocks: list[tuple[str, bytes, str]] = []
    python_urls = [py_script.get("src"), *config.get("files", {})]
    for url in python_urls:
        path = local_path(site, url)
        if path is None or not path.is_file():
            raise BuildError(f"{url} (from the page or [files]) is not a local file")
        blocks.append((url, path.read_bytes(), TYPES[".py"] if path.suffix == ".py" else ""))
    for name in PYODIDE_MODULES + PYODIDE_DATA:
        path = runtime_dir / name
        if not path.is_file():  # dist/ ships the wasm compressed: take the vendored copy
            path = ROOT / "static" / "vendor" / "pyodide" / name
        if not path.is_file():
            raise BuildError(f"{path} is missing: run `make vendor`")
        data = path.read_bytes()
        if name != "python_stdlib.zip" or site == ROOT:  # scripts/build.py trims that one
            verify_runtime(f"pyodide/{name}", data)
        if name == "python_stdlib.zip" and repack_stdlib:
            data = stored_zip(data)
        blocks.append((runtime_url + name, data, TYPES[Path(name).suffix]))

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bundle, external = bundle_pyscript(
            attr_local(core_tag, "src"),  # type: ignore[arg-type]
            attr_local(hook_tag, "src"),  # type: ignore[arg-type]
            excluded,
            work,
        )
        imports = dict.fromkeys(external, THROW_MODULE)
        for name in PYODIDE_MODULES:
            url = runtime_url + name
            imports[url] = module_shim(url, module_exports(runtime_dir / name, work))
        esbuild(str(LOADER), "--minify", "--format=esm", f"--outfile={work / 'loader.js'}")
        loader = check_inline((work / "loader.js").read_text().strip(), "the loader")

    importmap = json.dumps({"imports": imports}, separators=(",", ":"))
    importmap = check_inline(importmap.replace("<", "\\u003c"), "the import map")
    config_json = json.dumps(config, separators=(",", ":"), ensure_ascii=False)

    styles: list[str] = []
    inline_scripts: list[str] = []
    removed_scripts: list[str] = []
    for tag in tags:
        if tag.name == "meta" and tag.get("http-equiv").lower() == "content-security-policy":
            edits.remove(tag.start, tag.end)
        elif tag.name == "link":
            rel = tag.get("rel").lower().split()
            path = attr_local(tag, "href")
            if "stylesheet" in rel and path is not None:
                css = inline_css(minify_css(path), path.parent, site)
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
        elif tag in served_only:
            edits.remove(tag.start, scan.element_end(tag))
        elif tag is hook_tag:
            edits.remove(tag.start, scan.element_end(tag))  # bundled with PyScript below
        elif tag is core_tag:
            edits.replace(
                tag.start,
                scan.element_end(tag),
                f'<script type="importmap">{importmap}</script>\n'
                f'  <script type="module">{loader}</script>\n'
                f'  <script type="module">{bundle}</script>',
            )
        elif tag is py_script:
            start_tag = text[tag.start : tag.end]
            attr = re.search(r'\sconfig="[^"]*"', start_tag)
            if attr is None:
                raise BuildError('write the config attribute as config="..."')
            config_attr = f' config="{html.escape(config_json, quote=True)}"'
            new = start_tag[: attr.start()] + config_attr + start_tag[attr.end() :]
            edits.replace(tag.start, tag.end, new)
        elif tag.name == "script" and tag.get("data-offline") == "inline":
            # A small classic script the file needs too: inlined, allowed by its hash.
            source = attr_local(tag, "src").read_text(encoding="utf-8").strip()  # type: ignore[union-attr]
            inline_scripts.append(check_inline(source, tag.get("src")))
            edits.replace(tag.start, scan.element_end(tag), f"<script>{source}</script>")
        elif tag.name == "script" and tag.get("src").endswith("/startup.js"):
            path = attr_local(tag, "src")
            if path is None or tag.get("type") or "defer" in tag.attrs or "async" in tag.attrs:
                raise BuildError("static/startup.js must be a local, classic, blocking script")
            source = check_inline(path.read_text(encoding="utf-8").strip(), str(path))
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
                    f"<script src={tag.get('src')}>: the offline build inlines PyScript and"
                    " drops the service worker registration; teach it this script"
                )
            removed_scripts.append(tag.get("src"))
            edits.remove(tag.start, scan.element_end(tag))

    for data, start, end in scan.comments:
        if "Content-Security-Policy" in data:
            edits.remove(start, end)
    charset = next((t for t in tags if t.name == "meta" and t.get("charset")), None)
    if charset is None:
        raise BuildError('the page needs <meta charset="utf-8">')
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src "
            + " ".join(
                [
                    *(sha256_source(s) for s in (importmap, loader, bundle, *inline_scripts)),
                    "blob:",
                    "data:",
                    "'wasm-unsafe-eval'",
                ]
            ),
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
        f"  {data_block(url, data, kind, encoding)}\n" for url, data, kind in blocks
    )
    edits.replace(body_end, body_end, data_blocks)

    result = edits.apply()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(result, encoding="utf-8")
    return {
        "bytes": len(result.encode()),
        "embedded": sum(len(data) for _, data, _ in blocks),
        "dropped": removed_scripts,
    }


def default_page() -> Path:
    built = ROOT / "dist" / "index.html"
    return built if built.is_file() else ROOT / "index.html"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--page", type=Path, help="default: dist/index.html if built, else index.html"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--keep-stdlib-zip",
        action="store_true",
        help="embed python_stdlib.zip as vendored (larger) instead of re-storing its members",
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
    page = args.page or default_page()
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
