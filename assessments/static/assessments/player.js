// The quiz and exam player, on top of a page that works without it: a
// countdown, the navigator kept in step with the answers, ordering by drag
// and by arrow buttons in place, and the confirmation before submitting.
// Every string shown comes from the page (data- attributes, <template>), so
// both languages work; the server still judges the deadline.
(function () {
  "use strict";

  function countdown(box) {
    var total = parseInt(box.dataset.secondsLeft, 10);
    if (isNaN(total)) return;
    var started = performance.now();
    var line = document.createElement("p");
    var label = document.createElement("span");
    var clock = document.createElement("span");
    var alert = document.createElement("p");
    label.textContent = box.dataset.label + " ";
    clock.className = "clock";
    clock.setAttribute("role", "timer");
    alert.className = "alert";
    alert.setAttribute("role", "alert");
    line.append(label, clock);
    box.append(line, alert);
    var warned = 0;
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function tick() {
      // Elapsed time from the page's own clock: the learner's wall clock may be wrong.
      var left = Math.max(0, Math.round(total - (performance.now() - started) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor(left / 60) % 60, s = left % 60;
      clock.textContent = (h ? h + ":" + pad(m) : pad(m)) + ":" + pad(s);
      if (left <= 0) {
        clearInterval(timer);
        alert.textContent = box.dataset.timeUp;
        box.classList.add("urgent");
        // The server shows the attempt as time up and grades it.
        setTimeout(function () { location.reload(); }, 3000);
      } else if (left <= 60 && warned < 2) {
        warned = 2;
        alert.textContent = box.dataset.warnOne;
        box.classList.add("urgent");
      } else if (left <= 300 && warned < 1) {
        warned = 1;
        alert.textContent = box.dataset.warnFive;
      }
    }
    var timer = setInterval(tick, 1000);
    tick();
  }

  function isAnswered(question) {
    var type = question.dataset.type;
    if (type === "fill_in") {
      var text = question.querySelector("input[type=text]");
      return !!(text && text.value.trim());
    }
    if (type === "ordering") {
      var list = question.querySelector("ol.ordering");
      return list.dataset.answered === "1";
    }
    var name = "q" + question.dataset.position;
    return !!question.querySelector("input[name='" + name + "']:checked");
  }

  function isFlagged(question) {
    var flag = question.querySelector("input[name=flag]");
    return !!(flag && flag.checked);
  }

  function updateNav(nav, question) {
    var link = nav.querySelector("a[data-position='" + question.dataset.position + "']");
    if (!link) return;
    var answered = isAnswered(question), flagged = isFlagged(question);
    link.classList.toggle("answered", answered);
    link.classList.toggle("flagged", flagged);
    var state = answered ? nav.dataset.answered : nav.dataset.unanswered;
    if (flagged) state += ", " + nav.dataset.flagged;
    link.querySelector(".state").textContent = state;
  }

  function renumber(list) {
    var items = list.querySelectorAll(".order-item");
    items.forEach(function (item, index) {
      var buttons = item.querySelectorAll("button.move");
      buttons[0].disabled = index === 0;
      buttons[1].disabled = index === items.length - 1;
    });
  }

  function markMoved(list) {
    list.dataset.answered = "1";
    var name = "q" + list.dataset.position + "-moved";
    if (!list.querySelector("input[name='" + name + "']")) {
      var marker = document.createElement("input");
      marker.type = "hidden";
      marker.name = name;
      marker.value = "1";
      list.append(marker);
    }
    renumber(list);
    list.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function ordering(list) {
    if (list.closest("fieldset[disabled]")) return;  // time is up: nothing moves
    list.querySelectorAll(".order-item").forEach(function (item) {
      var handle = document.createElement("span");
      handle.className = "handle";
      handle.setAttribute("aria-hidden", "true");
      handle.textContent = "⠿";
      item.prepend(handle);
      handle.addEventListener("pointerdown", function (event) { drag(list, item, event); });
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button.move");
      if (!button) return;
      // Move in place; without this script the button saves and moves on the server.
      event.preventDefault();
      var item = button.closest(".order-item");
      var up = button.value.slice(-3) === ":up";
      var other = up ? item.previousElementSibling : item.nextElementSibling;
      if (!other || !other.classList.contains("order-item")) return;
      list.insertBefore(up ? item : other, up ? other : item);
      markMoved(list);
      (button.disabled ? item.querySelector("button.move:not(:disabled)") : button).focus();
    });
  }

  function drag(list, item, event) {
    event.preventDefault();
    item.setPointerCapture(event.pointerId);
    item.classList.add("dragging");
    var moved = false;
    function onMove(e) {
      var siblings = Array.prototype.filter.call(list.children, function (el) {
        return el !== item && el.classList.contains("order-item");
      });
      for (var i = 0; i < siblings.length; i++) {
        var box = siblings[i].getBoundingClientRect();
        var middle = box.top + box.height / 2;
        var before = item.compareDocumentPosition(siblings[i]) & Node.DOCUMENT_POSITION_PRECEDING;
        // The siblings move, not the item: taking the item out of the page
        // would release its pointer capture mid-drag.
        if (before && e.clientY < middle) { list.insertBefore(siblings[i], item.nextSibling); moved = true; }
        if (!before && e.clientY > middle) { list.insertBefore(siblings[i], item); moved = true; }
      }
    }
    function onUp() {
      item.classList.remove("dragging");
      item.removeEventListener("pointermove", onMove);
      item.removeEventListener("pointerup", onUp);
      item.removeEventListener("pointercancel", onUp);
      if (moved) markMoved(list);
    }
    item.addEventListener("pointermove", onMove);
    item.addEventListener("pointerup", onUp);
    item.addEventListener("pointercancel", onUp);
  }

  function confirmation(form, dialog, questions) {
    var template = document.getElementById("question-label");
    var confirmed = false;
    var button = form.querySelector("button[data-confirm]");
    if (!button || !dialog.showModal) return;
    function fill(name, filter) {
      var box = dialog.querySelector("[data-list=" + name + "]");
      var list = box.querySelector("ul");
      list.textContent = "";
      var hits = questions.filter(filter);
      hits.forEach(function (question) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "#" + question.id;
        a.textContent = template.content.textContent.trim().replace("__N__", question.dataset.position);
        a.addEventListener("click", function () { dialog.close(); });
        li.append(a);
        list.append(li);
      });
      box.hidden = hits.length === 0;
      return hits.length;
    }
    button.addEventListener("click", function (event) {
      if (confirmed) return;
      var count = fill("unanswered", function (q) { return !isAnswered(q); }) +
        fill("flagged", isFlagged);
      if (!count) return;
      event.preventDefault();
      dialog.showModal();
    });
    dialog.querySelector("[data-action=submit]").addEventListener("click", function () {
      confirmed = true;
      var marker = document.createElement("input");
      marker.type = "hidden";
      marker.name = "confirmed";
      marker.value = "1";
      form.append(marker);
      dialog.close();
      form.requestSubmit(button);
    });
    dialog.querySelector("[data-action=back]").addEventListener("click", function () {
      dialog.close();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".countdown[data-seconds-left]");
    if (box) countdown(box);
    var form = document.getElementById("attempt-form");
    if (!form) return;
    var nav = document.querySelector(".question-nav");
    var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
    form.querySelectorAll("ol.ordering").forEach(ordering);
    function changed(event) {
      var question = event.target.closest("fieldset.question");
      if (question && nav) updateNav(nav, question);
    }
    form.addEventListener("change", changed);
    form.addEventListener("input", changed);
    var dialog = document.getElementById("confirm-submit");
    if (dialog) confirmation(form, dialog, questions);
  });
})();
