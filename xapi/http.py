"""The HTTP layer every LRS resource shares.

Parses a request (including the 1.0.3 alternate request syntax of
Communication 1.3), negotiates the version, authenticates, and decorates every
response with the headers the specification requires: the version, the
consistency time on GETs, and CORS for browser clients.
"""

import math
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from common import jsonsafe

from . import versions
from .auth import authenticate
from .exceptions import BadRequest, PayloadTooLarge, XAPIError
from .models import Client

EXPOSED_HEADERS = (
    "ETag, Last-Modified, Cache-Control, Content-Type, Content-Length, WWW-Authenticate, "
    "X-Experience-API-Version, X-Experience-API-Consistent-Through"
)
ALLOWED_HEADERS = (
    "Content-Type, Content-Length, Authorization, If-Match, If-None-Match, "
    "X-Experience-API-Version, X-Experience-API-Consistent-Through, Accept-Language"
)
_LANGUAGE_RANGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_ALTERNATE_HEADERS = {
    "authorization": "Authorization",
    "x-experience-api-version": "X-Experience-API-Version",
    "content-type": "Content-Type",
    "content-length": "Content-Length",
    "if-match": "If-Match",
    "if-none-match": "If-None-Match",
}


@dataclass
class XAPIRequest:
    """What a handler needs from a request, whichever syntax it came in."""

    method: str
    params: dict[str, str]
    headers: dict[str, str]
    body: bytes
    content_type: str
    version: str = versions.V1
    client: Client | None = None
    alternate: bool = False
    django: HttpRequest | None = field(default=None, repr=False)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self, what: str = "body"):
        return parse_json(self.body, what)


def parse_json(raw: bytes, what: str):
    """Return the JSON value of ``raw``; raise 400 naming ``what`` if it is not one.

    Nesting deeper than ``common.jsonsafe.MAX_DEPTH``, ``NaN`` and the like
    are refused too, before they can crash the code that walks the value.
    """
    try:
        return jsonsafe.loads(raw)
    except jsonsafe.TooDeep as error:
        raise BadRequest(
            f"The {what} is nested more than {jsonsafe.MAX_DEPTH} levels deep."
        ) from error
    except ValueError as error:
        raise BadRequest(f"The {what} is not valid JSON: {error}") from error


def parse(request: HttpRequest) -> XAPIRequest:
    """Build an XAPIRequest, applying the alternate request syntax when used.

    A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` raises 413, in the LRS's
    error format rather than Django's HTML page.
    """
    params = _single_params(request.GET, "query")
    headers = {name.lower(): value for name, value in request.headers.items()}
    content_type = request.content_type or ""
    body = _body(request)
    if request.method == "POST" and "method" in params:
        return _alternate(request, body, params, headers)
    return XAPIRequest(
        method=request.method,
        params=params,
        headers=headers,
        body=body,
        content_type=content_type,
        django=request,
    )


def _body(request: HttpRequest) -> bytes:
    try:
        return request.body
    except RequestDataTooBig as error:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raise PayloadTooLarge(
            f"The request body is larger than the limit of {limit} bytes."
        ) from error


def _single_params(query, where: str) -> dict[str, str]:
    params = {}
    for key, values in query.lists():
        if len(values) > 1:
            raise BadRequest(f"The {where} parameter {key!r} is given more than once.")
        params[key] = values[0]
    return params


def _alternate(request, body: bytes, params, headers) -> XAPIRequest:
    method = params.pop("method").upper()
    if params:
        raise BadRequest(
            "With the alternate request syntax the only query parameter is 'method'."
        )
    if method not in {"GET", "PUT", "POST", "DELETE"}:
        raise BadRequest(f"Unknown method {method!r} in the alternate request syntax.")
    if not (request.content_type or "").startswith("application/x-www-form-urlencoded"):
        raise BadRequest("The alternate request syntax needs a form-encoded body.")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest("The form of an alternate request is not UTF-8.") from error
    form = {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}
    content = form.pop("content", "").encode("utf-8")
    # The request's own Content-Type describes the form; the content's type is
    # the form's Content-Type parameter, JSON unless it says otherwise.
    headers.pop("content-type", None)
    headers.pop("content-length", None)
    for lower, _proper in _ALTERNATE_HEADERS.items():
        for key in list(form):
            if key.lower() == lower:
                headers[lower] = form.pop(key)
    content_type = headers.get("content-type", "application/json")
    return XAPIRequest(
        method=method,
        params=form,
        headers=headers,
        body=content,
        content_type=content_type.split(";")[0].strip(),
        django=request,
        alternate=True,
    )


def accept_languages(header: str | None) -> list[str]:
    """Return the language ranges of an ``Accept-Language`` header, preferred first.

    RFC 9110 12.5.4: ``q`` weighs each range from 0 to 1 and ``q=0`` means
    "not wanted". An entry that is malformed (no range, a ``q`` that is not a
    number from 0 to 1) is ignored rather than failing the request; so is ``*``,
    which the LRS's fallback already covers. Equal weights keep their order.
    """
    ranked = []
    for entry in (header or "").split(","):
        language, *parameters = (part.strip() for part in entry.split(";"))
        quality = _quality(parameters)
        if _LANGUAGE_RANGE.fullmatch(language) and quality:
            ranked.append((quality, language))
    return [language for _q, language in sorted(ranked, key=lambda r: -r[0])]


def _quality(parameters: list[str]) -> float | None:
    """Return the weight of one entry, 1 without ``q``; None when malformed."""
    weights = [
        p.partition("=")[2].strip()
        for p in parameters
        if p.partition("=")[0].strip().lower() == "q"
    ]
    if not weights:
        return 1.0
    if len(weights) > 1:
        return None
    try:
        quality = float(weights[0])
    except ValueError:
        return None
    return quality if math.isfinite(quality) and 0 <= quality <= 1 else None


def error_response(error: XAPIError) -> JsonResponse:
    response = JsonResponse(
        {"error": True, "message": error.message}, status=error.status
    )
    if error.status == 401:
        response["WWW-Authenticate"] = 'Basic realm="xAPI"'
    return response


@method_decorator(csrf_exempt, name="dispatch")
class Resource(View):
    """Base of the LRS resources: subclasses implement ``get``/``put``/``post``/``delete``.

    Each handler takes an ``XAPIRequest`` and returns a response or raises an
    ``XAPIError``. ``version_required`` is false only for ``/about``;
    ``authenticated`` is false only for ``/about``.
    """

    version_required = True
    authenticated = True

    def dispatch(self, request, *args, **kwargs):
        if request.method == "OPTIONS":
            return self._decorate(
                HttpResponse(status=200), versions.default_version(), None
            )
        version = versions.default_version()
        method = request.method
        try:
            xreq = parse(request)
            method = xreq.method
            version = versions.negotiate(
                xreq.header("X-Experience-API-Version"), required=self.version_required
            )
            xreq.version = version
            if xreq.alternate and version == versions.V2:
                raise BadRequest("xAPI 2.0 has no alternate request syntax.")
            if self.authenticated:
                xreq.client = authenticate(xreq.header("Authorization"))
            response = self.handle(xreq, *args, **kwargs)
        except XAPIError as error:
            response = error_response(error)
        return self._decorate(response, version, method)

    def handle(self, xreq: XAPIRequest, *args, **kwargs):
        handler_method = "get" if xreq.method == "HEAD" else xreq.method.lower()
        handler = getattr(self, "x_" + handler_method, None)
        if handler is None:
            raise XAPIError(f"{xreq.method} is not allowed here.", status=405)
        response = handler(xreq, *args, **kwargs)
        if xreq.method == "HEAD":
            response.content = b""
        return response

    def _decorate(self, response, version, method):
        response["X-Experience-API-Version"] = version
        if method in ("GET", "HEAD"):
            response["X-Experience-API-Consistent-Through"] = consistent_through()
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = (
            "HEAD, GET, POST, PUT, DELETE, OPTIONS"
        )
        response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        response["Cache-Control"] = response.get("Cache-Control", "no-cache")
        return response


def consistent_through() -> str:
    """Statements are stored synchronously, so every query is consistent up to now."""
    return timezone.now().isoformat(timespec="microseconds").replace("+00:00", "Z")
