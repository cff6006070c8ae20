// Quick exit: leave for a neutral site at once, replacing this page in the history so that
// "back" does not return to it. Without script, the link still leaves (but stays in history).
document.addEventListener("click", (e) => {
  const link = e.target.closest("[data-quick-exit]");
  if (!link) return;
  e.preventDefault();
  document.body.innerHTML = "";
  window.location.replace(link.href);
});
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape") {
    const link = document.querySelector("[data-quick-exit]");
    if (link) { document.body.innerHTML = ""; window.location.replace(link.href); }
  }
});
