"""What the platform's roles may do with xAPI packages (collected by people).

The Package model moves to the ``packages`` app; this module moves with it.
"""

from people import roles

_PACKAGES = ["content.add_package", "content.change_package", "content.view_package"]

ROLE_PERMISSIONS = {
    roles.TRAINER: _PACKAGES,
    roles.REVIEWER: _PACKAGES,
    roles.ADMINISTRATOR: _PACKAGES,
}
