import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .exceptions import RosterError, RowError
from .forms import RosterUploadForm, StaffFilterForm
from .models import Department, RosterImport, StaffMember
from .roster import CHANGE_LABELS, import_roster
from .roster_file import COLUMNS
from .tasks import run_roster_import

STAFF_PAGE_SIZE = 50


@login_required
@permission_required("people.view_staffmember", raise_exception=True)
def staff_list(request):
    """List the staff in the departments the user manages, with search and filters."""
    departments = list(Department.objects.visible_to(request.user))
    labels = Department.objects.name_paths(departments)
    form = StaffFilterForm(request.GET or None, departments=labels)
    staff = (
        StaffMember.objects.visible_to(request.user)
        .select_related("department", "position", "grade")
        .order_by("department__tree_path", "employee_id")
    )
    if form.is_valid():
        staff = _filter_staff(staff, form.cleaned_data, departments)
    page = Paginator(staff, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(member, labels.get(member.department_id, "")) for member in page]
    return render(
        request,
        "people/staff_list.html",
        {"form": form, "page": page, "rows": rows, "total": page.paginator.count},
    )


def _filter_staff(staff, data, departments):
    if data["q"]:
        staff = staff.filter(Q(name__icontains=data["q"]) | Q(employee_id=data["q"]))
    if data["department"]:
        chosen = next(d for d in departments if d.pk == data["department"])
        staff = staff.in_subtree(chosen)
    if data["status"]:
        staff = staff.filter(is_active=data["status"] == "active")
    return staff


@login_required
@permission_required("people.import_roster", raise_exception=True)
def roster_template(request):
    """Download an empty roster with the expected columns and one example row."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="roster-template.csv"'
    # The byte-order mark makes Excel open the file as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([aliases[0] for aliases in COLUMNS.values()])
    writer.writerow(
        ["10001", "张三", "陕西省/西安市/雁塔区", "科员", "一级科员", "", "是"]
    )
    return response


@login_required
@permission_required("people.import_roster", raise_exception=True)
@require_http_methods(["GET", "POST"])
def roster_upload(request):
    """Take a roster file and show what importing it would do, without importing."""
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = RosterImport(
            uploaded_by=request.user,
            original_name=upload.name[:255],
            content=upload.read(),
            deactivate_missing=form.cleaned_data["deactivate_missing"],
        )
        try:
            report = _run(record, request.user, dry_run=True)
        except RosterError as error:
            errors = error.errors
            record.status = RosterImport.Status.REJECTED
            record.summary = {"errors": [e.__dict__ for e in errors]}
            record.content = b""
            record.save()
        else:
            record.summary = report.as_dict()
            record.save()
            return redirect("people:roster_preview", pk=record.pk)
    history = RosterImport.objects.filter(uploaded_by=request.user).defer("content")[
        :10
    ]
    status = 400 if errors else 200
    return render(
        request,
        "people/roster_upload.html",
        {"form": form, "errors": errors, "history": history},
        status=status,
    )


@login_required
@permission_required("people.import_roster", raise_exception=True)
@require_http_methods(["GET", "POST"])
def roster_preview(request, pk):
    """Show a previewed roster and, on confirmation, queue its import."""
    record = get_object_or_404(
        RosterImport.objects.defer("content"), pk=pk, uploaded_by=request.user
    )
    if request.method == "POST":
        queued = RosterImport.objects.filter(
            pk=record.pk, status=RosterImport.Status.PREVIEWED
        ).update(status=RosterImport.Status.QUEUED)
        if queued:
            # After commit, so that a worker on another connection sees the row.
            transaction.on_commit(lambda: run_roster_import.delay(record.pk))
            messages.info(request, _("The roster is being imported."))
        return redirect("people:roster_preview", pk=record.pk)
    summary = dict(record.summary)
    summary["changes"] = [
        {**change, "changed": [str(CHANGE_LABELS.get(k, k)) for k in change["changed"]]}
        for change in summary.get("changes", [])
    ]
    errors = [RowError(**error) for error in summary.get("errors", [])]
    return render(
        request,
        "people/roster_preview.html",
        {"record": record, "summary": summary, "errors": errors},
    )


def _run(record: RosterImport, user, *, dry_run: bool):
    return import_roster(
        content=bytes(record.content),
        filename=record.original_name,
        importer=user,
        dry_run=dry_run,
        deactivate_missing=record.deactivate_missing,
    )
