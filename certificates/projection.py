"""The certificates projector: a course's ``completed`` issues its certificate.

Registered with ``xapi`` in ``CertificatesConfig.ready``. The statement is the
signal; the enrolment is the evidence (``services.issue_for_completion``), so
a ``completed`` for one of our courses sent by another client issues nothing
unless the learner has completed the course here. Cheap for what it ignores:
anything that is not ``completed`` on one of our course IRIs returns before
the first query.
"""

from courses.models import Enrolment
from people.agents import account_name, user_ids_for

from .statements import course_completions


def issue_certificates(stored: list[dict]) -> None:
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
    if not wanted:
        return
    from .services import issue_for_completion

    for user_id, course_key in sorted(wanted):
        enrolment = (
            Enrolment.objects.filter(
                user_id=user_id, course_key=course_key, status="completed"
            )
            .values_list("pk", flat=True)
            .first()
        )
        if enrolment is not None:
            issue_for_completion(enrolment_id=enrolment)
