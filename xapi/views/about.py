from django.http import JsonResponse

from .. import versions
from ..http import Resource


class AboutResource(Resource):
    """``/xapi/about``: versions and extensions; needs no credentials or version header."""

    version_required = False
    authenticated = False

    def x_get(self, xreq):
        return JsonResponse({"version": list(versions.SUPPORTED), "extensions": {}})
