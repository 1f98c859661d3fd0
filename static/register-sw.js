// Register the service worker on the built, served site only: the build marks its page
// with data-prerendered, and file:// pages cannot use service workers.
if (
  "serviceWorker" in navigator &&
  location.protocol.startsWith("http") &&
  document.documentElement.dataset.prerendered
) {
  navigator.serviceWorker.register("./sw.js").catch(() => {
    // No worker (e.g. a private window refusing storage): the page still works online.
  });
}
