// The built site ships Pyodide's 9.6 MB WebAssembly module gzip-compressed (3.5 MB), so a
// first visit moves far fewer bytes on any host, compressing or not. This module runs
// before PyScript and answers the runtime's fetch of pyodide.asm.wasm by fetching the .gz
// file and decompressing it as it streams in; WebAssembly compiles while it decompresses.
// Once the service worker (sw.js) controls the page it serves the plain URL itself.
const wasm = new URL("./vendor/pyodide/pyodide.asm.wasm", import.meta.url).href;
const originalFetch = globalThis.fetch;

globalThis.fetch = async function fetchCompressedWasm(input, init) {
  const url = input instanceof Request ? input.url : new URL(input, location.href).href;
  // Under the service worker the plain URL is answered from its cache, decompressed once.
  if (url !== wasm || !("DecompressionStream" in globalThis) || navigator.serviceWorker?.controller) {
    return originalFetch.call(this, input, init);
  }
  const response = await originalFetch.call(this, `${wasm}.gz`, init);
  if (!response.ok) {
    return originalFetch.call(this, input, init); // a host without the .gz file
  }
  return new Response(response.body.pipeThrough(new DecompressionStream("gzip")), {
    headers: { "Content-Type": "application/wasm" },
  });
};
