"""Required training: assignment rules and the enrolments they make.

An assignment run (creating a rule, or applying every rule to staff who joined
or moved) records the ``registered`` statements of the enrolments it creates
in one ``record`` call, not one per person, so a roster of thousands costs one
batch.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from people.agents import agent_for
from people.models import StaffMember
from xapi.services import record_statements

from .. import statements
from ..activities import course_refs
from ..caching import forget_learner_state
from ..models import Assignment, Enrolment


@transaction.atomic
def create_assignment(
    *, created_by, due_date: date, now: datetime | None = None, **rule
) -> tuple[Assignment, int]:
    """Create an assignment rule and enrol the staff it matches now.

    ``rule`` holds ``course`` or ``programme`` and at least one target
    (``department`` with ``include_subdepartments``, ``position``, ``grade``,
    ``staff``). Returns the assignment and how many enrolments it created or
    made required. Scope is the caller's check (``AssignmentForm`` does it).
    """
    now = now or timezone.now()
    assignment = Assignment(
        created_by=created_by, due_date=due_date, created_at=now, **rule
    )
    assignment.full_clean()
    assignment.save()
    pending: list[Enrolment] = []
    count = _apply(assignment, None, pending, now)
    _record_registered(pending)
    return assignment, count


@transaction.atomic
def apply_assignment(
    assignment: Assignment, staff=None, *, now: datetime | None = None
) -> int:
    """Enrol the matching staff (all, or those in ``staff``) as required, by the due date."""
    pending: list[Enrolment] = []
    count = _apply(assignment, staff, pending, now or timezone.now())
    _record_registered(pending)
    return count


@transaction.atomic
def apply_assignments_to_staff(
    staff_ids: Iterable[int], *, now: datetime | None = None
) -> int:
    """Apply every assignment rule to these staff (after they join or move)."""
    members = list(
        StaffMember.objects.active()
        .filter(pk__in=list(staff_ids))
        .select_related("department")
    )
    if not members:
        return 0
    now = now or timezone.now()
    pending: list[Enrolment] = []
    total = 0
    for assignment in Assignment.objects.select_related(
        "course", "programme", "department"
    ):
        total += _apply(assignment, members, pending, now)
    _record_registered(pending)
    return total


def _apply(assignment, staff, pending: list, now: datetime) -> int:
    people = StaffMember.objects.matching(assignment)
    if staff is not None:
        people = people.filter(pk__in=[member.pk for member in staff])
    user_ids = list(people.values_list("user_id", flat=True))
    return _require(
        user_ids, assignment.course_keys(), assignment.due_date, pending, now
    )


def _require(user_ids, course_keys, due_date: date, pending: list, now) -> int:
    """Make each (user, course) enrolment required, keeping the earliest due date.

    New enrolments are appended to ``pending``, for their statements.
    """
    if not user_ids or not course_keys:
        return 0
    existing = {
        (row.user_id, row.course_key): row
        for row in Enrolment.objects.filter(
            user_id__in=user_ids, course_key__in=course_keys
        )
    }
    new, changed = [], []
    for user_id in user_ids:
        for key in course_keys:
            row = existing.get((user_id, key))
            if row is None:
                new.append(_required_enrolment(user_id, key, due_date, now))
            elif not row.required or row.due_date is None or row.due_date > due_date:
                row.required, row.due_date = True, due_date
                changed.append(row)
    created = _insert_new(new)
    Enrolment.objects.bulk_update(changed, ["required", "due_date"], batch_size=500)
    forget_learner_state((row.user_id, row.course_key) for row in new + changed)
    pending.extend(created)
    return len(new) + len(changed)


def _required_enrolment(user_id, course_key, due_date, now) -> Enrolment:
    return Enrolment(
        user_id=user_id,
        course_key=course_key,
        required=True,
        due_date=due_date,
        enrolled_at=now,
    )


def _insert_new(new: list[Enrolment]) -> list[Enrolment]:
    """Insert the new enrolments; return those this run really created.

    Another request may enrol the same learner meanwhile (``ignore_conflicts``);
    only rows that are ours afterwards get a ``registered`` statement.
    """
    if not new:
        return []
    Enrolment.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    stamps = {(row.user_id, row.course_key): row.enrolled_at for row in new}
    stored = Enrolment.objects.filter(
        user_id__in={row.user_id for row in new},
        course_key__in={row.course_key for row in new},
        enrolled_at__in=set(stamps.values()),
    ).select_related("user__staff")
    return [
        row
        for row in stored
        if stamps.get((row.user_id, row.course_key)) == row.enrolled_at
    ]


def _record_registered(enrolments: list[Enrolment]) -> None:
    """Record every new enrolment's ``registered`` in one batch."""
    if not enrolments:
        return
    refs = course_refs({row.course_key for row in enrolments})
    record_statements(
        [
            statements.registered(
                actor=agent_for(row.user),
                course=refs[row.course_key],
                when=row.enrolled_at,
            )
            for row in enrolments
            if row.course_key in refs
        ]
    )
