// Tells the embedding page (the payment widget) the outcome; served as a file so CSP needs no inline script.
(() => {
  const { paymentId, status } = document.body.dataset;
  if (window.parent !== window && paymentId) {
    window.parent.postMessage({ type: "lk-acquirer-result", paymentId, status }, "*");
  }
})();
