// Contract Calculator's service worker: after one online visit the page, its Python and
// the Python runtime come from this cache, so reloads work with no network.
// scripts/build.py writes dist/sw.js from this file, filling in the cache name (a hash of
// every precached file, so each build replaces the previous cache) and the file list.
const CACHE = "__CACHE_NAME__";
const PRECACHE = ["__PRECACHE__"];
const PREFIX = "contract-calculator-";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()),
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
  event.respondWith(
    caches.match(request, { ignoreSearch: true }).then((cached) => cached || fetch(request)),
  );
});
