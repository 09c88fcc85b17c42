"""Completion detail: one row per staff member × course enrolment of the year.

Read in one ordered query (a server-side cursor on PostgreSQL) and, per
batch of 2,000 rows, three grouped queries for the batch's people: their
final exam attempts, their ledger credits per course and their certificates.
The key is (user id, course key): the order of the enrolments' unique index.
"""

import uuid
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

from assessments.models import Attempt
from certificates.models import Certificate
from courses.models import Enrolment
from ledger.models import StudyHourEntry

from ..i18n import gettext as _
from .columns import COMPLETIONS as COLUMNS
from .common import (
    BATCH,
    Labels,
    batched,
    course_condition,
    staff_condition,
    year_enrolments,
)

STAFF = "user__staff__"
FIELDS = (
    "user_id",
    "course_key",
    "status",
    "required",
    "enrolled_at",
    "due_date",
    "completed_at",
    f"{STAFF}employee_id",
    f"{STAFF}name",
    f"{STAFF}department_id",
    f"{STAFF}position__name",
    f"{STAFF}position__name_en",
    f"{STAFF}grade__name",
    f"{STAFF}grade__name_en",
)
OVERDUE = "overdue"


def enrolments(scope, filters):
    """The enrolments of the report, unordered (for counts and roll-ups)."""
    return Enrolment.objects.filter(
        staff_condition(scope, filters, STAFF),
        year_enrolments(filters.year),
        course_condition(filters),
    )


def local_day(moment, zone):
    return None if moment is None else moment.astimezone(zone).date()


def is_on_time(completed_on, due_date) -> bool | None:
    """Completed on or before the due day (None: not completed, or nothing due)."""
    if completed_on is None or due_date is None:
        return None
    return completed_on <= due_date


def status_of(status, required, due_date, today) -> str:
    owed = status != Enrolment.Status.COMPLETED and required and due_date
    return OVERDUE if owed and due_date < today else status


def words() -> dict:
    """Every fixed word of a row, translated once per run, not once per cell."""
    return {
        True: _("Yes"),
        False: _("No"),
        None: None,
        "required": _("Required"),
        "elective": _("Elective"),
        OVERDUE: _("Overdue"),
        "enrolled": _("Not started"),
        "in_progress": _("In progress"),
        "completed": _("Completed"),
        "valid": _("Valid"),
        "expired": _("Expired"),
        "revoked": _("Revoked"),
        "": "",
    }


def _exams(user_ids) -> dict:
    rows = (
        Attempt.objects.filter(user_id__in=user_ids, assessment__kind="exam")
        .values_list("user_id", "assessment__course__translation_key")
        .annotate(
            best=Max("percent", filter=Q(status=Attempt.Status.GRADED)),
            attempts=Count("pk"),
        )
        .order_by()
    )
    return {(u, k): (best, attempts) for u, k, best, attempts in rows}


def _credits(user_ids) -> dict:
    rows = (
        StudyHourEntry.objects.filter(user_id__in=user_ids, source="online")
        .values_list("user_id", "reference")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    return {(u, reference): hours for u, reference, hours in rows}


def certificate_state(status, expires_on, today) -> str:
    """Valid, expired or revoked: an expired or revoked one does not count."""
    if status == Certificate.Status.REVOKED:
        return "revoked"
    if expires_on is not None and expires_on <= today:
        return "expired"
    return "valid"


def _certificates(user_ids) -> dict:
    """The latest certificate of each (person, course); superseded ones replaced."""
    rows = (
        Certificate.objects.filter(holder_id__in=user_ids)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .order_by("issued_at", "pk")
        .values_list("holder_id", "course_key", "serial", "status", "expires_on")
    )
    return {(u, k): (serial, status, expires) for u, k, serial, status, expires in rows}


class CompletionsReport:
    name = "completions"
    title = gettext_lazy("Completion detail")

    def columns(self, filters):
        return COLUMNS

    def count(self, scope, filters) -> int:
        return enrolments(scope, filters).count()

    def key(self, row: tuple) -> tuple:
        return (row[-2], row[-1])

    def rows(self, scope, filters, *, after=None):
        query = enrolments(scope, filters)
        if after is not None:
            user_id, course_key = int(after[0]), uuid.UUID(str(after[1]))
            query = query.filter(
                Q(user_id__gt=user_id) | Q(user_id=user_id, course_key__gt=course_key)
            )
        yield from completion_rows(query, Labels(scope))


def completion_rows(query, labels: Labels):
    """Yield the report's rows of the enrolments in ``query``, in keyset order."""
    query = query.order_by("user_id", "course_key").values_list(*FIELDS)
    when = (timezone.localdate(), timezone.get_current_timezone(), words())
    for batch in batched(query.iterator(chunk_size=BATCH)):
        user_ids = list({row[0] for row in batch})
        extra = (_exams(user_ids), _credits(user_ids), _certificates(user_ids))
        for row in batch:
            yield _row(row, extra, labels, when)


def _row(row, extra, labels, when) -> tuple:
    (user_id, key, status, required, enrolled, due, completed, employee_id, name,
     department_id, position, position_en, grade, grade_en) = row  # fmt: skip
    exams, credits, certificates = extra
    today, zone, word = when
    done_on = local_day(completed, zone)
    best, attempts = exams.get((user_id, key), (None, 0))
    serial, cert_status, expires = certificates.get((user_id, key), (None,) * 3)
    state = certificate_state(cert_status, expires, today) if serial else ""
    on_time = is_on_time(done_on, due)
    return (
        employee_id,
        name,
        labels.department(department_id),
        labels.position(position, position_en),
        labels.grade(grade, grade_en),
        labels.course(key),
        word["required" if required else "elective"],
        local_day(enrolled, zone),
        due,
        word[status_of(status, required, due, today)],
        done_on,
        word[on_time],
        best,
        attempts,
        credits.get((user_id, str(key)), Decimal("0")),
        serial or "",
        expires,
        word[state],
        user_id,
        str(key),
    )
