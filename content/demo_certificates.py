"""Demo only: the certificates of the demo history, with one revoked and one expired.

Every completion of the demo history has already issued its certificate
through the ordinary path (the certificates projector). Here the history gets
what a site in use for some years has: a security certificate earned more
than two years ago, before this cycle's assignments (expired, and so back as
overdue required training), the demo learner's security certificate coming
up for renewal (so the course is back on their dashboard), and one
certificate revoked by the administrator with a reason.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import Certificate
from certificates.services import renew_expiring, revoke_certificate

from . import demo


def seed_early_completion(catalogue: dict, members: list) -> None:
    """Before this cycle's assignments: a security course done 26 months ago.

    Its certificate is valid for 24 months, so it expired two months since.
    """
    if members:
        moment = timezone.now() - timedelta(days=26 * 30)
        _complete(members[-1].user, catalogue[demo.SECURITY], moment)


def seed_certificate_history(catalogue: dict) -> None:
    now = timezone.now()
    security = catalogue[demo.SECURITY]
    learner = get_user_model().objects.get(username="learner")
    # 23 months ago: within the renewal window, so it comes back as required.
    _complete(learner, security, now - timedelta(days=23 * 30 + 10))
    renew_expiring(now=now)
    victim = (
        Certificate.objects.valid()
        .exclude(holder__username="learner")
        .order_by("serial")
        .first()
    )
    if victim is not None:
        revoke_certificate(
            certificate=victim,
            by=get_user_model().objects.get(username="admin"),
            reason=_("Demo: the exam record was found to be irregular on review."),
            now=now,
        )


def _complete(user, entry: tuple, moment) -> None:
    import random

    from courses import services as courses

    course, lessons, exam = entry
    courses.start_course(user=user, course=course, now=moment)
    for lesson in lessons:
        moment += demo.LESSON_GAP
        courses.complete_lesson(user=user, lesson=lesson, now=moment)
    demo._take_exam(user, exam, (1.0,), random.Random(demo.SEED), moment)
