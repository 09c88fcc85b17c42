import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .exceptions import RowError
from .forms import RosterUploadForm, StaffFilterForm
from .models import Department, RosterImport, StaffMember
from .roster import CHANGE_LABELS, confirm_roster_import, upload_roster
from .roster_file import COLUMNS

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
    """Take a roster file and queue its check; the preview page shows the outcome."""
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = upload_roster(
            uploaded_by=request.user,
            file_name=upload.name,
            content=upload.read(),
            deactivate_missing=form.cleaned_data["deactivate_missing"],
        )
        return redirect("people:roster_preview", pk=record.pk)
    history = RosterImport.objects.filter(uploaded_by=request.user).defer("content")[
        :10
    ]
    return render(
        request, "people/roster_upload.html", {"form": form, "history": history}
    )


@login_required
@permission_required("people.import_roster", raise_exception=True)
@require_http_methods(["GET", "POST"])
def roster_preview(request, pk):
    """Show an upload's progress, preview or outcome; on confirmation, queue it."""
    record = get_object_or_404(
        RosterImport.objects.defer("content"), pk=pk, uploaded_by=request.user
    )
    if request.method == "POST":
        if confirm_roster_import(record=record):
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
