// Progressive enhancement only: every form works without this file.
(() => {
  const embedded = window.parent !== window;
  for (const input of document.querySelectorAll('input[name="embedded"]')) {
    input.value = embedded ? "1" : "";
  }

  // Group card digits by four and insert the slash in the expiry, as payers expect.
  const number = document.getElementById("card_number");
  number?.addEventListener("input", () => {
    const digits = number.value.replace(/\D/g, "").slice(0, 19);
    number.value = digits.replace(/(\d{4})(?=\d)/g, "$1 ");
  });
  const expiry = document.getElementById("expiry");
  expiry?.addEventListener("input", (event) => {
    if (event.inputType?.startsWith("delete")) return;
    const digits = expiry.value.replace(/\D/g, "").slice(0, 4);
    expiry.value = digits.length > 2 ? `${digits.slice(0, 2)}/${digits.slice(2)}` : digits;
  });
})();
