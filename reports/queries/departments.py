"""Department roll-up: the same measures per department, for the department's own staff.

Per department, not per subtree: each row counts the staff whose department
(now, see ``common``) is that one, so the rows add up to the whole and a
city's own office is not counted again in the city's row. The overview's
filters choose the subtree the rows come from.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy

from certificates.models import Certificate

from .. import ratings
from .annual import records
from .columns import DEPARTMENTS
from .common import Labels, staff_condition
from .completions import enrolments

EXPIRING_DAYS = 60
MEASURES = ("assigned", "in_progress", "completed", "on_time", "overdue")


def course_counts(query, group: str) -> dict:
    """Enrolment measures grouped by ``group`` (a field path), in one query."""
    today = timezone.localdate()
    rows = (
        query.alias(done_on=TruncDate("completed_at"))
        .values(group)
        .annotate(
            assigned=Count("pk"),
            in_progress=Count("pk", filter=Q(status="in_progress")),
            completed=Count("pk", filter=Q(status="completed")),
            on_time=Count(
                "pk", filter=Q(status="completed", done_on__lte=F("due_date"))
            ),
            overdue=Count(
                "pk",
                filter=~Q(status="completed") & Q(required=True, due_date__lt=today),
            ),
        )
        .order_by()
    )
    return {row.pop(group): row for row in rows}


def rate_of(counts: dict) -> Decimal | None:
    if not counts.get("assigned"):
        return None
    share = Decimal(counts["completed"] * 100) / counts["assigned"]
    return share.quantize(Decimal("0.1"))


def certificate_counts(scope, filters, group: str) -> dict:
    """Valid certificates and those expiring within 60 days, grouped by ``group``."""
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=EXPIRING_DAYS)
    query = Certificate.objects.valid(today).filter(
        staff_condition(scope, filters, "holder__staff__")
    )
    if filters.course_key is not None:
        query = query.filter(course_key=filters.course_key)
    rows = (
        query.values(group)
        .annotate(
            valid=Count("pk"),
            expiring=Count("pk", filter=Q(expires_on__lte=soon)),
        )
        .order_by()
    )
    return {row.pop(group): row for row in rows}


def _people(scope, filters) -> dict:
    """Per department: staff, 学时 and targets, staff on target, ratings."""
    totals: dict = {}
    for record in records(scope, filters):
        row = totals.setdefault(
            record.staff.department_id,
            {"staff": 0, "hours": Decimal("0"), "target": Decimal("0"), "on_target": 0}
            | {rating: 0 for rating in (ratings.EXCELLENT, ratings.PASS, ratings.FAIL)},
        )
        target = record.hours["target"]["total"] or Decimal("0")
        row["staff"] += 1
        row["hours"] += record.hours["total"]
        row["target"] += target
        row["on_target"] += record.hours["total"] >= target
        row[record.rating] += 1
    return totals


class DepartmentsReport:
    name = "departments"
    title = gettext_lazy("Department roll-up")

    def columns(self, filters):
        return DEPARTMENTS

    def departments(self, scope, filters, after=None):
        query = scope.departments()
        if filters.department is not None:
            query = query.filter(tree_path__startswith=filters.department.tree_path)
        if after is not None:
            query = query.filter(tree_path__gt=str(after[0]))
        return query.order_by("tree_path")

    def count(self, scope, filters) -> int:
        return self.departments(scope, filters).count()

    def key(self, row: tuple) -> tuple:
        return (row[-1],)

    def rows(self, scope, filters, *, after=None):
        labels = Labels(scope)
        courses = course_counts(
            enrolments(scope, filters), "user__staff__department_id"
        )
        certificates = certificate_counts(
            scope, filters, "holder__staff__department_id"
        )
        people = _people(scope, filters)
        for department in self.departments(scope, filters, after):
            yield _row(department, labels, courses, certificates, people)


def _row(department, labels, courses, certificates, people) -> tuple:
    counts = courses.get(department.pk, dict.fromkeys(MEASURES, 0))
    mine = people.get(department.pk, {})
    certs = certificates.get(department.pk, {})
    return (
        labels.department(department.pk),
        mine.get("staff", 0),
        *(counts[measure] for measure in MEASURES),
        rate_of(counts),
        mine.get("hours", Decimal("0")),
        mine.get("target", Decimal("0")),
        mine.get("on_target", 0),
        mine.get(ratings.EXCELLENT, 0),
        mine.get(ratings.PASS, 0),
        mine.get(ratings.FAIL, 0),
        certs.get("valid", 0),
        certs.get("expiring", 0),
        department.pk,
        department.tree_path,
    )
