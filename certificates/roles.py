"""What the platform's roles may do with certificates' models (collected by people)."""

from people import roles

_TEMPLATES = [
    "certificates.add_certificatetemplate",
    "certificates.change_certificatetemplate",
    "certificates.view_certificatetemplate",
]

ROLE_PERMISSIONS = {
    roles.TRAINER: _TEMPLATES,
    roles.ADMINISTRATOR: [*_TEMPLATES, "certificates.delete_certificatetemplate"],
}
