// tplc web UI: the SBOM upload form sends the chosen file as the raw request body (with the
// page's CSRF token in the X-CSRF-Token header), then follows the job page the server names.
(function () {
  "use strict";
  function setup(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = form.querySelector("input[type=file]");
      var out = form.querySelector("[data-upload-error]");
      var button = form.querySelector("button[type=submit]");
      if (!input || !input.files || input.files.length === 0) {
        if (out) { out.textContent = form.getAttribute("data-empty-message") || ""; out.hidden = false; }
        return;
      }
      var file = input.files[0];
      var token = form.querySelector("input[name=csrf_token]");
      if (button) { button.disabled = true; }
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/octet-stream",
          "X-CSRF-Token": token ? token.value : "",
          "X-File-Name": encodeURIComponent(file.name || "")
        },
        body: file
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; },
          function () { return { ok: false, body: { message: response.status + " " + response.statusText } }; });
      }).then(function (result) {
        if (result.ok && result.body.location) {
          window.location.assign(result.body.location);
        } else {
          if (out) { out.textContent = result.body.message || "error"; out.hidden = false; }
          if (button) { button.disabled = false; }
        }
      }, function (error) {
        if (out) { out.textContent = String(error); out.hidden = false; }
        if (button) { button.disabled = false; }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-upload]");
    for (var i = 0; i < forms.length; i++) { setup(forms[i]); }
  });
})();
