"""The annual training record as a PDF: the learner's own, and HR's in scope."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from audit.services import record_event
from people.models import StaffMember

from . import audit_events
from .learner_views import FIRST_YEAR
from .training_record import training_record_pdf


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404


def _staff():
    return StaffMember.objects.select_related("user", "department", "position", "grade")


def _language() -> str:
    return "zh-hans" if (translation.get_language() or "").startswith("zh") else "en"


def _pdf(staff: StaffMember, year: int) -> HttpResponse:
    data = training_record_pdf(staff=staff, year=year, language=_language())
    filename = f"training-record-{year}-{staff.employee_id}.pdf"
    return HttpResponse(
        data,
        content_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition_header(True, filename),
            # Personal data: no shared cache keeps a copy.
            "Cache-Control": "private, no-store",
        },
    )


@login_required
@require_GET
def my_record(request, year: int):
    """The signed-in learner's own record for ``year``; 404 without a staff record."""
    _check_year(year)
    staff = get_object_or_404(_staff(), user=request.user)
    return _pdf(staff, year)


@login_required
@require_GET
def staff_record(request, pk: int, year: int):
    """A staff member's record: HR in scope, administrators, or the person (else 404).

    Anyone else's download of it is audit-logged.
    """
    _check_year(year)
    staff = get_object_or_404(_staff().visible_to(request.user), pk=pk)
    response = _pdf(staff, year)
    if staff.user_id != request.user.pk:
        record_event(
            action=audit_events.RECORD_DOWNLOADED,
            actor=request.user,
            request=request,
            target=staff,
            details={"staff": staff.pk, "year": year},
        )
    return response
