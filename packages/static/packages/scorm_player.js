/* The SCORM player: scorm-again's runtime as window.API (SCORM 1.2) or
   window.API_1484_11 (SCORM 2004) in this window, the parent of the frame the
   SCO runs in, where the SCO's API discovery finds it (1.2 RTE 3.3.6.1; 2004
   RTE 3.3.2). The runtime's data goes through the one pipe: each SCO's cmi
   data is an xAPI State document (this learner, the SCO's activity, this
   registration), and what the SCO reports becomes statements (scorm_statements.js),
   both sent to the platform's LRS with the launch's credential, which arrives
   in this page's fragment. When every SCO is completed (or passed), the player
   records "completed" for the package's activity: the statement that moves the
   lesson's progress. Sequencing is the manifest's order plus free choice. */
(function () {
  "use strict";

  var S = window.ScormStatements;
  var config = JSON.parse(document.getElementById("scorm-config").textContent);
  var strings = document.querySelector("[data-scorm-strings]").dataset;
  var frame = document.querySelector("[data-scorm-frame]");
  var partsList = document.querySelector("[data-scorm-parts]");
  var statusLine = document.querySelector("[data-scorm-status]");
  var message = document.querySelector("[data-scorm-message]");
  var CMI_STATE = "scorm.cmi";
  var LESSON_STATE = "scorm.lesson";
  var EVENTS = config.version === "1.2"
    ? { init: "LMSInitialize", commit: "LMSCommit", finish: "LMSFinish", set: "LMSSetValue.cmi.*" }
    : { init: "Initialize", commit: "Commit", finish: "Terminate", set: "SetValue.cmi.*" };
  // Many SCOs never call Commit: what they set is saved this long after they stop.
  var SAVE_DELAY_MS = 3000;
  // Bodies of fetch(keepalive) are limited to 64 KiB in total.
  var KEEPALIVE_LIMIT = 60000;

  var launch = readLaunch();
  var records = config.scos.map(function () { return { state: null }; });
  var lessonDone = false;
  var current = null;
  var queue = Promise.resolve();
  var unloading = false;

  function readLaunch() {
    var params = new URLSearchParams(location.hash.slice(1));
    var actor = null;
    try { actor = JSON.parse(params.get("actor") || "null"); } catch (error) { actor = null; }
    return {
      endpoint: params.get("endpoint") || "",
      auth: params.get("auth") || "",
      actor: actor,
      registration: params.get("registration") || "",
      lang: params.get("lang") || document.documentElement.lang || "und",
    };
  }

  function lrs(method, resource, query, body) {
    if (method !== "GET") return lrsWrite(method, resource, query, body);
    var url = launch.endpoint + resource + (query ? "?" + new URLSearchParams(query) : "");
    return fetch(url, {
      headers: { Authorization: launch.auth, "X-Experience-API-Version": "1.0.3" },
      mode: "cors", credentials: "omit",
    }).then(checked);
  }

  /* Writes use xAPI 1.0.3's alternate request syntax (section 7.8): a form POST
     with no custom header needs no CORS preflight, which a browser aborts when
     the window unloads, and a SCO often reports from its unload handler; the
     request itself is keepalive. */
  function lrsWrite(method, resource, query, body) {
    var form = new URLSearchParams(query || {});
    form.set("Authorization", launch.auth);
    form.set("X-Experience-API-Version", "1.0.3");
    form.set("Content-Type", "application/json");
    form.set("content", JSON.stringify(body));
    return fetch(launch.endpoint + resource + "?method=" + method, {
      method: "POST", body: form, mode: "cors", credentials: "omit",
      keepalive: form.toString().length < KEEPALIVE_LIMIT,
    }).then(checked);
  }

  function checked(response) {
    if (!response.ok && response.status !== 404) throw new Error(response.status);
    return response;
  }

  function stateQuery(activityId, stateId) {
    return {
      activityId: activityId, agent: JSON.stringify(launch.actor),
      registration: launch.registration, stateId: stateId,
    };
  }

  function readState(activityId, stateId) {
    return lrs("GET", "activities/state", stateQuery(activityId, stateId))
      .then(function (response) { return response.status === 404 ? null : response.json(); });
  }

  function failed() {
    statusLine.textContent = strings.savingFailed;
  }

  /* Run a request after the ones before it, or now (``direct``, or while the
     window unloads: then a promise chain would stop at its first step). */
  function enqueue(task, direct) {
    if (unloading || direct) {
      var result = task();
      if (result) result.catch(failed);
      return queue;
    }
    queue = queue.then(task).catch(failed);
    return queue;
  }

  function send(statements) {
    return statements.length ? lrs("POST", "statements", null, statements) : null;
  }

  function writeState(activityId, stateId, doc) {
    return lrs("PUT", "activities/state", stateQuery(activityId, stateId), doc);
  }

  function outcomesOf(index) {
    var state = records[index].state;
    return state ? S.outcomes(config.version, state) : null;
  }

  function isDone(index) {
    var now = outcomesOf(index);
    return !!now && (now.completed || now.success === true);
  }

  function statusText(index) {
    var now = outcomesOf(index);
    if (!now) return strings.notAttempted;
    if (now.success === true) return strings.passed;
    if (now.success === false) return strings.failed;
    return now.completed ? strings.completed : strings.incomplete;
  }

  function renderParts() {
    if (allDone()) statusLine.textContent = strings.finished;
    partsList.textContent = "";
    config.scos.forEach(function (sco, index) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = sco.title || sco.identifier;
      button.setAttribute("aria-current", String(!!current && current.index === index));
      button.addEventListener("click", function () { open(index); });
      var status = document.createElement("span");
      status.className = "scorm-part-status";
      status.textContent = statusText(index);
      item.append(button, status);
      partsList.append(item);
    });
  }

  /* What a new session starts from: the stored cmi data the LMS initialises. */
  function restore(sco, state) {
    var cmi = (state && state.cmi) || {};
    var name = launch.actor.name || "";
    var id = (launch.actor.account && launch.actor.account.name) || "";
    if (config.version === "1.2") {
      var core = cmi.core || {};
      var attempted = core.lesson_status && core.lesson_status !== "not attempted";
      var mastery = sco.mastery === null ? "" : String(Math.round(sco.mastery * 100));
      return {
        entry: core.exit === "suspend" ? "resume" : attempted ? "" : "ab-initio",
        data: {
          core: {
            student_id: id, student_name: name, credit: "credit", lesson_mode: "normal",
            lesson_location: core.lesson_location, lesson_status: core.lesson_status,
            total_time: core.total_time, score: core.score,
            entry: core.exit === "suspend" ? "resume" : attempted ? "" : "ab-initio",
          },
          suspend_data: cmi.suspend_data,
          student_data: { mastery_score: mastery },
        },
      };
    }
    var entry = cmi.exit === "suspend" ? "resume" : cmi.completion_status ? "" : "ab-initio";
    return {
      entry: entry,
      data: {
        learner_id: id, learner_name: name, credit: "credit", mode: "normal", entry: entry,
        location: cmi.location, completion_status: cmi.completion_status,
        success_status: cmi.success_status, score: cmi.score,
        progress_measure: cmi.progress_measure, total_time: cmi.total_time,
        suspend_data: cmi.suspend_data,
        scaled_passing_score: sco.mastery === null ? "" : String(sco.mastery),
      },
    };
  }

  function createApi(sco, start) {
    var settings = {
      autocommit: false, lmsCommitUrl: false, logLevel: 4, dataCommitFormat: "json",
      // SCORM 1.2 RTE 3.4.4: a SCO that never set lesson_status is completed on LMSFinish.
      autoCompleteLessonStatus: true, mastery_override: true,
    };
    var api = config.version === "1.2"
      ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    api.loadFromJSON(start.data);
    return api;
  }

  function open(index) {
    leave().then(function () { start(index); });
  }

  /* Unload the running SCO, which then calls Terminate on the API it found. */
  function leave() {
    if (!current) return Promise.resolve();
    var leaving = current;
    leaving.leaving = true;
    return new Promise(function (resolve) {
      frame.addEventListener("load", resolve, { once: true });
      frame.src = "about:blank";
    }).then(function () {
      // A SCO left before it initialised has nothing to keep.
      if (leaving.started && !leaving.terminated) save(leaving, true);
      current = null;
    });
  }

  function start(index) {
    var sco = config.scos[index];
    var state = records[index].state;
    var begin = restore(sco, state);
    var session = {
      index: index, sco: sco, api: createApi(sco, begin), entry: begin.entry,
      context: new S.Context(launch, config, sco),
      reported: (state && state.reported) || {}, terminated: false, nav: "",
    };
    session.api.on(EVENTS.init, function () { initialized(session); });
    session.api.on(EVENTS.commit, function () { save(session, false); });
    session.api.on(EVENTS.finish, function () { save(session, true); });
    session.api.on(EVENTS.set, function () {
      clearTimeout(session.timer);
      session.timer = setTimeout(function () { save(session, false); }, SAVE_DELAY_MS);
    });
    if (config.version === "1.2") {
      finishesAsCompleted(session);
      window.API = session.api;
    } else {
      session.api.on("SetValue.adl.nav.request", function (element, value) {
        session.nav = value;
      });
      window.API_1484_11 = session.api;
    }
    current = session;
    message.hidden = true;
    frame.hidden = false;
    frame.src = sco.url;
    renderParts();
  }

  /* SCORM 1.2 RTE 3.4.4: a SCO that leaves lesson_status untouched is completed by
     LMSFinish. scorm-again skips this when the status was preloaded, so it is done here. */
  function finishesAsCompleted(session) {
    var touched = false;
    session.api.on("LMSSetValue.cmi.core.lesson_status", function () { touched = true; });
    session.api.on("BeforeTerminate", function () {
      var core = session.api.cmi.core;
      if (!touched && core.lesson_status === "not attempted") core.lesson_status = "completed";
    });
  }

  function initialized(session) {
    session.started = true;
    var statements = [session.context.statement("initialized")];
    if (session.entry === "resume") statements.push(session.context.statement("resumed"));
    enqueue(function () { return send(statements); });
  }

  function duration(sessionTime) {
    if (!sessionTime) return null;
    if (sessionTime.charAt(0) === "P") return sessionTime;
    var parts = sessionTime.split(":");
    if (parts.length !== 3) return null;
    return "PT" + Number(parts[0]) + "H" + Number(parts[1]) + "M" + Number(parts[2]) + "S";
  }

  function save(session, terminating) {
    if (session.terminated) return;
    clearTimeout(session.timer);
    var commit = session.api.renderCommitCMI(terminating, true);
    var now = S.outcomes(config.version, commit);
    var diff = S.changes(session.context, now, session.reported);
    var statements = diff.statements;
    session.reported = diff.reported;
    if (terminating) {
      session.terminated = true;
      if (now.exit === "suspend") statements.push(session.context.statement("suspended"));
      var took = duration(sessionTime(commit));
      statements.push(session.context.statement(
        "terminated", took ? { result: { duration: took } } : {}));
    }
    var doc = { cmi: commit.cmi, reported: diff.reported };
    records[session.index].state = doc;
    // A terminating SCO may be unloading: its requests cannot wait for a chain.
    enqueue(function () { return send(statements); }, terminating);
    enqueue(function () { return writeState(session.sco.id, CMI_STATE, doc); }, terminating);
    if (terminating) {
      enqueue(completeLesson, true);
      if (!session.leaving) setTimeout(function () { navigate(session); }, 0);
    }
    renderParts();
  }

  function sessionTime(commit) {
    var cmi = commit.cmi || {};
    return config.version === "1.2" ? (cmi.core || {}).session_time : cmi.session_time;
  }

  function allDone() {
    return config.scos.every(function (sco, index) { return isDone(index); });
  }

  function completeLesson() {
    if (lessonDone || !allDone()) return null;
    lessonDone = true;
    var context = new S.Context(launch, config, config.scos[0]);
    return Promise.all([
      send([context.courseCompleted()]),
      writeState(config.course.id, LESSON_STATE, { completed: true }),
    ]);
  }

  /* After a SCO ends itself: follow its navigation request, or show the parts. */
  function navigate(session) {
    if (current !== session) return;
    var target = nextIndex(session);
    if (target !== null) {
      open(target);
      return;
    }
    leave().then(function () { showMessage(); });
  }

  function nextIndex(session) {
    var request = session.nav || "";
    var chosen = /^\{target=([^}]+)\}(choice|jump)$/.exec(request);
    if (chosen) {
      var found = config.scos.findIndex(function (sco) { return sco.identifier === chosen[1]; });
      return found >= 0 ? found : null;
    }
    if (request === "continue" && session.index + 1 < config.scos.length) return session.index + 1;
    if (request === "previous" && session.index > 0) return session.index - 1;
    return null;
  }

  function showMessage() {
    frame.hidden = true;
    message.hidden = false;
    message.textContent = allDone() ? strings.finished : strings.choose;
    renderParts();
  }

  function firstOpen() {
    var index = config.scos.findIndex(function (sco, i) { return !isDone(i); });
    return index < 0 ? null : index;
  }

  function begin() {
    if (!launch.endpoint || !launch.auth || !launch.actor) {
      frame.hidden = true;
      message.hidden = false;
      message.textContent = strings.noLaunch;
      return;
    }
    statusLine.textContent = strings.loading;
    var reads = config.scos.map(function (sco, index) {
      return readState(sco.id, CMI_STATE).then(function (doc) { records[index].state = doc; });
    });
    reads.push(readState(config.course.id, LESSON_STATE).then(function (doc) {
      lessonDone = !!(doc && doc.completed);
    }));
    Promise.all(reads).then(function () {
      statusLine.textContent = "";
      var index = firstOpen();
      if (index === null) showMessage(); else start(index);
    }, function () {
      statusLine.textContent = strings.savingFailed;
    });
  }

  // beforeunload reaches this window before its frame, whose SCO then terminates.
  window.addEventListener("beforeunload", function () { unloading = true; });
  // Closing the window unloads the SCO too; one that never terminates is saved here.
  window.addEventListener("pagehide", function () {
    unloading = true;
    if (current && current.started && !current.terminated) save(current, true);
  });

  begin();
})();
