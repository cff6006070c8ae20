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
// Sending the report: posted from this page by script, and the answer (the thanks, or the
// form with what to correct) shown in its place, so the visit stays one history entry, which
// quick exit then replaces; a form post would leave the form page behind. Without script, or
// if the request fails, a plain form post (a report that did arrive is not taken twice: its
// form token is spent).
document.addEventListener("submit", (e) => {
  const form = e.target;
  if (form.id !== "report-form" || !window.fetch || !window.DOMParser) return;
  e.preventDefault();
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  fetch(form.action, {method: "POST", body: new FormData(form), credentials: "omit",
                      cache: "no-store", referrerPolicy: "no-referrer", redirect: "error"})
    .then((response) => response.text())
    .then((html) => {
      const answer = new DOMParser().parseFromString(html, "text/html").querySelector("main");
      if (!answer) throw new Error("not a page");
      document.querySelector("main").replaceWith(answer);
      window.scrollTo(0, 0);
      const said = answer.querySelector("#thanks, #errors");
      if (said) {
        said.tabIndex = -1;
        said.focus();
      }
    })
    .catch(() => {
      if (button) button.disabled = false;
      HTMLFormElement.prototype.submit.call(form);
    });
});
