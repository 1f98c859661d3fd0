// The page's Python, off the main thread: this module worker starts the vendored Pyodide,
// unpacks the page's Python (py.zip) and answers the page's calls with app.session.handle.
// The main thread (static/page.js) never waits for it: while Python starts, the page
// scrolls and takes typing; it sends its fields once this worker says it is ready.
//
// Messages. From the page: first {type: "start", runtime}, then {id, payload}: the JSON
// text of app.session.update's arguments. To the page: {type: "ready", notes} once Python
// can answer (notes: how it started, e.g. from the memory snapshot, for the page to log
// at debug level), {type: "failed", message} if it cannot start, and {id, answer} or
// {id, error} for each call.
//
// `runtime` says where the runtime comes from:
// - the served site: {loader, python, controlled}: loader is static/pyodide-snapshot.mjs
//   (it restores the memory snapshot the service worker stored), python the URL of py.zip,
//   and controlled whether a service worker controls the page (then the wasm is served
//   decompressed from its cache; otherwise it is fetched gzip-compressed and
//   decompressed here as it streams in);
// - the offline single file: {indexURL, python, files}: this module is then bundled with
//   Pyodide's two modules (scripts/offline/worker-entry.mjs), and files maps each embedded
//   file's URL (as the served site names it) to {bytes, type}, its bytes (an ArrayBuffer)
//   and type; every fetch is answered from them and nothing else is fetched.
//
// The stored tier tables are not in py.zip: when an answer needs one, app.session.handle
// answers {"need": [name]} instead; this worker then fetches static/tiers/<name>.json
// (beside py.zip; the service worker stores it, the offline file embeds it), hands it to
// app.session.supply and calls handle again. Calls are answered one at a time, in order.

let session = null;
let tiersURL = null;
let queue = Promise.resolve();
const NEED = '{"need":'; // app.session.NEED

async function tierText(name) {
  try {
    const response = await fetch(new URL(`${name}.json`, tiersURL));
    return response.ok ? await response.text() : null;
  } catch {
    return null; // offline and never stored: the exchange then has no stored tables
  }
}

async function answer(payload) {
  for (;;) {
    const text = session.handle(payload);
    if (!text.startsWith(NEED)) return text;
    for (const name of JSON.parse(text).need) session.supply(name, await tierText(name));
  }
}

function answerFrom(files) {
  globalThis.fetch = async function fetchEmbedded(input) {
    const url = input instanceof Request ? input.url : String(input);
    const file = files[new URL(url, self.location.href).href];
    if (!file) throw new TypeError(`offline file: ${url} is not embedded`);
    return new Response(file.bytes, { headers: { "Content-Type": file.type } });
  };
}

function decompressWasm(indexURL) {
  const wasm = new URL("pyodide.asm.wasm", indexURL).href;
  const originalFetch = globalThis.fetch;
  globalThis.fetch = async function fetchCompressedWasm(input, init) {
    const url = input instanceof Request ? input.url : new URL(input, self.location.href).href;
    if (url !== wasm || !("DecompressionStream" in globalThis)) {
      return originalFetch.call(globalThis, input, init);
    }
    const response = await originalFetch.call(globalThis, `${wasm}.gz`, init);
    if (!response.ok) return originalFetch.call(globalThis, input, init); // no .gz here
    return new Response(response.body.pipeThrough(new DecompressionStream("gzip")), {
      headers: { "Content-Type": "application/wasm" },
    });
  };
}

async function start(runtime) {
  let loadPyodide;
  let options;
  if (runtime.files) {
    answerFrom(runtime.files);
    const bundled = globalThis.contractCalculatorPyodide;
    loadPyodide = bundled.loadPyodide;
    options = { indexURL: runtime.indexURL, createPyodideModule: bundled.createPyodideModule };
  } else {
    ({ loadPyodide } = await import(runtime.loader));
    if (!runtime.controlled) decompressWasm(new URL("./vendor/pyodide/", runtime.loader));
    options = { controlled: runtime.controlled };
  }
  const python = fetch(runtime.python).then((response) => {
    if (!response.ok) throw new Error(`${runtime.python}: ${response.status}`);
    return response.arrayBuffer();
  });
  python.catch(() => {}); // awaited below
  const began = performance.now();
  const pyodide = await loadPyodide({ ...options, stdout: () => {}, stderr: console.debug });
  const started = performance.now();
  pyodide.unpackArchive(await python, "zip", { extractDir: "." });
  session = pyodide.pyimport("app.session");
  tiersURL = new URL("static/tiers/", new URL(runtime.python, self.location.href));
  const ms = (from, to) => `${Math.round(to - from)} ms`;
  return [
    ...(pyodide.startNotes ?? []),
    `Pyodide started in ${ms(began, started)}, the page's Python imported in ${ms(started, performance.now())} (worker time ${ms(0, performance.now())})`,
  ];
}

self.addEventListener("message", async ({ data }) => {
  if (data.type === "start") {
    try {
      self.postMessage({ type: "ready", notes: await start(data.runtime) });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error?.stack || error) });
    }
    return;
  }
  queue = queue.then(async () => {
    try {
      self.postMessage({ id: data.id, answer: await answer(data.payload) });
    } catch (error) {
      self.postMessage({ id: data.id, error: String(error?.message || error) });
    }
  });
});
