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
// (static/worker.mjs), "loader" (pyodide.mjs, whose folder is Pyodide's indexURL), "asm"
// (pyodide.asm.mjs) and "python" (py.zip).
//
// This defines globalThis.contractCalculatorRuntime, which static/page.js calls once the
// page is parsed (so every block is there). It decodes each block, decompresses it through
// the browser's DecompressionStream into a Blob of its type and drops the block from the
// DOM to free its text.
//
// A page opened from file:// has an opaque origin, and Chromium lets none of its workers
// use the blob: URLs it makes (a module worker made from one does not even load; fetch()
// and import() of one fail in any worker). So the worker is a data: URL module (a worker
// made from one is allowed, with this document's Content-Security-Policy), static/worker.mjs
// behind a short prelude, and the runtime's files go to it as Blobs (in the start message,
// which copies them cheaply): the prelude's listener, which runs before worker.mjs's, turns
// each into a blob: URL of the worker's own, which it may import and fetch. worker.mjs then
// sees the runtime it documents, {loader, asm, indexURL, python, files}, with blob: URLs.
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

  /** The block's file, decompressed, as a Blob of its type. */
  async function decode(block) {
    const text = block.textContent;
    const packed = block.type === "application/x-gzip-base64" ? fromBase64(text) : from7bit(text);
    block.remove();
    const body = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Blob([await new Response(body).blob()], { type: block.dataset.type });
  }

  /** The worker's prelude (the function's own source is put before static/worker.mjs). */
  function prelude() {
    self.addEventListener("message", ({ data }) => {
      const runtime = data?.type === "start" ? data.runtime : null;
      if (!runtime?.files) return;
      const local = (blob) => (blob instanceof Blob ? URL.createObjectURL(blob) : blob);
      for (const url of Object.keys(runtime.files)) runtime.files[url] = local(runtime.files[url]);
      runtime.loader = local(runtime.loader);
      runtime.asm = local(runtime.asm);
    });
  }

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
    for (const role of ["worker", "loader", "asm", "python"]) {
      if (!roles[role]) throw new Error(`offline file: no embedded ${role} (saved without it?)`);
    }
    const worker = `(${prelude})();\n${await files[roles.worker].text()}`;
    return {
      worker: `data:text/javascript,${encodeURIComponent(worker)}`,
      runtime: {
        loader: files[roles.loader],
        asm: files[roles.asm],
        indexURL: new URL("./", roles.loader).href,
        python: roles.python,
        files,
      },
    };
  }

  let runtime = null;
  globalThis.contractCalculatorRuntime = () => {
    runtime ??= load();
    return runtime;
  };
})();
