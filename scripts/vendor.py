"""Copy the pinned browser runtime from node_modules into static/vendor/ and verify it.

PyScript and Pyodide are pinned exactly in package.json / package-lock.json;
`npm ci` puts them in node_modules, and this script copies the files the page
loads into static/vendor/. Each copied file must match the SHA-256 recorded in
scripts/runtime-checksums.txt, so a tampered or partial copy fails the build.
Run with --update after changing a pinned version to rewrite that manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
MANIFEST = ROOT / "scripts" / "runtime-checksums.txt"

PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)


def runtime_files() -> dict[str, Path]:
    """Map each vendored path (relative to static/vendor) to its source in node_modules."""
    pyscript_dist = ROOT / "node_modules" / "@pyscript" / "core" / "dist"
    pyodide_dir = ROOT / "node_modules" / "pyodide"
    files = {
        f"pyscript/{path.name}": path
        for path in sorted(pyscript_dist.iterdir())
        if path.suffix in {".js", ".css"}
    }
    files.update({f"pyodide/{name}": pyodide_dir / name for name in PYODIDE_FILES})
    return files


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest() -> dict[str, str]:
    entries = {}
    for line in MANIFEST.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            entries[name] = digest
    return entries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the checksum manifest")
    args = parser.parse_args()

    files = runtime_files()
    missing = [str(src) for src in files.values() if not src.is_file()]
    if missing or not files:
        print("vendor: runtime files missing; run `npm ci` first:", *missing, sep="\n  ")
        return 1
    if args.update:
        lines = [f"{sha256(src)}  {name}" for name, src in sorted(files.items())]
        header = "# SHA-256 of each vendored runtime file; scripts/vendor.py checks copies.\n"
        MANIFEST.write_text(header + "\n".join(lines) + "\n")
        print(f"vendor: wrote {len(lines)} checksums to {MANIFEST.relative_to(ROOT)}")

    expected = read_manifest()
    if set(expected) != set(files):
        print("vendor: the manifest and the runtime's files differ:")
        for name in sorted(set(expected) ^ set(files)):
            print(f"  {name}")
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for name, src in files.items():
        target = VENDOR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        if sha256(target) != expected[name]:
            print(f"vendor: checksum mismatch for {name}: the runtime is not the pinned one")
            shutil.rmtree(VENDOR)
            return 1
    total = sum(path.stat().st_size for path in VENDOR.rglob("*") if path.is_file())
    print(f"vendor: {len(files)} files verified in static/vendor ({total / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
