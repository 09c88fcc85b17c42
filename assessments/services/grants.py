"""How many attempts a learner may make, and the extra attempts trainers grant."""

from django.db import transaction
from django.utils.translation import gettext as _

from people.models import StaffMember

from ..exceptions import GrantRefused
from ..models import Assessment, AttemptGrant

GRANT_PERMISSION = "assessments.add_attemptgrant"


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
    """Give ``user`` one more attempt, recording who granted it and why.

    Raises ``GrantRefused``, granting nothing, unless ``granted_by`` is an
    active account holding ``assessments.add_attemptgrant`` (trainers,
    reviewers, administrators), ``user`` is a learner (the active account of
    a staff member) other than ``granted_by``, and a reason is given. The
    checks are here, not only in the admin view, so no caller can skip them.
    """
    _check_grant(user=user, granted_by=granted_by, reason=reason)
    return AttemptGrant.objects.create(
        assessment=assessment, user=user, granted_by=granted_by, reason=reason.strip()
    )


def _check_grant(*, user, granted_by, reason: str) -> None:
    if granted_by is None or not granted_by.is_active:
        raise GrantRefused(_("Only a signed-in trainer can grant an attempt."))
    if granted_by.pk == user.pk:
        raise GrantRefused(_("You cannot grant yourself an attempt."))
    if not granted_by.has_perm(GRANT_PERMISSION):
        raise GrantRefused(_("You may not grant extra attempts."))
    if not user.is_active or not StaffMember.objects.filter(user=user).exists():
        raise GrantRefused(_("Extra attempts are granted to learners only."))
    if not reason.strip():
        raise GrantRefused(_("A reason is required."))
