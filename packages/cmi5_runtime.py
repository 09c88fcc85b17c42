"""Launching an AU of a cmi5 course (cmi5 sections 8, 10 and 9.3.1).

A launch finds or makes the registration (evaluating the NotApplicable
moveOn at once, section 9.6.1.1-3), abandons the AU's session left open
before, issues a session with its one-use fetch URL and a credential limited
to the learner and the AU, writes ``LMS.LaunchData``, records ``launched``
and returns the AU's URL.
"""

import base64
import json
import secrets
import uuid
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xapi import vocabulary as v
from xapi.agents import ifi
from xapi.auth import create_client
from xapi.documents import Owner, Preconditions, save_document
from xapi.models import Document, Scope

from . import cmi5_judge as judge
from .cmi5_models import Cmi5Course, Cmi5Registration, Cmi5Session
from .cmi5_structure import NOT_APPLICABLE
from .launch import package_base_url
from .signals import cmi5_au_satisfied

LAUNCH_MINUTES = 240
CREDENTIAL_PREFIX = "cmi5-"
SCOPES = [
    Scope.STATEMENTS_WRITE,
    Scope.STATEMENTS_READ_MINE,
    Scope.STATE,
    Scope.PROFILE,
]


class LaunchError(Exception):
    """The launch asked for is not possible; the message says why."""


def _registration(course, actor, registration, user, session_id) -> Cmi5Registration:
    found = Cmi5Registration.objects.filter(registration=registration).first()
    if found is not None:
        if found.course_id != course.pk:
            raise LaunchError(_("This registration belongs to another course."))
        if ifi(found.actor) != ifi(actor):
            raise LaunchError(_("This registration belongs to another learner."))
        return found
    created = Cmi5Registration.objects.create(
        registration=registration, course=course, actor=actor, user=user
    )
    judge.settle(created, session_id)
    return created


def _abandon_open(registration: Cmi5Registration, index: int) -> None:
    open_sessions = Cmi5Session.objects.filter(
        registration=registration, au_index=index, ended=""
    )
    for session in open_sessions.select_related("registration__course", "client"):
        judge.abandon(session)


def _credential(actor: dict, activity_id: str, name: str) -> tuple:
    credentials = create_client(
        name=name[:200],
        scopes=SCOPES,
        key_prefix=CREDENTIAL_PREFIX,
        agent=actor,
        activity_id=activity_id,
        expires_at=timezone.now() + timedelta(minutes=LAUNCH_MINUTES),
    )
    token = f"{credentials.key}:{credentials.secret}".encode()
    return credentials.client, base64.b64encode(token).decode()


def au_url(course: Cmi5Course, index: int, params: dict, user_id: int) -> str:
    """Return the absolute URL of an AU with the launch parameters added."""
    url = course.aus[index]["url"]
    if "://" not in url.split("?", 1)[0]:
        if course.package is None:
            raise LaunchError(_("This course has no files for its relative AU."))
        url = (
            settings.SITE_BASE_URL
            + package_base_url(course.package, user_id=user_id)
            + url
        )
    if not params:
        return url
    return url + ("&" if "?" in url else "?") + urlencode(params)


def _check_request(course: Cmi5Course, index: int, actor: dict, mode: str) -> None:
    if not 0 <= index < len(course.aus):
        raise LaunchError(_("The course has no AU with this index."))
    if mode not in Cmi5Session.Mode.values:
        raise LaunchError(_("The launch mode is Normal, Browse or Review."))
    if "account" not in actor or ifi(actor) is None:
        raise LaunchError(_("The actor is an Agent with an account."))


def _new_session(
    reg: Cmi5Registration, index: int, mode: str, session_id
) -> Cmi5Session:
    activity_id = reg.course.activity_id("au", index)
    client, token = _credential(reg.actor, activity_id, f"cmi5 {session_id}")
    return Cmi5Session.objects.create(
        session_id=session_id,
        registration=reg,
        au_index=index,
        launch_mode=mode,
        client=client,
        client_key=client.key,
        fetch_nonce=secrets.token_urlsafe(32),
        auth_token=token,
    )


@transaction.atomic
def launch(
    course: Cmi5Course,
    index: int,
    *,
    actor: dict,
    registration: str | None = None,
    launch_mode: str = "Normal",
    return_url: str = "",
    user,
) -> tuple[str, Cmi5Session]:
    """Launch AU ``index`` of ``course`` for ``actor``; return its URL and session."""
    _check_request(course, index, actor, launch_mode)
    session_id = uuid.uuid4()
    registration = str(uuid.UUID(registration)) if registration else str(uuid.uuid4())
    reg = _registration(course, actor, registration, user, str(session_id))
    _abandon_open(reg, index)
    session = _new_session(reg, index, launch_mode, session_id)
    fetch = reverse("packages:cmi5_fetch", args=[session.fetch_nonce])
    params = {
        "endpoint": settings.SITE_BASE_URL + "/xapi",
        "fetch": settings.SITE_BASE_URL + fetch,
        "actor": json.dumps(reg.actor, separators=(",", ":")),
        "registration": str(reg.registration),
        "activityId": session.activity_id,
    }
    url = au_url(course, index, params, user.pk)
    _save_launch_data(session, return_url or settings.SITE_BASE_URL + "/")
    # Section 9.6.3.4: without the launch parameters (the fetch URL among them).
    _record_launched(session, au_url(course, index, {}, user.pk))
    if course.aus[index]["move_on"] == NOT_APPLICABLE and _first_launch(session):
        cmi5_au_satisfied.send(sender=Cmi5Session, session=session)
    return url, session


def _first_launch(session: Cmi5Session) -> bool:
    earlier = Cmi5Session.objects.filter(
        registration=session.registration, au_index=session.au_index
    )
    return not earlier.exclude(pk=session.pk).exists()


def launch_data(session: Cmi5Session, return_url: str) -> dict:
    """Return the ``LMS.LaunchData`` document of a session (section 10)."""
    au = session.au
    data = {
        "contextTemplate": {
            "contextActivities": {"grouping": [{"id": au["id"]}]},
            "extensions": {v.CMI5_SESSION: str(session.session_id)},
        },
        "launchMode": session.launch_mode,
        "moveOn": au["move_on"],
        "returnURL": return_url,
    }
    if au.get("launch_parameters"):
        data["launchParameters"] = au["launch_parameters"]
    if au.get("mastery_score") is not None:
        data["masteryScore"] = au["mastery_score"]
    if au.get("entitlement_key"):
        data["entitlementKey"] = {"courseStructure": au["entitlement_key"]}
    return data


def _save_launch_data(session: Cmi5Session, return_url: str) -> None:
    registration = session.registration
    save_document(
        owner=Owner(
            kind=Document.Kind.STATE,
            activity_id=session.activity_id,
            agent_ifi=ifi(registration.actor),
            registration=str(registration.registration),
        ),
        document_id="LMS.LaunchData",
        content=json.dumps(launch_data(session, return_url)).encode(),
        content_type="application/json",
        preconditions=Preconditions(),
    )


def _record_launched(session: Cmi5Session, url: str) -> None:
    au = session.au
    extensions = {
        v.CMI5_LAUNCH_MODE: session.launch_mode,
        v.CMI5_LAUNCH_URL: url,
        v.CMI5_MOVE_ON: au["move_on"],
    }
    if au.get("launch_parameters"):
        extensions[v.CMI5_LAUNCH_PARAMETERS] = au["launch_parameters"]
    if au.get("mastery_score") is not None:
        extensions[v.CMI5_MASTERY_SCORE] = au["mastery_score"]
    target = {"objectType": "Activity", "id": session.activity_id}
    if au.get("activity_type"):
        target["definition"] = {"type": au["activity_type"]}
    part = {"verb": v.verb(v.LAUNCHED), "object": target, "publisher_id": au["id"]}
    judge.record_lms_statement(
        session.registration, str(session.session_id), part, extensions=extensions
    )


@transaction.atomic
def fetch_token(nonce: str) -> str | None:
    """Return a session's auth token once (section 8.2); None after, or if ended."""
    session = (
        Cmi5Session.objects.select_for_update()
        .filter(fetch_nonce=nonce, fetched_at__isnull=True, ended="")
        .first()
    )
    if session is None:
        return None
    token = session.auth_token
    session.auth_token = ""
    session.fetched_at = timezone.now()
    session.save(update_fields=["auth_token", "fetched_at"])
    return token
