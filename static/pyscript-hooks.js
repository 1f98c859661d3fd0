// PyScript 0.7.31 registers a default *worker* hook and, on the main thread, turns the
// hooks into code with Function(...), which a Content-Security-Policy without
// 'unsafe-eval' refuses. This page runs no worker, so the hook is cleared through
// PyScript's public hooks API before any Python starts.
import { hooks } from "./vendor/pyscript/core.js";

hooks.worker.onBeforeRunAsync.clear();
