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
// Classic script: it also runs inlined in the offline file, where the offline loader
// provides the runtime through globalThis.contractCalculatorRuntime().
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
  const phrase = (key) => texts[lang()]?.[key] ?? texts.en?.[key] ?? key;

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
        const sign = text.startsWith("-") ? "neg" : text.startsWith("+") ? "pos" : "";
        if (sign) element.setAttribute("data-sign", sign);
        else element.removeAttribute("data-sign");
      } else {
        element.textContent = text;
      }
      if (element.tagName !== "OUTPUT") element.hidden = !text;
    }
    card.classList.toggle("has-error", Boolean($('[aria-invalid="true"]', card)));
    card.setAttribute("data-computed", lang());
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
      note.append(index ? "; " : " ", link);
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
    for (const card of $$("[data-calc]")) applyVisibility(card);
    saveSoon(answer.state);
  }

  // ------------------------------------------------------------- saving the state

  // Browsers refuse history.replaceState past a rate (WebKit: 100 calls in 10 s, Firefox:
  // 200), which a held-down key reaches. Saves go at once while there are saves in hand:
  // up to SAVE_BURST in a row, refilled at SAVE_RATE a second; past that, the latest state
  // is saved as soon as one is back.
  const SAVE_BURST = 30;
  const SAVE_RATE = 5;
  let savesInHand = SAVE_BURST;
  let countedAt = 0;
  let latestState = null;
  let trailingSave = null;

  function saveNow() {
    if (latestState === null) return;
    const url = latestState ? `#${latestState}` : location.pathname + location.search;
    history.replaceState(null, "", url);
    storage(STATE_KEY, latestState || null);
  }

  function saveSoon(encoded) {
    latestState = encoded;
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
      saveSoon(latestState);
    }, ((1 - savesInHand) / SAVE_RATE) * 1000);
  }

  // ------------------------------------------------------------- talking to Python

  let worker = null;
  let ready = false;
  let inFlight = false;
  const changed = new Set();
  const replies = new Map();
  let nextId = 0;

  function call(name, payload) {
    const id = nextId++;
    worker.postMessage({ id, call: name, payload: JSON.stringify(payload) });
    return new Promise((resolve, reject) => replies.set(id, { resolve, reject }));
  }

  /** Send what changed; what changes meanwhile goes in the next request. */
  async function flush() {
    if (!ready || inFlight || changed.size === 0) return;
    inFlight = true;
    const keys = Array.from(changed);
    changed.clear();
    try {
      render(JSON.parse(await call("update", { values: values(), lang: lang(), changed: keys })));
    } catch (error) {
      reportError(error);
    } finally {
      inFlight = false;
    }
    flush();
  }

  function changeOf(key) {
    changed.add(key);
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
    if (!ready) {
      markPending(target === langSelect() ? $$("[data-calc]") : cardsReading(target));
      return;
    }
    changeOf(target === langSelect() ? "lang" : keyOf(target));
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
      if (ready) changeOf(`${card.dataset.calc}.rows`);
    } else if (button.hasAttribute("data-remove-row")) {
      if (rowsOf(card).length > 1) {
        button.closest("[data-row]").remove();
      } else {
        fillRow(button.closest("[data-row]"), {});
        notify("x.row_kept");
      }
      $("input", $("[data-rows]", card)).focus();
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

  function failed(message) {
    reportError(new Error(`Contract Calculator: Python could not start: ${message}`));
  }

  async function startPython(defaults) {
    const { worker: url, runtime } = await (globalThis.contractCalculatorRuntime?.() ?? siteRuntime());
    worker = new Worker(url, { type: "module" });
    worker.addEventListener("error", (event) => failed(event.message ?? "the worker did not load"));
    worker.addEventListener("message", async ({ data }) => {
      if (data.type === "failed") {
        failed(data.message);
      } else if (data.type === "ready") {
        const saved = location.hash.slice(1) || storage(STATE_KEY) || "";
        const payload = { values: values(), defaults, lang: lang(), saved };
        changed.clear(); // start computes every card whose fields differ from the built page
        try {
          render(JSON.parse(await call("start", payload)));
        } catch (error) {
          failed(error);
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
    worker.postMessage({ type: "start", runtime });
  }

  function init() {
    texts = JSON.parse($("script#page-texts")?.textContent || "{}");
    const defaults = Object.fromEntries(allFields().map((e) => [keyOf(e), builtValue(e)]));
    for (const card of $$("[data-calc]")) {
      if ($("[data-rows]", card)) examples.set(card, rowsOf(card).map((row) => row.cloneNode(true)));
    }
    document.addEventListener("input", onInput);
    document.addEventListener("click", onClick);
    if (root.hasAttribute("data-py-failed")) return; // a copy that cannot compute says so
    const stored = storage(LANG_KEY);
    const browser = (navigator.language || "").toLowerCase().startsWith("zh") ? "zh" : "en";
    const chosen = langSelect().value !== builtValue(langSelect()) ? langSelect().value : null;
    langSelect().value = chosen ?? (stored === "zh" || stored === "en" ? stored : browser);
    if (lang() !== "en") {
      translate();
      markPending($$("[data-calc]"));
    }
    const kind = $('[name="kind"]', toolbar()).value;
    if (kind !== builtValue($('[name="kind"]', toolbar()))) switchExamples(kind);
    startPython(defaults).catch(failed);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init, { once: true });
  } else {
    init();
  }
})();
