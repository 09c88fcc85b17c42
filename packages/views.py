"""Serve the files of an unpacked package to the window it was launched in."""

import mimetypes
import posixpath

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from .exceptions import InvalidPackageToken
from .models import Package
from .origin import on_package_origin
from .player import player_config
from .ranges import file_response
from .tokens import read_token
from .unpacking import member_name

# Fixed here because the system's mime.types may say otherwise, and browsers
# refuse scripts and subtitles served with the wrong type under nosniff.
CONTENT_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".vtt": "text/vtt",
}
# No allow-same-origin: the package runs in an opaque origin, so it can neither
# read the site's cookies nor call the site as the learner; it reaches /xapi/
# with the launch credentials it is given, over CORS.
SANDBOX = "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads"
# SCORM on the package origin (origin.py): the SCO keeps that origin, which
# holds no session, so that it and the player can see each other.
SCORM_SANDBOX = f"{SANDBOX} allow-same-origin; frame-ancestors 'self'"


def content_type(name: str) -> str:
    extension = posixpath.splitext(name)[1].lower()
    return (
        CONTENT_TYPES.get(extension)
        or mimetypes.guess_type(name)[0]
        or "application/octet-stream"
    )


def _granted_package(token) -> Package:
    try:
        grant = read_token(token)
    except InvalidPackageToken as error:
        raise PermissionDenied from error
    package = Package.objects.granted(grant).first()
    if package is None:
        raise PermissionDenied
    return package


@require_safe
def package_file(request, token, path=""):
    """Serve one file of the package the token grants; 403 or 404 otherwise."""
    package = _granted_package(token)
    name = member_name(package.uuid, path)
    if name is None or not default_storage.exists(name):
        raise Http404
    response = file_response(
        default_storage.open(name),
        size=default_storage.size(name),
        range_header=request.headers.get("Range", ""),
        content_type=content_type(name),
    )
    response["Cache-Control"] = "private, max-age=3600"
    if package.is_scorm and on_package_origin(request):
        response["Content-Security-Policy"] = SCORM_SANDBOX
        response["X-Frame-Options"] = "SAMEORIGIN"
    else:
        response["Content-Security-Policy"] = SANDBOX
    # The sandboxed document's origin is "null": its own scripts' fetch and
    # XHR calls for the package's data files are cross-origin.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def scorm_player(request, token):
    """Show the SCORM player: the runtime API around a frame for the package's SCOs.

    The launch URL's fragment carries the LRS endpoint and credential, read by
    the player's script; the server never sees them here.
    """
    package = _granted_package(token)
    if not package.is_scorm:
        raise Http404
    language = request.GET.get("lang", "")
    with translation.override(
        language if translation.check_for_language(language) else None
    ):
        if not on_package_origin(request):
            response = render(request, "packages/scorm_unavailable.html", status=400)
        else:
            context = {"package": package, "config": player_config(package, token)}
            response = render(request, "packages/scorm_player.html", context)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = f"{SANDBOX} allow-same-origin"
    return response
