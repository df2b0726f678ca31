// The cart's quantities reach the server as the buyer changes them. htmx sends the whole cart form
// and swaps its content (orders/cart.html); this file adds only what htmx cannot say by itself:
// - a typed number is sent after a short pause (an emptied box waits for a number or for leaving it);
// - − / + change the box at once and send after the same pause, so three quick taps are one request;
// - a request sends the button that submitted it, never one that merely has the focus (htmx would
//   send a focused ✕ or "Đặt hàng" with a typed number);
// - an answer that arrives after the buyer typed again is not shown: the newer request follows;
// - a request that fails says so above the lines.
// Without JavaScript the same form works: Enter saves, − / + / ✕ are plain submit buttons.
(function () {
  var form = document.getElementById("cart");
  if (!form || !window.htmx) return;
  var ACTIONS = ["save", "remove", "more", "less", "then"];
  var PAUSE_MS = 450;
  var timer = null;

  form.classList.add("js");
  function boxes() {
    return form.querySelectorAll("input[data-qty]");
  }
  function sendSoon() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      htmx.trigger(form, "cart:changed");
    }, PAUSE_MS);
  }
  function prepare() {
    // The hidden "Cập nhật giỏ" stays the form's first button (Enter presses it) but is not a tab stop.
    var save = form.querySelector(".qty-set");
    if (save) save.tabIndex = -1;
    var count = form.querySelector("[data-cart-count]");
    var badge = document.querySelector("header .badge");
    if (count && badge) badge.textContent = count.getAttribute("data-cart-count");
  }

  form.addEventListener("input", function (event) {
    if (!event.target.matches("input[data-qty]")) return;
    if (event.target.value.trim() === "") {
      clearTimeout(timer);
      return;
    }
    sendSoon();
  });
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[data-qty]") && event.target.value.trim() === "") sendSoon();
  });
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-step]");
    if (!button) return;
    event.preventDefault();
    var box = document.getElementById(button.getAttribute("aria-controls"));
    var quantity = parseInt(box.value, 10);
    if (isNaN(quantity)) quantity = parseInt(box.defaultValue, 10) || 1;
    // − stops at 1: only ✕ takes a line out of the cart.
    box.value = String(Math.max(1, quantity + parseInt(button.getAttribute("data-step"), 10)));
    sendSoon();
  });
  form.addEventListener("htmx:configRequest", function (event) {
    var data = event.detail.formData;
    var trigger = event.detail.triggeringEvent;
    var submitter = trigger && trigger.type === "submit" ? trigger.submitter : null;
    ACTIONS.forEach(function (name) {
      data.delete(name);
    });
    if (submitter && submitter.name && ACTIONS.indexOf(submitter.name) >= 0 && !submitter.hasAttribute("data-step")) {
      data.set(submitter.name, submitter.value);
    }
    clearTimeout(timer); // this request carries every box as it is now
  });
  form.addEventListener("htmx:beforeSwap", function (event) {
    var sent = event.detail.requestConfig && event.detail.requestConfig.formData;
    if (!sent) return;
    var changedSince = Array.prototype.some.call(boxes(), function (box) {
      return sent.get(box.name) !== null && sent.get(box.name) !== box.value;
    });
    if (changedSince) event.detail.shouldSwap = false;
  });
  // On a failing link say so, in place: the boxes keep what was typed and the next change sends them all.
  function trouble() {
    var note = form.querySelector(".cart-trouble");
    if (!note) {
      note = document.createElement("p");
      note.className = "msg error cart-trouble";
      note.setAttribute("role", "alert");
      note.textContent = form.getAttribute("data-trouble");
      form.insertBefore(note, form.querySelector(".cart-body"));
    }
  }
  form.addEventListener("htmx:sendError", trouble);
  form.addEventListener("htmx:responseError", trouble);
  form.addEventListener("htmx:afterSwap", prepare);
  prepare();
})();
