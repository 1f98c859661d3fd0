"""Start-up benchmark: our page against a bare PyScript page on the same vendored runtime.

Prints, as medians of several runs, for our page and for the reference page in
bench/reference/ (a few lines of Python: output = 2 x input), measured in the same run:

* first paint showing the correct default result, and first contentful paint;
* when the page says it is ready (``html[data-py-ready]``) and time to interactive:
  a value typed into the field (trusted input from the browser) has produced its result;
* bytes and requests of a visit, cold (fresh browser profile), warm (the next visit in the
  same profile, a new tab) and restart (the browser restarted on the profile), with the
  HTTP cache and any service worker allowed;
* the longest main-thread task and the total blocking time up to interactive, and the
  longest task from navigation until ready + 1 s;
* echo: a character typed into the field as soon as it exists (while Python starts): the
  time from the key reaching the browser to the first frame after the field took it;
* our page with its memory snapshot and without it (the same site served with the
  snapshot file left out, so the service worker cannot store it).
* keystroke-to-result latency, p50 and p95 over many keystrokes.

Each of our figures is also printed as a ratio to the reference. This is a benchmark:
it prints figures and never judges them (it exits non-zero only if a page failed to load
or to compute). Nothing waits on a timer: every wait is on a condition in the page or
on the server.

Usage: .venv/bin/python bench/run.py [--site DIR] [--runs N] [--json out.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import http.server
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "scripts"))
import serve  # type: ignore[import-not-found]  # noqa: E402  (the site's MIME types)

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
#: The browser tests' flags (tests/e2e/conftest.py), for Debian's Chromium offline.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Only a guard against a page that never becomes ready; no wait is a sleep.
TIMEOUT_MS = 120_000


@dataclass(frozen=True)
class Target:
    """A page under test, and what its inputs and outputs are."""

    name: str
    path: str  # URL path on the bench server
    result: str  # selector of the output that is checked
    initial: str  # the output's correct text with default inputs
    field: str  # selector of the input the user types into
    typed: str  # what the user types for time-to-interactive...
    typed_result: str  # ...and the result it must produce
    default: str  # the field's default, typed back at the end of a visit


OURS = Target(
    name="ours",
    path="/site/",
    result='[data-calc="liquidation_move"] [data-out="result"]',
    initial="5.00%",
    field='[data-calc="liquidation_move"] [name="leverage"]',
    typed="50",
    typed_result="2.00%",
    default="20",
)
OURS_NO_SNAPSHOT = Target(**{**OURS.__dict__, "name": "no-snapshot", "path": "/site-no-snapshot/"})
REFERENCE = Target(
    name="reference",
    path="/reference/",
    result="#out",
    initial="42",
    field="#x",
    typed="50",
    typed_result="100",
    default="21",
)

# ---------------------------------------------------------------------------------------
# The static server: scripts/serve.py's handler (same MIME types), plus cache headers and
# byte/request accounting. scripts/serve.py itself sends Last-Modified and answers
# If-Modified-Since with 304 but sends no Cache-Control, which leaves freshness to the
# browser's heuristic (10% of the file's age); a real host sends an explicit lifetime, so
# this server adds one (GitHub Pages' max-age=600 by default, see --cache-control).


class Traffic:
    """What the server sent: requests, 304s, bytes (status line, headers and bodies)."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.requests = 0
        self.not_modified = 0
        self.bytes = 0
        self.in_flight = 0
        self.log: list[tuple[str, int]] = []

    def snapshot(self) -> dict[str, int]:
        with self.lock:
            return {
                "requests": self.requests,
                "not_modified": self.not_modified,
                "bytes": self.bytes,
                "log_len": len(self.log),
            }

    def since(self, start: dict[str, int]) -> dict[str, Any]:
        with self.lock:
            return {
                "requests": self.requests - start["requests"],
                "not_modified": self.not_modified - start["not_modified"],
                "bytes": self.bytes - start["bytes"],
                "log": [f"{code} {path}" for path, code in self.log[start["log_len"] :]],
            }

    def wait_idle(self, timeout: float = 30.0) -> None:
        with self.lock:
            self.lock.wait_for(lambda: self.in_flight == 0, timeout=timeout)


class _CountingWriter:
    def __init__(self, inner: Any, traffic: Traffic) -> None:
        self._inner = inner
        self._traffic = traffic

    def write(self, data: bytes) -> int:
        written = self._inner.write(data)
        with self._traffic.lock:
            self._traffic.bytes += len(data)
        return int(written) if written is not None else len(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class BenchHandler(serve.Handler):  # type: ignore[misc]
    protocol_version = "HTTP/1.1"  # keep-alive, as any real host
    traffic: Traffic
    cache_control: str

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile, self.traffic)  # type: ignore[has-type]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        status = int(code) if str(code).isdigit() else 0
        self._status = status
        with self.traffic.lock:
            self.traffic.requests += 1
            self.traffic.not_modified += status == 304
            self.traffic.log.append((self.path, status))

    def end_headers(self) -> None:
        if self.cache_control and getattr(self, "_status", 0) in (200, 304):
            self.send_header("Cache-Control", self.cache_control)
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        with self.traffic.lock:
            self.traffic.in_flight += 1
        try:
            super().do_GET()
        finally:
            with self.traffic.lock:
                self.traffic.in_flight -= 1
                self.traffic.lock.notify_all()


def start_server(root: Path, cache_control: str) -> tuple[http.server.ThreadingHTTPServer, Traffic]:
    traffic = Traffic()
    handler = type("Handler", (BenchHandler,), {"traffic": traffic, "cache_control": cache_control})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
    )
    server.daemon_threads = True
    server.quiet = True  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, traffic


# ---------------------------------------------------------------------------------------
# In the page. Installed before any of the page's scripts: a MutationObserver watches the
# checked output from the first byte of HTML; a watcher resolves when the output's text
# passes its test (time "text") and then at the first frame after that in which the
# output is visible (time "frame": rAF, then a message posted from it, which runs once
# that frame's rendering work is done). All times are performance.now(), i.e. ms since
# the navigation started.

PROBE = r"""
(() => {
  if (window !== window.top || window.__bench) return;
  const CFG = __CFG__;
  const now = () => performance.now();
  const B = window.__bench = {
    swAtStart: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
    fcp: null, ready: null, first: null, flicker: 0, keydown: null, input: null, inputAt: null,
    pending: null, longtasks: [],
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push([e.startTime, e.duration]);
    }).observe({type: "longtask", buffered: true});
  } catch (e) {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if (e.name === "first-contentful-paint" && B.fcp === null) B.fcp = e.startTime;
    }).observe({type: "paint", buffered: true});
  } catch (e) {}
  const output = () => document.querySelector(CFG.result);
  const textOf = () => { const el = output(); return el ? el.textContent.trim() : null; };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 &&
      (!el.checkVisibility ||
       el.checkVisibility({opacityProperty: true, visibilityProperty: true}));
  };
  const watchers = new Set();
  const frame = (w) => requestAnimationFrame(() => {
    if (!watchers.has(w)) return;
    const el = output();
    if (!el || !w.test(el.textContent.trim())) { w.text = null; return; }
    if (!visible(el)) { frame(w); return; }
    watchers.delete(w);
    const ch = new MessageChannel();
    ch.port1.onmessage = () => w.resolve({
      text: w.text, frame: now(), keydown: B.keydown, input: B.input, inputAt: B.inputAt,
    });
    ch.port2.postMessage(null);
  });
  const check = () => {
    const t = textOf();
    if (B.first !== null && B.ready === null && t !== CFG.initial) B.flicker++;
    for (const w of watchers)
      if (w.text === null && t !== null && w.test(t)) { w.text = now(); frame(w); }
  };
  let readyNow;
  B.readyPromise = new Promise((resolve) => { readyNow = resolve; });
  const checkReady = () => {
    if (B.ready === null && document.documentElement &&
        document.documentElement.hasAttribute(CFG.ready)) { B.ready = now(); readyNow(B.ready); }
  };
  // A guard against a page that never gets there (resolves null): not a sleep.
  B.within = (promise, ms) =>
    Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(null), ms))]);
  // Time to interactive: the moment the page says it is ready (and has painted its
  // default result, so that typing cannot hide it before it was ever seen), arm the
  // watcher for the typed value's result and focus the field; the browser then types.
  B.whenReady = async (field, expect, ms) => {
    if ((await B.within(Promise.all([B.readyPromise, B.firstPromise]), ms)) === null)
      return false;
    B.arm("eq", expect);
    B.focus(field);
    return true;
  };
  B.watch = (kind, value) => new Promise((resolve) => {
    const w = {text: null, resolve,
               test: kind === "eq" ? (t) => t === value : (t) => t !== value};
    watchers.add(w);
    check();
  });
  // Arm a watcher before the browser types; await B.pending afterwards.
  B.arm = (kind, value) => { B.pending = B.watch(kind, value); return textOf(); };
  B.text = textOf;
  B.focus = (selector) => { const el = document.querySelector(selector); el.focus(); el.select(); };
  addEventListener("keydown", (e) => { B.keydown = e.timeStamp; }, true);
  addEventListener("input", (e) => {
    B.input = e.timeStamp; B.inputAt = now();
    if (!B.echoed) return;
    const resolve = B.echoed; B.echoed = null;
    const pressed = B.keydown;  // when the browser got the key, not when the page ran it
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(now() - pressed);
      ch.port2.postMessage(null);
    });
  }, true);
  // Echo: focus the field; the browser then types one character into it.
  B.echoArm = (selector) => {
    document.querySelector(selector).focus();
    B.echo = new Promise((resolve) => { B.echoed = resolve; });
  };
  new MutationObserver(() => { checkReady(); check(); }).observe(document, {
    childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: [CFG.ready],
  });
  B.firstPromise = B.watch("eq", CFG.initial).then((r) => (B.first = r));
})();
"""

RESOURCES = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const all = [nav, ...performance.getEntriesByType("resource")].filter(Boolean);
  return {
    count: all.length,
    transfer: all.reduce((s, e) => s + (e.transferSize || 0), 0),
    from_cache: all.filter((e) => e.transferSize === 0 && e.decodedBodySize > 0).length,
    from_sw: all.filter((e) => e.workerStart > 0).length,
  };
}"""

SERVICE_WORKER = """async () => {
  if (!("serviceWorker" in navigator)) return {registered: false, controlled: false};
  const reg = await navigator.serviceWorker.getRegistration();
  if (reg) {  // let its install (e.g. precaching) finish: its bytes belong to this visit
    await Promise.race([navigator.serviceWorker.ready,
                        new Promise((r) => setTimeout(r, 60000))]);
  }
  return {registered: !!reg, controlled: !!navigator.serviceWorker.controller};
}"""


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-len(ordered) * q // 100)))
    return ordered[int(rank) - 1]


def type_value(
    page: Page, target: Target, value: str, expect: str, kind: str = "eq"
) -> dict[str, float]:
    """Select the field's text and type ``value`` (trusted input); wait for the result.

    The result is the output's text equal to ``expect`` (kind "eq") or, with kind "ne",
    any text but ``expect``.
    """
    page.evaluate("([kind, value]) => window.__bench.arm(kind, value)", [kind, expect])
    page.evaluate("(s) => window.__bench.focus(s)", target.field)
    page.keyboard.insert_text(value)
    return page.evaluate("() => window.__bench.pending")  # type: ignore[no-any-return]


def keystrokes(page: Page, target: Target, count: int) -> dict[str, Any]:
    """Alternate a digit and Backspace in the field; each keystroke changes the result."""
    type_value(page, target, "2", page.evaluate("() => window.__bench.text()"), kind="ne")
    to_text: list[float] = []
    to_frame: list[float] = []
    for i in range(count):
        key = str(1 + (i // 2) % 9) if i % 2 == 0 else "Backspace"
        before = page.evaluate("() => window.__bench.text()")
        page.evaluate("([k, v]) => window.__bench.arm(k, v)", ["ne", before])
        page.keyboard.press(key)
        seen = page.evaluate("() => window.__bench.pending")
        start = seen["keydown"]
        to_text.append(seen["text"] - start)
        to_frame.append(seen["frame"] - start)
    return {
        "p50": percentile(to_text, 50),
        "p95": percentile(to_text, 95),
        "frame_p50": percentile(to_frame, 50),
        "frame_p95": percentile(to_frame, 95),
        "max": max(to_text),
        "samples": to_text,
    }


def visit(
    context: BrowserContext, target: Target, base: str, traffic: Traffic, count: int
) -> dict[str, Any]:
    """One visit to the page in this browser profile, measured."""
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None
    )
    restored: list[bool] = []
    page.on(
        "console",
        lambda m: restored.append(True) if "restored from its memory snapshot" in m.text else None,
    )
    page.set_default_timeout(TIMEOUT_MS)
    for other in context.pages:
        if other is not page:
            other.close()
    traffic.wait_idle()
    start = traffic.snapshot()
    page.goto(base + target.path, wait_until="commit", timeout=TIMEOUT_MS)
    # Echo: one character typed as soon as the field is there, while Python starts.
    page.wait_for_selector(target.field, state="attached")
    page.evaluate("(s) => window.__bench.echoArm(s)", target.field)
    page.keyboard.press("5")
    echo = page.evaluate("([ms]) => window.__bench.within(window.__bench.echo, ms)", [TIMEOUT_MS])
    page.keyboard.press("Backspace")  # the field as it was: the default result must show
    # Wait in the page, not by polling from here: Playwright's wait_for_selector polls at
    # growing intervals (up to 500 ms), which would add its own delay to the figure.
    ready = page.evaluate(
        "([f, e, ms]) => window.__bench.whenReady(f, e, ms)",
        [target.field, target.typed_result, TIMEOUT_MS],
    )
    if not ready:
        raise RuntimeError(
            f"{target.name}: html[data-py-ready] or the default result {target.initial!r}"
            f" did not show in {TIMEOUT_MS} ms"
        )
    page.keyboard.insert_text(target.typed)
    tti = page.evaluate("([ms]) => window.__bench.within(window.__bench.pending, ms)", [TIMEOUT_MS])
    if tti is None:
        raise RuntimeError(
            f"{target.name}: typing {target.typed!r} never showed {target.typed_result!r}"
        )
    first = page.evaluate("() => window.__bench.first")
    to_interactive = traffic.since(start)
    marks = page.evaluate(
        "() => ({fcp: window.__bench.fcp, ready: window.__bench.ready,"
        " flicker: window.__bench.flicker, longtasks: window.__bench.longtasks})"
    )
    # Main-thread tasks over 50 ms that began before the typed value's result was shown.
    tasks = [duration for start, duration in marks["longtasks"] if start < tti["frame"]]
    latency = keystrokes(page, target, count)
    # Every task from navigation until a second after ready (the rest of the start-up).
    settle = "(t) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())))"
    page.evaluate(settle, marks["ready"] + 1000)
    after_ready = page.evaluate("() => window.__bench.longtasks")
    start_tasks = [d for start, d in after_ready if start < marks["ready"] + 1000]
    type_value(page, target, target.default, target.initial)  # leave the saved state default
    sw = page.evaluate(SERVICE_WORKER)
    resources = page.evaluate(RESOURCES)
    traffic.wait_idle()
    sent = traffic.since(start)
    return {
        # Shown no earlier than the first contentful paint (the frame time is taken when the
        # main thread has rendered it; the browser presents it later).
        "first_paint_correct": max(first["frame"], marks["fcp"] or 0),
        "first_correct_frame": first["frame"],
        "first_correct_text": first["text"],
        "fcp": marks["fcp"],
        "ready": marks["ready"],
        "tti": tti["frame"],
        "tti_text": tti["text"],
        "tti_input_event": tti["input"],  # the input event's timeStamp...
        "tti_input_handled": tti["inputAt"],  # ...and when the page's main thread ran it
        "flicker": marks["flicker"],
        "longest_task": max(tasks, default=0.0),
        "longest_task_ready": max(start_tasks, default=0.0),
        "echo": echo,
        "tbt": sum(max(0.0, duration - 50) for duration in tasks),
        "bytes": sent["bytes"],
        "requests": sent["requests"],
        "not_modified": sent["not_modified"],
        "bytes_to_interactive": to_interactive["bytes"],
        "page_requests": resources["count"],
        "page_from_cache": resources["from_cache"],
        "page_from_sw": resources["from_sw"],
        "page_transfer": resources["transfer"],
        "key_p50": latency["p50"],
        "key_p95": latency["p95"],
        "key_frame_p50": latency["frame_p50"],
        "key_frame_p95": latency["frame_p95"],
        "key_max": latency["max"],
        "key_samples": latency["samples"],
        "snapshot_restored": bool(restored),
        "sw_registered": sw["registered"],
        "sw_controlled": sw["controlled"],  # at the end of the visit
        "sw_at_start": page.evaluate("() => window.__bench.swAtStart"),  # served by a SW
        "server_log": sent["log"],
        "problems": problems,
    }


def run_profile(
    playwright: Any, args: argparse.Namespace, target: Target, base: str, traffic: Traffic
) -> dict[str, Any]:
    """A fresh browser profile: a cold first visit, then later visits in the same profile.

    A "warm" visit is a new tab in the same browser session (memory and disk cache); for
    a "restart" visit the browser is closed (which flushes its disk cache and code cache)
    and started again on the same profile, like a visit another day. ``--warm`` says which
    of the two to take (default both, warm first).
    """
    probe = PROBE.replace(
        "__CFG__",
        json.dumps({"result": target.result, "initial": target.initial, "ready": "data-py-ready"}),
    )
    options: dict[str, Any] = {"headless": True, "service_workers": args.service_workers}
    if args.chromium:
        options["executable_path"] = args.chromium
        options["args"] = CHROMIUM_ARGS
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:

        def launch() -> BrowserContext:
            context: BrowserContext = playwright.chromium.launch_persistent_context(
                profile, **options
            )
            context.add_init_script(probe)
            return context

        context = launch()
        try:
            version = context.new_cdp_session(context.pages[0]).send("Browser.getVersion")
            cold = visit(context, target, base, traffic, args.keystrokes)
            result: dict[str, Any] = {"cold": cold, "browser": version["product"]}
            if args.warm in ("same", "both"):
                warm = [
                    visit(context, target, base, traffic, args.keystrokes)
                    for _ in range(args.warm_visits)
                ]
                result.update(warm=warm[-1], warm_all=warm)
            if args.warm in ("restart", "both"):
                restart = []
                for _ in range(args.warm_visits):
                    context.close()
                    context = launch()
                    restart.append(visit(context, target, base, traffic, args.keystrokes))
                result.update(restart=restart[-1], restart_all=restart)
        finally:
            context.close()
    return result


# ---------------------------------------------------------------------------------------
# Report

MODES = ("cold", "warm", "restart")
PAGES = ("ours", "no-snapshot", "reference")
_ = ("", "", "")
WITHIN_300_MS = ("", "<= 300 ms", "<= 300 ms")
ROWS = [
    # key, label, unit, scale, targets (cold, warm, restart): printed for information only
    ("first_paint_correct", "first paint, correct default result", "ms", 1, WITHIN_300_MS),
    ("fcp", "first contentful paint", "ms", 1, _),
    ("ready", "html[data-py-ready] set", "ms", 1, _),
    ("tti", "time to interactive (typed value -> result)", "ms", 1,
     ("<= no-snapshot", "<= 0.50x ref", "<= 0.50x ref")),
    ("longest_task", "longest main-thread task to interactive", "ms", 1, WITHIN_300_MS),
    ("longest_task_ready", "longest main-thread task, to ready + 1 s", "ms", 1, ("<= 300 ms",) * 3),
    ("echo", "typed character -> shown, while loading", "ms", 1, ("<= 100 ms",) * 3),
    ("tbt", "total blocking time to interactive", "ms", 1, _),
    ("bytes", "bytes sent by server, whole visit", "kB", 1e-3, ("<= 0.75x ref", "", "")),
    ("bytes_to_interactive", "bytes sent by server, to interactive", "kB", 1e-3,
     ("<= no-snapshot", "", "")),
    ("requests", "requests reaching the server", "n", 1, _),
    ("not_modified", "  of which 304 Not Modified", "n", 1, _),
    ("page_requests", "resources the page loaded (incl. cached)", "n", 1, _),
    ("key_p50", "keystroke -> result p50", "ms", 1, _),
    ("key_p95", "keystroke -> result p95", "ms", 1, ("<= 16 ms",) * 3),
    ("key_frame_p50", "keystroke -> next frame p50", "ms", 1, _),
    ("key_frame_p95", "keystroke -> next frame p95", "ms", 1, _),
]  # fmt: skip


def median_of(runs: list[dict[str, Any]], page: str, mode: str, key: str) -> float | None:
    values = [run[page][mode][key] for run in runs if run.get(page) and run[page].get(mode)]
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value: float | None, unit: str, scale: float) -> str:
    if value is None:
        return "n/a"
    value *= scale
    if unit == "n":
        return f"{value:g}"
    if unit == "kB":
        return f"{value:,.1f} kB"
    return f"{value:,.1f} ms"


def ratio_of(value: float | None, reference: float | None) -> float | None:
    return value / reference if value is not None and reference else None


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for mode in MODES:
        for key, *_ in ROWS:
            medians = {page: median_of(runs, page, mode, key) for page in PAGES}
            if all(value is None for value in medians.values()):
                continue
            summary[f"{mode}.{key}"] = {
                **medians,
                "ratio": ratio_of(medians["ours"], medians["reference"]),
                "ratio_no_snapshot": ratio_of(medians["no-snapshot"], medians["reference"]),
            }
    return summary


def print_report(summary: dict[str, Any], runs: list[dict[str, Any]], info: dict[str, Any]) -> None:
    print()
    print(f"Contract Calculator start-up benchmark, {info['date']}")
    print(f"site: {info['site']}   runs: {info['runs']} (medians)   server: {info['server']}")
    print(f"reference runtime: {info['reference_runtime']}")
    print(
        f"machine: {info['cpus']} CPUs ({info['cpu_model']}), {info['memory']}, "
        f"{info['os']}; {info['browser']}; Playwright {info['playwright']}"
    )
    print(
        "cold = first visit in a fresh browser profile; warm = the next visit in the same"
        " browser session, new tab; restart = a visit after restarting the browser on the"
        f" profile (HTTP cache; service workers: {info['service_workers']})"
    )
    print(
        "ours = the built site; no-snapshot = the same site served without its memory"
        " snapshot file; ratio = ours / reference, ratio n-s = no-snapshot / reference"
    )
    headers = ("metric", "ours", "no-snapshot", "reference", "ratio", "ratio n-s", "target (info)")
    for index, mode in enumerate(MODES):
        table = []
        for key, label, unit, scale, targets in ROWS:
            entry = summary.get(f"{mode}.{key}")
            if entry is None:
                continue
            table.append(
                (
                    label,
                    *(fmt(entry[page], unit, scale) for page in PAGES),
                    *(f"{r:.2f}x" if r is not None else "-" for r in
                      (entry["ratio"], entry["ratio_no_snapshot"])),
                    targets[index],
                )
            )  # fmt: skip
        if not table:
            continue
        widths = [max(len(row[i]) for row in [headers, *table]) for i in range(len(headers))]
        print()
        print(f"{mode.upper()}")
        line = " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
        print(line)
        print("-+-".join("-" * w for w in widths))
        for row in table:
            cells = [row[0].ljust(widths[0])] + [
                c.rjust(w) for c, w in zip(row[1:-1], widths[1:-1], strict=True)
            ]
            cells.append(row[-1].ljust(widths[-1]))
            print(" | ".join(cells).rstrip())
    notes = []
    for page in PAGES:
        for mode in MODES:
            visits = [run[page][mode] for run in runs if run.get(page) and run[page].get(mode)]
            if not visits:
                continue
            sw = sum(1 for v in visits if v["sw_at_start"])
            if sw:
                notes.append(
                    f"{page} {mode}: a service worker controlled the page from its start"
                    f" in {sw}/{len(visits)} visits"
                )
            restored = sum(1 for v in visits if v.get("snapshot_restored"))
            if page != "reference" and mode != "cold":
                notes.append(
                    f"{page} {mode}: Python restored from the memory snapshot"
                    f" in {restored}/{len(visits)} visits"
                )
            sw = sum(1 for v in visits if v["sw_registered"])
            if sw and mode == "cold":
                notes.append(
                    f"{page} cold: a service worker was registered (and its install awaited)"
                    f" in {sw}/{len(visits)} visits"
                )
            flicker = sum(1 for v in visits if v["flicker"])
            if flicker:
                notes.append(
                    f"{page} {mode}: the default result changed away from "
                    f"{REFERENCE.initial if page == 'reference' else OURS.initial!r} after first "
                    f"showing it, before ready, in {flicker}/{len(visits)} visits"
                )
            problems = sorted({p for v in visits for p in v["problems"]})
            notes.extend(f"{page} {mode}: {p}" for p in problems[:5])
    print()
    for note in notes:
        print(f"note: {note}")
    print(
        "longest task and total blocking time (the part of each task over 50 ms): main-thread"
        " tasks of 50 ms or more (Long Tasks API) that began before the typed value's result."
    )
    print(f"Took {info['seconds']:.0f} s.")


def without_snapshot(site: Path, mirror: Path) -> bool:
    """``mirror``: ``site`` as symlinks, less its memory snapshot; False if it has none."""
    snapshots = set(site.glob("static/pyodide-snapshot-*.bin.gz"))
    if not snapshots:
        return False
    for path in site.rglob("*"):
        target = mirror / path.relative_to(site)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif path not in snapshots:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path)
    return True


def runtime_matches_manifest(runtime: Path) -> bool:
    """Whether every file scripts/runtime-checksums.txt names is in ``runtime``, unchanged."""
    manifest = ROOT / "scripts" / "runtime-checksums.txt"
    for line in manifest.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            path = runtime / name
            if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                return False
    return True


def machine_info() -> dict[str, Any]:
    model = platform.processor() or platform.machine()
    memory = "? RAM"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024**2:.1f} GB RAM"
                break
    except OSError:
        pass
    from importlib.metadata import version

    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "playwright": version("playwright"),
    }


def main() -> int:
    default_site = ROOT / "dist" if (ROOT / "dist").is_dir() else ROOT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=default_site, help="dist/ if built, else .")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keystrokes", type=int, default=50)
    parser.add_argument(
        "--warm-visits",
        type=int,
        default=1,
        help="warm visits per profile; the table reports the last one",
    )
    parser.add_argument(
        "--warm",
        choices=("same", "restart", "both"),
        default="both",
        help="later visits: a new tab in the same browser session (warm), after closing "
        "and restarting the browser on the same profile (restart), or both (default)",
    )
    parser.add_argument(
        "--service-workers",
        choices=("allow", "block"),
        default="allow",
        help="allow (default) or block service workers",
    )
    parser.add_argument(
        "--cache-control",
        default="max-age=600",
        help="Cache-Control the server sends with files; '' for none (scripts/serve.py's)",
    )
    parser.add_argument(
        "--chromium",
        default=str(SYSTEM_CHROMIUM) if SYSTEM_CHROMIUM.exists() else "",
        help="browser executable (default: Debian's chromium if present, else Playwright's)",
    )
    parser.add_argument(
        "--reference-runtime",
        choices=("vendor", "site"),
        default="vendor",
        help="the reference page's runtime: static/vendor as `make vendor` made it "
        "(default), or the site's own static/vendor (which a build may have trimmed)",
    )
    parser.add_argument(
        "--snapshot",
        choices=("both", "with"),
        default="both",
        help="also measure the site served without its memory snapshot (both, default)",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args()

    site = args.site.resolve()
    runtime = (site if args.reference_runtime == "site" else ROOT) / "static" / "vendor"
    for needed in (site / "index.html", runtime / "pyodide" / "pyodide.mjs"):
        if not needed.is_file():
            print(f"bench: {needed} is missing: run `make vendor` (or build)", file=sys.stderr)
            return 2
    pristine = runtime_matches_manifest(runtime)
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as served:
        (Path(served) / "site").symlink_to(site, target_is_directory=True)
        (Path(served) / "runtime").symlink_to(runtime, target_is_directory=True)
        shutil.copytree(BENCH / "reference", Path(served) / "reference")
        targets = [OURS, REFERENCE]
        if args.snapshot == "both" and without_snapshot(site, Path(served) / "site-no-snapshot"):
            targets.insert(1, OURS_NO_SNAPSHOT)
        server, traffic = start_server(Path(served), args.cache_control)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        runs: list[dict[str, Any]] = []
        failed = False
        browser = "?"
        try:
            with sync_playwright() as playwright:
                for i in range(args.runs):
                    # Rotate the order so that no page always goes first.
                    order = targets[i % len(targets) :] + targets[: i % len(targets)]
                    run: dict[str, Any] = {}
                    for target in order:
                        try:
                            result = run_profile(playwright, args, target, base, traffic)
                        except Exception as error:  # report it, go on
                            failed = True
                            print(f"run {i + 1} {target.name}: FAILED: {error}", file=sys.stderr)
                            continue
                        browser = result.pop("browser")
                        run[target.name] = result
                        times = ", ".join(
                            f"{mode} tti {result[mode]['tti']:7.0f} ms"
                            for mode in MODES
                            if mode in result
                        )
                        print(
                            f"run {i + 1}/{args.runs} {target.name:11}: {times}",
                            file=sys.stderr,
                            flush=True,
                        )
                    runs.append(run)
        finally:
            server.shutdown()
            server.server_close()
    info = {
        **machine_info(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "site": str(site),
        "runs": args.runs,
        "browser": browser,
        "server": f"in-process, scripts/serve.py MIME types, Cache-Control: "
        f"{args.cache_control or '(none)'}",
        "service_workers": args.service_workers,
        "reference_runtime": f"{runtime} ("
        + ("matches" if pristine else "DIFFERS FROM")
        + " scripts/runtime-checksums.txt)",
        "warm": args.warm,
        "seconds": time.monotonic() - began,
    }
    summary = summarize(runs)
    print_report(summary, runs, info)
    if args.json:
        args.json.write_text(json.dumps({"info": info, "summary": summary, "runs": runs}, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
