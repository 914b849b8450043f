/* 东莞优品 portal — autosave of an application draft (自动保存).
 *
 * The draft form (#draft-form) works without this file ("保存草稿" posts it). With it:
 * - typing stops for a moment → the fields are posted as JSON to data-autosave-url with the CSRF
 *   token and the draft's version; the server answers the new version;
 * - the page is hidden or closed → the same request with keepalive (sendBeacon as a fallback);
 * - every change is also kept in localStorage (keyed by the application) until the server has it,
 *   so nothing is lost when the session expired or the tab closed: the next load offers to
 *   restore it;
 * - 409 (saved from another window) → the user is told to reload; 302/401/403 (session expired)
 *   → the user is told to log in again, the text stays in this browser.
 */
(function () {
  "use strict";

  /* A page showing a submitted application clears the draft's local copy: the server has it. */
  Array.prototype.forEach.call(document.querySelectorAll("[data-autosave-clear]"), function (el) {
    try {
      window.localStorage.removeItem(el.dataset.autosaveClear);
    } catch (e) {
      /* storage disabled: nothing kept */
    }
  });

  var form = document.getElementById("draft-form");
  if (!form || !form.dataset.autosaveUrl) {
    return;
  }
  var url = form.dataset.autosaveUrl;
  var storageKey = form.dataset.autosaveKey;
  var statusLine = form.querySelector("[data-autosave-status]");
  var alertBox = document.querySelector("[data-autosave-alert]");
  var alertText = document.querySelector("[data-autosave-alert-text]");
  var restoreBox = document.querySelector("[data-autosave-restore]");
  var versionInput = form.querySelector("input[name=version]");
  var csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var DELAY_MS = 2000;
  var SKIP = { csrfmiddlewaretoken: true, version: true, action: true, note: true };

  var timer = null;
  var inFlight = null; // the pending save's promise
  var dirty = false;
  var stopped = false; // after a 409 or an expired session: no more automatic saves

  function fields() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.disabled || el.type === "file") {
        return;
      }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) {
        return;
      }
      data[el.name] = el.value;
    });
    return data;
  }

  function setFields(data) {
    Object.keys(data).forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (el && !SKIP[name] && typeof el.value === "string") {
        el.value = data[name];
      }
    });
  }

  /* A value as the server keeps it: trimmed; an amount compared as a number ("1,250.5" and
     "1250.50" are the same). */
  function normalise(value) {
    var text = String(value == null ? "" : value).trim();
    var plain = text.replace(/[,，\s]/g, "");
    if (/^-?\d+(\.\d+)?$/.test(plain)) {
      return "#" + String(Number(plain));
    }
    return text;
  }

  function sameFields(a, b) {
    var keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) {
      return false;
    }
    return keys.every(function (k) {
      return k in b && normalise(a[k]) === normalise(b[k]);
    });
  }

  function storageGet() {
    try {
      var raw = window.localStorage.getItem(storageKey);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  function storagePut() {
    try {
      window.localStorage.setItem(
        storageKey,
        JSON.stringify({ version: versionInput.value, fields: fields(), at: Date.now() })
      );
    } catch (e) {
      /* storage full or disabled: the server save still runs */
    }
  }

  function storageClear() {
    try {
      window.localStorage.removeItem(storageKey);
    } catch (e) {
      /* nothing to do */
    }
  }

  function setStatus(text) {
    if (statusLine) {
      statusLine.textContent = text;
    }
  }

  function showAlert(text) {
    if (alertBox && alertText) {
      alertText.textContent = text;
      alertBox.hidden = false;
    }
  }

  function hideAlert() {
    if (alertBox) {
      alertBox.hidden = true;
    }
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function body(sent) {
    return JSON.stringify({ version: Number(versionInput.value), fields: sent });
  }

  function sessionExpired() {
    stopped = true;
    form.dataset.autosaveState = "session";
    showAlert(form.dataset.msgSession);
  }

  function save() {
    if (stopped) {
      return Promise.resolve(false);
    }
    if (inFlight) {
      // One request at a time: save again once the current one is answered.
      return inFlight.then(function () {
        return dirty ? save() : true;
      });
    }
    clearTimeout(timer);
    var sent = fields();
    dirty = false;
    form.dataset.autosaveState = "saving";
    setStatus(form.dataset.msgSaving);
    inFlight = fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": csrfInput ? csrfInput.value : "",
        "X-Requested-With": "XMLHttpRequest",
        Accept: "application/json",
      },
      body: body(sent),
    })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 302 || response.status === 401 || response.status === 403) {
          dirty = true;
          sessionExpired();
          return false;
        }
        return response.json().then(
          function (json) {
            if (response.ok) {
              versionInput.value = json.version;
              form.dataset.autosaveState = "saved";
              form.dataset.version = json.version;
              setStatus(form.dataset.msgSaved.replace("%(time)s", json.saved_at));
              hideAlert();
              if (sameFields(sent, fields())) {
                storageClear();
              }
              return true;
            }
            dirty = true;
            if (response.status === 409) {
              stopped = true;
              form.dataset.autosaveState = "stale";
              showAlert(form.dataset.msgStale);
            } else {
              form.dataset.autosaveState = "error";
              showAlert(form.dataset.msgError + " " + (json.message || ""));
            }
            setStatus("");
            return false;
          },
          function () {
            dirty = true;
            sessionExpired();
            return false;
          }
        );
      })
      .catch(function () {
        dirty = true;
        form.dataset.autosaveState = "offline";
        showAlert(form.dataset.msgOffline);
        setStatus("");
        return false;
      })
      .then(function (result) {
        inFlight = null;
        return result;
      });
    return inFlight;
  }

  function changed() {
    dirty = true;
    storagePut();
    if (stopped) {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  }

  /* Leaving the page: send what is not saved yet, in a request that outlives the page. */
  function flushOnLeave() {
    if (!dirty || stopped) {
      return;
    }
    clearTimeout(timer);
    storagePut();
    var sent = fields();
    try {
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        keepalive: true,
        redirect: "manual",
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": csrfInput ? csrfInput.value : "",
        },
        body: body(sent),
      });
    } catch (e) {
      if (navigator.sendBeacon) {
        var data = new FormData();
        data.append("csrfmiddlewaretoken", csrfInput ? csrfInput.value : "");
        data.append("version", versionInput.value);
        Object.keys(sent).forEach(function (k) {
          data.append(k, sent[k]);
        });
        navigator.sendBeacon(url, data);
      }
    }
    dirty = false;
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      flushOnLeave();
    }
  });
  window.addEventListener("pagehide", flushOnLeave);
  window.addEventListener("online", function () {
    if (dirty && !stopped) {
      save();
    }
  });

  /* Submitting the form itself (save draft / submit): wait for a save in flight, so the
     version posted is the current one. */
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    dirty = false;
    // The form itself carries the text to the server: no local copy to restore afterwards.
    storageClear();
    if (inFlight) {
      event.preventDefault();
      var submitter = event.submitter;
      inFlight.then(function () {
        if (form.requestSubmit) {
          form.requestSubmit(submitter || undefined);
        } else {
          form.submit();
        }
      });
    }
  });

  /* Upload and remove forms leave the page: save the typed text first. */
  Array.prototype.forEach.call(document.querySelectorAll("form[data-flush-first]"), function (other) {
    other.addEventListener("submit", function (event) {
      if (!dirty || stopped) {
        return;
      }
      event.preventDefault();
      save().then(function () {
        other.submit();
      });
    });
  });

  /* Text kept from an earlier visit that the server does not have: offer to restore it. */
  var kept = storageGet();
  if (kept && kept.fields) {
    if (sameFields(kept.fields, fields())) {
      storageClear();
    } else if (restoreBox) {
      restoreBox.hidden = false;
      restoreBox.querySelector("[data-restore]").addEventListener("click", function () {
        setFields(kept.fields);
        restoreBox.hidden = true;
        changed();
        save();
      });
      restoreBox.querySelector("[data-discard]").addEventListener("click", function () {
        storageClear();
        restoreBox.hidden = true;
      });
    }
  }
  form.dataset.autosaveReady = "1";
  var now = new Date();
  form.dataset.loadedAt = pad(now.getHours()) + ":" + pad(now.getMinutes());
})();
