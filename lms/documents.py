"""Wagtail's document view, answering byte ranges so that lesson videos can seek.

Wagtail's own view checks the collection's view restrictions and the
``before_serve_document`` hooks; this one calls it, and only when it answers
200 with the file does it cut the range the browser asked for.
"""

from django.http import HttpResponse
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve

from common.ranges import requested_range


def serve_ranged(request, document_id, document_filename):
    response = serve(request, document_id, document_filename)
    header = request.headers.get("Range")
    if response.status_code != 200 or request.method != "GET":
        return response
    response["Accept-Ranges"] = "bytes"
    if not header:
        return response
    document = get_document_model().objects.get(pk=document_id)
    size = document.file.size
    try:
        span = requested_range(header, size)
    except ValueError:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    if span is None:
        return response
    first, last = span
    with document.file.open("rb") as handle:
        handle.seek(first)
        chunk = handle.read(last - first + 1)
    partial = HttpResponse(chunk, status=206, content_type=response["Content-Type"])
    partial["Content-Range"] = f"bytes {first}-{last}/{size}"
    partial["Accept-Ranges"] = "bytes"
    for name in ("Content-Disposition", "Last-Modified", "ETag", "Cache-Control"):
        if name in response:
            partial[name] = response[name]
    # Close only the file: ``response.close()`` would also send
    # ``request_finished``, which closes the request's database connection.
    for closer in getattr(response, "_resource_closers", ()):
        closer()
    return partial
