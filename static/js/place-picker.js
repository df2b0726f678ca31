// The commune picker: htmx fetches suggestions as the person types (places/_ward_picker.html);
// this file lets them pick one by tap or keyboard, fills the province and the commune list the
// form posts, and keeps Enter in the search box from sending the whole form.
// Without JavaScript the same page works with its "Tìm" button and the plain lists.
(function () {
  if (window.wardPickerReady) return;
  window.wardPickerReady = true;

  function options(picker) {
    return Array.prototype.slice.call(picker.querySelectorAll('.picker-list [role="option"]'));
  }

  function setActive(picker, input, index) {
    var all = options(picker);
    all.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (all[index]) {
      input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
    picker.dataset.active = String(index);
  }

  function closeList(picker, input) {
    picker.querySelector(".picker-list").innerHTML = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    picker.dataset.active = "-1";
  }

  function pick(picker, option) {
    var input = picker.querySelector('input[name="ward_q"]');
    var province = picker.querySelector("[data-picker-province]");
    var ward = picker.querySelector('select[name="ward_code"]');
    var note = picker.querySelector(".picker-note");
    var code = option.dataset.code;
    // Today's name, not a merged province's ("Hà Giang → Tuyên Quang") that shares its value.
    var today = province.querySelector('option[value="' + option.dataset.province + '"]:not([data-old])');
    if (today) today.selected = true;
    else province.value = option.dataset.province;
    // The chosen commune at once (the form can be sent now), then the whole list of its province.
    ward.innerHTML = "";
    var chosen = document.createElement("option");
    chosen.value = code;
    chosen.textContent = option.dataset.label;
    chosen.selected = true;
    ward.appendChild(chosen);
    var url = picker.dataset.optionsUrl + "?province=" + encodeURIComponent(province.value) + "&selected=" + code;
    fetch(url, { credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (html) {
        if (html && ward.value === code) {
          ward.innerHTML = html;
          ward.value = code;
        }
      })
      .catch(function () {});
    input.value = option.dataset.label;
    input.dataset.picked = input.value;
    note.textContent = option.dataset.note || "";
    closeList(picker, input);
  }

  function init(picker) {
    if (picker.dataset.ready) return;
    picker.dataset.ready = "1";
    picker.dataset.active = "-1";
    var input = picker.querySelector('input[name="ward_q"]');
    var ward = picker.querySelector('select[name="ward_code"]');
    var note = picker.querySelector(".picker-note");
    picker.querySelectorAll("[data-picker-nojs]").forEach(function (button) {
      button.remove(); // else it would be the form's default button: Enter anywhere would search
    });
    if (ward.value) input.dataset.picked = input.value;

    input.addEventListener("keydown", function (event) {
      var all = options(picker);
      var active = parseInt(picker.dataset.active || "-1", 10);
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        setActive(picker, input, Math.min(active + 1, all.length - 1));
      } else if (event.key === "ArrowUp" && all.length) {
        event.preventDefault();
        setActive(picker, input, Math.max(active - 1, 0));
      } else if (event.key === "Enter") {
        event.preventDefault(); // never the whole form from the search box
        if (all.length) pick(picker, all[active >= 0 ? active : 0]);
        else if (window.htmx) window.htmx.trigger(input, "search");
      } else if (event.key === "Escape" && all.length) {
        event.preventDefault();
        closeList(picker, input);
      }
    });
    input.addEventListener("input", function () {
      if (input.value !== input.dataset.picked && ward.value) {
        ward.value = ""; // the text no longer names the chosen commune: choose again
        note.textContent = "";
      }
    });
    ward.addEventListener("change", function () {
      note.textContent = "";
      input.dataset.picked = input.value;
    });
    picker.addEventListener("click", function (event) {
      var option = event.target.closest('.picker-list [role="option"]');
      if (option) pick(picker, option);
    });
    picker.addEventListener("htmx:afterSwap", function (event) {
      if (!event.target.classList.contains("picker-list")) return;
      var count = options(picker).length;
      input.setAttribute("aria-expanded", count ? "true" : "false");
      picker.dataset.active = "-1";
    });
  }

  function initAll() {
    document.querySelectorAll("[data-ward-picker]").forEach(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
  document.addEventListener("htmx:load", initAll);
})();
