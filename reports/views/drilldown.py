"""Drill-down: a department to its staff, a staff member to their year in full.

Both are found through the reader's scope, so another city's department or
staff id answers 404, as if it did not exist.
"""

from dataclasses import replace

from django.shortcuts import get_object_or_404, render

from assessments.models import Attempt
from certificates.models import Certificate
from courses.models import Enrolment

from .. import queries
from ..queries.annual import record_of
from ..queries.common import Labels
from ..queries.completions import completion_rows
from .common import (
    as_dicts,
    display,
    hr_report,
    log_view,
    page_of,
    shown_columns,
)


@hr_report
def department(request, scope, filters, pk: int):
    """A department in scope: its sub-departments' figures and its staff, paged."""
    unit = get_object_or_404(scope.departments(), pk=pk)
    filters = replace(filters, department=unit)
    report = queries.DEPARTMENTS
    units = as_dicts(report.columns(filters), report.rows(scope, filters))
    annual = queries.ANNUAL
    rows, following = page_of(annual, scope, filters, request)
    staff = as_dicts(annual.columns(filters), rows)
    log_view(
        request, report="department", scope=scope, filters=filters,
        rows=len(staff), target=unit,
    )  # fmt: skip
    context = {
        "unit": unit,
        "path": Labels(scope).department(unit.pk),
        "filters": filters,
        "units": units,
        "staff": staff,
        "following": following,
        "query": filters.as_query(),
    }
    return render(request, "reports/department.html", context)


@hr_report
def staff(request, scope, filters, pk: int):
    """A staff member in scope: the year's record, courses, attempts, certificates."""
    member = get_object_or_404(
        scope.staff().select_related("position", "grade", "department"), pk=pk
    )
    labels = Labels(scope)
    columns = queries.COMPLETIONS.columns(filters)
    courses = as_dicts(
        columns, completion_rows(Enrolment.objects.filter(user=member.user), labels)
    )
    attempts = (
        Attempt.objects.filter(user=member.user)
        .select_related("assessment")
        .order_by("-started_at")
    )
    certificates = (
        Certificate.objects.filter(holder=member.user)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .order_by("-issued_at")
    )
    log_view(
        request, report="staff", scope=scope, filters=filters,
        rows=len(courses), target=member,
    )  # fmt: skip
    context = {
        "member": member,
        "path": labels.department(member.department_id),
        "filters": filters,
        "record": record_of(member, filters),
        "columns": shown_columns(columns),
        "courses": [
            [display(row[c.key]) for c in shown_columns(columns)] for row in courses
        ],
        "attempts": attempts,
        "certificates": certificates,
        "course_titles": {row["course_key"]: row["course"] for row in courses},
    }
    return render(request, "reports/staff.html", context)
