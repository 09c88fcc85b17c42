"""What the platform's roles may do with courses' models (collected by people)."""

from people import roles

_TRAINING_ASSIGNMENT = [
    "courses.add_assignment",
    "courses.view_assignment",
    "courses.add_programme",
    "courses.change_programme",
    "courses.view_programme",
]

ROLE_PERMISSIONS = {
    roles.HR_OFFICER: _TRAINING_ASSIGNMENT,
    roles.ADMINISTRATOR: _TRAINING_ASSIGNMENT
    + ["courses.change_credithoursettings", "courses.delete_programme"],
}
