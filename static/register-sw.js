// Register the service worker on the built, served site only (the build marks its page
// with data-prerendered; file:// pages cannot use service workers), and only once Python
// is ready, so that precaching the runtime never competes with the page's own start-up.
function register() {
  navigator.serviceWorker.register("./sw.js").catch(() => {
    // No worker (e.g. a private window refusing storage): the page still works online.
  });
}

if (
  "serviceWorker" in navigator &&
  location.protocol.startsWith("http") &&
  document.documentElement.dataset.prerendered
) {
  if (document.documentElement.dataset.pyReady) {
    register();
  } else {
    new MutationObserver((changes, observer) => {
      if (document.documentElement.dataset.pyReady) {
        observer.disconnect();
        register();
      }
    }).observe(document.documentElement, { attributeFilter: ["data-py-ready"] });
  }
}
