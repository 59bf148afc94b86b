// Collection sheet, when someone owes joint-liability cover: a cover settlement comes into the box in
// full, but the parts owed to members who covered are handed straight back to them, so only the group
// fund's part stays. berdaya.js counts every amount in full; this script is loaded after it, so its
// handler runs second and puts the box's figures right. Debts are shared out oldest first, as
// loans.services.settle_cover does; the server recomputes everything when the sheet is posted.
(function () {
  function amount(value) {
    var digits = (value || "").replace(/[^0-9]/g, "");
    return digits ? parseInt(digits, 10) : 0;
  }
  function rp(n) { return (n < 0 ? "-" : "") + "Rp" + Math.abs(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
  function handedBack(input) {
    var debts = JSON.parse(input.getAttribute("data-cover-debts") || "[]");
    var left = amount(input.value), back = 0;
    for (var i = 0; i < debts.length && left > 0; i++) {
      var part = Math.min(left, debts[i][0]);
      left -= part;
      if (debts[i][1]) back += part;  // [remaining, 1 = a member covered / 0 = the group fund]
    }
    return back;
  }
  document.addEventListener("input", function (e) {
    var form = e.target.closest("form[data-sheet]");
    if (!form) return;
    var total = 0, back = 0;
    form.querySelectorAll("input[data-amount]").forEach(function (input) {
      total += amount(input.value) * parseInt(input.getAttribute("data-amount"), 10);
    });
    form.querySelectorAll("input[data-cover-debts]").forEach(function (input) { back += handedBack(input); });
    total -= back;
    var set = function (selector, text) { var el = form.querySelector(selector); if (el) el.textContent = text; };
    set("[data-sheet-handback]", rp(back));
    set("[data-sheet-total]", rp(total));
    var opening = form.querySelector("[data-opening]");
    if (opening) {
      var should = rp(parseInt(opening.getAttribute("data-opening"), 10) + total);
      set("[data-sheet-expected]", should);
      set("[data-sheet-expected-bar]", should);
    }
  });
})();
