// The product form's photos, for a phone on 3G: each chosen photo is made small here (longest side
// 1,600 px, a few hundred KB, turned the way the camera's EXIF says) and sent at once, on its own,
// while the seller fills in the other fields; a preview, a progress bar, "Xoá" and "Thử lại".
// The server answers with a token that the form posts (photo_tokens), so an error in another field
// never loses a photo: the page shown again lists the photos already sent.
// Without JavaScript (or where the browser cannot decode the photo) the plain file input posts the
// photo with the form and the server makes it small.
(function () {
  var picker = document.querySelector(".photo-picker");
  if (!picker || !window.XMLHttpRequest || !window.FormData) return;
  var form = picker.closest("form");
  var input = picker.querySelector("input[type=file]");
  var list = picker.querySelector(".photo-list");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var LONGEST_SIDE = 1600;
  var TARGET_BYTES = 350 * 1024;
  var QUALITIES = [0.82, 0.72, 0.6];
  var wait = picker.querySelector(".photo-wait");
  var waitingToSubmit = false;

  function text(key) {
    // The words are in the page (data-*), so that they are translated with it.
    return picker.getAttribute("data-text-" + key) || key;
  }

  function toBlob(canvas, type, quality) {
    return new Promise(function (resolve) {
      canvas.toBlob(resolve, type, quality);
    });
  }

  // A smaller copy of the photo, or the file itself when the browser cannot do it (or it is small).
  function shrink(file) {
    if (!window.createImageBitmap || !file.type || file.type.indexOf("image/") !== 0) {
      return Promise.resolve(file);
    }
    // createImageBitmap applies the EXIF orientation (imageOrientation "from-image" is the default).
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.size <= TARGET_BYTES && file.type === "image/jpeg") {
        bitmap.close();
        return file;
      }
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      var context = canvas.getContext("2d");
      context.imageSmoothingEnabled = true;
      context.imageSmoothingQuality = "high";
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      // WebP where the browser writes it (Chrome, Firefox); Safari answers PNG: then JPEG.
      function attempt(index, type) {
        return toBlob(canvas, type, QUALITIES[index]).then(function (blob) {
          if (!blob) throw new Error("toBlob");
          if (type === "image/webp" && blob.type !== "image/webp") return attempt(index, "image/jpeg");
          if (blob.size > TARGET_BYTES && index + 1 < QUALITIES.length) return attempt(index + 1, type);
          return blob;
        });
      }
      return attempt(0, "image/webp");
    }).catch(function () {
      return file; // HEIC on a browser that cannot read it, a broken file: the server says what is wrong
    });
  }

  function setState(item, state, message) {
    item.setAttribute("data-state", state);
    item.querySelector(".photo-status").textContent = message;
    item.querySelector(".photo-retry").hidden = state !== "failed";
    var bar = item.querySelector("progress");
    bar.hidden = state !== "uploading" && state !== "shrinking";
    if (state === "shrinking") bar.removeAttribute("value");
  }

  function send(item) {
    var blob = item._blob;
    var body = new FormData();
    var name = blob.type === "image/webp" ? "photo.webp" : blob.type === "image/jpeg" ? "photo.jpg" : item._name;
    body.append("photo", blob, name);
    body.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
    var request = new XMLHttpRequest();
    item._request = request;
    request.open("POST", picker.getAttribute("data-upload-url"));
    request.setRequestHeader("Accept", "application/json");
    var bar = item.querySelector("progress");
    bar.max = 100;
    bar.value = 0;
    setState(item, "uploading", text("sending"));
    request.upload.onprogress = function (event) {
      if (!event.lengthComputable) return;
      var percent = Math.round((event.loaded / event.total) * 100);
      bar.value = percent;
      item.querySelector(".photo-status").textContent = text("sending") + " " + percent + "%";
    };
    request.onload = function () {
      item._request = null;
      var answer = null;
      try {
        answer = JSON.parse(request.responseText);
      } catch (error) {
        answer = null;
      }
      if (request.status === 201 && answer && answer.token) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "photo_tokens";
        hidden.value = answer.token;
        item.appendChild(hidden);
        item.setAttribute("data-token", answer.token);
        setState(item, "ready", text("ready"));
      } else {
        setState(item, "failed", (answer && answer.message) || text("failed"));
      }
      settled();
    };
    request.onerror = request.ontimeout = function () {
      item._request = null;
      setState(item, "failed", text("offline"));
      settled();
    };
    request.send(body);
  }

  function removeItem(item) {
    if (item._request) item._request.abort();
    var token = item.getAttribute("data-token");
    if (token) {
      // Tell the server it may forget the photo; the form no longer names it either way.
      var request = new XMLHttpRequest();
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
      request.open("POST", picker.getAttribute("data-remove-url").replace("TOKEN", encodeURIComponent(token)));
      request.send(body);
    }
    if (item._preview) URL.revokeObjectURL(item._preview);
    item.remove();
    settled();
  }

  function addButtons(item) {
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "photo-retry btn-small";
    retry.textContent = text("retry");
    retry.hidden = true;
    retry.addEventListener("click", function () {
      send(item);
    });
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "photo-remove btn-small";
    remove.textContent = text("remove");
    remove.setAttribute("aria-label", text("remove-label"));
    remove.addEventListener("click", function () {
      removeItem(item);
    });
    var actions = document.createElement("span");
    actions.className = "photo-actions";
    actions.appendChild(retry);
    actions.appendChild(remove);
    item.appendChild(actions);
    if (!item.querySelector("progress")) {
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.hidden = true;
      item.insertBefore(bar, item.querySelector(".photo-status"));
    }
  }

  function choose(file) {
    var item = document.createElement("li");
    item.className = "photo-item";
    item._name = file.name || "photo";
    var image = document.createElement("img");
    image.alt = ""; // named once it shows something: an empty box, not a broken-image sign, meanwhile
    image.width = 96;
    image.height = 96;
    var status = document.createElement("span");
    status.className = "photo-status";
    item.appendChild(image);
    item.appendChild(status);
    addButtons(item);
    list.appendChild(item);
    setState(item, "shrinking", text("shrinking"));
    shrink(file).then(function (blob) {
      if (!item.isConnected) return;
      item._blob = blob;
      item.setAttribute("data-bytes", String(blob.size));
      // The preview is the small copy: a 12-megapixel original would cost the phone its memory.
      if (blob !== file || blob.size < 2 * 1024 * 1024) {
        item._preview = URL.createObjectURL(blob);
        image.src = item._preview;
        image.alt = text("chosen");
      }
      send(item);
    });
  }

  function busy() {
    return list.querySelector('.photo-item[data-state="shrinking"], .photo-item[data-state="uploading"]');
  }

  function settled() {
    if (!waitingToSubmit || busy()) return;
    waitingToSubmit = false;
    if (list.querySelector('.photo-item[data-state="failed"]')) {
      wait.textContent = text("fix-failed");
    } else if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  Array.prototype.forEach.call(list.querySelectorAll(".photo-item"), addButtons);
  input.addEventListener("change", function () {
    Array.prototype.forEach.call(input.files, choose);
    input.value = ""; // sent on their own: the form must not post them a second time
  });
  form.addEventListener("submit", function (event) {
    if (busy()) {
      // Saved as soon as the last photo has arrived; the seller sees its progress meanwhile.
      event.preventDefault();
      waitingToSubmit = true;
      wait.textContent = text("waiting");
      wait.hidden = false;
    } else if (list.querySelector('.photo-item[data-state="failed"]')) {
      event.preventDefault();
      wait.textContent = text("fix-failed");
      wait.hidden = false;
    } else {
      wait.hidden = true;
    }
  });
})();
