"""Annual evaluation summary: one row per staff member for a year.

The 学时 are the ledger's (``ledger.bulk``), from the frozen figures when the
year is closed; the required courses, exam scores and certificates are
grouped queries per batch of 2,000 people. Department, position and grade
filters choose the people; course and required/elective narrow only the
course counts (the 学时 are the whole year's, as the evaluation reads them).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy

from assessments.models import Attempt
from certificates.models import Certificate
from courses.models import Enrolment
from ledger.bulk import YearContext, year_summaries
from people.models import StaffMember

from .. import ratings
from ..i18n import Words
from ..models import RatingPolicy
from .columns import ANNUAL
from .common import (
    Labels,
    batched,
    collector_paused,
    course_condition,
    reference_day,
    staff_condition,
    year_bounds,
    year_enrolments,
)

# Each batch's grouped queries scan the enrolment, ledger, attempt and
# certificate tables once, whatever the batch's size: 2,000 people a batch
# made the 20,000-row summary scan each table ten times. The first batch is
# small, so that a page of the API (at most 1,000 rows) costs one small
# batch; the rest go ``STAFF_BATCH`` at a time (held in memory: about 80 MB
# at 20,000 people, measured with VmHWM). Growing fourfold from the first
# made four batches of a 20,000-row export, and so four scans of each table.
FIRST_BATCH = 1001
STAFF_BATCH = 20000
SOURCES = ("online", "offline", "external", "other")
NO_COURSES = {"assigned": 0, "completed": 0, "on_time": 0, "overdue": 0}


@dataclass
class Record:
    """One person's year as the annual summary and the roll-up read it."""

    staff: "Person"
    hours: dict  # total, required, elective, online, by_source, target, five_year
    courses: dict  # assigned, completed, on_time, overdue (required courses)
    average_score: Decimal | None
    valid_certificates: int
    rating: str
    reason: str
    closed: bool


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def hours_of(summary) -> dict:
    """The year's 学时 and targets: the frozen figures of a closed year, else live."""
    if summary.frozen:
        return _frozen_hours(summary.frozen)
    totals, target = summary.totals, summary.target
    return {
        "total": totals.total,
        "required": totals.required,
        "elective": totals.elective,
        "online": totals.online,
        "by_source": totals.by_source,
        "target": {
            "total": target.total,
            "required": target.required,
            "online": target.online,
            "five_year": target.five_year,
        },
        "five_year": summary.five_year_total,
    }


def _frozen_hours(frozen: dict) -> dict:
    totals = frozen["totals"]
    return {
        "total": _dec(totals["total"]),
        "required": _dec(totals["required"]),
        "elective": _dec(totals["elective"]),
        "online": _dec(totals["online"]),
        "by_source": {key: _dec(value) for key, value in totals["by_source"].items()},
        "target": {key: _dec(value) for key, value in frozen["target"].items()},
        "five_year": _dec(frozen.get("five_year_total", "0")),
    }


def _courses(user_ids, filters, today) -> dict:
    rows = (
        Enrolment.objects.filter(
            year_enrolments(filters.year),
            course_condition(filters),
            user_id__in=user_ids,
            required=True,
        )  # fmt: skip
        .alias(done_on=TruncDate("completed_at"))
        .values("user_id")
        .annotate(
            assigned=Count("pk"),
            completed=Count("pk", filter=Q(status="completed")),
            on_time=Count(
                "pk", filter=Q(status="completed", done_on__lte=F("due_date"))
            ),
            overdue=Count("pk", filter=~Q(status="completed") & Q(due_date__lt=today)),
        )
        .order_by()
    )
    return {row.pop("user_id"): row for row in rows}


def _scores(user_ids, year: int) -> dict:
    """Average over the year's final exams of each person's best score."""
    start, end = year_bounds(year)
    bests = (
        Attempt.objects.filter(
            user_id__in=user_ids,
            assessment__kind="exam",
            status=Attempt.Status.GRADED,
            graded_at__gte=start,
            graded_at__lt=end,
            percent__isnull=False,
        )
        .values("user_id", "assessment_id")
        .annotate(best=Max("percent"))
        .order_by()
    )
    # Summed in SQL, so that one row per person comes back rather than one
    # per exam; the division stays in Decimal here, as the page rounds it.
    sql, params = bests.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT bests.user_id, SUM(bests.best), COUNT(*) FROM ({sql}) bests"
            " GROUP BY bests.user_id",
            params,
        )
        rows = cursor.fetchall()
    return {
        user_id: (_tenths(total) / count).quantize(Decimal("0.1"))
        for user_id, total, count in rows
    }


def _tenths(value) -> Decimal:
    # SQLite sums the one-decimal scores as floats; PostgreSQL as numerics.
    return value if isinstance(value, Decimal) else Decimal(f"{value:.1f}")


def _certificates(user_ids, day) -> dict:
    rows = (
        Certificate.objects.valid(day)
        .filter(holder_id__in=user_ids, issued_at__date__lte=day)
        .values_list("holder_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)


def _rate(hours: dict, courses: dict, score, thresholds, words) -> tuple[str, str]:
    target = hours["target"]
    record = ratings.YearRecord(
        total=hours["total"],
        target_total=target["total"] or Decimal("0"),
        required=hours["required"],
        target_required=target.get("required"),
        assigned=courses["assigned"],
        on_time=courses["on_time"],
        overdue=courses["overdue"],
        average_score=score,
    )
    return ratings.rate(record, thresholds, _=words)


PERSON = (
    "pk", "user_id", "employee_id", "name", "department_id", "position_id",
    "position__name", "position__name_en", "position__annual_target_hours",
    "grade__rank", "grade__name", "grade__name_en",
)  # fmt: skip


class _Grade:
    __slots__ = ("rank", "name", "name_en")

    def __init__(self, rank, name, name_en):
        self.rank, self.name, self.name_en = rank, name, name_en


class Person:
    """A staff member as the summary reads them: plain values, not a model instance.

    What ``ledger.bulk`` reads of a ``StaffMember`` is here too (``user_id``,
    ``position_id``, ``grade.rank``, ``annual_target_hours``); building 20,000
    model instances with their position and grade cost a third of the report.
    """

    __slots__ = (
        "pk", "user_id", "employee_id", "name", "department_id", "position_id",
        "position_name", "position_name_en", "position_target", "grade",
    )  # fmt: skip

    def __init__(self, row):
        (self.pk, self.user_id, self.employee_id, self.name, self.department_id,
         self.position_id, self.position_name, self.position_name_en,
         self.position_target, *grade) = row  # fmt: skip
        self.grade = _Grade(*grade)

    @classmethod
    def of(cls, staff: StaffMember) -> "Person":
        position, grade = staff.position, staff.grade
        return cls(
            (staff.pk, staff.user_id, staff.employee_id, staff.name,
             staff.department_id, staff.position_id, position.name,
             position.name_en, position.annual_target_hours, grade.rank, grade.name, grade.name_en)
        )  # fmt: skip

    def annual_target_hours(self, default):
        return default if self.position_target is None else self.position_target


def staff_query(scope, filters, after=None):
    query = StaffMember.objects.filter(staff_condition(scope, filters))
    if after is not None:
        query = query.filter(pk__gt=int(after[0]))
    return query.order_by("pk").values_list(*PERSON)


def records(scope, filters, *, after=None):
    """Yield each person's ``Record`` in staff id order (a fixed number of queries per batch).

    The rows of a batch are built before the first is yielded (see
    ``collector_paused``), so memory holds one batch of records at most.
    """
    context = YearContext.load(filters.year)
    thresholds = RatingPolicy.objects.thresholds_for(filters.year)
    words = Words()
    people = map(Person, staff_query(scope, filters, after).iterator(2000))
    size = FIRST_BATCH
    while True:
        with collector_paused():
            batch = next(batched(people, size), None)
            size = STAFF_BATCH
            if batch is None:
                return
            # The batch as a subquery: a list of thousands of ids costs more to send.
            users = StaffMember.objects.filter(
                staff_condition(scope, filters), pk__range=(batch[0].pk, batch[-1].pk)
            ).values("user_id")
            built = list(_records(batch, filters, context, thresholds, users, words))
        yield from built


def record_of(staff: StaffMember, filters) -> Record:
    """One person's ``Record`` (``staff`` with position and grade loaded)."""
    context = YearContext.load(filters.year)
    thresholds = RatingPolicy.objects.thresholds_for(filters.year)
    person = Person.of(staff)
    return next(
        _records([person], filters, context, thresholds, [staff.user_id], Words())
    )


def _records(batch, filters, context, thresholds, user_ids, words):
    today, day = timezone.localdate(), reference_day(filters.year)
    summaries = year_summaries(batch, context, user_ids)
    courses = _courses(user_ids, filters, today)
    scores = _scores(user_ids, filters.year)
    certificates = _certificates(user_ids, day)
    for member in batch:
        hours = hours_of(summaries[member.user_id])
        done = courses.get(member.user_id, NO_COURSES)
        score = scores.get(member.user_id)
        rating, reason = _rate(hours, done, score, thresholds, words)
        yield Record(
            member, hours, done, score, certificates.get(member.user_id, 0),
            rating, reason, summaries[member.user_id].closed,
        )  # fmt: skip


def _row(record: Record, labels: Labels, _) -> tuple:
    staff, hours, courses = record.staff, record.hours, record.courses
    target, by_source = hours["target"], hours["by_source"]
    return (
        staff.employee_id,
        staff.name,
        labels.department(staff.department_id),
        labels.position(staff.position_name, staff.position_name_en),
        labels.grade(staff.grade.name, staff.grade.name_en),
        hours["total"],
        *(by_source.get(source, Decimal("0")) for source in SOURCES),
        hours["required"],
        hours["elective"],
        target["total"],
        target.get("required"),
        target.get("online"),
        hours["five_year"] if target.get("five_year") is not None else None,
        target.get("five_year"),
        courses["assigned"],
        courses["completed"],
        courses["on_time"],
        courses["overdue"],
        record.average_score,
        record.valid_certificates,
        ratings.rating_label(record.rating, _),
        record.reason,
        _("Yes") if record.closed else _("No"),
        staff.pk,
    )


class AnnualReport:
    name = "annual"
    title = gettext_lazy("Annual evaluation summary")

    def columns(self, filters):
        return ANNUAL

    def count(self, scope, filters) -> int:
        return staff_query(scope, filters).count()

    def key(self, row: tuple) -> tuple:
        return (row[-1],)

    def rows(self, scope, filters, *, after=None):
        labels = Labels(scope)
        words = Words()
        for record in records(scope, filters, after=after):
            yield _row(record, labels, words)

    def rule(self, filters) -> str:
        """The rating rule of the year, for the report's header."""
        return ratings.describe(RatingPolicy.objects.thresholds_for(filters.year))
