"""What a certificate certifies, copied out of the live records at issue.

The snapshot is plain JSON: the PDF, the credential and the verification page
are all made from it, never from the course or staff tables, so that a later
rename or template edit changes nothing already issued.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils.translation import get_language

from courses.models import CoursePage

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def holder_language() -> str:
    """The language of the request that caused the issue, else the site's."""
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def course_titles(course_key) -> dict[str, str]:
    """Map each language to the course's title in it (any version, live first)."""
    titles: dict[str, str] = {}
    for page in (
        CoursePage.objects.filter(translation_key=course_key)
        .select_related("locale")
        .order_by("-live", "pk")
    ):
        titles.setdefault(page.locale.language_code, page.title)
    return titles


def build(
    *,
    user,
    course: CoursePage,
    serial: str,
    issued_on: date,
    expires_on: date | None,
    result: dict | None = None,
    issuer_name: str = "",
) -> dict:
    staff = getattr(user, "staff", None)
    hours: Decimal = course.effective_credit_hours
    return {
        "serial": serial,
        "holder_name": staff.name if staff else user.get_full_name() or user.username,
        "employee_id": staff.employee_id if staff else "",
        "department": staff.department.full_name() if staff else "",
        "course_title": course_titles(course.translation_key),
        "credit_hours": f"{hours.normalize():f}" if hours else "0",
        "score": round(result["percent"]) if result else None,
        "issuer_name": issuer_name
        or settings.CERTIFICATE_ISSUER_NAME
        or str(settings.WAGTAIL_SITE_NAME),
        "issued_on": issued_on.isoformat(),
        "expires_on": expires_on.isoformat() if expires_on else None,
        "language": holder_language(),
    }
