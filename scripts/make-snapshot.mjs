// Make a Pyodide memory snapshot in Node (run by scripts/build_snapshot.py; see its docstring).
//
//   node scripts/make-snapshot.mjs RUNTIME_DIR PY_ZIP OUT MODULE...
//
// RUNTIME_DIR holds exactly the runtime files the site ships (pyodide.mjs, pyodide.asm.mjs,
// pyodide.asm.wasm decompressed, the trimmed python_stdlib.zip, pyodide-lock.json). This
// starts Pyodide from them with the experimental `_makeSnapshot` option, unpacks PY_ZIP into
// the home directory as the page's worker does, imports MODULE..., and writes
// `pyodide.makeMemorySnapshot()` to OUT. It then restores OUT into a fresh Pyodide
// (`_loadSnapshot`) and checks that the same modules are there. It prints one line of JSON.
//
// The snapshot is the whole WebAssembly heap, so anything that differs between runs ends
// up in it. To give the same bytes for the same inputs (and the same content-hash name),
// the randomness Python reads at start-up (hash secret, `random`'s seed) comes from a
// fixed-seed generator and the clock stands still while it is made; the page reseeds
// `random` after restoring (static/pyodide-snapshot.mjs). The environment is the one
// Pyodide has in a browser tab (no Node script path), with LANG neutral (C.UTF-8).
import nodeCrypto from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [runtimeDir, pyZip, out, ...modules] = process.argv.slice(2);
if (!runtimeDir || !pyZip || !out || modules.length === 0) {
  console.error("usage: node scripts/make-snapshot.mjs RUNTIME_DIR PY_ZIP OUT MODULE...");
  process.exit(2);
}

// Emscripten reads randomness through node:crypto's randomFillSync (its getrandom()).
let state = 0x2545f491;
nodeCrypto.randomFillSync = (view) => {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let i = 0; i < bytes.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return view;
};
const realNow = performance.now.bind(performance);
const FIXED_TIME = Date.UTC(2026, 0, 1);
Date.now = () => FIXED_TIME;
performance.now = () => 0;

const indexURL = runtimeDir.endsWith("/") ? runtimeDir : `${runtimeDir}/`;
const { loadPyodide, version } = await import(pathToFileURL(`${indexURL}pyodide.mjs`).href);
// What a browser tab has: Emscripten names the program "./this.program" there.
const options = { indexURL, _sysExecutable: "./this.program", env: { _: "./this.program" } };
const quiet = { stdout: () => {}, stderr: (line) => console.error(line) };

const began = realNow();
const pyodide = await loadPyodide({ ...options, ...quiet, _makeSnapshot: true });
const initialHeap = pyodide._module.HEAP8.length;
// As the page's worker (static/worker.mjs) unpacks py.zip.
pyodide.unpackArchive(new Uint8Array(readFileSync(pyZip)), "zip", { extractDir: "." });
const LIST_MODULES = "import sys\n','.join(sorted(sys.modules))";
pyodide.runPython(modules.map((name) => `import ${name}`).join("\n"));
const imported = pyodide.runPython(LIST_MODULES);
const heap = pyodide._module.HEAP8.length;
const brk = pyodide._module.HEAPU32[pyodide._module._emscripten_get_sbrk_ptr() >>> 2];
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(out, snapshot);

// Restore it as the page will, and check that the imports survived.
const restored = await loadPyodide({ ...options, ...quiet, _loadSnapshot: readFileSync(out) });
const again = restored.runPython(LIST_MODULES);
const missing = imported.split(",").filter((name) => !again.split(",").includes(name));
if (missing.length) {
  console.error(`make-snapshot: restored snapshot lacks modules: ${missing.join(", ")}`);
  process.exit(1);
}
const header = new Uint32Array(snapshot.buffer, snapshot.byteOffset, 12);
const buildId = Array.from(header.subarray(4, 12), (n) => n.toString(16).padStart(8, "0")).join("");
console.log(
  JSON.stringify({
    version,
    buildId,
    bytes: snapshot.length,
    initialHeap,
    heap,
    brk,
    modules: imported.split(",").length,
    seconds: (realNow() - began) / 1000,
  }),
);
