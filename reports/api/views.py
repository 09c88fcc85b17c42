"""The HR system's API: ``GET /api/reports/<name>`` with a bearer token.

The token's department subtree is the scope, whatever the parameters say.
Rows are those of the exports: masked unless the administrator created the
token for names and IDs in full with a stated purpose. Every read is
audit-logged with the token, the filters and the number of rows.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from audit.services import record_event
from reports import audit_events
from reports.exports.cells import json_value, row_preparer
from reports.filters import FilterError, ReportFilters
from reports.scope import Scope
from reports.tables import get_report

from . import schema
from .paging import BadCursor, make_cursor, page_of, read_cursor
from .tokens import authenticate


def error(status: int, message: str, field: str | None = None) -> JsonResponse:
    response = JsonResponse({"error": message, "field": field}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="reports"'
    response["Cache-Control"] = "no-store"
    return response


def _bearer(request):
    header = request.headers.get("Authorization", "")
    scheme, _space, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    return authenticate(raw.strip())


def _page_size(value) -> int:
    if value in (None, ""):
        return settings.REPORT_API_PAGE_SIZE
    try:
        size = int(value)
    except ValueError:
        size = 0
    if not 1 <= size <= settings.REPORT_API_MAX_PAGE_SIZE:
        raise FilterError(
            "limit",
            _("The page size must be between 1 and %(most)s.")
            % {"most": settings.REPORT_API_MAX_PAGE_SIZE},
        )
    return size


# No cookies are read here, so no cross-site request can use a session: other
# methods get a plain 405 rather than the CSRF middleware's 403.
@csrf_exempt
@require_GET
def report_rows(request, name: str):
    token = _bearer(request)
    if token is None:
        return error(401, _("A valid bearer token is required."))
    try:
        report = get_report(name)
    except KeyError:
        return error(404, _("No such report."))
    scope = Scope.for_department(token.department)
    try:
        filters = ReportFilters.from_query(request.GET, scope)
        size = _page_size(request.GET.get("limit"))
        cursor = request.GET.get("cursor")
        after = read_cursor(cursor, name, filters.as_query()) if cursor else None
    except FilterError as refused:
        return error(400, refused.message, refused.field)
    except BadCursor:
        return error(400, _("This cursor is not valid here."), "cursor")
    rows, last = page_of(report, scope, filters, after=after, size=size)
    body = _body(request, report, filters, rows, last, token, size)
    record_event(
        action=audit_events.API_READ,
        target=token,
        scope=" ".join(scope.describe()),
        request=request,
        details={
            "report": name,
            "filters": filters.describe(),
            "rows": len(rows),
            "cursor": bool(cursor),
            "identity": "full" if token.full_identity else "masked",
        },
    )
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def _body(request, report, filters, rows, last, token, size) -> dict:
    columns = report.columns(filters)
    prepare = row_preparer(columns, full_identity=token.full_identity)
    keys = [(column.key, column.kind) for column in columns]
    results = [
        {
            k: json_value(v, kind)
            for (k, kind), v in zip(keys, prepare(row), strict=True)
        }
        for row in rows
    ]
    following = None
    if last is not None:
        query = {**filters.as_query(), "limit": str(size)}
        query["cursor"] = make_cursor(report.name, filters.as_query(), last)
        following = request.build_absolute_uri(request.path) + "?" + urlencode(query)
    return {
        "report": report.name,
        "year": filters.year,
        "identity": "full" if token.full_identity else "masked",
        "results": results,
        "next": following,
    }


@require_GET
def openapi(request):
    """The OpenAPI 3 description, public: it names columns, never a row."""
    prefix = reverse("reports_api:schema").removesuffix("schema/")
    return JsonResponse(
        schema.openapi(prefix), json_dumps_params={"ensure_ascii": False}
    )
