"""The page's configuration matches the code: every module is shipped, the runtime is local."""

from __future__ import annotations

import json
from pathlib import Path

from scripts import build

ROOT = Path(__file__).resolve().parents[3]


def test_py_zip_holds_every_module_of_the_page_packages() -> None:
    on_disk = {
        path.relative_to(ROOT / "py")
        for package in ("app", "contractcalc")
        for path in (ROOT / "py" / package).rglob("*.py")
    }
    assert set(build.page_modules()) == on_disk
    assert Path("app/session.py") in on_disk  # the worker's entry point


def test_the_runtime_is_the_vendored_pyodide() -> None:
    """The worker imports Pyodide from static/vendor, never from a CDN."""
    loader = (ROOT / "static" / "pyodide-snapshot.mjs").read_text()
    assert 'from "./vendor/pyodide/pyodide.mjs"' in loader
    assert "://" not in (ROOT / "static" / "worker.mjs").read_text()


def test_runtime_is_pinned_exactly() -> None:
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for name, version in package["dependencies"].items():
        assert version[0].isdigit(), f"{name} must be pinned to an exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version


def test_page_references_only_local_files() -> None:
    html = (ROOT / "index.html").read_text()
    assert "http://" not in html
    assert "https://" not in html
    assert "//cdn" not in html
