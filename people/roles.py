"""The platform's roles, as Django groups, and the permissions each one holds.

The groups are created by a data migration (``0002_roles``) and kept in step by
``sync_roles`` after every ``migrate``, so a permission added here reaches
existing sites without a new migration.
"""

from django.utils.translation import gettext_lazy as _

LEARNER = "Learner"
TRAINER = "Trainer"
REVIEWER = "Reviewer"
HR_OFFICER = "HR officer"
ADMINISTRATOR = "Administrator"

LABELS = {
    LEARNER: _("Learner"),
    TRAINER: _("Trainer"),
    REVIEWER: _("Reviewer"),
    HR_OFFICER: _("HR officer"),
    ADMINISTRATOR: _("Administrator"),
}

_ADMIN_ACCESS = ["wagtailadmin.access_admin"]
_MEDIA = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
_AUTHORING = [
    "simple_translation.submit_translation",
    "packages.add_package",
    "packages.change_package",
    "packages.view_package",
]
_QUESTION_BANKS = [
    "assessments.add_questionbank",
    "assessments.change_questionbank",
    "assessments.view_questionbank",
    "assessments.add_question",
    "assessments.change_question",
    "assessments.view_question",
    "assessments.add_assessment",
    "assessments.change_assessment",
    "assessments.view_assessment",
    "assessments.view_attempt",
    "assessments.add_attemptgrant",
]
_TRAINING_ASSIGNMENT = [
    "courses.add_assignment",
    "courses.view_assignment",
    "courses.add_programme",
    "courses.change_programme",
    "courses.view_programme",
]
_STAFF_MANAGEMENT = [
    "people.view_staffmember",
    "people.add_staffmember",
    "people.change_staffmember",
    "people.import_roster",
    "people.view_rosterimport",
    "people.view_position",
    "people.view_grade",
]

# Learners hold no permission: what they may see is their own records, which
# the QuerySets' visible_to() grant to everybody. They never reach the admin.
PERMISSIONS: dict[str, list[str]] = {
    LEARNER: [],
    TRAINER: _ADMIN_ACCESS + _MEDIA + _AUTHORING + _QUESTION_BANKS,
    REVIEWER: _ADMIN_ACCESS + _MEDIA + _AUTHORING + _QUESTION_BANKS,
    HR_OFFICER: _ADMIN_ACCESS + _STAFF_MANAGEMENT + _TRAINING_ASSIGNMENT,
    ADMINISTRATOR: _ADMIN_ACCESS
    + _MEDIA
    + _AUTHORING
    + _QUESTION_BANKS
    + _STAFF_MANAGEMENT
    + _TRAINING_ASSIGNMENT
    + [
        "courses.change_credithoursettings",
        "courses.delete_programme",
        "people.view_all_departments",
        "people.view_department",
        "people.add_department",
        "people.change_department",
        "people.delete_department",
        "people.add_position",
        "people.change_position",
        "people.add_grade",
        "people.change_grade",
        "people.add_hrscope",
        "people.change_hrscope",
        "people.delete_hrscope",
        "people.view_hrscope",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "auth.view_group",
        "people.change_studyhoursettings",
        "xapi.view_client",
        "xapi.add_client",
        "xapi.change_client",
    ],
}


def sync_roles(group_model, permission_model) -> None:
    """Create the role groups and give each exactly its listed permissions.

    Takes the model classes so that a migration can pass its historical ones.
    A permission whose app is not installed yet is skipped, not an error.
    """
    for name, codenames in PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=name)
        wanted = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            permission = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)
