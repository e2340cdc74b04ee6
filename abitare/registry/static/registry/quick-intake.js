// Quick intake of a desk consultation: Enter saves from any field, selects included
// (browsers only submit on Enter from text inputs). Loaded from this server (strict CSP).
document.addEventListener("keydown", function (event) {
  var field = event.target;
  if (event.key !== "Enter" || event.isComposing || !field || !field.form) {
    return;
  }
  if (!field.form.matches("[data-quick-intake]") || field.tagName === "TEXTAREA" || field.tagName === "BUTTON") {
    return;
  }
  event.preventDefault();
  field.form.requestSubmit();
});
