"""The filters every report takes, read from a query string and checked against a scope.

A department outside the scope is refused as if it did not exist, so that an
edited ``department`` parameter neither reads nor reveals another city's staff.
"""

import uuid
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import Department

REQUIRED, ELECTIVE = "required", "elective"
FIRST_YEAR, LAST_YEAR = 2000, 2100


class FilterError(ValueError):
    """A filter value that cannot be used; ``field`` names the parameter."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class ReportFilters:
    year: int
    department: Department | None = None
    course_key: uuid.UUID | None = None
    bucket: str | None = None  # REQUIRED, ELECTIVE or None for both
    position_id: int | None = None
    grade_id: int | None = None

    @classmethod
    def from_query(cls, query, scope) -> "ReportFilters":
        """Read ``query`` (a QueryDict or dict); raise ``FilterError`` on a bad value."""
        return cls(
            year=_year(query.get("year")),
            department=_department(query.get("department"), scope),
            course_key=_uuid(query.get("course")),
            bucket=_bucket(query.get("bucket")),
            position_id=_integer("position", query.get("position")),
            grade_id=_integer("grade", query.get("grade")),
        )

    def as_query(self) -> dict[str, str]:
        """The filters as query parameters (only those set), to build links with."""
        values = {
            "year": self.year,
            "department": self.department.pk if self.department else None,
            "course": self.course_key,
            "bucket": self.bucket,
            "position": self.position_id,
            "grade": self.grade_id,
        }
        return {k: str(v) for k, v in values.items() if v not in (None, "")}

    def describe(self) -> dict:
        """The filters as the audit log records them."""
        described = self.as_query()
        if self.department is not None:
            described["department_path"] = self.department.tree_path
        return described


def _blank(value) -> bool:
    return value is None or str(value).strip() == ""


def _year(value) -> int:
    if _blank(value):
        return timezone.localdate().year
    year = _integer("year", value)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise FilterError("year", _("The year must be between 2000 and 2100."))
    return year


def _integer(field: str, value) -> int | None:
    if _blank(value):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        message = _("“%(value)s” is not a number.") % {"value": value}
        raise FilterError(field, message) from None
    if not 0 < number < 2**31:
        raise FilterError(field, _("“%(value)s” is not a number.") % {"value": value})
    return number


def _uuid(value) -> uuid.UUID | None:
    if _blank(value):
        return None
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        raise FilterError("course", _("No such course.")) from None


def _bucket(value) -> str | None:
    if _blank(value):
        return None
    if value not in (REQUIRED, ELECTIVE):
        raise FilterError("bucket", _("Choose required or elective."))
    return value


def _department(value, scope) -> Department | None:
    pk = _integer("department", value)
    if pk is None:
        return None
    department = Department.objects.filter(pk=pk).first()
    if department is None or not scope.allows(department):
        raise FilterError("department", _("No such department in your scope."))
    return department
