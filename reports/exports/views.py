"""HR's export pages: choose a format and the identity form, follow a job, download.

An export is a POST (the full form carries a purpose); a GET with
``format=`` gives the masked export at once, for a plain link from a report
page. A job of another officer answers 404, as one that does not exist.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from audit.services import record_event
from reports import audit_events
from reports.filters import FilterError, ReportFilters
from reports.scope import Scope
from reports.tables import get_report

from .forms import MASKED, ExportForm
from .models import ExportJob
from .services import NeedsJob, StreamedExport, export_report

EXPORT = "reports.add_exportjob"
JOBS_LISTED = 20


def _report_or_404(name: str):
    try:
        return get_report(name)
    except KeyError:
        raise Http404 from None


def _form_for(request) -> ExportForm | None:
    if request.method == "POST":
        return ExportForm(request.POST)
    if "format" in request.GET:
        return ExportForm({"format": request.GET["format"], "identity": MASKED})
    return None


@login_required
@permission_required(EXPORT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def export(request, name: str):
    report = _report_or_404(name)
    context = {"report": report, "query": request.GET.urlencode()}
    try:
        filters = ReportFilters.from_query(request.GET, Scope.for_user(request.user))
    except FilterError as error:
        context.update(form=ExportForm(), filter_error=error.message)
        return render(request, "reports/exports/export.html", context, status=400)
    form = _form_for(request)
    context.update(filters=filters, described=filters.describe())
    if form is None or not form.is_valid():
        context["form"] = form or ExportForm()
        status = 400 if form is not None else 200
        return render(request, "reports/exports/export.html", context, status=status)
    try:
        result = export_report(
            user=request.user,
            report=report,
            filters=filters,
            choice=form.choice(),
            request=request,
            # A link (GET) never starts a job: only the form's POST does.
            queue=request.method == "POST",
        )
    except NeedsJob:
        context.update(form=form, needs_job=True)
        return render(request, "reports/exports/export.html", context)
    if isinstance(result, ExportJob):
        return redirect("exports:job", pk=result.pk)
    return _streamed(result)


def _streamed(result: StreamedExport):
    if result.file is not None:
        return FileResponse(
            result.file,
            as_attachment=True,
            filename=result.filename,
            content_type=result.content_type,
        )
    response = StreamingHttpResponse(result.chunks, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


@login_required
@permission_required(EXPORT, raise_exception=True)
@require_GET
def jobs(request):
    """The officer's own recent exports, to come back to a file being built."""
    own = ExportJob.objects.filter(requested_by=request.user)[:JOBS_LISTED]
    return render(request, "reports/exports/jobs.html", {"jobs": own})


def _job_or_404(request, pk: int) -> ExportJob:
    return get_object_or_404(ExportJob.objects.fetchable_by(request.user), pk=pk)


@login_required
@permission_required(EXPORT, raise_exception=True)
@require_GET
def job(request, pk: int):
    export_job = _job_or_404(request, pk)
    report = _report_or_404(export_job.report)
    return render(
        request, "reports/exports/job.html", {"job": export_job, "report": report}
    )


@login_required
@permission_required(EXPORT, raise_exception=True)
@require_GET
def job_status(request, pk: int):
    export_job = _job_or_404(request, pk)
    return JsonResponse(
        {
            "status": export_job.status,
            "label": export_job.get_status_display(),
            "done": export_job.rows_done,
            "total": export_job.rows_total,
            "percent": export_job.percent,
        }
    )


@login_required
@permission_required(EXPORT, raise_exception=True)
@require_GET
def job_download(request, pk: int):
    export_job = _job_or_404(request, pk)
    if export_job.status != ExportJob.Status.DONE or not export_job.file:
        raise Http404
    record_event(
        action=audit_events.EXPORT_DOWNLOADED,
        actor=request.user,
        target=export_job,
        request=request,
        details={"report": export_job.report, "format": export_job.format},
    )
    return FileResponse(
        export_job.file.open("rb"),
        as_attachment=True,
        filename=export_job.file.name.rsplit("/", 1)[-1],
    )
