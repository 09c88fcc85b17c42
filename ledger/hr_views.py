"""HR's pages, in scope: a staff member's ledger, the claims queue, offline classes."""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from people.models import StaffMember

from .exceptions import AlreadyReversed, AttendanceFileError, ClaimDecided, OutOfScope
from .forms import (
    AttendanceFileForm,
    AttendanceForm,
    AttendanceListForm,
    DecisionForm,
    OfflineClassForm,
)
from .learner_views import chosen_year
from .models import ExternalClaim, OfflineClass, StudyHourEntry
from .selectors import year_summary
from .services import (
    decide_claim,
    import_attendance,
    record_attendance,
    reverse_entry_by,
)

DECIDE = "ledger.change_externalclaim"
CLASSES = "ledger.change_offlineclass"


@login_required
@require_GET
def staff_ledger(request, pk: int):
    """A staff member's ledger: HR in scope, administrators, or the person (else 404)."""
    staff = get_object_or_404(StaffMember.objects.visible_to(request.user), pk=pk)
    year = chosen_year(request)
    return render(
        request,
        "ledger/staff_ledger.html",
        {
            "staff": staff,
            "summary": year_summary(staff.user, year),
            "year": year,
            "can_reverse": staff.user_id != request.user.pk
            and request.user.has_perm("ledger.reverse_studyhourentry"),
        },
    )


@login_required
@permission_required("ledger.reverse_studyhourentry", raise_exception=True)
@require_POST
def reverse(request, pk: int):
    """Reverse an entry of a staff member in scope (a correction), with a reason."""
    staff = StaffMember.objects.visible_to(request.user).exclude(user=request.user)
    entry = get_object_or_404(
        StudyHourEntry.objects.filter(user__staff__in=staff), pk=pk
    )
    reason = request.POST.get("reason", "").strip()[:500]
    if not reason:
        messages.error(request, _("Say why the entry is reversed."))
    else:
        try:
            reverse_entry_by(
                actor=request.user, entry=entry, reason=reason, request=request
            )
        except AlreadyReversed:
            messages.error(request, _("This entry has been reversed already."))
    return redirect("ledger:staff", pk=entry.user.staff.pk)


@login_required
@permission_required(DECIDE, raise_exception=True)
@require_GET
def claims_queue(request):
    claims = (
        ExternalClaim.objects.visible_to(request.user)
        .pending()
        .select_related("user__staff")
    )
    return render(
        request, "ledger/claims_queue.html", {"claims": claims, "form": DecisionForm()}
    )


@login_required
@permission_required(DECIDE, raise_exception=True)
@require_POST
def decide(request, pk: int):
    claim = get_object_or_404(ExternalClaim.objects.visible_to(request.user), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "ledger/claims_queue.html",
            {"claims": [claim], "form": form},
            status=400,
        )
    try:
        decide_claim(
            actor=request.user, claim=claim, request=request, **form.cleaned_data
        )
    except OutOfScope as error:
        raise Http404 from error
    except ClaimDecided:
        messages.error(request, _("This claim has been decided already."))
    return redirect("ledger:claims")


@login_required
@permission_required(CLASSES, raise_exception=True)
@require_http_methods(["GET", "POST"])
def classes(request):
    form = OfflineClassForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        offline_class = form.save(commit=False)
        offline_class.created_by = request.user
        offline_class.save()
        return redirect("ledger:class_detail", pk=offline_class.pk)
    status = 400 if request.method == "POST" else 200
    rows = OfflineClass.objects.visible_to(request.user).select_related("department")
    return render(
        request,
        "ledger/classes.html",
        {"classes": rows[:200], "form": form},
        status=status,
    )


def _attend(request, offline_class):
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        return form
    staff = StaffMember.objects.visible_to(request.user).filter(
        employee_id=form.cleaned_data["employee_id"]
    )
    missed = form.cleaned_data["missed"]
    if not staff.exists():
        form.add_error("employee_id", _("Unknown employee ID, or not yours to manage."))
    elif missed > offline_class.length:
        form.add_error("missed", _("Not a number between 0 and the class's length."))
    else:
        record_attendance(
            actor=request.user,
            offline_class=offline_class,
            staff=staff.get(),
            missed=missed,
            request=request,
        )
    return form


def _import(request, offline_class, content: bytes, filename: str):
    try:
        import_attendance(
            actor=request.user,
            offline_class=offline_class,
            content=content,
            filename=filename,
            request=request,
        )
    except AttendanceFileError as error:
        return error.errors
    return None


def _upload(request, offline_class):
    form = AttendanceFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None
    upload = form.cleaned_data["file"]
    return form, _import(request, offline_class, upload.read(), upload.name)


def _list(request, offline_class):
    """Attendance typed as a list: the file format without its header row."""
    form = AttendanceListForm(request.POST)
    if not form.is_valid():
        return form, None
    text = "employee_id,missed\n" + form.cleaned_data["rows"]
    errors = _import(request, offline_class, text.encode("utf-8"), "list.csv")
    # Number the lines as typed, without the header added above.
    shifted = [replace(e, line=max(e.line - 1, 0)) for e in errors or []]
    return form, shifted or None


@login_required
@permission_required(CLASSES, raise_exception=True)
@require_http_methods(["GET", "POST"])
def class_detail(request, pk: int):
    offline_class = get_object_or_404(
        OfflineClass.objects.visible_to(request.user), pk=pk
    )
    attend, upload, errors = AttendanceForm(), AttendanceFileForm(), None
    listed = AttendanceListForm()
    if request.method == "POST":
        if "file" in request.FILES:
            upload, errors = _upload(request, offline_class)
            invalid = errors or upload.errors
        elif "rows" in request.POST:
            listed, errors = _list(request, offline_class)
            invalid = errors or listed.errors
        else:
            attend = _attend(request, offline_class)
            invalid = attend.errors
        if not invalid:
            return redirect("ledger:class_detail", pk=pk)
    rows = offline_class.attendance.select_related("staff", "entry").order_by(
        "staff__employee_id"
    )
    return render(
        request,
        "ledger/class_detail.html",
        {
            "offline_class": offline_class,
            "rows": rows,
            "attend": attend,
            "upload": upload,
            "listed": listed,
            "errors": errors,
        },
        status=400 if request.method == "POST" else 200,
    )
