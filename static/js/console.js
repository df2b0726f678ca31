// The live console refreshes its "now" panel every 2 s (htmx); a refresh while the seller is typing
// in that panel would throw away what they typed, so it waits until they leave it. Kept out of the
// HTML: htmx runs a trigger's [filter] through Function(), which the Content-Security-Policy forbids.
(function () {
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var panel = document.getElementById("live-now");
    if (panel && event.detail.elt === panel && panel.contains(document.activeElement)) {
      event.preventDefault();
    }
  });
})();
