// While Python loads, the page shows results computed at build time for the example
// inputs. A card whose inputs a person edits before Python is ready marks itself
// pending, so it never shows a result that contradicts its fields: its results fade and
// a line says they will update. app.dom's start-up recomputes every edited card and
// clears the marks. (A field in the toolbar or in shared assumptions affects every card
// of its scope.) Classic script, so it also runs from the offline file, inlined.
(function markEditedCards() {
  const root = document.documentElement;

  function cardsAffectedBy(target) {
    const scope = target.closest("[data-global]")
      ? document
      : target.closest("[data-shared]")?.closest(".group");
    if (scope) return scope.querySelectorAll("[data-calc]");
    const card = target.closest("[data-calc]");
    return card ? [card] : [];
  }

  function onEdit(event) {
    if (root.hasAttribute("data-py-ready")) {
      document.removeEventListener("input", onEdit, true);
      return;
    }
    for (const card of cardsAffectedBy(event.target)) {
      card.setAttribute("data-pending", "");
      const note = card.querySelector("[data-pending-note]");
      if (note) note.hidden = false;
    }
  }

  document.addEventListener("input", onEdit, true);
})();
