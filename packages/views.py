"""Serve the files of an unpacked package to the window it was launched in."""

import mimetypes
import posixpath

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404
from django.views.decorators.http import require_safe

from .exceptions import InvalidPackageToken
from .models import Package
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


def content_type(name: str) -> str:
    extension = posixpath.splitext(name)[1].lower()
    return (
        CONTENT_TYPES.get(extension)
        or mimetypes.guess_type(name)[0]
        or "application/octet-stream"
    )


@require_safe
def package_file(request, token, path=""):
    """Serve one file of the package the token grants; 403 or 404 otherwise."""
    try:
        grant = read_token(token)
    except InvalidPackageToken as error:
        raise PermissionDenied from error
    if not Package.objects.granted(grant).exists():
        raise PermissionDenied
    name = member_name(grant.package_uuid, path)
    if name is None or not default_storage.exists(name):
        raise Http404
    response = file_response(
        default_storage.open(name),
        size=default_storage.size(name),
        range_header=request.headers.get("Range", ""),
        content_type=content_type(name),
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = SANDBOX
    # The sandboxed document's origin is "null": its own scripts' fetch and
    # XHR calls for the package's data files are cross-origin.
    response["Access-Control-Allow-Origin"] = "*"
    return response
