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
  // A photo over the size limit is answered beside the field before it is sent (a long
  // upload on a slow connection only to be refused): <form data-max-bytes="8388608">.
  document.addEventListener("change", function (e) {
    var input = e.target, form = input.form;
    if (!form || input.type !== "file" || !form.hasAttribute("data-max-bytes")) return;
    var max = Number(form.getAttribute("data-max-bytes")), f = input.files && input.files[0];
    var msg = f && f.size > max ? "The photo is larger than " + Math.round(max / 1048576) + " MB: take it again at a lower resolution, or choose a smaller one." : "";
    input.setCustomValidity(msg);
    var p = document.getElementById("e-" + input.name);
    if (!p && msg) {
      p = document.createElement("p");
      p.className = "field-error";
      p.id = "e-" + input.name;
      input.insertAdjacentElement("afterend", p);
    }
    if (p) p.textContent = msg;
    if (msg) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", p.id); } else input.removeAttribute("aria-invalid");
  });
  // Print buttons: <button data-print>.
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-print]")) window.print();
  });
})();
