// Type-ahead: a value typed (or restored by the browser) before Python is ready is computed
// once it is. The page shows the build's results from the first paint and its fields take
// input at once, but app.dom listens only when it starts; this replays, in order, an input
// event for each field changed before then, with the value the person left in it (app.dom
// may have restored a saved state over it). Imported by static/pyodide-snapshot.mjs.
const root = document.documentElement;
const FIELDS = "input[name], select[name], textarea[name]";
const typed = new Map();

function changed(element) {
  if (element.tagName === "SELECT") {
    const options = [...element.options];
    const initial = options.find((option) => option.defaultSelected) ?? options[0];
    return initial !== undefined && element.value !== initial.value;
  }
  return element.value !== element.defaultValue;
}

function remember(event) {
  const element = event.target;
  if (element instanceof Element && element.matches(FIELDS)) {
    typed.delete(element); // keep the order of the last change
    typed.set(element, element.value);
  }
}

function replay() {
  document.removeEventListener("input", remember, true);
  for (const [element, value] of typed) {
    if (element.isConnected) {
      element.value = value;
      element.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
  typed.clear();
}

if (!root.hasAttribute("data-py-ready")) {
  for (const element of document.querySelectorAll(FIELDS)) {
    if (changed(element)) {
      typed.set(element, element.value);
    }
  }
  document.addEventListener("input", remember, true);
  new MutationObserver((records, observer) => {
    if (root.hasAttribute("data-py-ready")) {
      observer.disconnect();
      replay();
    }
  }).observe(root, { attributeFilter: ["data-py-ready"] });
}
