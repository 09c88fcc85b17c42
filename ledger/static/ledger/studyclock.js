/* Verified study time: heartbeats while the lesson is in view and in use, and
   ADL xAPI Video Profile events for the lesson's videos. The server judges
   every figure; this script only says how much of the time passed was spent
   with the page in front of the learner. Texts come from the page. */
(function () {
  "use strict";
  var root = document.querySelector("[data-study-clock]");
  if (!root || !window.fetch || !window.FormData) return;
  var d = root.dataset;
  var beatEvery = Number(d.beat) * 1000;
  var idleAfter = Number(d.idle) * 1000;
  var status = root.querySelector("[data-study-status]");
  var confirm = document.querySelector("[data-study-confirm]");
  var active = 0;
  var lastInput = Date.now();
  var lastTick = Date.now();
  var playing = 0;
  var state = "";
  var elsewhere = false;
  var held = false;
  // This load of the page: the page is cached, so its ticket is not unique.
  var session = window.crypto && crypto.randomUUID ? crypto.randomUUID() : uuid();

  function uuid() {
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (Math.random() * 16) >> (c / 4)).toString(16);
    });
  }

  function show(key) {
    if (state === key) return;
    state = key;
    root.setAttribute("data-state", key.toLowerCase());
    status.textContent = d["text" + key] || "";
  }
  function setLeft(seconds) {
    var notice = root.querySelector("[data-study-left]");
    if (notice) {
      var minutes = notice.querySelector("[data-study-left-minutes]");
      if (minutes) minutes.textContent = Math.ceil(seconds / 60);
      notice.hidden = seconds <= 0;
    }
    if (confirm) confirm.disabled = seconds > 0;
  }
  function inUse() {
    var focused = document.activeElement && document.activeElement.tagName === "IFRAME";
    return playing > 0 || focused || Date.now() - lastInput < idleAfter;
  }
  function form(extra) {
    var body = new FormData();
    body.append("ticket", d.ticket);
    body.append("session", session);
    Object.keys(extra).forEach(function (key) {
      if (extra[key] !== null && extra[key] !== undefined) body.append(key, extra[key]);
    });
    return body;
  }
  function update(data) {
    if (!data) return;
    elsewhere = !data.counting;
    var minutes = root.querySelector("[data-study-minutes]");
    if (minutes) minutes.textContent = Math.floor(data.seconds / 60);
    setLeft(data.left);
  }
  function send(end) {
    var claimed = Math.floor(active);
    active -= claimed;
    held = !end;
    var body = form({ active: claimed, end: end ? "1" : null });
    if (end && navigator.sendBeacon) {
      navigator.sendBeacon(d.beatUrl, body);
      return;
    }
    fetch(d.beatUrl, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(update)
      .catch(function () {});
  }
  function tick() {
    var now = Date.now();
    var step = Math.min((now - lastTick) / 1000, 2);
    lastTick = now;
    if (document.visibilityState !== "visible") return pause("Hidden");
    if (!inUse()) return pause("Idle");
    show(elsewhere ? "Elsewhere" : "Counting");
    active += step;
  }
  function pause(key) {
    if (held) send(true);
    show(key);
  }
  function input() { lastInput = Date.now(); }
  ["pointerdown", "pointermove", "keydown", "wheel", "scroll", "touchstart"].forEach(function (name) {
    window.addEventListener(name, input, { passive: true, capture: true });
  });
  document.addEventListener("visibilitychange", tick);
  window.addEventListener("pagehide", function () { if (held) send(true); });
  setLeft(Number(d.left));
  tick();
  // The page may come from the cache: ask at once for the current figures.
  if (state === "Counting") send(false);
  setInterval(tick, 1000);
  setInterval(function () { if (state === "Counting" || state === "Elsewhere") send(false); }, beatEvery);

  var known = {};
  try { known = JSON.parse(d.videos || "{}"); } catch (e) { known = {}; }
  var queue = Promise.resolve();
  Array.prototype.forEach.call(document.querySelectorAll("video[data-video-block]"), function (video) {
    var block = video.getAttribute("data-video-block");
    var strict = video.hasAttribute("data-no-skip");
    var seen = known[block] || {};
    var reached = seen.furthest || 0;
    var done = !!seen.completed;
    var last = 0;
    var started = false;
    var notice = document.createElement("p");
    notice.className = "lesson-meta video-notice";
    notice.setAttribute("role", "status");
    video.insertAdjacentElement("afterend", notice);

    function post(event, extra) {
      extra.block = block;
      extra.event = event;
      queue = queue.then(function () {
        return fetch(d.videoUrl, { method: "POST", body: form(extra), credentials: "same-origin" })
          .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, data: j }; }); })
          .then(function (answer) {
            if (answer.ok) {
              reached = Math.max(reached, answer.data.furthest || 0);
              done = done || answer.data.completed;
            } else if (answer.data.furthest !== undefined && strict && !done) {
              reached = answer.data.furthest;
              video.currentTime = reached;
              notice.textContent = d.textSkip;
            }
          })
          .catch(function () {});
      });
    }
    function begin() {
      if (started || !isFinite(video.duration)) return;
      started = true;
      post("initialized", { position: 0, length: video.duration });
    }
    video.addEventListener("loadedmetadata", begin);
    video.addEventListener("play", function () {
      begin();
      playing += 1;
      input();
      post("played", { position: video.currentTime });
    });
    video.addEventListener("pause", function () {
      playing = Math.max(0, playing - 1);
      post("paused", { position: video.currentTime });
    });
    video.addEventListener("timeupdate", function () {
      if (video.seeking) return;
      last = video.currentTime;
      if (last <= reached + 2) reached = Math.max(reached, last);
    });
    video.addEventListener("seeking", function () {
      if (strict && !done && video.currentTime > reached + 1) {
        video.currentTime = reached;
        notice.textContent = d.textSkip;
      }
    });
    video.addEventListener("seeked", function () {
      if (Math.abs(video.currentTime - last) > 0.5) {
        post("seeked", { position: last, to: video.currentTime });
      }
      last = video.currentTime;
    });
    video.addEventListener("ended", function () {
      post("completed", { position: video.duration });
    });
  });
})();
