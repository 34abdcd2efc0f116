// Coordinator pages: small behaviours that CSP forbids inline.
for (const select of document.querySelectorAll('select.js-autosubmit')) {
  select.addEventListener('change', () => select.form.submit());
}
