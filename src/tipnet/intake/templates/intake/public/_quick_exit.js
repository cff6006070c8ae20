// Public pages (report, help): leave no trail in the browser history.
// Quick exit: leave for a neutral site at once, replacing this page in the history so that
// "back" does not return to it. Without script, the link still leaves (but stays in history).
// Links between public pages replace the current entry too, so a visit is one entry at most.
function quickExit() {
  const link = document.querySelector("[data-quick-exit]");
  if (!link) return;
  document.body.innerHTML = "";
  window.location.replace(link.href);
}
document.addEventListener("click", (e) => {
  const link = e.target.closest("a[href]");
  if (!link) return;
  if (link.hasAttribute("data-quick-exit")) {
    e.preventDefault();
    quickExit();
  } else if (link.origin === window.location.origin) {
    e.preventDefault();
    window.location.replace(link.href);
  }
});
// Escape twice within a second (one Escape often just closes a suggestion list).
let lastEscape = 0;
document.addEventListener("keydown", (e) => {
  if (e.key !== "Escape" || e.isComposing) return;
  const now = Date.now();
  if (now - lastEscape < 1000) quickExit();
  lastEscape = now;
});
