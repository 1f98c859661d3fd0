"""The card registry finds every card module by itself, from a directory or from a zip."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

from app import cards
from app.calculators import CALCULATORS

PY = Path(__file__).resolve().parents[3] / "py"


def test_every_card_module_declares_cards_and_each_id_once() -> None:
    declared = [card for module in cards.modules() for card in module.CALCULATORS]
    assert all(module.CALCULATORS for module in cards.modules())
    assert sorted(declared) == sorted(CALCULATORS)
    assert len(declared) == len(set(declared))


def test_the_registry_reads_the_cards_from_a_zip(tmp_path: Path) -> None:
    archive = tmp_path / "py.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        for package in ("app", "contractcalc"):
            for path in (PY / package).rglob("*"):
                if path.suffix in {".py", ".json"}:
                    packed.write(path, path.relative_to(PY).as_posix())
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path[:0] = [sys.argv[1]]; import app.calculators as c; "
            "assert c.__file__.startswith(sys.argv[1]), c.__file__; print(sorted(c.CALCULATORS))",
            str(archive),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert found.stdout.strip() == str(sorted(CALCULATORS))


def _state_key_pattern() -> re.Pattern[str]:
    """static/page.js's KEY: which "card.field" keys a saved state or a link may hold."""
    source = (PY.parent / "static" / "page.js").read_text(encoding="utf-8")
    found = re.search(r"const KEY = /(.+)/;", source)
    assert found, "static/page.js no longer declares KEY"
    return re.compile(found.group(1))


def test_every_cards_fields_and_row_cells_survive_the_pages_saved_state() -> None:
    """A key the pattern refused would be dropped from every link and stored state, silently."""
    key = _state_key_pattern()
    for card, calculator in CALCULATORS.items():
        for field in calculator.fields:
            assert key.fullmatch(f"{card}.{field.name}"), f"{card}.{field.name}"
        for cell in calculator.rows:
            assert key.fullmatch(f"{card}.{cell.name}_{12}"), f"{card}.{cell.name}_12"
    # A future card named with a digit, and nothing hostile.
    assert key.fullmatch("risk2.entry")
    assert not key.fullmatch("pnl.entry<script>")
    assert not key.fullmatch("__proto__.x")
