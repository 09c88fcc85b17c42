"""The overdue list: required enrolments past their due date and not completed.

The year filter keeps those due in the chosen year or earlier, so this year's
list shows everything still owed today, last year's included.
"""

import datetime
import uuid

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from courses.models import Enrolment

from .columns import OVERDUE
from .common import Labels, batched, course_condition, staff_condition
from .completions import STAFF, words

FIELDS = (
    "user_id",
    "course_key",
    "status",
    "due_date",
    f"{STAFF}employee_id",
    f"{STAFF}name",
    f"{STAFF}department_id",
    f"{STAFF}position__name",
    f"{STAFF}position__name_en",
)


def overdue_enrolments(scope, filters, today=None):
    today = today or timezone.localdate()
    return (
        Enrolment.objects.filter(
            staff_condition(scope, filters, STAFF), course_condition(filters)
        )
        .filter(required=True, due_date__lt=today)
        .filter(due_date__lte=datetime.date(filters.year, 12, 31))
        .exclude(status=Enrolment.Status.COMPLETED)
    )


class OverdueReport:
    name = "overdue"
    title = gettext_lazy("Overdue required training")

    def columns(self, filters):
        return OVERDUE

    def count(self, scope, filters) -> int:
        return overdue_enrolments(scope, filters).count()

    def key(self, row: tuple) -> tuple:
        return (row[-2], row[-1])

    def rows(self, scope, filters, *, after=None):
        query = overdue_enrolments(scope, filters)
        if after is not None:
            user_id, course_key = int(after[0]), uuid.UUID(str(after[1]))
            query = query.filter(
                Q(user_id__gt=user_id) | Q(user_id=user_id, course_key__gt=course_key)
            )
        query = query.order_by("user_id", "course_key").values_list(*FIELDS)
        labels, today, word = Labels(scope), timezone.localdate(), words()
        for batch in batched(query.iterator(chunk_size=2000)):
            for row in batch:
                yield _row(row, labels, today, word)


def _row(row, labels, today, word) -> tuple:
    (user_id, key, status, due, employee_id, name, department_id,
     position, position_en) = row  # fmt: skip
    return (
        employee_id,
        name,
        labels.department(department_id),
        labels.position(position, position_en),
        labels.course(key),
        due,
        (today - due).days,
        word[status],
        user_id,
        str(key),
    )
