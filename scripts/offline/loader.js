// Offline loader for the single-file build (scripts/build_offline.py), inlined as a classic
// script before static/page.js.
//
// The worker, the runtime and the page's Python are embedded in this page as
// gzip-compressed data blocks, one per file, in one of two text encodings:
//   <script type="application/x-gzip-7bit" data-path="./py.zip" data-type="..." data-role="python">
//   - x-gzip-7bit: 7 bits per character, each character the code of a 7-bit group, except
//     the three the HTML parser would change or stop at (NUL, CR and "<"), written as
//     U+0100, U+0101 and U+0102: 14% larger than the bytes, against 33% for base64;
//   - x-gzip-base64: plain base64 (the build's --base64 option).
// data-path is the file's URL as the served site names it (relative to the page);
// data-role marks the files static/page.js and static/worker.mjs need by name: "worker"
// (static/worker.mjs bundled with Pyodide's two modules, scripts/offline/worker-entry.mjs),
// "python" (py.zip) and "runtime" (Pyodide's wasm, standard library and lock file, whose
// folder is Pyodide's indexURL).
//
// This defines globalThis.contractCalculatorRuntime, which static/page.js calls once the
// page is parsed (so every block is there). It decodes each block, decompresses it through
// the browser's DecompressionStream and drops the block from the
// DOM to free its text.
//
// A page opened from file:// has an opaque origin, and the engines differ in what its
// workers may load: Chromium starts no module worker from a blob: URL of the page, WebKit
// lets a worker import no module and fetch no blob: URL. What all three allow: a module
// worker from a data: URL (with this document's Content-Security-Policy) whose one script
// holds all its code, and ArrayBuffers posted to it (WebKit's workers cannot read a Blob of
// the page there either). So the worker is the bundle as a data: URL (under Chromium's
// 2 MiB limit for a URL; the build checks), and the other files go to it as ArrayBuffers,
// moved in the start message, which worker.mjs answers its fetches from.
(() => {
  "use strict";
  const BLOCKS = 'script[type^="application/x-gzip-"][data-path]';
  const ESCAPED = { 0x100: 0, 0x101: 13, 0x102: 60 };

  const fromBase64 = (text) =>
    Uint8Array.fromBase64
      ? Uint8Array.fromBase64(text.trim())
      : Uint8Array.from(atob(text.trim()), (char) => char.charCodeAt(0));

  const from7bit = (text) => {
    const bytes = new Uint8Array(Math.floor((text.length * 7) / 8));
    let bits = 0;
    let count = 0;
    let at = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      bits = ((bits << 7) | (code < 128 ? code : ESCAPED[code])) & 0x3fff;
      count += 7;
      if (count >= 8) {
        count -= 8;
        bytes[at++] = bits >> count;
      }
    }
    return bytes;
  };

  /** The block's file, decompressed: {bytes (an ArrayBuffer), type}. */
  async function decode(block) {
    const text = block.textContent;
    const packed = block.type === "application/x-gzip-base64" ? fromBase64(text) : from7bit(text);
    block.remove();
    const body = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
    return { bytes: await new Response(body).arrayBuffer(), type: block.dataset.type };
  }

  /** A Blob as a data: URL. */
  const dataURL = (blob) =>
    new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });

  async function load() {
    const files = {};
    const roles = {};
    await Promise.all(
      Array.from(document.querySelectorAll(BLOCKS), async (block) => {
        const url = new URL(block.dataset.path, document.baseURI).href;
        files[url] = await decode(block);
        if (block.dataset.role) roles[block.dataset.role] = url;
      }),
    );
    for (const role of ["worker", "runtime", "python"]) {
      if (!roles[role]) throw new Error(`offline file: no embedded ${role} (saved without it?)`);
    }
    const { bytes, type } = files[roles.worker];
    const worker = await dataURL(new Blob([bytes], { type }));
    delete files[roles.worker];
    return {
      worker,
      runtime: { indexURL: new URL("./", roles.runtime).href, python: roles.python, files },
      transfer: Object.values(files).map((file) => file.bytes), // moved, not copied
    };
  }

  let runtime = null;
  globalThis.contractCalculatorRuntime = () => {
    runtime ??= load();
    return runtime;
  };
})();
