"""The public parts of the credentials: the issuer's DID document and the status list."""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from . import credentials_service


@require_GET
def did_document(request):
    response = JsonResponse(credentials_service.did_document())
    response["Content-Type"] = "application/did+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def status_list(request, purpose: str):
    if purpose != credentials_service.STATUS_PURPOSE:
        raise Http404
    response = JsonResponse(
        credentials_service.status_list_credential(),
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Type"] = "application/vc+ld+json"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "max-age=60"
    return response
