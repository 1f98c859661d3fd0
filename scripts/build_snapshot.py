"""Add Pyodide's memory snapshot to the built site: after scripts/build.py, before the offline file.

A visit restored from a snapshot skips Python's own start-up and the import of the page's
modules. This step:

1. Makes the snapshot in Node (scripts/make-snapshot.mjs) from exactly the runtime files
   dist/ ships: pyodide.mjs, pyodide.asm.mjs, the wasm (decompressed from dist's .gz and
   checked against scripts/runtime-checksums.txt), the trimmed python_stdlib.zip and
   py.zip, after importing the page's modules (contractcalc and app, all pure Python).
2. Refuses a snapshot that would not restore: Pyodide restores into its initial heap
   (30 MiB), so the imports must not grow it. The Node script also restores it once.
3. Writes it gzip-compressed as dist/static/pyodide-snapshot-<hash>.bin.gz, named by a
   hash of its content (the same inputs give the same bytes).
4. Fills in the snapshot's name, size and build id in dist/static/pyodide-snapshot.mjs
   (minified), the module the page's worker (static/worker.mjs) starts Python with, and rewrites
   dist/sw.js so that the service worker stores the snapshot decompressed when it
   installs. The page fetches it from nowhere else: a first visit loads what it did.

What a restore brings back and a normal start would not: Python's hash secret (the same
on every restore), LANG=C.UTF-8 in os.environ, and the page's modules as imported at
build time, and the time zone of the build (``time.timezone``; the page never reads it;
``time.localtime`` asks the browser). The page reseeds ``random`` after restoring. The
snapshot only restores with the same Pyodide build and a byte-identical
python_stdlib.zip, and is remade on every build, so it always matches py.zip.

Usage: python scripts/build_snapshot.py
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import build  # noqa: E402  (its DIST, its service worker writer)

DIST = build.DIST
#: The Pyodide this was written against: its experimental options `_makeSnapshot` and
#: `_loadSnapshot`, `pyodide.makeMemorySnapshot()` and the snapshot's header (magic word,
#: build id). tests/unit/site/test_snapshot.py fails when package.json pins another Pyodide:
#: check these still work (make test-e2e restores one), then update this.
PYODIDE = "314.0.7"
RUNTIME = "static/vendor/pyodide"
#: What the Node script loads, as dist/ ships it (the wasm as .gz).
RUNTIME_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
#: These must be the pinned files; the stdlib is the build's trimmed one.
PINNED = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json")
CHECKSUMS = ROOT / "scripts" / "runtime-checksums.txt"
MAKE_SNAPSHOT = ROOT / "scripts" / "make-snapshot.mjs"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
LOADER = "static/pyodide-snapshot.mjs"
WASM_PAGE = 65536


class SnapshotError(Exception):
    """The snapshot cannot be made or would not restore; the message says why."""


def page_modules() -> list[str]:
    """The page's modules, as the worker imports them: every module of py.zip."""
    names = []
    for path in build.page_modules():
        parts = path.with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(names)


def initial_memory(wasm: bytes) -> int:
    """The initial size in bytes of the memory a WebAssembly module defines or imports."""

    def leb(at: int) -> tuple[int, int]:
        value = shift = 0
        while True:
            byte = wasm[at]
            at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value, at

    def limits(at: int) -> int:
        minimum, _ = leb(at + 1)  # after the flags byte
        return minimum * WASM_PAGE

    at = 8
    while at < len(wasm):
        section, at = wasm[at], at + 1
        size, at = leb(at)
        if section == 5:  # memory section: count, then limits
            _, inner = leb(at)
            return limits(inner)
        if section == 2:  # import section: a memory import has kind 2
            count, inner = leb(at)
            for _ in range(count):
                for _name in range(2):
                    length, inner = leb(inner)
                    inner += length
                kind, inner = wasm[inner], inner + 1
                if kind == 2:
                    return limits(inner)
                if kind == 0:
                    _, inner = leb(inner)
                elif kind == 1:  # table: type, limits
                    inner += 1
                    flags, inner = wasm[inner], inner + 1
                    _, inner = leb(inner)
                    if flags & 1:
                        _, inner = leb(inner)
                elif kind == 3:  # global: type, mutability
                    inner += 2
                elif kind == 4:  # tag: attribute, type index
                    _, inner = leb(inner + 1)
        at += size
    raise SnapshotError("the wasm module declares no memory")


def pinned_digests() -> dict[str, str]:
    digests = {}
    for line in CHECKSUMS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            digests[name] = digest
    return digests


def runtime_copy(work: Path) -> None:
    """Copy dist's runtime into ``work``, the wasm decompressed; check the pinned ones."""
    source = DIST / RUNTIME
    for name in RUNTIME_FILES:
        path = source / name
        if name == "pyodide.asm.wasm" and not path.is_file():
            data = gzip.decompress((source / f"{name}.gz").read_bytes())
        else:
            data = path.read_bytes()
        expected = pinned_digests().get(f"pyodide/{name}")
        if name in PINNED and hashlib.sha256(data).hexdigest() != expected:
            raise SnapshotError(f"dist's {name} is not the pinned runtime file: run `make vendor`")
        (work / name).write_bytes(data)


def make_snapshot(work: Path) -> tuple[bytes, dict[str, Any]]:
    out = work / "snapshot.bin"
    command = ["node", str(MAKE_SNAPSHOT), str(work), str(DIST / build.PY_ZIP), str(out)]
    result = subprocess.run([*command, *page_modules()], capture_output=True, text=True)
    if result.returncode:
        raise SnapshotError(f"scripts/make-snapshot.mjs failed:\n{result.stderr.strip()[-3000:]}")
    info: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return out.read_bytes(), info


def check_heap(info: dict[str, Any], initial: int) -> float:
    """Pyodide restores a snapshot into its initial heap: the imports must fit in it.

    Returns the MiB left between the top of the heap in use and the initial heap's end.
    """
    heap = int(info["heap"])
    if heap > initial:
        raise SnapshotError(
            f"importing the page's modules grew Pyodide's heap from {initial / 2**20:.1f} MiB"
            f" to {heap / 2**20:.1f} MiB, and a snapshot restores only into the initial"
            f" {initial / 2**20:.1f} MiB: import less at snapshot time (NOT_IN_SNAPSHOT in"
            " scripts/build_snapshot.py) or ship without a snapshot"
        )
    return (initial - int(info["brk"])) / 2**20


def write_loader(source: str) -> None:
    """dist's loader, minified and bundled with the modules it imports but Pyodide."""
    target = DIST / LOADER
    target.write_text(source)
    if not ESBUILD.exists():
        return
    bundled = [
        DIST / "static" / name for name in re.findall(r'^import "\./([\w-]+\.mjs)";', source, re.M)
    ]
    subprocess.run(
        [
            str(ESBUILD),
            str(target),
            "--bundle",
            "--minify",
            "--format=esm",
            "--external:./vendor/*",
            "--log-level=warning",
            f"--outfile={target}",
            "--allow-overwrite",
        ],
        check=True,
    )
    for path in bundled:
        path.unlink()


def main(step: Callable[[str], None] = print) -> int:
    if not (DIST / "index.html").is_file() or not (DIST / LOADER).is_file():
        step("build_snapshot: dist/ is not built; run scripts/build.py first")
        return 1
    for old in (DIST / "static").glob("pyodide-snapshot-*.bin.gz"):
        old.unlink()
    try:
        with tempfile.TemporaryDirectory(prefix="snapshot-") as tmp:
            work = Path(tmp)
            runtime_copy(work)
            initial = initial_memory((work / "pyodide.asm.wasm").read_bytes())
            snapshot, info = make_snapshot(work)
            headroom = check_heap(info, initial)
    except SnapshotError as error:
        step(f"build_snapshot: {error}")
        return 1
    digest = hashlib.sha256(snapshot).hexdigest()[:16]
    name = f"pyodide-snapshot-{digest}.bin"
    compressed = gzip.compress(snapshot, 9, mtime=0)
    (DIST / "static" / f"{name}.gz").write_bytes(compressed)
    # The page and the worker know it by its decompressed name, relative to their own URL.
    facts = {"url": f"./{name}", "bytes": len(snapshot), "buildId": info["buildId"]}
    loader = (ROOT / LOADER).read_text()
    loader = loader.replace('"__SNAPSHOT__"', json.dumps(facts))
    write_loader(loader)
    # Rewrite the worker: its cache name covers the new loader; the .gz is fetched apart.
    build.NOT_PRECACHED.add(f"static/{name}.gz")
    cache_name = build.write_service_worker()
    worker = DIST / "sw.js"
    worker.write_text(worker.read_text().replace('"__SNAPSHOT__"', json.dumps(f"./static/{name}")))
    step(
        f"build_snapshot: static/{name}.gz ({len(snapshot) / 1e6:.1f} MB,"
        f" {len(compressed) / 1e6:.1f} MB compressed, {info['modules']} modules,"
        f" {headroom:.1f} MiB of the heap left), service worker cache {cache_name}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
