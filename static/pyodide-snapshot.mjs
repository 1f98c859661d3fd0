// How the page's worker (static/worker.mjs) starts the vendored Pyodide: from a memory
// snapshot when the service worker has stored one, else normally.
//
// scripts/build_snapshot.py made the snapshot from the very runtime files the site ships,
// after importing the page's modules (contractcalc and app), and fills in
// SNAPSHOT below. The service worker stores it decompressed when it installs, after a first
// visit; only a visit it controls uses it, so a first visit loads what it always did. With
// no snapshot, or one that does not restore, Pyodide starts normally (said at debug level).
//
// `_loadSnapshot` is an experimental option of Pyodide 314.0.7, pinned with the runtime;
// tests/unit/site/test_snapshot.py fails if an upgraded pyodide.mjs no longer reads it.
import { loadPyodide as loadVendoredPyodide, version } from "./vendor/pyodide/pyodide.mjs";


export { version };

/** {url, bytes, buildId} of the snapshot (url relative to this module); filled by the build. */
const SNAPSHOT = "__SNAPSHOT__";
const INDEX_URL = new URL("./vendor/pyodide/", import.meta.url).href;
const MAGIC = 0x706e7300; // "\0snp", the first word of a Pyodide snapshot

/** The stored snapshot's response, on a visit the service worker controls; else null. */
async function storedSnapshot(controlled) {
  if (typeof SNAPSHOT !== "object" || !controlled || !globalThis.caches) {
    return null;
  }
  return (await caches.match(new URL(SNAPSHOT.url, import.meta.url).href)) ?? null;
}

/** The snapshot's bytes, if they are the ones the build made for this runtime. */
function checked(buffer) {
  const header = new Uint32Array(buffer, 0, Math.min(12, buffer.byteLength >> 2));
  const buildId = Array.from(header.subarray(4, 12), (n) => n.toString(16).padStart(8, "0"));
  if (buffer.byteLength !== SNAPSHOT.bytes || header[0] !== MAGIC) {
    throw new Error(`not the snapshot the build made (${buffer.byteLength} bytes)`);
  }
  if (buildId.join("") !== SNAPSHOT.buildId) {
    throw new Error(`snapshot of another Pyodide build (${buildId.join("")})`);
  }
  return new Uint8Array(buffer);
}

/** Every restore starts from the same heap: give `random` a fresh seed. */
function freshState(pyodide) {
  const scope = pyodide.toPy({});
  try {
    pyodide.runPython("import random\nrandom.seed()", { globals: scope });
  } finally {
    scope.destroy();
  }
}

/**
 * Pyodide, restored from the stored snapshot when `controlled` (a service worker controls
 * the page, so it may have stored one) and the snapshot restores; else started normally.
 * The answer's `startNotes` say which, for the page to log at debug level.
 */
export async function loadPyodide({ controlled = false, ...options } = {}) {
  const settings = { ...options, indexURL: INDEX_URL };
  const notes = [];
  let stored = null;
  try {
    stored = await storedSnapshot(controlled);
  } catch (error) {
    notes.push(`no stored snapshot: ${error}`);
  }
  if (stored) {
    try {
      // A promise: Pyodide reads the snapshot while it compiles its WebAssembly.
      const snapshot = stored.arrayBuffer().then(checked);
      snapshot.catch(() => {}); // handled below, once Pyodide awaits it: no unhandled rejection
      const pyodide = await loadVendoredPyodide({ ...settings, _loadSnapshot: snapshot });
      freshState(pyodide);
      pyodide.startNotes = ["Python restored from its memory snapshot"];
      return pyodide;
    } catch (error) {
      notes.push(`the memory snapshot did not restore; starting Python normally: ${error}`);
    }
  }
  const pyodide = await loadVendoredPyodide(settings);
  pyodide.startNotes = notes;
  return pyodide;
}
