// The offline file's worker: static/worker.mjs with the vendored Pyodide's two modules
// bundled into one script by scripts/build_offline.py. From file://, WebKit lets a worker
// import no module and fetch no blob: URL (Chromium and Firefox allow more), so the worker
// is a single self-contained script and the runtime's other files reach it as Blobs.
// "pyodide/" is the built site's copy of the vendored runtime (an alias the build gives).
import { loadPyodide } from "pyodide/pyodide.mjs";
import createPyodideModule from "pyodide/pyodide.asm.mjs";
import "../../static/worker.mjs";

globalThis.contractCalculatorPyodide = { loadPyodide, createPyodideModule };
