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
