"""The cmi5 course API for administrators' tools, and the AU's fetch URL.

The API (import, delete, launch URL, waive, abandon) takes
``Authorization: Bearer <key>`` with a key made by ``manage.py cmi5_api_key
USER``; the key's user must be active and allowed to import cmi5 courses.
It is what ADL's CATAPULT suite drives (conformance/cmi5/lms.adapter.js).
"""

import json
import uuid
from functools import wraps

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import cmi5_judge as judge
from .cmi5_import import delete_course, import_course
from .cmi5_models import (
    Cmi5ApiKey,
    Cmi5Course,
    Cmi5Registration,
    Cmi5Session,
    hash_api_key,
)
from .cmi5_runtime import LaunchError, fetch_token, launch
from .exceptions import PackageError

PERMISSION = "packages.add_cmi5course"


def _error(message: str, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _not_found(what: str) -> JsonResponse:
    return _error(_("There is no such %(what)s.") % {"what": what}, 404)


def _api_user(request):
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    found = (
        Cmi5ApiKey.objects.select_related("user")
        .filter(key_hash=hash_api_key(header[7:].strip()))
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    return found.user


def api_view(view):
    """POST only, CSRF-free (no cookie counts), and a valid API key's user."""

    @csrf_exempt
    @require_POST
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = _api_user(request)
        if user is None:
            return _error(_("A valid cmi5 API key is required."), 401)
        if not user.has_perm(PERMISSION):
            return _error(_("This key's user may not manage cmi5 courses."), 403)
        request.api_user = user
        return view(request, *args, **kwargs)

    return wrapper


def _json(request) -> dict:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise LaunchError(_("The request body is a JSON object."))
    return body


def _registration_id(value) -> str | None:
    if value is None:
        return None
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise LaunchError(_("The registration is a UUID.")) from None


@api_view
def import_cmi5_course(request):
    try:
        data = request.body
    except RequestDataTooBig:
        return _error(
            _("The course is too large for the API; use manage.py import_cmi5."), 413
        )
    try:
        course = import_course(
            data,
            request.content_type,
            filename=request.headers.get("X-Filename", ""),
            user=request.api_user,
        )
    except PackageError as error:
        return _error(error.message, invalidPackage=True)
    return JsonResponse({"id": str(course.uuid), "aus": len(course.aus)}, status=201)


@api_view
def delete_cmi5_course(request, course_uuid):
    course = Cmi5Course.objects.filter(uuid=course_uuid).first()
    if course is None:
        return _not_found(_("cmi5 course"))
    delete_course(course)
    return JsonResponse({}, status=200)


@api_view
def cmi5_launch_url(request, course_uuid, index: int):
    course = Cmi5Course.objects.filter(uuid=course_uuid).first()
    if course is None:
        return _not_found(_("cmi5 course"))
    try:
        body = _json(request)
        registration = _registration_id(body.get("registration"))
        url, session = launch(
            course,
            index,
            actor=body.get("actor") if isinstance(body.get("actor"), dict) else {},
            registration=registration,
            launch_mode=body.get("launchMode") or "Normal",
            return_url=str(body.get("returnURL") or ""),
            user=request.api_user,
        )
    except (LaunchError, ValueError) as error:
        return _error(str(error))
    return JsonResponse(
        {
            "url": url,
            "sessionId": str(session.session_id),
            "registration": str(session.registration.registration),
        }
    )


@api_view
def cmi5_waive(request, registration, index: int):
    found = Cmi5Registration.objects.filter(registration=registration).first()
    if found is None:
        return _not_found(_("cmi5 registration"))
    try:
        reason = str(_json(request).get("reason") or "")
        if not reason or not 0 <= index < len(found.course.aus):
            raise LaunchError(
                _("Give a reason and the index of one of the course's AUs.")
            )
        judge.waive(found, index, reason)
    except (LaunchError, ValueError) as error:
        return _error(str(error))
    return JsonResponse({})


@api_view
def cmi5_abandon(request, session_id):
    session = (
        Cmi5Session.objects.select_related("registration__course", "client")
        .filter(session_id=session_id)
        .first()
    )
    if session is None:
        return _not_found(_("cmi5 session"))
    if session.ended:
        return _error(_("This session has already ended."), 409)
    judge.abandon(session)
    return JsonResponse({})


def fetch_response(token: str | None) -> JsonResponse:
    """The answer of a cmi5 fetch URL: the auth token, or error-code 1 after the first.

    A later call gets error-code 1 (8.2.3), still with status 200 (8.2.2.0-3).
    The AU may run in a sandboxed, opaque origin: the answer allows any origin.
    Both fetch URLs answer with it: a whole cmi5 course's and a lesson's package.
    """
    if token is None:
        response = JsonResponse(
            {
                "error-code": "1",
                "error-text": _(
                    "This launch's token has already been fetched or has expired."
                ),
            }
        )
    else:
        response = JsonResponse({"auth-token": token})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
def cmi5_fetch(request, nonce: str):
    """Hand the AU its auth token, once (cmi5 section 8.2)."""
    return fetch_response(fetch_token(nonce))
