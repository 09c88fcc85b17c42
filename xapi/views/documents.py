"""The document resources: State, Activity Profile and Agent Profile.

xAPI 1.0.3 Communication 2.2, 2.3, 2.6, 2.7 and 3.1; IEEE 9274.1.1 (xAPI
2.0) 4.1.4, 4.1.6.2, 4.1.6.5 and 4.1.6.6. Each resource declares which
parameters identify its documents; ``DocumentResource`` parses them, checks
scopes and hands plain values to ``xapi.documents``.
"""

import re

from django.http import HttpResponse, JsonResponse
from django.utils.http import http_date

from common import jsonsafe

from .. import versions
from ..agents import ifi
from ..auth import enforce_launch_limits, require_scope
from ..documents import (
    Owner,
    Preconditions,
    delete_documents,
    get_document,
    list_document_ids,
    merge_document,
    save_document,
)
from ..exceptions import BadRequest
from ..http import Resource, XAPIRequest
from ..models import Document, Scope
from ..validation import (
    XAPIValidationError,
    parse_timestamp,
    validate_activity_id,
    validate_agent,
)

_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
# The widths of Document's columns.
_MAX_ID = 2048
_MAX_CONTENT_TYPE = 255


class DocumentResource(Resource):
    """Base of the three document resources; subclasses set the attributes below."""

    #: ``Document.Kind`` stored by this resource.
    kind: str
    #: The query parameter naming one document (``stateId``/``profileId``).
    id_param: str
    #: The scope that grants writes; reads also pass with ``all/read``.
    scope: str
    #: Whether documents belong to an activity (``activityId``).
    by_activity = False
    #: Whether documents belong to an agent (``agent``).
    by_agent = False
    #: Whether an identified Group may stand as ``agent``.
    groups_allowed = False
    #: Whether documents may be scoped to a ``registration``.
    by_registration = False
    #: Whether DELETE without the id deletes every document of the owner.
    delete_all = False
    #: Versions in which a PUT over an existing document needs If-Match or
    #: If-None-Match (else 409).
    header_required_in = frozenset(versions.SUPPORTED)
    new_needs_header = True

    def x_get(self, xreq: XAPIRequest):
        require_scope(xreq.client, write=False, scopes={self.scope})
        owner, document_id = self.parse(xreq, extra={"since"}, id_required=False)
        if document_id is not None:
            return document_response(get_document(owner=owner, document_id=document_id))
        since = xreq.params.get("since")
        ids = list_document_ids(owner=owner, since=_timestamp(since) if since else None)
        return JsonResponse(ids, safe=False)

    def x_put(self, xreq: XAPIRequest):
        return self._write(xreq, save_document, put=True)

    def x_post(self, xreq: XAPIRequest):
        return self._write(xreq, merge_document, put=False)

    def _write(self, xreq: XAPIRequest, writer, *, put: bool):
        """Store (PUT) or merge (POST) the request's document."""
        require_scope(xreq.client, write=True, scopes={self.scope})
        owner, document_id = self.parse(xreq)
        writer(
            owner=owner,
            document_id=document_id,
            content=xreq.body,
            content_type=_content_type(xreq),
            preconditions=self.preconditions(xreq, put=put),
        )
        return HttpResponse(status=204)

    def x_delete(self, xreq: XAPIRequest):
        require_scope(xreq.client, write=True, scopes={self.scope})
        owner, document_id = self.parse(xreq, id_required=not self.delete_all)
        delete_documents(
            owner=owner,
            document_id=document_id,
            preconditions=self.preconditions(xreq, put=False),
        )
        return HttpResponse(status=204)

    def parse(
        self,
        xreq: XAPIRequest,
        *,
        extra: frozenset | set = frozenset(),
        id_required=True,
    ) -> tuple[Owner, str | None]:
        """Return the owner and document id a request names; raise 400 if malformed.

        Communication 3.2: a parameter the resource does not take is a 400,
        as is a missing required one.
        """
        params = xreq.params
        unknown = set(params) - self.allowed_params() - set(extra)
        if unknown:
            raise BadRequest(f"Unknown parameter(s): {', '.join(sorted(unknown))}.")
        document_id = params.get(self.id_param)
        if document_id == "" or (id_required and document_id is None):
            raise BadRequest(f"The {self.id_param} parameter is required.")
        if document_id is not None:
            _check_length(document_id, self.id_param)
        owner = Owner(
            kind=self.kind,
            activity_id=self._activity_id(params) if self.by_activity else "",
            agent_ifi=self._agent_ifi(params, xreq.version) if self.by_agent else "",
            registration=_registration(params.get("registration")),
        )
        enforce_launch_limits(
            xreq.client,
            agent_ifi=owner.agent_ifi or None,
            activity_id=owner.activity_id or None,
        )
        return owner, document_id

    def allowed_params(self) -> set[str]:
        """Return the parameters every method of this resource takes."""
        allowed = {self.id_param}
        if self.by_activity:
            allowed.add("activityId")
        if self.by_agent:
            allowed.add("agent")
        if self.by_registration:
            allowed.add("registration")
        return allowed

    def preconditions(self, xreq: XAPIRequest, *, put: bool) -> Preconditions:
        """Return the conditional headers of a write and whether PUT needs one."""
        return Preconditions(
            if_match=_header(xreq, "If-Match"),
            if_none_match=_header(xreq, "If-None-Match"),
            header_required=put and xreq.version in self.header_required_in,
            missing_is_bad_request=self.new_needs_header
            and xreq.version == versions.V1,
        )

    def _activity_id(self, params: dict) -> str:
        activity_id = params.get("activityId")
        if not activity_id:
            raise BadRequest("The activityId parameter is required.")
        try:
            validate_activity_id(activity_id, "activityId")
        except XAPIValidationError as error:
            raise BadRequest(f"Invalid activityId: {error}") from error
        _check_length(activity_id, "activityId")
        return activity_id

    def _agent_ifi(self, params: dict, version: str) -> str:
        raw = params.get("agent")
        if not raw:
            raise BadRequest("The agent parameter is required.")
        try:
            agent = jsonsafe.loads(raw)
            validate_agent(agent, version, "agent")
        except (ValueError, XAPIValidationError) as error:
            raise BadRequest(
                f"The agent parameter is not a valid Agent: {error}"
            ) from error
        if agent.get("objectType") == "Group" and not self.groups_allowed:
            raise BadRequest("The agent parameter must be an Agent, not a Group.")
        key = ifi(agent)
        if key is None:
            raise BadRequest("The agent parameter must have an identifier.")
        _check_length(key, "agent")
        return key


class StateResource(DocumentResource):
    """``/xapi/activities/state``: an agent's state in an activity (Communication 2.3).

    1.0.3 Communication 3.1 exempts the State resource from the 409 on a PUT
    without precondition headers ("state conflicts are unlikely"); 2.0
    (4.1.4) lists State among the resources with concurrency control.
    """

    kind = Document.Kind.STATE
    id_param = "stateId"
    scope = Scope.STATE
    by_activity = True
    by_agent = True
    groups_allowed = True
    by_registration = True
    delete_all = True
    header_required_in = frozenset({versions.V2})
    new_needs_header = False


class ActivityProfileResource(DocumentResource):
    """``/xapi/activities/profile``: documents about an activity (Communication 2.7)."""

    kind = Document.Kind.ACTIVITY_PROFILE
    id_param = "profileId"
    scope = Scope.PROFILE
    by_activity = True


class AgentProfileResource(DocumentResource):
    """``/xapi/agents/profile``: documents about an agent (Communication 2.6)."""

    kind = Document.Kind.AGENT_PROFILE
    id_param = "profileId"
    scope = Scope.PROFILE
    by_agent = True


def document_response(document: Document) -> HttpResponse:
    """Serve a stored document as it was sent, with its ETag and Last-Modified."""
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["ETag"] = document.etag
    response["Last-Modified"] = http_date(document.updated.timestamp())
    return response


def _registration(value: str | None) -> str | None:
    if value is None:
        return None
    if not _UUID.fullmatch(value):
        raise BadRequest("The registration parameter is not a UUID.")
    return value.lower()


def _timestamp(value: str):
    try:
        return parse_timestamp(value, "since")
    except XAPIValidationError as error:
        raise BadRequest(f"Invalid since: {error}") from error


def _content_type(xreq: XAPIRequest) -> str:
    content_type = xreq.content_type or ""
    if len(content_type) > _MAX_CONTENT_TYPE:
        raise BadRequest("The Content-Type is too long.")
    return content_type


def _header(xreq: XAPIRequest, name: str) -> str | None:
    value = xreq.header(name)
    return value.strip() if value and value.strip() else None


def _check_length(value: str, name: str) -> None:
    if len(value) > _MAX_ID:
        raise BadRequest(f"The {name} parameter is longer than {_MAX_ID} characters.")
