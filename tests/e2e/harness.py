"""What the browser tests share besides fixtures: paths, the Chromium flags, the static server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
#: Flags for Debian's Chromium on a machine with no network but the package registries.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Generous: Pyodide compiles a 9.6 MB wasm module on a 2-core machine.
READY_TIMEOUT_MS = 90_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(root: Path, port: int) -> subprocess.Popen[bytes]:
    """Start scripts/serve.py and wait until it answers; fail fast if it dies or never does."""
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "scripts" / "serve.py"),
            "--port",
            str(port),
            "--root",
            str(root),
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the static server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1):
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("the static server did not answer within 15 s")


DIST = ROOT / "dist"


def settled(page: Page) -> None:
    """Wait until Python (in its worker) has answered every change the page sent."""
    page.wait_for_function("() => !document.documentElement.hasAttribute('data-py-busy')")
