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
  var msg = e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) { e.preventDefault(); }
});
