"""Cross-engine fixtures: the built site on localhost, a display, one browser per engine.

An engine that this machine cannot run is skipped with the reason, except under CI
(``CI`` set), where a missing engine fails: `make test` installs all three.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cross import engines
from tests.e2e.harness import DIST, free_port, start_server


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.engines)


@pytest.fixture(scope="session")
def site_root() -> Path:
    if not (DIST / "index.html").is_file():
        pytest.fail("dist/ is missing: run `make build` (make test does it)")
    return DIST


@pytest.fixture(scope="session")
def base_url(site_root: Path) -> Iterator[str]:
    port = free_port()
    process = start_server(site_root, port)
    yield f"http://localhost:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def display() -> Iterator[None]:
    """An X display for WebKitGTK: the caller's, or an Xvfb for the session."""
    try:
        with engines.display():
            yield
    except RuntimeError as error:
        pytest.fail(str(error))


def _engine_or_skip(name: str, request: pytest.FixtureRequest) -> engines.Engine:
    found = engines.how_to_start(name)
    if found is None:
        message = (
            f"no {name} on this machine: run `make browser` (Debian as root: firefox-esr, "
            f"webkit2gtk-driver and xvfb; elsewhere Playwright's browsers)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    kind, detail = found
    if kind == "selenium":
        request.getfixturevalue("display")
    return engines.start(kind, detail)


@pytest.fixture(scope="module", params=engines.ENGINES)
def engine(request: pytest.FixtureRequest) -> Iterator[engines.Engine]:
    """One browser per engine and test module; every test's teardown checks its problems."""
    browser = _engine_or_skip(request.param, request)
    print(f"\n{request.param}: {browser.how}")
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def guarded(engine: engines.Engine) -> Iterator[engines.Engine]:
    """The engine; the test fails on any console or page error, CSP violation or foreign request."""
    yield engine
    problems = engine.problems()
    assert not problems, "\n".join(problems)
