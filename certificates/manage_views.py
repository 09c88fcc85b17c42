"""HR's and administrators' certificate pages: the scoped list, revocation,
correction, re-rendering, a staff member's eligibility, and ZIP archives."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.services import record_event
from people.models import Department, StaffMember

from . import audit_events, eligibility
from .archives import request_archive
from .exceptions import CertificateError
from .forms import (
    ArchiveForm,
    CertificateFilterForm,
    CorrectionForm,
    RevocationForm,
    filter_certificates,
)
from .holder_views import visible_certificate
from .models import Certificate, CertificateArchive
from .services import correct_holder_name, rerender_certificate, revoke_certificate

PAGE_SIZE = 50
MANAGE = "certificates.revoke_certificate"


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_GET
def manage_list(request):
    employee_id = request.GET.get("staff", "").strip()
    if employee_id:
        return _to_staff(request, employee_id)
    departments = list(Department.objects.visible_to(request.user))
    labels = Department.objects.name_paths(departments)
    form = CertificateFilterForm(request.GET or None, departments=labels)
    rows = Certificate.objects.visible_to(request.user).select_related("holder__staff")
    if form.is_valid():
        rows = filter_certificates(rows, form.cleaned_data, departments)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/manage_list.html",
        {
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "archive_form": ArchiveForm(departments=labels),
            "archives": CertificateArchive.objects.filter(requested_by=request.user)[
                :10
            ],
        },
    )


def _to_staff(request, employee_id: str):
    """A staff member's certificates and what they lack, found by employee ID."""
    member = (
        StaffMember.objects.visible_to(request.user)
        .filter(employee_id=employee_id[:32])
        .first()
    )
    if member is None:
        messages.error(request, _("No staff member in your departments has this ID."))
        return redirect("certificates:manage")
    return redirect("certificates:staff_eligibility", pk=member.pk)


def _action(request, serial, form_class, apply):
    certificate = visible_certificate(request, serial)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            apply(certificate, form.cleaned_data)
        except CertificateError as refused:
            messages.error(request, str(refused))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("certificates:detail", serial=serial)


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def revoke(request, serial: str):
    def apply(certificate, data):
        revoke_certificate(
            certificate=certificate,
            by=request.user,
            reason=data["reason"],
            request=request,
        )
        messages.success(request, _("The certificate is revoked."))

    return _action(request, serial, RevocationForm, apply)


@login_required
@require_POST
def correct(request, serial: str):
    def apply(certificate, data):
        new = correct_holder_name(
            certificate=certificate, by=request.user, name=data["name"], request=request
        )
        messages.success(
            request,
            _("Replacement %(serial)s issued; the old certificate is superseded.")
            % {"serial": new.serial},
        )

    return _action(request, serial, CorrectionForm, apply)


@login_required
@require_POST
def rerender(request, serial: str):
    certificate = visible_certificate(request, serial)
    rerender_certificate(certificate=certificate, by=request.user, request=request)
    messages.success(request, _("The PDF is rendered again from the same record."))
    return redirect("certificates:detail", serial=serial)


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_GET
def staff_eligibility(request, pk: int):
    member = get_object_or_404(
        StaffMember.objects.visible_to(request.user).select_related("user"), pk=pk
    )
    return render(
        request,
        "certificates/staff_eligibility.html",
        {
            "member": member,
            "pending": eligibility.explain_all(member.user),
            "certificates": Certificate.objects.filter(holder=member.user),
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def archive_request(request):
    departments = list(Department.objects.visible_to(request.user))
    form = ArchiveForm(
        request.POST, departments=Department.objects.name_paths(departments)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            request_archive(
                by=request.user,
                department=next(d for d in departments if d.pk == data["department"]),
                issued_from=data["issued_from"],
                issued_to=data["issued_to"],
                request=request,
            )
            messages.success(request, _("The archive is being built."))
        except CertificateError as refused:
            messages.error(request, str(refused))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("certificates:manage")


def _own_archive(request, pk: int) -> CertificateArchive:
    return get_object_or_404(
        CertificateArchive.objects.filter(requested_by=request.user), pk=pk
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_GET
def archive_status(request, pk: int):
    archive = _own_archive(request, pk)
    return JsonResponse(
        {
            "status": archive.status,
            "label": archive.get_status_display(),
            "done": archive.done,
            "total": archive.total,
            "percent": archive.percent,
        }
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_GET
def archive_download(request, pk: int):
    archive = _own_archive(request, pk)
    if archive.status != CertificateArchive.Status.DONE or not archive.file:
        raise Http404
    record_event(
        action=audit_events.ARCHIVE_DOWNLOADED,
        actor=request.user,
        target=archive,
        scope=archive.department.full_name(),
        request=request,
        details={"certificates": archive.total},
    )
    return FileResponse(
        archive.file.open("rb"),
        as_attachment=True,
        filename=f"certificates-{archive.issued_from}-{archive.issued_to}.zip",
        content_type="application/zip",
    )
