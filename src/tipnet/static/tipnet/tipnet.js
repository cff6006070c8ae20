// Progressive enhancement only: every page works without this file.
document.addEventListener("change", (e) => {
  if (e.target.matches("select[data-autosubmit]")) e.target.form.submit();
});
document.addEventListener("submit", (e) => {
  const msg = e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});
// Formsets: "Add another" clones the empty form and bumps TOTAL_FORMS.
document.querySelectorAll("fieldset[data-formset]").forEach((fs) => {
  const prefix = fs.dataset.formset;
  const total = fs.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const tpl = fs.querySelector("template");
  const button = fs.querySelector("[data-add-row]");
  if (!total || !tpl || !button) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const html = tpl.innerHTML.replace(/__prefix__/g, total.value);
    fs.querySelector(".rows").insertAdjacentHTML("beforeend", html);
    total.value = String(Number(total.value) + 1);
  });
});
