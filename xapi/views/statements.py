import json
import uuid

from django.http import HttpResponse, JsonResponse

from .. import selectors
from .. import statements as pure
from ..auth import authority_for, own_statements_only, require_scope
from ..exceptions import BadRequest
from ..http import Resource, XAPIRequest, accept_languages, parse_json
from ..models import Attachment, Scope
from ..multipart import build_mixed, parse_mixed
from ..services import AttachmentPart, record
from ..validation import XAPIValidationError

WRITE_SCOPES = {Scope.STATEMENTS_WRITE}
READ_SCOPES = {Scope.STATEMENTS_READ, Scope.STATEMENTS_READ_MINE}


class StatementsResource(Resource):
    """``/xapi/statements``: PUT, POST and GET (Communication 2.1)."""

    def x_put(self, xreq: XAPIRequest):
        require_scope(xreq.client, write=True, scopes=WRITE_SCOPES)
        statement_id = xreq.params.get("statementId")
        if not statement_id or set(xreq.params) != {"statementId"}:
            raise BadRequest("PUT needs the statementId parameter and no other.")
        body, attachments = _body(xreq)
        if not isinstance(body, dict):
            raise BadRequest("PUT takes one statement.")
        try:
            wanted = uuid.UUID(statement_id)
        except ValueError as error:
            raise BadRequest("statementId is not a UUID.") from error
        if "id" in body and _uuid_or_none(body["id"]) != wanted:
            raise BadRequest("The statement id differs from the statementId parameter.")
        body = {**body, "id": str(wanted)} if "id" not in body else body
        _record(xreq, [body], attachments)
        return HttpResponse(status=204)

    def x_post(self, xreq: XAPIRequest):
        require_scope(xreq.client, write=True, scopes=WRITE_SCOPES)
        if xreq.params:
            raise BadRequest("POST to statements takes no parameters.")
        body, attachments = _body(xreq)
        ids = _record(xreq, body, attachments)
        return JsonResponse(ids, safe=False)

    def x_get(self, xreq: XAPIRequest):
        require_scope(xreq.client, write=False, scopes=READ_SCOPES)
        params = xreq.params
        style = selectors.format_of(params)
        with_attachments = selectors.boolean(params, "attachments")
        languages = accept_languages(xreq.header("Accept-Language"))
        if "statementId" in params or "voidedStatementId" in params:
            statement = selectors.single(params, only_client=_only_mine(xreq))
            result = pure.format_statement(statement, style, languages)
            statements = [statement]
        else:
            mine = _only_mine(xreq)
            if style == "exact" and not with_attachments:
                return _raw_page(
                    selectors.query(params, xreq.version, only_client=mine, raw=True)
                )
            page = selectors.query(params, xreq.version, only_client=mine)
            result = {
                "statements": [
                    pure.format_statement(s, style, languages) for s in page.statements
                ],
                "more": page.more,
            }
            statements = page.statements
        response = _respond(result, statements, with_attachments)
        if not isinstance(result, dict) or "statements" not in result:
            response["Last-Modified"] = statements[0]["stored"]
        return response


def _raw_page(page) -> HttpResponse:
    """Answer an exact-format page by splicing the stored JSON texts together."""
    body = (
        '{"statements":['
        + ",".join(page.statements)
        + '],"more":'
        + json.dumps(page.more)
        + "}"
    )
    return HttpResponse(body.encode("utf-8"), content_type="application/json")


def _only_mine(xreq):
    return xreq.client if own_statements_only(xreq.client) else None


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _body(xreq: XAPIRequest):
    if xreq.content_type.startswith("multipart/mixed"):
        content_type = xreq.header("Content-Type") or xreq.content_type
        raw, parts = parse_mixed(xreq.body, content_type)
        attachments = {
            sha2: AttachmentPart(ctype, data) for sha2, (ctype, data) in parts.items()
        }
        return _json(raw), attachments
    if xreq.content_type not in ("application/json", ""):
        raise BadRequest("Statements are sent as application/json or multipart/mixed.")
    return _json(xreq.body), {}


def _json(raw: bytes):
    return parse_json(raw, "body")


def _record(xreq: XAPIRequest, body, attachments) -> list[str]:
    try:
        return record(
            body,
            authority=authority_for(xreq.client),
            version=xreq.version,
            client=xreq.client,
            attachments=attachments,
        )
    except XAPIValidationError as error:
        raise BadRequest(str(error)) from error


def _respond(result, statements: list[dict], with_attachments: bool) -> HttpResponse:
    body = json.dumps(result, ensure_ascii=False).encode("utf-8")
    if not with_attachments:
        return HttpResponse(body, content_type="application/json")
    hashes = {a["sha2"] for s in statements for a in s.get("attachments", [])}
    rows = Attachment.objects.filter(sha2__in=list(hashes))
    parts = [(row.sha2, row.content_type, bytes(row.content)) for row in rows]
    content, content_type = build_mixed(body, parts)
    return HttpResponse(content, content_type=content_type)
