"""One small interface over three browser engines, for the cross-engine tests.

Each engine is driven by a maintained client, through the protocol it speaks here:

==========  ==========================================  ===============================
engine      where Debian's packages are installed       elsewhere (e.g. a GitHub runner)
==========  ==========================================  ===============================
Chromium    Debian's ``chromium``, Playwright (CDP)      Playwright's Chromium
Firefox     Debian's ``firefox-esr``, npm                Playwright's Firefox
            ``puppeteer-core`` over WebDriver BiDi,
            through ``puppeteer_bridge.mjs``
WebKit      Debian's ``webkit2gtk-driver``               Playwright's WebKit
            (WebKitWebDriver, MiniBrowser) under Xvfb,
            Selenium 4 (classic WebDriver)
==========  ==========================================  ===============================

Playwright cannot download its own Firefox and WebKit on every machine, and its
``moz-firefox`` channel fails on Firefox ESR; Debian ships no geckodriver, so Selenium
cannot drive Firefox there, while puppeteer-core speaks BiDi to Firefox directly. Python
talks to puppeteer through a JSON-lines bridge (one Node process per browser) so that the
tests stay one pytest suite parametrized by engine.

What each engine lets the tests observe (every test fails on any of it):

* Chromium and Playwright's browsers: console errors, uncaught page errors and every
  request (foreign ones are aborted) from the driver's events; CSP violations through a
  ``securitypolicyviolation`` listener installed before the page's scripts (the driver's
  init script, which the page's CSP does not govern).
* Firefox (puppeteer over BiDi): the same, through BiDi's ``log.entryAdded``,
  ``network`` interception (foreign requests are aborted) and ``script.addPreloadScript``.
  Requests made by the service worker itself are not seen by the page's events.
* WebKitGTK (classic WebDriver; Debian's 2.50 has no BiDi, refusing ``webSocketUrl``, and
  no log endpoint): nothing can run before the page's own scripts. Once navigation returns
  (the load event) an in-page probe wraps
  ``console.error`` and listens for ``error``, ``unhandledrejection`` and
  ``securitypolicyviolation``, so anything the page logs *after* that is caught; CSP
  violations from *before* it are still caught, by a buffered ``ReportingObserver``
  (WebKit queues ``csp-violation`` reports from the page's start). Console errors and
  uncaught errors from before the load event are not visible; a failed start shows
  anyway, as ``html[data-py-ready]`` never appears. Foreign requests:
  the browser uses a recording proxy for every origin but localhost (so any attempt is
  seen and refused), and the Resource Timing entries of the page are checked as well.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import signal
import socketserver
import subprocess
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.e2e.harness import CHROMIUM_ARGS, ROOT, SYSTEM_CHROMIUM

ENGINES = ("chromium", "firefox", "webkit")
#: Debian's Firefox ESR (not /usr/bin/firefox, a snap wrapper on Ubuntu); CROSS_FIREFOX
#: names another executable.
FIREFOX_CANDIDATES = ("/usr/bin/firefox-esr",)
WEBKIT_DRIVER = Path("/usr/bin/WebKitWebDriver")
BRIDGE = Path(__file__).with_name("puppeteer_bridge.mjs")
#: Generous: WebKitGTK takes about 50 s to start Pyodide on a busy 2-core machine.
READY_TIMEOUT_S = 240.0

#: In-page probe for engines where nothing runs before the page (WebKitGTK): installed
#: right after navigation, idempotent. CSP reports queued before it are read from a
#: buffered ReportingObserver.
PROBE = """() => {
  if (window.__cross) return;
  const found = window.__cross = [];
  const error = console.error.bind(console);
  console.error = (...args) => { found.push('console error: ' + args.join(' ')); error(...args); };
  addEventListener('error', (e) => found.push('page error: ' + e.message));
  addEventListener('unhandledrejection', (e) => found.push('page error: ' + e.reason));
  const seen = new Set();
  const csp = (directive, url) => {
    const key = directive + ' ' + url;
    if (!seen.has(key)) { seen.add(key); found.push('CSP violation: ' + key); }
  };
  document.addEventListener('securitypolicyviolation',
    (e) => csp(e.violatedDirective, e.blockedURI));
  if (typeof ReportingObserver === 'function') {
    new ReportingObserver((reports) => {
      for (const r of reports) csp(r.body.effectiveDirective || r.body.violatedDirective,
                                   r.body.blockedURL || r.body.blockedURI);
    }, {types: ['csp-violation'], buffered: true}).observe();
  }
}"""

#: Problems the probe saw, and resources the page loaded from anywhere but ``allowed``.
PROBE_READ = """(allowed) => {
  const found = (window.__cross || []).splice(0);
  for (const e of performance.getEntriesByType('resource')) {
    const url = e.name;
    if (/^(data|blob|about):/.test(url)) continue;
    if (!(url === allowed || url.startsWith(allowed + '/') || url.split('#')[0] === allowed))
      found.push('request to another origin (resource timing): ' + url);
  }
  return found;
}"""


class Engine(ABC):
    """A browser with one tab, driven from the tests."""

    name: str
    how: str  # which browser, which driver, which protocol: printed in the report

    def __init__(self) -> None:
        self.allowed = ""

    @abstractmethod
    def open(self, url: str) -> None:
        """Navigate a fresh tab to ``url``; requests outside its origin (or file) are refused."""

    @abstractmethod
    def evaluate(self, fn: str, arg: Any = None) -> Any:
        """Call the JavaScript function ``fn`` (source) with one JSON argument in the page."""

    @abstractmethod
    def reload(self) -> None: ...

    @abstractmethod
    def type_text(self, selector: str, text: str) -> None:
        """Select the field's text and type ``text`` as key presses (trusted input)."""

    @abstractmethod
    def problems(self) -> list[str]:
        """Console errors, page errors, CSP violations, foreign requests since last asked."""

    @abstractmethod
    def close(self) -> None: ...

    def wait_for(self, fn: str, arg: Any = None, timeout: float = READY_TIMEOUT_S) -> Any:
        """Poll ``fn`` in the page until it returns something truthy; fail after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(Exception):  # a navigation in progress
                value = self.evaluate(fn, arg)
                if value:
                    return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}: {fn} still false after {timeout:.0f} s")
            time.sleep(0.2)

    def wait_ready(self) -> None:
        self.wait_for("() => document.documentElement.hasAttribute('data-py-ready')")

    def _allow(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme == "file":
            self.allowed = url.split("#", 1)[0]
        else:
            self.allowed = f"{parts.scheme}://{parts.netloc}"


# ----------------------------------------------------------------------------- Playwright


class PlaywrightEngine(Engine):
    """Chromium (Debian's where installed), or Playwright's own Firefox or WebKit."""

    def __init__(self, name: str) -> None:
        from playwright.sync_api import sync_playwright

        super().__init__()
        self.name = name
        self._playwright = sync_playwright().start()
        browser_type = getattr(self._playwright, name)
        options: dict[str, Any] = {"headless": True}
        if name == "chromium" and SYSTEM_CHROMIUM.exists():
            options.update(executable_path=str(SYSTEM_CHROMIUM), args=CHROMIUM_ARGS)
        self._browser = browser_type.launch(**options)
        self.how = f"{name} {self._browser.version} via Playwright"
        self._context: Any = None
        self._page: Any = None
        self._found: list[str] = []

    def open(self, url: str) -> None:
        self._allow(url)
        if self._context is not None:
            self._context.close()
        self._context = self._browser.new_context()
        allowed = self.allowed

        def refused(target: str) -> bool:
            scheme = urlsplit(target).scheme
            inside = target.startswith(allowed + "/") or target.split("#")[0] == allowed
            return scheme not in {"data", "blob", "about"} and not inside

        self._context.route(refused, lambda route: route.abort("blockedbyclient"))
        page = self._page = self._context.new_page()
        page.on(
            "console",
            lambda m: self._found.append(f"console error: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: self._found.append(f"page error: {e}"))
        page.on(
            "request",
            lambda r: (
                self._found.append(f"request to another origin: {r.url}")
                if refused(r.url)
                else None
            ),
        )
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e =>"
            " console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
        )
        page.goto(url, wait_until="domcontentloaded", timeout=READY_TIMEOUT_S * 1000)

    def evaluate(self, fn: str, arg: Any = None) -> Any:
        return self._page.evaluate(fn, arg)

    def reload(self) -> None:
        self._page.reload(wait_until="domcontentloaded", timeout=READY_TIMEOUT_S * 1000)

    def type_text(self, selector: str, text: str) -> None:
        self._page.evaluate(
            "(s) => { const e = document.querySelector(s); e.focus(); e.select(); }", selector
        )
        self._page.keyboard.type(text)

    def problems(self) -> list[str]:
        found, self._found = self._found, []
        return found

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._browser.close()
        self._playwright.stop()


# ------------------------------------------------------------------- Firefox: puppeteer


class PuppeteerFirefox(Engine):
    """A system Firefox driven by puppeteer-core over WebDriver BiDi, via a Node bridge."""

    name = "firefox"

    def __init__(self, executable: str) -> None:
        super().__init__()
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is not installed")
        self._process = subprocess.Popen(
            [node, str(BRIDGE), executable],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        hello = self._read()
        self.how = f"{hello['version']} ({executable}) via puppeteer-core over WebDriver BiDi"
        self._next = 0

    def _read(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the puppeteer bridge exited ({self._process.poll()})")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _call(self, op: str, **args: Any) -> Any:
        assert self._process.stdin is not None
        self._next += 1
        self._process.stdin.write(json.dumps({"id": self._next, "op": op, **args}) + "\n")
        self._process.stdin.flush()
        answer = self._read()
        if answer.get("id") != self._next:
            raise RuntimeError(f"bridge answered out of turn: {answer}")
        if not answer["ok"]:
            raise RuntimeError(f"firefox {op}: {answer['error']}")
        return answer["value"]

    def open(self, url: str) -> None:
        self._allow(url)
        self._call("open", url=url, allowed=self.allowed)

    def evaluate(self, fn: str, arg: Any = None) -> Any:
        return self._call("evaluate", fn=fn, arg=arg)

    def reload(self) -> None:
        self._call("reload")

    def type_text(self, selector: str, text: str) -> None:
        self._call("type", selector=selector, text=text)

    def problems(self) -> list[str]:
        found: list[str] = self._call("problems")
        return found

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._call("close")
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


# -------------------------------------------------------------------- WebKit: Selenium


class _RecordingProxy(socketserver.ThreadingTCPServer):
    """An HTTP proxy that forwards nothing: it records each request and refuses it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.seen: list[str] = []
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    server: _RecordingProxy

    def _refuse(self) -> None:
        self.server.seen.append(f"request to another origin (proxy): {self.command} {self.path}")
        self.send_error(403, "the tests allow no other origin")

    do_GET = do_POST = do_HEAD = do_PUT = do_OPTIONS = do_CONNECT = _refuse  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:
        pass


class SeleniumWebKit(Engine):
    """Debian's WebKitGTK MiniBrowser through WebKitWebDriver (classic WebDriver), Selenium 4.

    The driver's path is given, so Selenium Manager downloads nothing. MiniBrowser needs a
    display: the caller provides one (an Xvfb started by the tests' fixture).
    """

    name = "webkit"

    def __init__(self, driver_path: Path = WEBKIT_DRIVER) -> None:
        from selenium import webdriver
        from selenium.webdriver.common.proxy import Proxy, ProxyType
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        super().__init__()
        self._proxy = _RecordingProxy()
        port = self._proxy.server_address[1]
        options = Options()
        options.proxy = Proxy(
            {
                "proxyType": ProxyType.MANUAL,
                "httpProxy": f"127.0.0.1:{port}",
                "sslProxy": f"127.0.0.1:{port}",
                "noProxy": ["localhost", "127.0.0.1"],
            }
        )
        self._driver = self._start(
            lambda: webdriver.WebKitGTK(
                options=options, service=Service(executable_path=str(driver_path))
            )
        )
        self._driver.set_script_timeout(READY_TIMEOUT_S)
        self._crashed = ""
        threading.Thread(target=self._watch, daemon=True).start()
        caps = self._driver.capabilities
        self.how = (
            f"WebKitGTK {caps.get('browserVersion')} ({caps.get('browserName')}) via "
            f"Selenium {_version('selenium')} and {driver_path} (classic WebDriver)"
        )

    #: Debian's MiniBrowser 2.50 sometimes segfaults in libc as it starts or quits (seen in
    #: dmesg, a few launches in twenty on this machine); WebKitWebDriver then waits forever.
    START_ATTEMPTS = 3
    START_TIMEOUT_S = 120.0

    def _start(self, make: Any) -> Any:
        """Start a session; if MiniBrowser dies as it starts, say so and start another."""
        for attempt in range(1, self.START_ATTEMPTS + 1):
            made: list[Any] = []
            failed: list[BaseException] = []
            before = set(_children_named("WebKitWebDriver"))
            thread = threading.Thread(target=_into, args=(make, made, failed), daemon=True)
            thread.start()
            thread.join(self.START_TIMEOUT_S)
            if made:
                return made[0]
            for pid in set(_children_named("WebKitWebDriver")) - before:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            thread.join(30)
            reason = failed[0] if failed else f"no session in {self.START_TIMEOUT_S:.0f} s"
            print(f"webkit: MiniBrowser did not start ({reason}); attempt {attempt}", flush=True)
        raise RuntimeError(f"WebKitGTK did not start in {self.START_ATTEMPTS} attempts")

    def _watch(self) -> None:
        """If MiniBrowser dies mid-session, end its driver so that no command waits forever."""
        service = self._driver.service.process
        browsers = _children_of(service.pid)
        while service.poll() is None:
            if browsers and not any(_alive(pid) for pid in browsers):
                self._crashed = f"MiniBrowser {browsers} exited during the session"
                service.kill()
                return
            browsers = browsers or _children_of(service.pid)
            time.sleep(1)

    def _probe(self) -> None:
        self.wait_for("() => document.readyState !== 'loading'")
        self.evaluate(PROBE)

    def open(self, url: str) -> None:
        self._allow(url)
        self._driver.get(url)
        self._probe()

    def evaluate(self, fn: str, arg: Any = None) -> Any:
        try:
            return self._driver.execute_script(f"return ({fn})(arguments[0]);", arg)
        except Exception:
            if self._crashed:
                raise RuntimeError(self._crashed) from None
            raise

    def reload(self) -> None:
        self._driver.refresh()
        self._probe()

    def type_text(self, selector: str, text: str) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys

        element = self._driver.find_element(By.CSS_SELECTOR, selector)
        element.send_keys(Keys.CONTROL, "a")
        element.send_keys(text)

    def problems(self) -> list[str]:
        found: list[str] = self.evaluate(PROBE_READ, self.allowed) or []
        found += self._proxy.seen
        self._proxy.seen = []
        return found

    def close(self) -> None:
        # quit() waits on the driver, which waits forever on a MiniBrowser that crashed.
        quitting = threading.Thread(target=self._driver.quit, daemon=True)
        quitting.start()
        quitting.join(timeout=60)
        process = self._driver.service.process
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        self._proxy.shutdown()
        self._proxy.server_close()


@contextlib.contextmanager
def display() -> Iterator[None]:
    """An X display for WebKitGTK's MiniBrowser: the caller's, or an Xvfb started here."""
    if os.environ.get("DISPLAY"):
        yield
        return
    read, write = os.pipe()
    try:
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "1280x1024x24"],
            pass_fds=(write,),
            stderr=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise RuntimeError("WebKitGTK needs an X display: install xvfb (make browser)") from None
    finally:
        os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()  # Xvfb writes its display number once it listens
    if not number:
        xvfb.kill()
        raise RuntimeError(f"Xvfb did not start ({xvfb.wait()})")
    os.environ["DISPLAY"] = f":{number}"
    try:
        yield
    finally:
        del os.environ["DISPLAY"]
        xvfb.terminate()
        xvfb.wait(timeout=10)


def _into(make: Any, made: list[Any], failed: list[BaseException]) -> None:
    """Call ``make`` (in a thread): its result into ``made``, or its error into ``failed``."""
    try:
        made.append(make())
    except BaseException as error:
        failed.append(error)


def _children_of(pid: int) -> list[int]:
    """Child processes of ``pid`` (Linux), whichever of its threads started them."""
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            children += [int(child) for child in (task / "children").read_text().split()]
    return children


def _children_named(name: str) -> list[int]:
    return [
        pid
        for pid in _children_of(os.getpid())
        if Path(f"/proc/{pid}/comm").is_file()
        and Path(f"/proc/{pid}/comm").read_text().strip() == name[:15]
    ]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in {"Z", "X"}


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


# ------------------------------------------------------------------------ which is where


def _playwright_has(name: str) -> bool:
    """Whether Playwright's own build of this browser is installed (never downloads)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return Path(getattr(playwright, name).executable_path).exists()


def system_firefox() -> str | None:
    override = os.environ.get("CROSS_FIREFOX")
    if override:
        return override
    return next((path for path in FIREFOX_CANDIDATES if Path(path).exists()), None)


def how_to_start(name: str) -> tuple[str, str] | None:
    """Which driver runs ``name`` on this machine: (kind, detail), or None if none can."""
    if name == "chromium":
        if SYSTEM_CHROMIUM.exists() or _playwright_has("chromium"):
            return ("playwright", "chromium")
        return None
    if name == "firefox":
        executable = system_firefox()
        if executable and (ROOT / "node_modules" / "puppeteer-core").is_dir():
            return ("puppeteer", executable)
        if _playwright_has("firefox"):
            return ("playwright", "firefox")
        return None
    if name == "webkit":
        if WEBKIT_DRIVER.exists():
            return ("selenium", str(WEBKIT_DRIVER))
        if _playwright_has("webkit"):
            return ("playwright", "webkit")
        return None
    raise ValueError(name)


def start(kind: str, detail: str) -> Engine:
    if kind == "playwright":
        return PlaywrightEngine(detail)
    if kind == "puppeteer":
        return PuppeteerFirefox(detail)
    if kind == "selenium":
        return SeleniumWebKit(Path(detail))
    raise ValueError(kind)
