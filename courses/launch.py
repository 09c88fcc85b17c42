"""Launching a lesson's package for one learner (TinCan launch, cmi5 and SCORM).

The package runs in its own window from ``content``'s signed file URLs and
talks to ``/xapi/`` with a short-lived launch credential that may only write
that learner's statements about that package (``xapi.auth``). TinCan content
receives the credential in its launch URL ("Launching Activities", Rustici
TinCan launch guidelines); cmi5 content fetches it once from the fetch URL
(cmi5 specification section 8.2) after the LMS has written ``LMS.LaunchData``
(section 10) and recorded ``launched`` (section 9.5.4.1). SCORM content runs
in the player (``packages.views.scorm_player``), which receives the credential
in its URL's fragment and keeps the SCOs' cmi data as State.
"""

import base64
import json
import secrets
import uuid

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from packages import cmi5_runtime
from packages.launch import package_launch_url, scorm_player_url
from people.agents import agent_for
from xapi import vocabulary as v
from xapi.agents import ifi
from xapi.auth import create_launch_credential
from xapi.documents import Owner, Preconditions, save_document
from xapi.models import Document
from xapi.services import record_statements

from . import statements
from .activities import activity_ref
from .cmi5_blocks import au_block, course_for
from .models import Enrolment, LessonPage, PackageLaunch

LAUNCH_MINUTES = 240


def registration_for(user, lesson: LessonPage) -> str:
    """Return the learner's registration for a lesson's package, the same every launch.

    A stable registration lets a package find the bookmark it left in the
    State resource last time.
    """
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{user.pk}:{lesson.activity_id}"))


def course_registration(user, course, cmi5_course) -> str:
    """Return the learner's cmi5 registration for a course page's imported cmi5 course.

    One registration for all the AUs (lessons) of the course, the same every
    launch: cmi5 judges blocks and the course within a registration. A
    renewal cycle is a new attempt, so it has a registration of its own.
    """
    cycle = (
        Enrolment.objects.filter(user=user, course_key=course.translation_key)
        .values_list("cycle_started_at", flat=True)
        .first()
    )
    name = f"{user.pk}:{course.activity_id}:{cmi5_course.uuid}:{cycle or ''}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


@transaction.atomic
def launch_cmi5_au(*, user, lesson: LessonPage, return_url: str) -> str:
    """Launch the lesson's cmi5 AU in Normal mode and return the AU's URL.

    ``cmi5_runtime.launch`` writes LMS.LaunchData with ``return_url`` (the
    lesson) and records the cmi5 ``launched``; the lesson's own ``launched``
    is recorded beside it, as for every package.
    """
    value = au_block(lesson)
    cmi5_course = course_for(value)
    course = lesson.get_parent().specific
    registration = course_registration(user, course, cmi5_course)
    url, _session = cmi5_runtime.launch(
        cmi5_course,
        value["au_index"],
        actor=agent_for(user),
        registration=registration,
        launch_mode="Normal",
        return_url=return_url,
        user=user,
    )
    _record_launched(user, lesson, registration)
    return url


@transaction.atomic
def launch_package(
    *, user, lesson: LessonPage, return_url: str, package_uuid: str | None = None
) -> str:
    """Issue a launch credential, record ``launched``, and return the URL to open."""
    block = lesson.package_block(package_uuid)
    package = block["package"]
    agent = agent_for(user)
    registration = registration_for(user, lesson)
    credentials = create_launch_credential(
        agent=agent,
        activity_id=package.activity_id,
        minutes=LAUNCH_MINUTES,
        name=f"launch: {user.get_username()} · {package.title}"[:100],
    )
    auth = (
        "Basic "
        + base64.b64encode(f"{credentials.key}:{credentials.secret}".encode()).decode()
    )
    endpoint = settings.SITE_BASE_URL + "/xapi/"
    if package.kind == "cmi5":
        return _launch_cmi5(
            user, lesson, package, agent, registration, auth, endpoint, return_url
        )
    _record_launched(user, lesson, registration)
    if package.is_scorm:
        return _scorm_url(user, package, agent, registration, auth, endpoint)
    params = {
        "endpoint": endpoint,
        "auth": auth,
        "actor": json.dumps(agent, separators=(",", ":")),
        "registration": registration,
        "activity_id": package.activity_id,
    }
    return package_launch_url(package, user_id=user.pk, params=params)


def _scorm_url(user, package, agent, registration, auth, endpoint) -> str:
    """Return the SCORM player's URL, with what its runtime needs in the fragment."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    params = {
        "endpoint": endpoint,
        "auth": auth,
        "actor": json.dumps(agent, separators=(",", ":")),
        "registration": registration,
        "lang": v.language_tag(language),
    }
    return scorm_player_url(package, user_id=user.pk, params=params, language=language)


def _record_launched(user, lesson, registration, extra_context=None) -> None:
    built = statements.build(
        actor=agent_for(user),
        verb=v.LAUNCHED,
        activity=activity_ref(lesson),
        parent=activity_ref(lesson.get_parent().specific),
        timestamp=timezone.now(),
        registration=registration,
    )
    if extra_context:
        context = built["context"]
        context.setdefault("contextActivities", {}).update(
            extra_context.get("contextActivities", {})
        )
        context["extensions"] = extra_context.get("extensions", {})
    record_statements([built])


def _launch_cmi5(user, lesson, package, agent, registration, auth, endpoint, back):
    """Write LMS.LaunchData, record ``launched``, and return the AU's launch URL."""
    session = str(uuid.uuid4())
    launch = PackageLaunch.objects.create(
        user=user, nonce=secrets.token_urlsafe(32), auth_token=auth.split(" ", 1)[1]
    )
    fetch = settings.SITE_BASE_URL + reverse("courses:cmi5_fetch", args=[launch.nonce])
    params = {
        "endpoint": endpoint,
        "fetch": fetch,
        "actor": json.dumps(agent, separators=(",", ":")),
        "registration": registration,
        "activityId": package.activity_id,
    }
    url = package_launch_url(package, user_id=user.pk, params=params)
    move_on = package.move_on or "NotApplicable"
    _save_launch_data(lesson, package, agent, registration, session, move_on, back)
    _record_launched(
        user,
        lesson,
        registration,
        {
            "contextActivities": {"category": [{"id": v.CMI5_CATEGORY}]},
            "extensions": {
                v.CMI5_SESSION: session,
                v.CMI5_LAUNCH_MODE: "Normal",
                v.CMI5_LAUNCH_URL: settings.SITE_BASE_URL + url,
                v.CMI5_MOVE_ON: move_on,
            },
        },
    )
    return url


def _save_launch_data(lesson, package, agent, registration, session, move_on, back):
    """Write the State document ``LMS.LaunchData`` (cmi5 section 10)."""
    launch_data = {
        "contextTemplate": {
            "contextActivities": {"grouping": [{"id": lesson.activity_id}]},
            "extensions": {v.CMI5_SESSION: session},
        },
        "launchMode": "Normal",
        "moveOn": move_on,
        "returnURL": back,
    }
    save_document(
        owner=Owner(
            kind=Document.Kind.STATE,
            activity_id=package.activity_id,
            agent_ifi=ifi(agent),
            registration=registration,
        ),
        document_id="LMS.LaunchData",
        content=json.dumps(launch_data).encode(),
        content_type="application/json",
        preconditions=Preconditions(),
    )


@transaction.atomic
def fetch_auth_token(nonce: str) -> str | None:
    """Return the cmi5 auth token for a launch, once; None on any later call."""
    launch = (
        PackageLaunch.objects.select_for_update()
        .filter(nonce=nonce, fetched_at__isnull=True)
        .first()
    )
    if launch is None or launch.is_expired():
        return None
    token = launch.auth_token
    launch.auth_token = ""
    launch.fetched_at = timezone.now()
    launch.save(update_fields=["auth_token", "fetched_at"])
    return token
