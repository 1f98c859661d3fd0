// The page's main thread: read fields, hand them to Python in a worker, render its answers.
//
// It knows no particular card. The markup says what everything is (templates/macros.html):
// a card is [data-calc=ID], a section's shared fields [data-shared=ID], the toolbar
// [data-global]; results are [data-out=NAME] (markup where [data-markup]), a field's
// message [data-error-for=NAME]; [data-show="field=value"] shows an element only while
// that field has that value; [data-i18n], [data-i18n-label] and [data-i18n-all] are texts
// of the catalogue, which the build embeds as JSON (script#page-texts) for switching
// language at once. Repeating rows are [data-rows] > [data-row=N], their cells named
// COLUMN_N. What a field means, what is computed and how it is said is Python's
// (app.session, run by static/worker.mjs), so this file holds only what the page does.
//
// Python starts in the worker while the page is already usable: typing, the language, the
// contract kind, adding rows all work at once. A card whose inputs change before Python is
// ready is marked pending (its results fade, a line says they will update); once ready,
// every card whose inputs differ from the built page is computed and the marks go. From
// then on html[data-py-ready] is set and each change is answered; changes made while an
// answer is on its way are sent together next, so results always end matching the fields.
//
// Classic script, loaded async from the <head> so that Python starts while the page is
// still parsed; the page's own work waits for DOMContentLoaded. It also runs inlined in the
// offline file, where the offline loader provides the runtime through
// globalThis.contractCalculatorRuntime().
(() => {
  "use strict";
  const STATE_KEY = "contractcalc.state";
  const LANG_KEY = "contractcalc.lang"; // static/startup.js reads it too
  const FIELDS = "input[name], select[name], textarea[name]";
  const root = document.documentElement;

  const $ = (selector, scope = document) => scope.querySelector(selector);
  const $$ = (selector, scope = document) => Array.from(scope.querySelectorAll(selector));
  const toolbar = () => $("[data-global]");
  const langSelect = () => $('select[name="lang"]', toolbar());
  const lang = () => (langSelect().value === "zh" ? "zh" : "en");
  let texts = {};
  /** The page's text for `key` in the chosen language; a missing one is a bug, said loudly
   * (the tests fail on console errors), never covered by another language. */
  function phrase(key) {
    const text = texts[lang()]?.[key];
    if (text === undefined) console.error(`Contract Calculator: no ${lang()} text "${key}"`);
    return text ?? key;
  }

  function storage(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(key);
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch {
      // storage refused (private mode, file:// in some browsers): the page works without
    }
    return null;
  }

  // ------------------------------------------------------------- fields and their keys

  /** A field's key: its name in the toolbar, else "<card or section>.<name>". */
  function keyOf(element) {
    const scope = element.closest("[data-calc], [data-shared]");
    if (!scope) return element.name;
    return `${scope.dataset.calc ?? scope.dataset.shared}.${element.name}`;
  }

  function elementOf(key) {
    const at = key.lastIndexOf(".");
    if (at < 0) return $(`[name="${key}"]`, toolbar());
    const scope = key.slice(0, at);
    const name = key.slice(at + 1);
    return $(`:is([data-calc="${scope}"], [data-shared="${scope}"]) [name="${name}"]`);
  }

  function allFields() {
    return $$(FIELDS).filter((element) => element.name !== "lang");
  }

  function builtValue(element) {
    if (element.tagName !== "SELECT") return element.defaultValue;
    const chosen = Array.from(element.options).find((option) => option.defaultSelected);
    return (chosen ?? element.options[0]).value;
  }

  function values() {
    return Object.fromEntries(allFields().map((element) => [keyOf(element), element.value]));
  }

  function setValue(element, value) {
    if (!element) return;
    if (element.tagName === "SELECT" && !Array.from(element.options).some((o) => o.value === value)) {
      return;
    }
    element.value = value;
  }

  /** A field's value as a card sees it: its own, else its section's, else the toolbar's. */
  function valueFor(card, name) {
    const scopes = [card, $("[data-shared]", card.closest(".group") ?? card), toolbar()];
    for (const scope of scopes) {
      const element = scope && $(`[name="${name}"]`, scope);
      if (element) return element.value;
    }
    return undefined;
  }

  function applyVisibility(card) {
    for (const element of $$("[data-show]", card)) {
      const [name, wanted] = element.dataset.show.split("=");
      element.hidden = valueFor(card, name) !== wanted;
    }
  }

  // ------------------------------------------------------------- language and kind

  function translate() {
    root.lang = lang() === "zh" ? "zh-CN" : "en";
    for (const element of $$("[data-i18n]")) element.textContent = phrase(element.dataset.i18n);
    for (const element of $$("[data-i18n-label]")) {
      element.setAttribute("aria-label", phrase(element.dataset.i18nLabel));
    }
    const copy = phrase("x.copy");
    for (const button of $$("button[data-copy]")) {
      button.setAttribute("aria-label", `${copy}: ${$("dt", button.closest(".out")).textContent}`);
      button.title = copy;
    }
  }

  /** Swap the example values sized for the other contract kind; what was typed stays. */
  function switchExamples(kind) {
    document.body.dataset.kind = kind;
    for (const element of $$("[data-inverse-value]")) {
      const linear = element.defaultValue;
      const inverse = element.getAttribute("data-inverse-value");
      const [old, now] = kind === "inverse" ? [linear, inverse] : [inverse, linear];
      if (element.value === old) element.value = now;
      if (element.placeholder === old) element.placeholder = now;
    }
  }

  // ------------------------------------------------------------- repeating rows

  const examples = new Map(); // each row card's example rows as built, for Reset

  const rowsOf = (card) => $$("[data-row]", $("[data-rows]", card));

  function numberRow(row, cardId, index) {
    row.dataset.row = String(index);
    for (const element of $$(FIELDS, row)) {
      const column = element.name.replace(/_\d+$/, "");
      element.name = `${column}_${index}`;
      const describer = `e-${cardId}-${column}-${index}`.replaceAll("_", "-");
      element.setAttribute("aria-describedby", describer);
      const slot = $("[data-error-for]", element.closest(".field"));
      slot.id = describer;
      slot.dataset.errorFor = element.name;
    }
    for (const output of $$("[data-out]", row)) {
      output.dataset.out = output.dataset.out.replace(/_\d+$/, `_${index}`);
    }
  }

  function fillRow(row, cells) {
    for (const element of $$(FIELDS, row)) {
      const column = element.name.replace(/_\d+$/, "");
      if (element.tagName === "SELECT") {
        for (const option of element.options) option.selected = option.defaultSelected;
        if (column in cells) setValue(element, cells[column]);
      } else {
        element.value = cells[column] ?? "";
      }
      element.removeAttribute("aria-invalid");
    }
    for (const slot of $$("[data-error-for]", row)) slot.textContent = "";
    for (const output of $$("[data-out]", row)) {
      output.textContent = "—";
      output.hidden = true;
    }
  }

  function addRow(card, cells = {}) {
    const rows = rowsOf(card);
    const limit = Number($("[data-rows]", card).dataset.maxRows);
    if (rows.length >= limit) return rows.at(-1);
    const row = rows[0].cloneNode(true);
    numberRow(row, card.dataset.calc, Math.max(...rows.map((r) => Number(r.dataset.row))) + 1);
    for (const element of $$(FIELDS, row)) {
      if (element.tagName !== "SELECT") element.defaultValue = ""; // only examples have one
      element.removeAttribute("data-inverse-value");
    }
    fillRow(row, cells);
    $("[data-rows]", card).append(row);
    return row;
  }

  function setRows(card, rows) {
    const [first, ...rest] = rowsOf(card);
    for (const row of rest) row.remove();
    numberRow(first, card.dataset.calc, 0);
    fillRow(first, rows[0] ?? {});
    for (const cells of rows.slice(1)) addRow(card, cells);
  }

  function restoreExamples(card) {
    for (const row of rowsOf(card)) row.remove();
    for (const example of examples.get(card)) $("[data-rows]", card).append(example.cloneNode(true));
  }

  // ------------------------------------------------------------- rendering answers

  function renderCard(card, view) {
    const errors = { ...view.errors };
    const hadErrors = Object.keys(errors).length > 0;
    for (const slot of $$("[data-error-for]", card)) {
      const name = slot.dataset.errorFor;
      const text = errors[name] ?? "";
      delete errors[name];
      slot.textContent = text;
      const target = $(`[name="${name}"]`, card);
      if (target && text) target.setAttribute("aria-invalid", "true");
      else if (target) target.removeAttribute("aria-invalid");
    }
    for (const element of $$("[data-out]", card)) {
      const text = view.outputs[element.dataset.out] ?? "";
      if (element.hasAttribute("data-markup")) {
        element.innerHTML = text; // markup app.session built from numbers and our own texts
      } else if (element.tagName === "OUTPUT") {
        element.textContent = text || "—";
        element.hidden = !text && !hadErrors; // not applicable to these inputs
        element.toggleAttribute("data-empty", !text);
        const sign = view.signs[element.dataset.out]; // declared on the card's output
        if (sign) element.setAttribute("data-sign", sign);
        else element.removeAttribute("data-sign");
      } else {
        element.textContent = text;
      }
      if (element.tagName !== "OUTPUT") element.hidden = !text;
    }
    card.classList.toggle("has-error", Boolean($('[aria-invalid="true"]', card)));
    // How many answers this card has shown: a test tells "computed again, same text" from
    // "never touched" by it.
    card.dataset.computed = String(Number(card.dataset.computed ?? 0) + 1);
    applyVisibility(card);
  }

  function renderPage(page) {
    for (const element of $$("[data-unit]")) {
      element.textContent = page.units[element.dataset.unit] ?? "";
    }
    const note = $('[data-out-global="exchange"]');
    const { sentence, word, links } = page.exchange;
    note.textContent = links.length ? `${sentence} ${word}` : sentence;
    links.forEach(([name, url], index) => {
      const link = document.createElement("a");
      link.href = url;
      link.rel = "noreferrer";
      link.textContent = name;
      if (index) note.append(";");
      note.append(link); // spaced by the stylesheet
    });
    note.hidden = !sentence;
    for (const slot of $$("[data-error-for]", toolbar())) {
      const text = page.errors[slot.dataset.errorFor] ?? "";
      slot.textContent = text;
      const target = $(`[name="${slot.dataset.errorFor}"]`, toolbar());
      if (text) target?.setAttribute("aria-invalid", "true");
      else target?.removeAttribute("aria-invalid");
    }
  }

  function render(answer) {
    for (const [key, text] of Object.entries(answer.fields)) setValue(elementOf(key), text);
    for (const [cardId, rows] of Object.entries(answer.rows ?? {})) {
      setRows($(`[data-calc="${cardId}"]`), rows);
    }
    if (answer.page) renderPage(answer.page);
    for (const [cardId, view] of Object.entries(answer.cards)) {
      renderCard($(`[data-calc="${cardId}"]`), view);
    }
    if (answer.page) for (const card of $$("[data-calc]")) applyVisibility(card);
    if (unsaved || Object.keys(answer.fields).length) {
      unsaved = true;
      setTimeout(saveEdits); // its own task: the answer shows first
    }
  }

  // ------------------------------------------------------------- the saved state

  // The page's state is the text of every field changed from the built page, kept in the
  // URL fragment (a link reopens the same calculation) and in localStorage (a visit
  // without one does too): "kind=inverse&pnl.entry=30%2C000", keys sorted, a card's rows
  // saved whole once they differ from the examples. Read back, anything malformed is
  // dropped, so a hostile link can only ever fill fields with text.
  const KEY = /^(?:[a-z][a-z0-9_]{0,30}\.)?[a-z][a-z0-9_]{0,30}$/; // tests/unit/app/test_card_registry.py
  const MAX_VALUE_LENGTH = 2000; // no real field needs more (tier tables fit)
  const MAX_ENTRIES = 400;
  const ROW_CELL = /^(.+)_(\d{1,3})$/;
  let defaults = {}; // every field's text as built, by key

  /** A card's row cells in `source` (a key-to-text mapping), sorted. */
  function rowCells(card, source) {
    const prefix = `${card.dataset.calc}.`;
    return Object.entries(source)
      .filter(([key]) => key.startsWith(prefix) && ROW_CELL.test(key.slice(prefix.length)))
      .sort(([a], [b]) => (a < b ? -1 : 1));
  }

  const rowsAreExamples = (card, now = values()) =>
    JSON.stringify(rowCells(card, now)) === JSON.stringify(rowCells(card, defaults));

  function stateText() {
    const now = values();
    const rows = new Set();
    for (const card of examples.keys()) {
      if (!rowsAreExamples(card, now)) for (const [key] of rowCells(card, now)) rows.add(key);
    }
    const entries = Object.entries(now)
      .filter(([key, text]) => rows.has(key) || (text !== defaults[key] && !inRow(key)))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return new URLSearchParams(entries).toString();
  }

  /** A cell of a repeating row: saved with all its rows, or not at all. */
  const inRow = (key) => Boolean(elementOf(key)?.closest("[data-row]"));

  function readState(text) {
    const entries = Array.from(new URLSearchParams(text.replace(/^#/, ""))).slice(0, MAX_ENTRIES);
    return Object.fromEntries(
      entries.filter(([key, value]) => KEY.test(key) && value.length <= MAX_VALUE_LENGTH),
    );
  }

  /** Put a saved state into the fields still as built; a field already edited keeps its text. */
  function restore(saved) {
    const touched = new Set();
    for (const card of examples.keys()) {
      const prefix = `${card.dataset.calc}.`;
      const rows = [];
      for (const [key, text] of Object.entries(saved)) {
        const cell = key.startsWith(prefix) && ROW_CELL.exec(key.slice(prefix.length));
        if (cell) (rows[Number(cell[2])] ??= {})[cell[1]] = text;
      }
      if (rows.length && rowsAreExamples(card)) {
        setRows(card, rows.filter(Boolean).slice(0, Number($("[data-rows]", card).dataset.maxRows)));
        touched.add(card);
      }
    }
    for (const [key, text] of Object.entries(saved)) {
      const element = elementOf(key);
      if (element && !element.closest("[data-row]") && element.value === defaults[key]) {
        setValue(element, text);
        if (element.value !== defaults[key]) for (const card of cardsReading(element)) touched.add(card);
      }
    }
    return touched;
  }

  // Browsers refuse history.replaceState past a rate (WebKit: 100 calls in 10 s, Firefox:
  // 200), which a held-down key reaches. Saves go at once while there are saves in hand:
  // up to SAVE_BURST in a row, refilled at SAVE_RATE a second; past that, the state as it
  // is then is saved as soon as one is back.
  const SAVE_BURST = 30;
  const SAVE_RATE = 5;
  let savesInHand = SAVE_BURST;
  let countedAt = 0;
  let trailingSave = null;
  // Once Python is ready, an edit is saved after its answer is drawn (saving takes the
  // main thread for a few ms, which would delay the answer); a page left before then
  // saves on its way out.
  let unsaved = false;
  function saveEdits() {
    if (!unsaved) return;
    unsaved = false;
    saveSoon();
  }
  addEventListener("pagehide", () => {
    if (unsaved) saveNow();
  });

  function saveNow() {
    const text = stateText();
    history.replaceState(null, "", text ? `#${text}` : location.pathname + location.search);
    storage(STATE_KEY, text || null);
  }

  function saveSoon() {
    if (trailingSave !== null) return;
    const now = performance.now();
    savesInHand = Math.min(SAVE_BURST, savesInHand + ((now - countedAt) / 1000) * SAVE_RATE);
    countedAt = now;
    if (savesInHand >= 1) {
      savesInHand -= 1;
      saveNow();
      return;
    }
    trailingSave = setTimeout(() => {
      trailingSave = null;
      saveSoon();
    }, ((1 - savesInHand) / SAVE_RATE) * 1000);
  }

  // ------------------------------------------------------------- talking to Python

  let worker = null;
  let ready = false;
  let inFlight = false;
  const changed = new Set();
  const replies = new Map();
  let nextId = 0;

  function call(payload) {
    const id = nextId++;
    worker.postMessage({ id, payload: JSON.stringify(payload) });
    return new Promise((resolve, reject) => replies.set(id, { resolve, reject }));
  }

  /** Send what changed; what changes meanwhile goes in the next request. */
  async function flush() {
    if (!ready || inFlight) return;
    if (changed.size === 0) {
      root.removeAttribute("data-py-busy");
      return;
    }
    inFlight = true;
    const keys = Array.from(changed);
    changed.clear();
    try {
      render(JSON.parse(await call({ values: values(), lang: lang(), changed: keys, explained: explained() })));
    } catch (error) {
      console.error("Contract Calculator:", error); // a bug: the tests fail on it
    } finally {
      inFlight = false;
    }
    flush();
  }

  /** The cards whose "How this is computed" is open: only they get their worked formula. */
  const explained = () =>
    $$("[data-calc]")
      .filter((card) => $("details[open]", card))
      .map((card) => card.dataset.calc);

  /** A disclosure opened: its card's worked formula, for the fields as they are now. */
  function onToggle(event) {
    const card = event.target.closest?.("[data-calc]");
    if (ready && card && event.target.open) changeOf(`${card.dataset.calc}.*`);
  }

  function changeOf(key) {
    changed.add(key);
    root.setAttribute("data-py-busy", ""); // until every change is answered (tests wait on it)
    flush();
  }

  function markPending(cards) {
    for (const card of cards) {
      card.setAttribute("data-pending", "");
      const note = $("[data-pending-note]", card);
      if (note) note.hidden = false;
    }
  }

  function cardsReading(element) {
    if (element.closest("[data-global]")) return $$("[data-calc]");
    const shared = element.closest("[data-shared]");
    if (shared) return $$("[data-calc]", shared.closest(".group"));
    const card = element.closest("[data-calc]");
    return card ? [card] : [];
  }

  function onInput(event) {
    const target = event.target;
    if (!target.name) return;
    if (target === langSelect()) {
      storage(LANG_KEY, lang());
      translate();
    } else if (target.name === "kind" && target.closest("[data-global]")) {
      switchExamples(target.value);
    }
    const card = target.closest("[data-calc]");
    if (card) applyVisibility(card);
    const key = target === langSelect() ? "lang" : keyOf(target);
    if (ready) {
      unsaved ||= key !== "lang";
      changeOf(key);
    } else {
      changed.add(key); // sent once Python is ready
      markPending(key === "lang" ? $$("[data-calc]") : cardsReading(target));
      if (key !== "lang") saveSoon();
    }
  }

  function notify(key) {
    $('[data-out-global="notice"]').textContent = phrase(key);
  }

  async function copy(text, doneKey) {
    try {
      await navigator.clipboard.writeText(text);
      notify(doneKey);
    } catch {
      notify("x.copy_failed"); // permission refused or no clipboard
    }
  }

  function reset() {
    storage(STATE_KEY, null);
    for (const element of allFields()) {
      if (element.tagName === "SELECT") {
        for (const option of element.options) option.selected = option.defaultSelected;
      } else {
        element.value = element.defaultValue;
      }
    }
    for (const card of examples.keys()) restoreExamples(card);
    switchExamples(toolbar().querySelector('[name="kind"]').value);
    notify("x.reset_done");
    saveNow();
    if (ready) changeOf("*");
    else markPending($$("[data-calc]"));
  }

  function onClick(event) {
    const button = event.target.closest("button");
    if (!button) return;
    const card = button.closest("[data-calc]");
    if (button.hasAttribute("data-copy")) {
      copy($("output", button.closest(".out")).textContent, "x.copied");
    } else if (button.hasAttribute("data-add-row")) {
      $("input", addRow(card)).focus();
      saveSoon();
      if (ready) changeOf(`${card.dataset.calc}.rows`);
    } else if (button.hasAttribute("data-remove-row")) {
      if (rowsOf(card).length > 1) {
        button.closest("[data-row]").remove();
      } else {
        fillRow(button.closest("[data-row]"), {});
        notify("x.row_kept");
      }
      $("input", $("[data-rows]", card)).focus();
      saveSoon();
      if (ready) changeOf(`${card.dataset.calc}.rows`);
      else markPending([card]);
    } else if (button.dataset.action === "share") {
      saveNow();
      copy(location.href, "x.link_copied");
    } else if (button.dataset.action === "reset") {
      reset();
    }
  }

  function siteRuntime() {
    const loader = new URL("static/pyodide-snapshot.mjs", document.baseURI).href;
    return {
      worker: new URL("static/worker.mjs", document.baseURI).href,
      runtime: {
        loader,
        python: new URL("py.zip", document.baseURI).href,
        controlled: Boolean(navigator.serviceWorker?.controller),
      },
    };
  }

  /** Python cannot start: static/startup.js shows the message that this copy cannot compute. */
  function failed(reason, message) {
    console.warn(`Contract Calculator: Python could not start: ${message}`);
    document.dispatchEvent(new CustomEvent("contractcalc:failed", { detail: reason }));
  }

  let starting = null;

  /** Start the worker and Python in it, once. */
  function startPython() {
    starting ??= startWorker().catch((error) => failed("error", error));
  }

  async function startWorker() {
    const { worker: url, runtime, transfer = [] } = await (globalThis.contractCalculatorRuntime?.() ??
      siteRuntime());
    worker = new Worker(url, { type: "module" });
    worker.addEventListener("error", (event) => failed("script", event.message ?? "no worker"));
    worker.addEventListener("message", async ({ data }) => {
      if (data.type === "failed") {
        failed("error", data.message);
      } else if (data.type === "ready") {
        await pageParsed; // on a fast returning visit Python can be ready first
        for (const note of data.notes) console.debug("Contract Calculator:", note);
        // The cards changed while Python loaded (typed, restored, or in another language)
        // are computed, and what the changes imply (an exchange's figures) applied.
        const cards = $$("[data-calc][data-pending]").map((card) => card.dataset.calc);
        const keys = Array.from(changed);
        changed.clear();
        try {
          const payload = { values: values(), lang: lang(), changed: keys, cards, page: true };
          render(JSON.parse(await call({ ...payload, explained: explained() })));
        } catch (error) {
          failed("error", error);
          return;
        }
        for (const card of $$("[data-pending]")) {
          card.removeAttribute("data-pending");
          $("[data-pending-note]", card).hidden = true;
        }
        ready = true;
        root.setAttribute("data-py-ready", "true");
        flush();
      } else {
        const reply = replies.get(data.id);
        replies.delete(data.id);
        if ("error" in data) reply.reject(new Error(data.error));
        else reply.resolve(data.answer);
      }
    });
    worker.postMessage({ type: "start", runtime }, transfer);
  }

  function init() {
    texts = JSON.parse($("script#page-texts")?.textContent || "{}");
    defaults = Object.fromEntries(allFields().map((e) => [keyOf(e), builtValue(e)]));
    for (const card of $$("[data-calc]")) {
      if ($("[data-rows]", card)) examples.set(card, rowsOf(card).map((row) => row.cloneNode(true)));
    }
    document.addEventListener("input", onInput);
    document.addEventListener("click", onClick);
    document.addEventListener("toggle", onToggle, true); // toggle does not bubble
    if (root.hasAttribute("data-py-failed")) return; // a copy that cannot compute says so
    // Typed before this ran (the page is usable while it is parsed): as any edit.
    for (const element of allFields()) {
      if (element.value !== defaults[keyOf(element)]) {
        changed.add(keyOf(element));
        markPending(cardsReading(element));
      }
    }
    const stored = storage(LANG_KEY);
    const browser = (navigator.language || "").toLowerCase().startsWith("zh") ? "zh" : "en";
    const chosen = langSelect().value !== builtValue(langSelect()) ? langSelect().value : null;
    langSelect().value = chosen ?? (stored === "zh" || stored === "en" ? stored : browser);
    if (lang() !== "en") {
      translate();
      markPending($$("[data-calc]"));
    }
    markPending(restore(readState(location.hash || storage(STATE_KEY) || "")));
    const kind = $('[name="kind"]', toolbar()).value;
    if (kind !== defaults.kind) switchExamples(kind);
    startPython();
    parsedNow();
  }

  let parsedNow;
  const pageParsed = new Promise((resolve) => {
    parsedNow = resolve;
  });
  // The served page loads this script async from its <head>: Python starts now, while the
  // page is still being parsed. The offline file's runtime is in blocks at the end of the
  // page, so there it starts once the page is parsed (init).
  if (!root.hasAttribute("data-py-failed") && !globalThis.contractCalculatorRuntime) {
    startPython();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init, { once: true });
  } else {
    init();
  }
})();
