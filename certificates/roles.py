"""What each role may do with certificates (collected by ``people.roles``)."""

from people import roles

_MANAGE = ["certificates.view_certificate", "certificates.revoke_certificate"]

ROLE_PERMISSIONS = {
    roles.HR_OFFICER: _MANAGE,
    roles.ADMINISTRATOR: _MANAGE,
}
