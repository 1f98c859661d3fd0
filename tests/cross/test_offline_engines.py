"""Offline in every engine: the single file from file://, and a service-worker reload."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cross.engines import Engine
from tests.cross.test_engines import fill, mismatches, snapshot
from tests.e2e.harness import DIST, free_port, start_server

OFFLINE_FILE = DIST / "contract-calculator.html"

#: True once a service worker controls the page and is active.
CONTROLLED = """() => !!(navigator.serviceWorker && navigator.serviceWorker.controller
  && navigator.serviceWorker.controller.state === 'activated')"""


@pytest.fixture(scope="module")
def offline_file() -> Path:
    if not OFFLINE_FILE.is_file():
        pytest.fail(f"{OFFLINE_FILE} is missing: run `make build` (make test does it)")
    return OFFLINE_FILE


def computes_like_cpython(engine: Engine) -> None:
    """Every card as CPython shows it, then again after typed inputs in two cards."""
    assert not mismatches(snapshot(engine))
    fill(engine, "liquidation_move", "leverage", "25")
    fill(engine, "pnl", "exit", "36,000")
    state = snapshot(engine)
    assert state["cards"]["liquidation_move"]["outputs"]["result"]["text"] == "4.00%"
    assert not mismatches(state)


def test_offline_file_computes_from_file_url(guarded: Engine, offline_file: Path) -> None:
    """dist/contract-calculator.html opened from disk computes every card, loading nothing else."""
    guarded.open(offline_file.as_uri())
    guarded.wait_ready()
    computes_like_cpython(guarded)


@pytest.fixture
def own_server() -> Iterator[tuple[str, object]]:
    """The site on a fresh origin (no earlier service worker), which the test may stop."""
    port = free_port()
    process = start_server(DIST, port)
    yield f"http://localhost:{port}", process
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)


def test_service_worker_reload_computes_with_the_server_stopped(
    guarded: Engine, own_server: tuple[str, object]
) -> None:
    """After one online visit the service worker serves the reload: the page computes offline."""
    url, process = own_server
    guarded.open(url + "/")
    guarded.wait_ready()
    if not guarded.evaluate("() => 'serviceWorker' in navigator"):
        pytest.skip(f"{guarded.how}: no navigator.serviceWorker on http://localhost")
    guarded.wait_for(CONTROLLED, timeout=120)
    process.terminate()  # type: ignore[attr-defined]
    process.wait(timeout=10)  # type: ignore[attr-defined]
    guarded.reload()
    guarded.wait_ready()
    assert guarded.evaluate(CONTROLLED)
    computes_like_cpython(guarded)
