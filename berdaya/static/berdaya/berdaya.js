// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("click", function (e) {
  var t = e.target.closest("[data-toggle]");
  if (t) {
    var el = document.getElementById(t.getAttribute("data-toggle"));
    if (el) { var open = el.classList.toggle("open"); t.setAttribute("aria-expanded", open ? "true" : "false"); }
  }
  // Place autocomplete: clicking a suggestion fills the hidden id and the visible label.
  var pick = e.target.closest("[data-place-id]");
  if (pick) {
    var box = pick.closest(".autocomplete");
    box.querySelector("input[type=hidden]").value = pick.getAttribute("data-place-id");
    box.querySelector("input[type=search]").value = pick.getAttribute("data-place-label");
    box.querySelector(".suggestions").innerHTML = "";
    e.preventDefault();
  }
});
document.addEventListener("submit", function (e) {
  var form = e.target;
  var msg = form.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) { e.preventDefault(); return; }
  // On a slow connection a second tap would send the form twice (two new members, two meetings):
  // once a POST form is on its way, its buttons stay disabled until the next page arrives.
  if ((form.getAttribute("method") || "").toLowerCase() === "post") {
    if (form.dataset.sending === "1") { e.preventDefault(); return; }
    form.dataset.sending = "1";
    setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  }
});
// Coming back with the browser's Back button shows the page from cache: make its forms usable again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-sending]").forEach(function (f) {
    delete f.dataset.sending;
    f.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
  });
});
// Collection sheet: keep the sheet's cash total in view while the treasurer types (the server
// recomputes it when posting; this is only a help for counting).
document.addEventListener("input", function (e) {
  var form = e.target.closest("form[data-sheet]");
  if (!form) return;
  var total = 0;
  form.querySelectorAll("input[data-amount]").forEach(function (input) {
    var digits = (input.value || "").replace(/[^0-9]/g, "");
    if (digits) total += parseInt(digits, 10) * parseInt(input.getAttribute("data-amount"), 10);
  });
  function rp(n) { return (n < 0 ? "-" : "") + "Rp" + Math.abs(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
  var out = form.querySelector("[data-sheet-total]");
  if (out) out.textContent = rp(total);
  var opening = form.querySelector("[data-opening]");
  var expected = form.querySelector("[data-sheet-expected]");
  var bar = form.querySelector("[data-sheet-expected-bar]");
  if (opening) {
    var should = rp(parseInt(opening.getAttribute("data-opening"), 10) + total);
    if (expected) expected.textContent = should;
    if (bar) bar.textContent = should;
  }
});
document.addEventListener("DOMContentLoaded", function () {
  var first = document.querySelector("form[data-sheet] input[data-amount]");
  if (first) first.dispatchEvent(new Event("input", { bubbles: true }));
});
