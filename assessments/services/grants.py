"""How many attempts a learner may make, and the extra attempts trainers grant."""

from django.db import transaction

from ..models import Assessment, AttemptGrant


def attempts_allowed(*, user, assessment: Assessment) -> int | None:
    """Return how many attempts ``user`` may make in all (None: no limit)."""
    if assessment.max_attempts is None:
        return None
    extra = AttemptGrant.objects.filter(assessment=assessment, user=user).count()
    return assessment.max_attempts + extra


@transaction.atomic
def grant_attempt(
    *, assessment: Assessment, user, granted_by, reason: str
) -> AttemptGrant:
    """Give ``user`` one more attempt, recording who granted it and why."""
    if not reason.strip():
        raise ValueError("A reason is required.")
    return AttemptGrant.objects.create(
        assessment=assessment, user=user, granted_by=granted_by, reason=reason.strip()
    )
