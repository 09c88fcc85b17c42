"""The IRIs the platform's own statements use (ADL vocabulary), as named constants."""

from django.conf import settings

# The xAPI version of the statements the platform records itself, its
# ``context.platform``, and the RFC 5646 tags of the site's Django languages.
PLATFORM_VERSION = "1.0.3"
PLATFORM = "civil-lms"
LANGUAGE_TAGS = {"zh-hans": "zh-CN", "en": "en-US"}

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
LAUNCHED = ADL_VERBS + "launched"
INITIALIZED = ADL_VERBS + "initialized"
EXPERIENCED = ADL_VERBS + "experienced"
ATTEMPTED = ADL_VERBS + "attempted"
ANSWERED = ADL_VERBS + "answered"
COMPLETED = ADL_VERBS + "completed"
PASSED = ADL_VERBS + "passed"
FAILED = ADL_VERBS + "failed"
VOIDED = ADL_VERBS + "voided"
REGISTERED = ADL_VERBS + "registered"
# The Tin Can registry's verb for a credential or badge awarded.
EARNED = "http://id.tincanapi.com/verb/earned"

VERB_NAMES = {
    LAUNCHED: {"en-US": "launched", "zh-CN": "启动"},
    INITIALIZED: {"en-US": "initialized", "zh-CN": "开始"},
    EXPERIENCED: {"en-US": "experienced", "zh-CN": "学习了"},
    ATTEMPTED: {"en-US": "attempted", "zh-CN": "尝试"},
    ANSWERED: {"en-US": "answered", "zh-CN": "作答"},
    COMPLETED: {"en-US": "completed", "zh-CN": "完成"},
    PASSED: {"en-US": "passed", "zh-CN": "通过"},
    FAILED: {"en-US": "failed", "zh-CN": "未通过"},
    VOIDED: {"en-US": "voided", "zh-CN": "作废"},
    REGISTERED: {"en-US": "registered", "zh-CN": "报名"},
    EARNED: {"en-US": "earned", "zh-CN": "获得"},
}

# cmi5 (cmi5 specification, section 9.6): the category and context extensions.
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
CMI5_EXTENSIONS = "https://w3id.org/xapi/cmi5/context/extensions/"
CMI5_SESSION = CMI5_EXTENSIONS + "sessionid"
CMI5_LAUNCH_MODE = CMI5_EXTENSIONS + "launchmode"
CMI5_LAUNCH_URL = CMI5_EXTENSIONS + "launchurl"
CMI5_MOVE_ON = CMI5_EXTENSIONS + "moveon"
CMI5_MASTERY_SCORE = CMI5_EXTENSIONS + "masteryscore"
CMI5_LAUNCH_PARAMETERS = CMI5_EXTENSIONS + "launchparameters"
CMI5_MOVE_ON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
CMI5_REASON = "https://w3id.org/xapi/cmi5/result/extensions/reason"
CMI5_ACTIVITY_TYPES = "https://w3id.org/xapi/cmi5/activitytype/"
CMI5_BLOCK = CMI5_ACTIVITY_TYPES + "block"
CMI5_COURSE = CMI5_ACTIVITY_TYPES + "course"
# The verbs cmi5 takes from ADL's newer vocabulary (section 9.3), and terminated.
ADL_W3ID_VERBS = "https://w3id.org/xapi/adl/verbs/"
SATISFIED = ADL_W3ID_VERBS + "satisfied"
WAIVED = ADL_W3ID_VERBS + "waived"
ABANDONED = ADL_W3ID_VERBS + "abandoned"
TERMINATED = ADL_VERBS + "terminated"

ACTIVITY_TYPES = "http://adlnet.gov/expapi/activities/"
COURSE = ACTIVITY_TYPES + "course"
LESSON = ACTIVITY_TYPES + "lesson"
ASSESSMENT = ACTIVITY_TYPES + "assessment"
QUESTION = ACTIVITY_TYPES + "cmi.interaction"
MODULE = ACTIVITY_TYPES + "module"


def verb(iri: str) -> dict:
    """Return the Verb object for one of the constants above."""
    return {"id": iri, "display": VERB_NAMES[iri]}


def learner(employee_id: str, name: str = "") -> dict:
    """Return the Agent for a learner: an account on this site named by employee ID."""
    agent = {
        "objectType": "Agent",
        "account": {"homePage": settings.SITE_BASE_URL, "name": employee_id},
    }
    if name:
        agent["name"] = name
    return agent


def activity_key(iri: str, kind: str) -> str | None:
    """Return the key of one of our ``kind`` activity IRIs, or None for any other IRI."""
    prefix = f"{settings.SITE_BASE_URL}/xapi/activities/{kind}/"
    if iri.startswith(prefix) and "/" not in iri[len(prefix) :]:
        return iri[len(prefix) :]
    return None


def activity_iri(kind: str, key: str) -> str:
    """Return the stable IRI of an activity, e.g. from a page's ``translation_key``.

    The key, not the page id or locale, names the activity, so a course and its
    translation are one activity and share their learners' progress.
    """
    return f"{settings.SITE_BASE_URL}/xapi/activities/{kind}/{key}"


def language_tag(code: str) -> str:
    """Return the RFC 5646 tag for a Django language code (``zh-hans`` → ``zh-CN``)."""
    return LANGUAGE_TAGS.get(code, code)


def language_map(texts: dict) -> dict:
    """Turn ``{"zh-hans": ..., "en": ...}`` into an xAPI language map, dropping blanks."""
    return {language_tag(code): text for code, text in texts.items() if text}
