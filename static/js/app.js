// ZOE NutriTech's own script. Everything works without it; it adds small comforts only.
// No inline scripts anywhere (the CSP forbids them): behaviour hangs off data attributes.
(function () {
  "use strict";
  // Toasts sent by the server in an HX-Trigger header: {"toast": "Saved"}.
  document.body.addEventListener("toast", function (e) {
    var box = document.getElementById("toast");
    if (!box) return;
    var div = document.createElement("div");
    div.setAttribute("role", "status");
    div.textContent = (e.detail && e.detail.value) || "Done";
    box.replaceChildren(div);
    setTimeout(function () { if (box.firstChild === div) box.replaceChildren(); }, 4000);
  });
  // Confirm before destructive actions: <form data-confirm="Delete this entry?">.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  }, true);
  document.body.addEventListener("htmx:confirm", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (!msg) return;
    e.preventDefault();
    if (window.confirm(msg)) e.detail.issueRequest(true);
  });
  // Print buttons: <button data-print>.
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-print]")) window.print();
  });
})();
