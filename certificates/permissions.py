"""Who may act on which certificate: the one place views and services ask."""

from people.models import Department, sees_whole_organisation


def can_manage(user, certificate) -> bool:
    """HR in scope of the holder's department, or an administrator."""
    if not (user.is_authenticated and user.is_active):
        return False
    if not user.has_perm("certificates.revoke_certificate"):
        return False
    if sees_whole_organisation(user):
        return True
    return (
        certificate.department_id is not None
        and Department.objects.visible_to(user)
        .filter(pk=certificate.department_id)
        .exists()
    )


def can_correct(user) -> bool:
    """Correcting what a certificate certifies is for administrators only."""
    return bool(user.is_active and sees_whole_organisation(user))
