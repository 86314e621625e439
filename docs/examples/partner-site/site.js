// The partner page's own script (a file, not inline, to keep the CSP strict): switches the widgets'
// language and theme at run time and logs their events.
const widgets = () => document.querySelectorAll("lk-pay, lk-invoice-pay");

// The page's own copy stays Russian (so <html lang> stays "ru"); only the widgets switch.
let lang = "ru";
document.getElementById("toggle-lang").addEventListener("click", (e) => {
  const next = lang === "en" ? "ru" : "en";
  lang = next;
  for (const w of widgets()) w.setAttribute("lang", next);
  e.currentTarget.textContent = next === "en" ? "Русский" : "English";
});

document.getElementById("toggle-theme").addEventListener("click", (e) => {
  const dark = document.body.classList.toggle("dark");
  for (const w of widgets()) w.setAttribute("theme", dark ? "dark" : "light");
  e.currentTarget.textContent = dark ? "Светлая тема" : "Тёмная тема";
});

const log = document.getElementById("events");
for (const name of [
  "lk-ready",
  "lk-account-found",
  "lk-invoice-found",
  "lk-payment-created",
  "lk-payment-succeeded",
  "lk-payment-failed",
  "lk-error",
]) {
  document.addEventListener(name, (e) => {
    const item = document.createElement("li");
    item.textContent = `${name} ${JSON.stringify(e.detail)}`;
    log.append(item);
  });
}
