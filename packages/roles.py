"""What the platform's roles may do with xAPI packages (collected by people)."""

from people import roles

_PACKAGES = ["packages.add_package", "packages.change_package", "packages.view_package"]

ROLE_PERMISSIONS = {
    roles.TRAINER: _PACKAGES,
    roles.REVIEWER: _PACKAGES,
    # Importing whole cmi5 courses through the API is the administrators' own.
    roles.ADMINISTRATOR: [*_PACKAGES, "packages.add_cmi5course"],
}
