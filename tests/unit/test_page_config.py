"""The page's configuration matches the code: every module is shipped, the runtime is local."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_pyscript_toml_lists_every_module_of_py() -> None:
    config = tomllib.loads((ROOT / "pyscript.toml").read_text())
    listed = {source.removeprefix("./") for source in config["files"]}
    on_disk = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "py").rglob("*.py")
        if path.name != "main.py" and "__pycache__" not in path.parts
    }
    assert listed == on_disk
    for source, target in config["files"].items():
        assert target == "./" + source.removeprefix("./py/")


def test_interpreter_is_the_vendored_pyodide() -> None:
    """Without the interpreter key PyScript silently loads Pyodide from a CDN."""
    config = tomllib.loads((ROOT / "pyscript.toml").read_text())
    assert config["interpreter"] == "./static/vendor/pyodide/pyodide.mjs"


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
