"""Start-up in each engine: our page against the bare PyScript page, in that same engine.

For every engine this machine has (Chromium, Firefox, WebKit; see tests/cross/engines.py
for which driver runs which), each visit starts a fresh browser (a cold cache) and loads
one page from the same server as ``bench/run.py`` (its server, its layout: the site, the
vendored runtime, and ``bench/reference/`` beside them). Two times are taken in the page,
in ms from navigation start (``performance.now()``):

* ready: ``html[data-py-ready]`` appears (a MutationObserver);
* interactive: the moment it is ready, the page's field is given a new value and an
  ``input`` event, and the time is taken when the output shows that value's result;
* stall: the longest the main thread kept a 10 ms timer waiting, from the probe's start
  until a second after ready: what a person typing then would wait for the character to
  show. (The Long Tasks API exists in Chromium only; ``bench/run.py`` reports it there.)

Each engine gets a first visit (a fresh browser: cold cache) and, in the same browser, a
returning visit once the first visit's service worker controls the page (ours; the
reference page has none, so its returning visit comes from the HTTP cache).

The observer is installed by the driver right after the document is parsed, which in
every engine here is long before Python is ready (a visit where it is not is reported as
failed, not guessed). Ratio = ours / reference, per engine, of the medians: the reference
pays the same Pyodide start-up in the same engine, so the ratio is what our page adds.
Prints figures; never judges them.

Usage: .venv/bin/python bench/engines.py [--site dist] [--runs 3] [--engines chromium,webkit]
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import run as bench  # type: ignore[import-not-found]  # noqa: E402  (server, pages, targets)

from tests.cross import engines  # noqa: E402

#: Installed after navigation: waits for readiness, then types and times the result.
PROBE = """([result, field, typed, expected]) => {
  if (window.__start) return;
  const S = window.__start = {ready: null, interactive: null, late: false, stall: 0,
                              settled: false};
  const root = document.documentElement;
  let tick = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    S.stall = Math.max(S.stall, now - tick - 10);
    tick = now;
    if (S.ready !== null && now > S.ready + 1000) { clearInterval(timer); S.settled = true; }
  }, 10);
  const done = () => {
    const out = document.querySelector(result);
    if (out && out.textContent.trim() === expected) {
      S.interactive = performance.now();
      return true;
    }
    return false;
  };
  const type = () => {
    const input = document.querySelector(field);
    const watch = new MutationObserver(() => { if (done()) watch.disconnect(); });
    watch.observe(document.querySelector(result), {childList: true, subtree: true,
                                                   characterData: true});
    input.value = typed;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    if (done()) watch.disconnect();
  };
  if (root.hasAttribute('data-py-ready')) { S.late = true; return; }
  const ready = new MutationObserver(() => {
    if (!root.hasAttribute('data-py-ready')) return;
    ready.disconnect();
    S.ready = performance.now();
    type();
  });
  ready.observe(root, {attributes: true, attributeFilter: ['data-py-ready']});
}"""

READ = (
    "() => window.__start && (window.__start.late ||"
    " (window.__start.interactive && window.__start.settled)) && window.__start"
)
#: True once a service worker controls the page (ours registers one once ready).
CONTROLLED = "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)"
SW_TIMEOUT_S = 120


def measure(browser: engines.Engine, url: str, target: Any) -> dict[str, float]:
    """Open ``url`` in ``browser`` and take the times in ms."""
    browser.open(url)
    browser.evaluate(PROBE, [target.result, target.field, target.typed, target.typed_result])
    times = browser.wait_for(READ, timeout=engines.READY_TIMEOUT_S)
    if times["late"]:
        raise RuntimeError("the page was ready before the probe was installed")
    problems = browser.problems()
    if problems:
        raise RuntimeError("; ".join(problems[:3]))
    return {key: times[key] for key in ("ready", "interactive", "stall")}


def visit(kind: str, detail: str, url: str, target: Any) -> dict[str, dict[str, float]]:
    """A first visit in a fresh browser of this engine, then a returning one in it."""
    browser = engines.start(kind, detail)
    try:
        figures = {"first": measure(browser, url, target)}
        if target is not bench.REFERENCE:
            browser.wait_for(CONTROLLED, timeout=SW_TIMEOUT_S)
        figures["returning"] = measure(browser, url, target)
        return figures
    finally:
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "dist")
    parser.add_argument("--runs", type=int, default=3, help="cold visits per page and engine")
    parser.add_argument("--engines", default=",".join(engines.ENGINES))
    args = parser.parse_args()
    site = args.site.resolve()
    runtime = ROOT / "static" / "vendor"
    if not (site / "index.html").is_file() or not (runtime / "pyodide").is_dir():
        print("bench/engines.py: build first (make build)", file=sys.stderr)
        return 2
    began = time.monotonic()
    results: dict[str, dict[str, list[dict[str, dict[str, float]]]]] = {}
    how: dict[str, str] = {}
    failed = False
    with contextlib.ExitStack() as stack:
        served = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-engines-")))
        # The layout bench/run.py serves: the site, the runtime, the reference page.
        (served / "site").symlink_to(site, target_is_directory=True)
        (served / "runtime").symlink_to(runtime, target_is_directory=True)
        shutil.copytree(bench.BENCH / "reference", served / "reference")
        server, _traffic = bench.start_server(served, "max-age=600")
        stack.callback(server.server_close)
        stack.callback(server.shutdown)
        base = f"http://localhost:{server.server_address[1]}"
        for name in args.engines.split(","):
            found = engines.how_to_start(name)
            if found is None:
                print(f"{name}: not on this machine (make browser), skipped", file=sys.stderr)
                continue
            kind, detail = found
            if kind == "selenium":
                stack.enter_context(engines.display())
            probe = engines.start(kind, detail)
            how[name] = probe.how
            probe.close()
            results[name] = {"ours": [], "reference": []}
            for i in range(args.runs):
                order = (
                    (bench.OURS, bench.REFERENCE) if i % 2 == 0 else (bench.REFERENCE, bench.OURS)
                )
                for target in order:
                    try:
                        figures = visit(kind, detail, base + target.path, target)
                    except Exception as error:  # report it, go on
                        failed = True
                        print(f"{name} {target.name}: FAILED: {error}", file=sys.stderr)
                        continue
                    results[name][target.name].append(figures)
                    for visit_kind, f in figures.items():
                        print(
                            f"{name} run {i + 1}/{args.runs} {target.name:9} {visit_kind:9}: "
                            f"ready {f['ready']:7.0f} ms, interactive {f['interactive']:7.0f} ms,"
                            f" stall {f['stall']:5.0f} ms",
                            file=sys.stderr,
                            flush=True,
                        )
    print_report(results, how, args.runs, time.monotonic() - began)
    return 1 if failed else 0


def print_report(
    results: dict[str, dict[str, list[dict[str, dict[str, float]]]]],
    how: dict[str, str],
    runs: int,
    seconds: float,
) -> None:
    def median(engine: str, page: str, visit: str, key: str) -> float | None:
        values = [run[visit][key] for run in results[engine][page]]
        return statistics.median(values) if values else None

    print()
    print(
        f"Start-up per engine, medians of {runs} runs: a first visit in a fresh browser,"
        " then a returning visit in it"
    )
    rows = [("engine", "visit", "metric", "ours", "reference", "ratio", "runs (ours/ref)")]
    for engine in results:
        for visit in ("first", "returning"):
            for key, label in (
                ("ready", "html[data-py-ready] set"),
                ("interactive", "typed -> result (interactive)"),
                ("stall", "longest main-thread stall"),
            ):
                ours = median(engine, "ours", visit, key)
                ref = median(engine, "reference", visit, key)
                ratio = f"{ours / ref:.2f}x" if ours is not None and ref else "-"
                rows.append(
                    (
                        engine,
                        visit,
                        label,
                        f"{ours:,.0f} ms" if ours is not None else "n/a",
                        f"{ref:,.0f} ms" if ref is not None else "n/a",
                        ratio,
                        f"{len(results[engine]['ours'])}/{len(results[engine]['reference'])}",
                    )
                )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print(
            " | ".join(
                c.ljust(w) if i < 3 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            print("-+-".join("-" * w for w in widths))
    print()
    for engine, text in how.items():
        print(f"{engine}: {text}")
    print(f"ratio = ours / reference in the same engine. Took {seconds:.0f} s.")


if __name__ == "__main__":
    sys.exit(main())
