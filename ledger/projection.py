"""The ledger projector: a course's ``completed`` credits its study hours.

Registered with ``xapi`` in ``LedgerConfig.ready``. As for certificates, the
statement is the signal and the enrolment the evidence: a ``completed`` on
one of our course IRIs credits nothing unless the learner's enrolment here
is completed. It records no statement (the course's ``completed`` is already
a follow-on, ``xapi/projectors.py``). Cheap for what it ignores.
"""

from certificates.statements import course_completions
from courses.models import Enrolment
from people.agents import account_name, user_ids_for


def credit_completions(stored: list[dict]) -> None:
    completions = course_completions(stored)
    if not completions:
        return
    names = {account_name(statement["actor"]) for statement, _key in completions}
    users = user_ids_for(name for name in names if name)
    wanted = {
        (users[name], key)
        for statement, key in completions
        if (name := account_name(statement["actor"])) in users
    }
    from .services import credit_online_completion

    for user_id, course_key in sorted(wanted):
        completed_at = (
            Enrolment.objects.filter(
                user_id=user_id, course_key=course_key, status="completed"
            )
            .values_list("completed_at", flat=True)
            .first()
        )
        if completed_at is not None:
            credit_online_completion(
                user_id=user_id, course_key=course_key, completed_at=completed_at
            )


def reverse_withdrawn(sender, *, user_id, course_key, completed_at, **kwargs) -> None:
    """Receive ``courses.signals.completion_withdrawn``: reverse what it credited."""
    from .services import reverse_online_completion

    reverse_online_completion(
        user_id=user_id, course_key=course_key, completed_at=completed_at
    )
