// Abitare's own script: loaded from this server, no inline code (Content Security Policy).
document.addEventListener("htmx:responseError", function (event) {
  var target = event.detail.target;
  if (target && event.detail.xhr && event.detail.xhr.status >= 400) {
    target.setAttribute("aria-busy", "false");
  }
});

// Destructive one-click actions ask first: a form with data-confirm="question" submits only
// after the user agrees (without JavaScript the server-side action still applies).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement)) {
    return;
  }
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
