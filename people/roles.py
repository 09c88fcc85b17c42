"""The platform's roles, as Django groups, and the permissions each one holds.

Each app declares what its own models' permissions give each role, as plain
data in ``<app>/roles.py``::

    ROLE_PERMISSIONS = {roles.TRAINER: ["courses.view_assignment"], ...}

keyed by the role names below. ``role_permissions()`` collects them. The groups
are created by a data migration (``0002_roles``) and kept in step by
``sync_roles`` after every ``migrate``, so a permission added in any app's
``roles.py`` reaches existing sites without a new migration.
"""

import importlib
import importlib.util

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
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

# Django's and Wagtail's own permissions: those apps declare no roles, so the
# role owner lists what the platform's roles take from them.
_ADMIN_ACCESS = ["wagtailadmin.access_admin"]
_MEDIA = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "simple_translation.submit_translation",
]
_ACCOUNTS = ["auth.add_user", "auth.change_user", "auth.view_user", "auth.view_group"]
_STAFF_MANAGEMENT = [
    "people.view_staffmember",
    "people.add_staffmember",
    "people.change_staffmember",
    "people.import_roster",
    "people.view_rosterimport",
    "people.view_position",
    "people.view_grade",
]
_ORGANISATION = [
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
    "people.change_studyhoursettings",
]

# Learners hold no permission: what they may see is their own records, which
# the QuerySets' visible_to() grant to everybody. They never reach the admin.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    LEARNER: [],
    TRAINER: _ADMIN_ACCESS + _MEDIA,
    REVIEWER: _ADMIN_ACCESS + _MEDIA,
    HR_OFFICER: _ADMIN_ACCESS + _STAFF_MANAGEMENT,
    ADMINISTRATOR: _ADMIN_ACCESS
    + _MEDIA
    + _STAFF_MANAGEMENT
    + _ORGANISATION
    + _ACCOUNTS,
}


def role_permissions(app_configs=None) -> dict[str, list[str]]:
    """Return every role with the permissions all installed apps give it.

    Reads ``ROLE_PERMISSIONS`` from the ``roles`` module of each app that has
    one (``app_configs``, by default the installed apps, in ``INSTALLED_APPS``
    order), without duplicates. Raise ``ImproperlyConfigured`` for a role name
    that is not one of ``LABELS``.
    """
    if app_configs is None:
        app_configs = apps.get_app_configs()
    collected: dict[str, list[str]] = {name: [] for name in LABELS}
    for module in _roles_modules(app_configs):
        for role, codenames in module.ROLE_PERMISSIONS.items():
            if role not in collected:
                raise ImproperlyConfigured(
                    f"{module.__name__} gives permissions to an unknown role {role!r}."
                )
            collected[role] += [c for c in codenames if c not in collected[role]]
    return collected


def _roles_modules(app_configs):
    # The apps are found at run time, not imported by name: people sits below
    # courses, assessments and the rest, and a static import of them would
    # break the layering (import-linter sees only static imports; this
    # dynamic one is deliberate).
    for config in app_configs:
        name = f"{config.name}.roles"
        if importlib.util.find_spec(name) is not None:
            module = importlib.import_module(name)
            if hasattr(module, "ROLE_PERMISSIONS"):
                yield module


def __getattr__(name: str):
    # ``PERMISSIONS`` is computed on each access: collecting at import time
    # would import the other apps' modules while the app registry loads.
    if name == "PERMISSIONS":
        return role_permissions()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def sync_roles(group_model, permission_model) -> None:
    """Create the role groups and give each exactly its collected permissions.

    Takes the model classes so that a migration can pass its historical ones.
    A permission whose app is not installed yet is skipped, not an error.
    """
    for name, codenames in role_permissions().items():
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
