"""Hold a cmi5 AU to the rules of its session at the LRS's door (cmi5 sections 9 to 11).

Only requests to ``/xapi/`` whose HTTP Basic key is a cmi5 launch
credential's (it starts with ``cmi5-``, which no other key does) are
looked at; every other request passes after a prefix test on its
``Authorization`` header, without a query. For those:

- PUT and POST of statements are judged (``cmi5_rules``) and refused with
  403 when the AU may not state them; accepted ones update the session
  and may make the LMS state ``satisfied`` (``cmi5_judge.accept``);
- writes and deletes of the ``LMS.LaunchData`` State document are refused
  (10.2.1.0-5), as are invalid ``cmi5LearnerPreferences`` (11.0.0.0-5);
- a read of ``cmi5LearnerPreferences`` is noted (11.0.0.0-3);
- the alternate request syntax is refused, so that it cannot go round this.
"""

import base64
import binascii
import json
from urllib.parse import parse_qs

from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import JsonResponse

from xapi.auth import authenticate
from xapi.exceptions import Unauthorized, XAPIError
from xapi.multipart import parse_mixed

from . import cmi5_judge as judge
from . import cmi5_rules as rules
from .cmi5_models import Cmi5Session
from .cmi5_runtime import CREDENTIAL_PREFIX

PREFIX = CREDENTIAL_PREFIX.encode()


def _cmi5_key(authorization: str) -> str | None:
    if not authorization.startswith("Basic "):
        return None
    try:
        decoded = base64.b64decode(authorization[6:].strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    if not decoded.startswith(PREFIX):
        return None
    return decoded.split(b":", 1)[0].decode("ascii", "replace")


def _refuse(message: str, status: int = 403) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Experience-API-Version"] = "1.0.3"
    return response


def _alternate_authorization(request) -> str:
    try:
        form = parse_qs(request.body.decode("utf-8", "replace"))
    except RequestDataTooBig:
        return ""  # the LRS answers 413 in its own words
    except ValueError:
        return ""
    return (form.get("Authorization") or [""])[0]


class Cmi5Middleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/xapi/"):
            return self.get_response(request)
        if request.method == "POST" and "method" in request.GET:
            if _cmi5_key(_alternate_authorization(request)):
                return _refuse("cmi5 credentials use the plain request syntax.")
            return self.get_response(request)
        key = _cmi5_key(request.headers.get("Authorization", ""))
        if key is None:
            return self.get_response(request)
        return self.cmi5_request(request, key)

    def cmi5_request(self, request, key: str):
        try:
            authenticate(request.headers.get("Authorization"))
        except Unauthorized:
            return self.get_response(request)  # the LRS answers 401
        with transaction.atomic():
            session = (
                Cmi5Session.objects.select_for_update(of=("self",))
                .select_related("registration__course", "client")
                .filter(client_key=key, ended="")
                .first()
            )
            if session is None:
                return self.get_response(request)
            handler = HANDLERS.get(request.path)
            if handler is None:
                return self.get_response(request)
            try:
                return handler(self, request, session)
            except RequestDataTooBig:
                return self.get_response(request)  # the LRS answers 413

    def statements(self, request, session: Cmi5Session):
        if request.method not in ("PUT", "POST"):
            return self.get_response(request)
        try:
            body = rules_body(request)
        except ValueError:
            return self.get_response(request)  # the LRS answers 400
        facts = judge.facts_for(session)
        try:
            for statement in body if isinstance(body, list) else [body]:
                rules.check(statement, facts)
                if isinstance(statement, dict) and isinstance(
                    statement.get("verb"), dict
                ):
                    facts.note(statement)
        except rules.Refused as refusal:
            return _refuse(str(refusal))
        response = self.get_response(request)
        if response.status_code in (200, 204):
            judge.accept(session, facts)
        return response

    def state(self, request, session: Cmi5Session):
        if request.method != "GET" and request.GET.get("stateId") == "LMS.LaunchData":
            return _refuse("An AU may not change LMS.LaunchData (10.2.1.0-5).")
        return self.get_response(request)

    def agent_profile(self, request, session: Cmi5Session):
        if request.GET.get("profileId") != rules.LEARNER_PREFERENCES:
            return self.get_response(request)
        if request.method in ("PUT", "POST") and "agent" in request.GET:
            problem = rules.learner_preferences_problem(
                request.body, request.headers.get("Content-Type", "")
            )
            if problem:
                return _refuse(problem)
        response = self.get_response(request)
        if request.method == "GET" and response.status_code in (200, 404):
            session.prefs_read = True
            session.save(update_fields=["prefs_read"])
        return response


def rules_body(request):
    """Return the statement or statements a request sends; ValueError if unreadable."""
    raw = request.body
    if request.content_type.startswith("multipart/mixed"):
        try:
            raw, _parts = parse_mixed(raw, request.headers.get("Content-Type", ""))
        except XAPIError as error:
            raise ValueError("unreadable multipart body") from error
    return json.loads(raw)


HANDLERS = {
    "/xapi/statements": Cmi5Middleware.statements,
    "/xapi/activities/state": Cmi5Middleware.state,
    "/xapi/agents/profile": Cmi5Middleware.agent_profile,
}
