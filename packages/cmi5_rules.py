"""What an AU may state in a cmi5 session (cmi5 section 9). No database.

``check`` refuses, with ``Refused``, a statement the LMS must reject (the
LRS answers 403, section 9.3); ``Facts.note`` keeps what an accepted one
changes, so a batch is judged statement by statement.
"""

import json
import re
from dataclasses import dataclass

from xapi import vocabulary as v
from xapi.validation.formats import is_language_tag

# Verbs only the LMS states (section 9.3.6 to 9.3.9).
LMS_VERBS = frozenset({v.LAUNCHED, v.SATISFIED, v.WAIVED, v.ABANDONED})
AU_VERBS = frozenset({v.INITIALIZED, v.COMPLETED, v.PASSED, v.FAILED, v.TERMINATED})
MOVE_ON_VERBS = frozenset({v.COMPLETED, v.PASSED, v.FAILED})
LEARNER_PREFERENCES = "cmi5LearnerPreferences"
_UTC = re.compile(r"(Z|[+-]00:?00)$")


class Refused(Exception):
    """The LMS rejects this statement (section 9.3: 403 Forbidden)."""


@dataclass
class Facts:
    """What the judge knows of a session and its registration's AU."""

    actor: dict
    registration: str
    session_id: str
    activity_id: str
    mastery: float | None
    launch_mode: str
    prefs_read: bool = False
    initialized: bool = False
    completed: bool = False
    verdict: str = ""
    completed_before: bool = False
    passed_before: bool = False
    terminated: bool = False

    def note(self, statement: dict) -> None:
        verb = statement["verb"]["id"]
        if verb == v.INITIALIZED:
            self.initialized = True
        elif verb == v.COMPLETED:
            self.completed = True
        elif verb in (v.PASSED, v.FAILED):
            self.verdict = "passed" if verb == v.PASSED else "failed"
        elif verb == v.TERMINATED:
            self.terminated = True


def _categories(statement: dict) -> set[str]:
    context = statement.get("context") or {}
    found = (context.get("contextActivities") or {}).get("category") or []
    if isinstance(found, dict):
        found = [found]
    return {item.get("id") for item in found if isinstance(item, dict)}


def _check_envelope(statement: dict, facts: Facts) -> None:
    """Rules for every statement: id, UTC timestamp, the launch's actor."""
    if "id" not in statement:
        raise Refused("A cmi5 statement needs an id (9.1.0.0-1).")
    timestamp = statement.get("timestamp")
    if not isinstance(timestamp, str) or not _UTC.search(timestamp):
        raise Refused("A cmi5 statement needs a UTC timestamp (9.7.0.0-1, -2).")
    actor = statement.get("actor")
    if not isinstance(actor, dict) or actor.get("objectType", "Agent") != "Agent":
        raise Refused("The actor of a cmi5 statement is an Agent (9.2.0.0-2).")
    if actor.get("account") != facts.actor.get("account"):
        raise Refused("The actor must be the launch's account (9.2.0.0-3).")


def _check_context(statement: dict, facts: Facts) -> None:
    context = statement.get("context")
    if not isinstance(context, dict):
        raise Refused("A cmi5 statement has a context (9.6.0.0-1).")
    if str(context.get("registration", "")).lower() != facts.registration:
        raise Refused("The context's registration is the launch's (9.6.1.0-1).")
    extensions = context.get("extensions") or {}
    if str(extensions.get(v.CMI5_SESSION, "")) != facts.session_id:
        raise Refused("The context names the launch's session (9.6.3.1-4).")


def _check_order(verb: str, facts: Facts) -> None:
    if verb in LMS_VERBS:
        raise Refused("Only the LMS states launched, satisfied, waived, abandoned.")
    if verb == v.VOIDED:
        raise Refused("An AU may not void statements in a cmi5 session (6.3.0.0-1).")
    if facts.terminated:
        raise Refused("Terminated is the last statement of a session (9.3.0.0-5).")
    if verb == v.INITIALIZED:
        if facts.initialized:
            raise Refused("Initialized once per session (9.3.2.0-3).")
        if not facts.prefs_read:
            raise Refused("The AU reads the learner preferences first (11.0.0.0-3).")
    elif not facts.initialized:
        raise Refused("Initialized is the first statement (9.3.0.0-4).")


def _check_defined(statement: dict, verb: str, facts: Facts) -> None:
    """Rules for the statements cmi5 defines for the AU (9.3.1 to 9.3.5)."""
    categories = _categories(statement)
    if (v.CMI5_MOVE_ON_CATEGORY in categories) != (verb in MOVE_ON_VERBS):
        raise Refused("Only completed, passed and failed carry moveOn (9.6.2.2).")
    if verb not in AU_VERBS:
        return
    if v.CMI5_CATEGORY not in categories:
        raise Refused("A cmi5 defined statement has the cmi5 category (9.6.2.1-1).")
    target = statement.get("object") or {}
    if target.get("id") != facts.activity_id:
        raise Refused("The object is the AU's activity ID (8.1.5.0-6).")
    if verb in MOVE_ON_VERBS and facts.launch_mode != "Normal":
        raise Refused("Only a Normal launch may complete, pass or fail (10.2.2.0).")
    result = statement.get("result")
    if not isinstance(result, dict):
        result = {}
    if verb != v.INITIALIZED and "duration" not in result:
        raise Refused("This verb needs result.duration (9.5.4.1).")
    RESULT_RULES.get(verb, _no_rule)(statement, result, facts)


def _no_rule(statement, result, facts) -> None:
    return None


def _completed(statement: dict, result: dict, facts: Facts) -> None:
    if facts.completed or facts.completed_before:
        raise Refused("Completed once per registration (9.3.0.0-6).")
    if result.get("completion") is not True:
        raise Refused("Completed has result.completion true (9.5.3.0-1).")
    if "success" in result or "score" in result:
        raise Refused("Completed has no success or score (9.5.2.0-3, 9.5.1.0-2).")


def _judged(statement: dict, result: dict, facts: Facts, passed: bool) -> None:
    if facts.verdict:
        raise Refused("One of passed and failed per session (9.3.0.0-2, -3).")
    if facts.passed_before:
        raise Refused("Nothing is passed or failed after a pass (9.3.0.0-7, -8).")
    if result.get("success") is not passed:
        raise Refused("result.success says whether the AU passed (9.5.2.0).")
    if "completion" in result:
        raise Refused("Passed and failed have no result.completion (9.5.3.0-2).")
    _check_score(result.get("score"), passed, facts)
    extensions = statement["context"].get("extensions") or {}
    # A verdict "based on the masteryScore" (one with a score) repeats it.
    based = "score" in result or v.CMI5_MASTERY_SCORE in extensions
    if (
        facts.mastery is not None
        and based
        and (extensions.get(v.CMI5_MASTERY_SCORE) != facts.mastery)
    ):
        raise Refused("Passed and failed repeat the masteryScore (9.6.3.2-2).")


def _check_score(score, passed: bool, facts: Facts) -> None:
    if score is None:
        return
    if not isinstance(score, dict):
        raise Refused("result.score is an object.")
    if "raw" in score and ("min" not in score or "max" not in score):
        raise Refused("A raw score comes with min and max (9.5.1.0-3).")
    scaled = score.get("scaled")
    if facts.mastery is None or not isinstance(scaled, int | float):
        return
    if passed and scaled < facts.mastery:
        raise Refused("Passed needs a score at the masteryScore (9.3.4.0-2).")
    if not passed and scaled >= facts.mastery:
        raise Refused("Failed needs a score below the masteryScore (9.3.5.0-2).")


RESULT_RULES = {
    v.COMPLETED: _completed,
    v.PASSED: lambda st, result, facts: _judged(st, result, facts, True),
    v.FAILED: lambda st, result, facts: _judged(st, result, facts, False),
}


def check(statement, facts: Facts) -> None:
    """Raise ``Refused`` unless the AU may state ``statement`` now."""
    if not isinstance(statement, dict) or not isinstance(statement.get("verb"), dict):
        return  # Not a statement: the LRS answers 400 for it.
    verb = statement["verb"].get("id")
    _check_envelope(statement, facts)
    _check_order(verb, facts)
    _check_context(statement, facts)
    _check_defined(statement, verb, facts)


def learner_preferences_problem(body: bytes, content_type: str) -> str:
    """Return why a cmi5LearnerPreferences document is invalid, or ""."""
    if (content_type or "").split(";", 1)[0].strip() != "application/json":
        return "The learner preferences are application/json (11.0.0.0-5)."
    try:
        document = json.loads(body)
    except ValueError:
        return "The learner preferences are a JSON object (11.0.0.0-5)."
    if not isinstance(document, dict):
        return "The learner preferences are a JSON object (11.0.0.0-5)."
    languages = document.get("languagePreference")
    if not isinstance(languages, str) or not all(
        is_language_tag(tag) for tag in languages.split(",")
    ):
        return "languagePreference lists RFC 5646 tags (11.1.0.0-1)."
    if document.get("audioPreference") not in ("on", "off"):
        return "audioPreference is on or off (11.2.0.0-1)."
    return ""
