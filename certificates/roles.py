"""What the platform's roles may do with certificates (collected by ``people.roles``).

Trainers edit the templates; HR officers (in their scope) and administrators
see and revoke certificates; only administrators delete templates.
"""

from people import roles

_TEMPLATES = [
    "certificates.add_certificatetemplate",
    "certificates.change_certificatetemplate",
    "certificates.view_certificatetemplate",
]
_MANAGE = ["certificates.view_certificate", "certificates.revoke_certificate"]

ROLE_PERMISSIONS = {
    roles.TRAINER: _TEMPLATES,
    roles.HR_OFFICER: _MANAGE,
    roles.ADMINISTRATOR: [
        *_TEMPLATES,
        "certificates.delete_certificatetemplate",
        *_MANAGE,
    ],
}
