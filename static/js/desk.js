// The order desk's two small helpers, kept out of the HTML so that a Content-Security-Policy without
// 'unsafe-inline' lets them run: "select all on this page" and the packing list's print button.
(function () {
  var all = document.getElementById("all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll('input[name="order"]').forEach(function (box) {
        box.checked = all.checked;
      });
    });
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
