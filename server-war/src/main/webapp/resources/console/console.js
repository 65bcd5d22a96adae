/* egress-gate console: small behaviours that need no server round trip. Loaded as a file, so the
   page's Content-Security-Policy can forbid inline scripts. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy-from]") : null;
    if (!button) {
      return;
    }
    var field = document.getElementById(button.getAttribute("data-copy-from"));
    if (!field) {
      return;
    }
    field.select();
    var done = function () {
      button.classList.add("eg-copied");
      window.setTimeout(function () { button.classList.remove("eg-copied"); }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
