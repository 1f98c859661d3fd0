"""The stored tier data's size: per exchange file, bytes on disk and gzip-compressed.

Each file in ``py/contractcalc/tiers/`` is what a visitor's browser fetches when they
choose that exchange, so its gzipped size is its cost on the wire (servers send JSON
compressed). The figures come from the same description ``scripts/import_tiers.py``
prints when it writes a file.

Usage: .venv/bin/python bench/data_size.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.import_tiers import TIERS, describe  # noqa: E402


def report() -> list[str]:
    """One line per data file: its name, then what :func:`describe` says of it."""
    return [
        f"{path.name}: {describe(path.read_text(encoding='utf-8'))}"
        for path in sorted(TIERS.glob("*.json"))
    ]


def main() -> int:
    print(f"Stored tier data ({TIERS.relative_to(ROOT)}):")
    for line in report():
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
