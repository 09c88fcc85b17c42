/* xAPI statements for SCORM runtime events, after ADL's xAPI SCORM Profile
   (https://w3id.org/xapi/scorm): ADL verbs; the SCO (type lesson) as object;
   the course (the package) and the attempt in contextActivities.grouping; the
   profile activity in contextActivities.category. Also reads a commit of the
   runtime (scorm-again's renderCommitCMI) into the outcomes they report.
   No network and no DOM: window.ScormStatements. */
(function () {
  "use strict";

  var VERBS = "http://adlnet.gov/expapi/verbs/";
  var TYPES = "http://adlnet.gov/expapi/activities/";
  // xAPI 1.0.3 section 4.1.4.1, "Interaction Activities".
  var INTERACTION_TYPES = [
    "true-false", "choice", "fill-in", "long-fill-in", "matching",
    "performance", "sequencing", "likert", "numeric", "other",
  ];

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16),
      hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function activity(id, type, title, lang) {
    var definition = { type: TYPES + type };
    if (title) {
      definition.name = {};
      definition.name[lang] = title;
    }
    return { objectType: "Activity", id: id, definition: definition };
  }

  /* Everything a statement about one SCO shares: who, which attempt, where. */
  function Context(launch, config, sco) {
    this.actor = launch.actor;
    this.registration = launch.registration;
    this.lang = launch.lang;
    this.sco = activity(sco.id, "lesson", sco.title, launch.lang);
    this.course = activity(config.course.id, "course", config.course.title, launch.lang);
    this.attempt = activity(
      sco.id + "/attempts/" + launch.registration, "attempt", "", launch.lang);
    this.profile = {
      objectType: "Activity", id: config.profile,
      definition: { type: TYPES + "profile" },
    };
  }

  Context.prototype.statement = function (verb, options) {
    options = options || {};
    var contextActivities = {
      grouping: [this.attempt, this.course],
      category: [this.profile],
    };
    if (options.parent) contextActivities.parent = [this.sco];
    var statement = {
      id: uuid(),
      actor: this.actor,
      verb: { id: VERBS + verb, display: { "en-US": verb } },
      object: options.object || this.sco,
      context: { registration: this.registration, contextActivities: contextActivities },
      timestamp: new Date().toISOString(),
    };
    if (options.result) statement.result = options.result;
    return statement;
  };

  /* The course-level completion: every SCO done (the lesson's rule). */
  Context.prototype.courseCompleted = function () {
    return {
      id: uuid(),
      actor: this.actor,
      verb: { id: VERBS + "completed", display: { "en-US": "completed" } },
      object: this.course,
      result: { completion: true },
      context: {
        registration: this.registration,
        contextActivities: { category: [this.profile] },
      },
      timestamp: new Date().toISOString(),
    };
  };

  function entries(collection) {
    if (!collection) return [];
    if (Array.isArray(collection)) return collection;
    return Object.keys(collection).sort(function (a, b) { return a - b; })
      .map(function (key) { return collection[key]; });
  }

  function number(value) {
    if (value === "" || value === null || value === undefined) return null;
    var parsed = Number(value);
    return isFinite(parsed) ? parsed : null;
  }

  /* A result.score the LRS accepts (xAPI 4.1.5.1): min <= raw <= max, scaled in [-1, 1]. */
  function score(raw, min, max, scaled) {
    var result = {};
    raw = number(raw); min = number(min); max = number(max); scaled = number(scaled);
    if (scaled === null && raw !== null && min !== null && max !== null && max > min) {
      scaled = (raw - min) / (max - min);
    }
    if (scaled !== null && scaled >= -1 && scaled <= 1) result.scaled = scaled;
    if (raw !== null) {
      var low = min === null || min <= raw, high = max === null || raw <= max;
      if (low && high && (min === null || max === null || min <= max)) {
        result.raw = raw;
        if (min !== null) result.min = min;
        if (max !== null) result.max = max;
      }
    }
    return Object.keys(result).length ? result : null;
  }

  /* Read a commit ({cmi: …}) of either version into what statements report. */
  function outcomes(version, commit) {
    var cmi = (commit && commit.cmi) || {};
    if (version === "1.2") {
      var core = cmi.core || {}, status = core.lesson_status || "";
      var s = core.score || {};
      return {
        completed: status === "completed" || status === "passed",
        success: status === "passed" ? true : status === "failed" ? false : null,
        score: score(s.raw, s.min, s.max, null),
        exit: core.exit || "",
        interactions: interactions(cmi, "student_response"),
      };
    }
    var t = cmi.score || {};
    return {
      completed: cmi.completion_status === "completed",
      success: cmi.success_status === "passed" ? true
        : cmi.success_status === "failed" ? false : null,
      score: score(t.raw, t.min, t.max, t.scaled),
      exit: cmi.exit || "",
      interactions: interactions(cmi, "learner_response"),
    };
  }

  function interactions(cmi, responseKey) {
    return entries(cmi.interactions).filter(function (item) {
      return item && item.id;
    }).map(function (item) {
      return {
        id: String(item.id),
        type: item.type || "",
        response: item[responseKey] === undefined ? "" : String(item[responseKey]),
        result: item.result || "",
        description: item.description || "",
        patterns: entries(item.correct_responses).map(function (r) {
          return r && r.pattern !== undefined ? String(r.pattern) : "";
        }).filter(function (p) { return p !== ""; }),
      };
    });
  }

  function responded(context, item) {
    var definition = { type: TYPES + "cmi.interaction" };
    if (INTERACTION_TYPES.indexOf(item.type) >= 0) {
      definition.interactionType = item.type;
      if (item.patterns.length) definition.correctResponsesPattern = item.patterns;
    }
    if (item.description) {
      definition.description = {};
      definition.description[context.lang] = item.description;
    }
    var result = { response: item.response };
    if (item.result === "correct") result.success = true;
    if (item.result === "wrong" || item.result === "incorrect") result.success = false;
    return context.statement("responded", {
      object: {
        objectType: "Activity",
        id: context.sco.id + "/interactions/" + encodeURIComponent(item.id),
        definition: definition,
      },
      result: result,
      parent: true,
    });
  }

  /* Statements for what changed since ``reported`` (kept in the State), and the new memo. */
  function changes(context, now, reported) {
    var out = [], memo = Object.assign({ interactions: [] }, reported || {});
    if (now.completed && !memo.completed) {
      out.push(context.statement("completed", { result: { completion: true } }));
      memo.completed = true;
    }
    var scoreKey = now.score ? JSON.stringify(now.score) : "";
    if (scoreKey && scoreKey !== memo.score) {
      out.push(context.statement("scored", { result: { score: now.score } }));
      memo.score = scoreKey;
    }
    if (now.success !== null && now.success !== memo.success) {
      var result = { success: now.success };
      if (now.score) result.score = now.score;
      out.push(context.statement(now.success ? "passed" : "failed", { result: result }));
      memo.success = now.success;
    }
    now.interactions.forEach(function (item) {
      var key = item.id + "=" + item.response;
      if (item.response !== "" && memo.interactions.indexOf(key) < 0) {
        out.push(responded(context, item));
        memo.interactions.push(key);
      }
    });
    return { statements: out, reported: memo };
  }

  window.ScormStatements = {
    Context: Context, outcomes: outcomes, changes: changes, score: score,
  };
})();
