// Units left on each pin, as they change: one EventSource, a few lines, no framework.
(function () {
  var list = document.getElementById("pins");
  if (!list || !window.EventSource) return;
  var source = new EventSource(list.dataset.events);
  source.onmessage = function (message) {
    var event = JSON.parse(message.data);
    if (event.type !== "pins") return;
    event.pins.forEach(function (pin) {
      var row = list.querySelector('[data-pin="' + pin.id + '"]');
      if (!row) return;
      row.querySelector(".left").textContent = pin.available;
      var button = row.querySelector("button");
      if (button) button.disabled = pin.paused;
    });
  };
})();
