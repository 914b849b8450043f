/* 东莞优品 portal — progressive enhancement only. Every page works without this file. */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.add("js");

  /* Menu toggle (phones): shows/hides the regions listed in aria-controls. */
  var toggle = document.querySelector("[data-menu-toggle]");
  if (toggle) {
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      root.classList.toggle("menu-open", open);
    };
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  /* Language switcher: submit as soon as another language is chosen. */
  var selects = document.querySelectorAll("select[data-autosubmit]");
  Array.prototype.forEach.call(selects, function (select) {
    select.addEventListener("change", function () {
      if (select.form) {
        select.form.submit();
      }
    });
  });

  /* Dismissable alerts: the close buttons are hidden until this script runs. */
  var closers = document.querySelectorAll("[data-dismiss='alert']");
  Array.prototype.forEach.call(closers, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var alert = button.closest(".alert");
      if (!alert) {
        return;
      }
      var container = alert.parentNode;
      alert.parentNode.removeChild(alert);
      if (container && container.classList.contains("messages") && !container.querySelector(".alert")) {
        container.parentNode.removeChild(container);
      }
      var main = document.getElementById("main");
      if (main) {
        main.focus();
      }
    });
  });

  /* Irreversible actions: <form data-confirm="question"> asks before it is submitted. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute ? form.getAttribute("data-confirm") : null;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  /* Move focus to a form's error summary so screen readers announce it first. */
  var summary = document.querySelector(".form-error-summary");
  if (summary && !document.querySelector("[autofocus]")) {
    summary.focus();
  }
})();
