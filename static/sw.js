// Contract Calculator's service worker: after one online visit the page, its Python and
// the Python runtime come from this cache, so reloads work with no network.
// scripts/build.py writes dist/sw.js from this file, filling in the cache name (a hash of
// every precached file, so each build replaces the previous cache) and the file list;
// scripts/build_snapshot.py fills in SNAPSHOT, the URL of Pyodide's memory snapshot.
const CACHE = "__CACHE_NAME__";
const PRECACHE = ["__PRECACHE__"];
const SNAPSHOT = "__SNAPSHOT__";
const PREFIX = "contract-calculator-";

// The build ships Pyodide's wasm gzip-compressed; the worker keeps it decompressed too, so
// that on later visits the browser can reuse its compiled code (V8 caches compiled wasm
// for stored responses, not for a stream decompressed on the fly).
const WASM = new URL("./static/vendor/pyodide/pyodide.asm.wasm", self.location).href;
// scripts/build.py serves the stored tier tables here (TIERS_URL).
const TIERS = new URL("./static/tiers/", self.location).href;

async function decompressedWasm(cache) {
  const compressed = (await cache.match(`${WASM}.gz`)) || (await fetch(`${WASM}.gz`));
  const response = new Response(compressed.body.pipeThrough(new DecompressionStream("gzip")), {
    headers: { "Content-Type": "application/wasm" },
  });
  await cache.put(WASM, response.clone());
  return response;
}

// The memory snapshot (static/pyodide-snapshot.mjs) is served gzip-compressed and stored
// only decompressed, for the page to read from this cache on the visits this worker
// controls. Without it (an older host, no room) the page starts Python normally.
async function decompressedSnapshot(cache) {
  if (!SNAPSHOT.startsWith("./")) {
    return;
  }
  const url = new URL(SNAPSHOT, self.location).href;
  try {
    const compressed = await fetch(`${url}.gz`);
    if (compressed.ok) {
      const body = compressed.body.pipeThrough(new DecompressionStream("gzip"));
      await cache.put(url, new Response(body, { headers: { "Content-Type": "application/octet-stream" } }));
    }
  } catch {
    // A corrupt download fails gzip's check and is not stored.
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        cache
          .addAll(PRECACHE)
          .then(() => decompressedWasm(cache))
          .then(() => decompressedSnapshot(cache)),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  // The URL fragment never reaches the worker; the query string is not part of the page.
  if (request.url === WASM) {
    event.respondWith(
      caches.open(CACHE).then(async (cache) => (await cache.match(WASM)) || decompressedWasm(cache)),
    );
    return;
  }
  // The stored tier tables are not precached: each is stored the first time it is fetched
  // (when an exchange is chosen), in this build's cache, so it then works offline too.
  if (request.url.startsWith(TIERS)) {
    event.respondWith(
      caches.open(CACHE).then(async (cache) => {
        const cached = await cache.match(request, { ignoreSearch: true });
        if (cached) return cached;
        const response = await fetch(request);
        if (response.ok) await cache.put(request, response.clone());
        return response;
      }),
    );
    return;
  }
  event.respondWith(
    caches.match(request, { ignoreSearch: true }).then((cached) => cached || fetch(request)),
  );
});
