// Abitare's own script: loaded from this server, no inline code (Content Security Policy).
document.addEventListener("htmx:responseError", function (event) {
  var target = event.detail.target;
  if (target && event.detail.xhr && event.detail.xhr.status >= 400) {
    target.setAttribute("aria-busy", "false");
  }
});
