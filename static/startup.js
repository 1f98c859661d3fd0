// Says so when the page's Python cannot start, instead of "Loading…" forever.
//
// The page's markup, as written, is the page of a copy that cannot compute: the message
// that it cannot (in English and in Chinese, with where to get a copy that can) is shown,
// the loading and ready texts carry `hidden`, and static/app.css styles the results as the
// default inputs' examples. That is what a person sees when nothing loads: a page saved as
// "HTML only" opened from disk (no CSS, no script), or a browser with JavaScript off.
//
// This classic script is loaded parser-blocking from the <head> (a file:// page can load a
// classic script that exists beside it; it refuses module scripts), so before anything is
// painted it puts the page in its starting state, html[data-py-starting], under which the
// CSS shows "Loading…". It puts the page back into the failed state, with the reason in
// html[data-py-failed] and the message's language in html[data-py-lang], when
//   - the page is not served over http(s) and does not embed its runtime ("file"): a page
//     saved with "Save as", or dist/index.html opened from disk;
//   - one of the page's scripts fails to load ("script"), or an error nobody caught stops
//     the start ("error"; e.g. the offline file saved again without its embedded files);
//   - Python is not ready after TIMEOUT_MS ("timeout").
// On failure it also labels each card's results as the example for the default inputs
// and disables the fields and buttons (nothing recomputes, so no edit may contradict a
// result) except the language choice, which then switches the message and the labels. If
// Python becomes ready after all (a slow connection), the failed state is undone.
// The offline single file inlines this script with data-runtime="embedded".
(() => {
  "use strict";
  const TIMEOUT_MS = 60_000;
  const LANG_KEY = "contractcalc.lang"; // static/page.js keeps the chosen language here
  const root = document.documentElement;
  const embedded = document.currentScript?.dataset.runtime === "embedded";
  const served = location.protocol === "http:" || location.protocol === "https:";
  const frozen = "data-py-frozen";
  const label = "data-py-example";

  // A page saved with "Webpage, complete" keeps the attributes its live copy had.
  const carried = ["data-py-ready", "data-py-failed", "data-py-lang", "data-overlay-scrollbars"];
  for (const name of carried) {
    root.removeAttribute(name);
  }
  root.setAttribute("data-py-starting", "");
  if (overlayScrollbars()) root.setAttribute("data-overlay-scrollbars", "");

  const ready = () => root.hasAttribute("data-py-ready");
  const failed = () => root.hasAttribute("data-py-failed");
  const langSelect = () => document.querySelector('[data-global] select[name="lang"]');

  function storedLanguage() {
    try {
      return localStorage.getItem(LANG_KEY); // may throw on file:// or with storage off
    } catch {
      return null;
    }
  }

  function language() {
    const stored = storedLanguage();
    if (stored === "zh" || stored === "en") return stored;
    if (root.lang.toLowerCase().startsWith("zh")) return "zh"; // saved after switching
    return (navigator.language || "").toLowerCase().startsWith("zh") ? "zh" : "en";
  }

  /** Whether this browser's scrollbars take no room, measured before the body exists (so
   * the layout it forces is of nothing): static/app.css then hides the page's scrollbar
   * while Python starts, which no one can tell apart from before it is first scrolled. */
  function overlayScrollbars() {
    const probe = document.createElement("div");
    probe.style.cssText = "position:absolute;overflow:scroll;width:60px;visibility:hidden";
    root.append(probe);
    const overlay = probe.offsetWidth === probe.clientWidth;
    probe.remove();
    return overlay;
  }

  function whenParsed(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback, { once: true });
    } else {
      callback();
    }
  }

  function freeze() {
    if (!failed()) return;
    const controls = document.querySelectorAll(
      "main input, main select, main textarea, main button, [data-global] input," +
        " [data-global] select, [data-global] button",
    );
    for (const control of controls) {
      if (control.name !== "lang" && !control.disabled) {
        control.disabled = true;
        control.setAttribute(frozen, "");
      }
    }
    const template = document.querySelector("template[data-py-example-label]");
    for (const results of template ? document.querySelectorAll(".card .results") : []) {
      if (!results.previousElementSibling?.hasAttribute(label)) {
        const copy = template.content.firstElementChild.cloneNode(true);
        copy.setAttribute(label, "");
        results.before(copy);
      }
    }
    const select = langSelect();
    if (select) select.value = root.getAttribute("data-py-lang");
    const download = document.querySelector("[data-offline-link]");
    if (download && !served) {
      // Relative to a saved copy, the offline file is not there: point at the site's copy.
      const canonical = document.querySelector('link[rel="canonical"]')?.href;
      if (canonical) {
        download.href = new URL("contract-calculator.html", canonical).href;
      } else {
        download.hidden = true;
      }
    }
  }

  function fail(reason) {
    if (ready() || failed()) return;
    root.removeAttribute("data-py-starting");
    root.setAttribute("data-py-failed", reason);
    root.setAttribute("data-py-lang", language());
    whenParsed(freeze);
  }

  function recover() {
    if (!failed()) return;
    root.removeAttribute("data-py-failed");
    root.removeAttribute("data-py-lang");
    root.setAttribute("data-py-starting", "");
    for (const control of document.querySelectorAll(`[${frozen}]`)) {
      control.disabled = false;
      control.removeAttribute(frozen);
    }
    for (const copy of document.querySelectorAll(`[${label}]`)) copy.remove();
  }

  document.addEventListener(
    "error",
    (event) => {
      if (event.target instanceof HTMLScriptElement) fail("script");
    },
    true,
  );
  window.addEventListener("error", (event) => {
    if (event instanceof ErrorEvent) fail("error");
  });
  window.addEventListener("unhandledrejection", () => fail("error"));
  // static/page.js says so when the worker that runs Python cannot load ("script") or
  // Python cannot start in it ("error").
  document.addEventListener("contractcalc:failed", (event) => fail(event.detail));
  document.addEventListener("change", (event) => {
    if (failed() && event.target === langSelect()) {
      root.setAttribute("data-py-lang", event.target.value === "zh" ? "zh" : "en");
    }
  });
  new MutationObserver(() => {
    if (ready()) recover();
  }).observe(root, { attributeFilter: ["data-py-ready"] });

  if (!served && !embedded) {
    fail("file");
  } else {
    setTimeout(() => fail("timeout"), TIMEOUT_MS);
  }
})();
