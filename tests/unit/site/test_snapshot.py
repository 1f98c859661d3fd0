"""The memory snapshot's build step: its pinned Pyodide, what it imports, the heap it fits in."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.quick import need_vendored

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "scripts"))

import build  # noqa: E402
import build_snapshot  # noqa: E402

VENDORED = ROOT / "static" / "vendor" / "pyodide"


def test_snapshot_options_are_pinned_with_the_runtime() -> None:
    """An upgraded Pyodide must be checked against the experimental snapshot options first."""
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    assert pinned == build_snapshot.PYODIDE, (
        f"package.json pins Pyodide {pinned}, but the memory snapshot (scripts/build_snapshot.py,"
        f" scripts/make-snapshot.mjs, static/pyodide-snapshot.mjs) was written for"
        f" {build_snapshot.PYODIDE}: check that _makeSnapshot, _loadSnapshot,"
        " makeMemorySnapshot and the snapshot header still work, then update PYODIDE"
    )


def test_vendored_pyodide_still_reads_the_snapshot_options() -> None:
    """The option names and the header's magic word are in the vendored runtime's code."""
    need_vendored(VENDORED / "pyodide.mjs")
    need_vendored(VENDORED / "pyodide.asm.mjs")
    loader = (VENDORED / "pyodide.mjs").read_text()
    core = (VENDORED / "pyodide.asm.mjs").read_text()
    assert "_loadSnapshot" in loader, "pyodide.mjs no longer reads _loadSnapshot"
    assert "_makeSnapshot" in core, "pyodide.asm.mjs no longer reads _makeSnapshot"
    assert "makeMemorySnapshot" in core, "pyodide.makeMemorySnapshot() is gone"
    assert str(0x706E7300) in core, "the snapshot's magic word changed"
    wrapper = (ROOT / "static" / "pyodide-snapshot.mjs").read_text()
    assert "0x706e7300" in wrapper
    assert "_loadSnapshot" in wrapper


def test_snapshot_imports_every_module_the_worker_runs() -> None:
    """The worker imports app.session, which reaches every card: all are in the snapshot."""
    modules = build_snapshot.page_modules()
    assert {"contractcalc", "app", "app.calculators", "app.session"} <= set(modules)
    assert all(name.split(".")[0] in {"app", "contractcalc"} for name in modules)


def test_the_worker_starts_pyodide_through_the_snapshot_loader() -> None:
    assert build_snapshot.LOADER in build.STATIC_FILES
    page = (ROOT / "static" / "page.js").read_text()
    assert '"static/pyodide-snapshot.mjs"' in page


def memory_module(pages: int) -> bytes:
    """A WebAssembly module that defines only a memory of ``pages`` 64 KiB pages."""
    return b"\0asm\1\0\0\0" + bytes([5, 3, 1, 0, pages])


def memory_import(pages: int) -> bytes:
    """A WebAssembly module that imports a function and then env.memory (``pages`` pages)."""
    imports = (
        bytes([2])  # two imports
        + b"\x03env\x01f\x00\x00"  # env.f, a function of type 0
        + b"\x03env\x06memory\x02\x00"
        + bytes([pages])
    )
    return b"\0asm\1\0\0\0" + bytes([2, len(imports)]) + imports


@pytest.mark.parametrize("make", [memory_module, memory_import])
def test_initial_memory_is_read_from_the_module(make: Callable[[int], bytes]) -> None:
    assert build_snapshot.initial_memory(make(7)) == 7 * 65536


def test_vendored_wasm_starts_with_a_30_mib_heap() -> None:
    need_vendored(VENDORED / "pyodide.asm.wasm")
    assert build_snapshot.initial_memory((VENDORED / "pyodide.asm.wasm").read_bytes()) == 30 * 2**20


def test_a_heap_that_grew_is_refused_with_a_clear_message() -> None:
    initial = 30 * 2**20
    assert build_snapshot.check_heap({"heap": initial, "brk": initial - 2**21}, initial) == 2.0
    with pytest.raises(build_snapshot.SnapshotError, match="restores only into the initial"):
        build_snapshot.check_heap({"heap": initial + 2**20, "brk": initial}, initial)
