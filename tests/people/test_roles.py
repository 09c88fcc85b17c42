import pytest
from django.apps import AppConfig, apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured

from people import roles
from people.roles import PERMISSIONS, ROLE_PERMISSIONS, role_permissions, sync_roles
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

ROLE_NAMES = [
    roles.LEARNER,
    roles.TRAINER,
    roles.REVIEWER,
    roles.HR_OFFICER,
    roles.ADMINISTRATOR,
]


def permissions_of(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }


def snapshot() -> dict[str, set[str]]:
    return {name: permissions_of(name) for name in ROLE_NAMES}


def test_migrations_create_the_five_role_groups():
    assert set(ROLE_NAMES) <= set(Group.objects.values_list("name", flat=True))
    assert set(PERMISSIONS) == set(ROLE_NAMES)


@pytest.mark.parametrize("name", ROLE_NAMES)
def test_each_group_holds_exactly_its_listed_permissions(name):
    # Every listed permission exists once migrations have run, so none of
    # them may have been skipped.
    assert permissions_of(name) == set(PERMISSIONS[name])


def test_hr_officer_may_import_the_roster_and_reach_the_admin():
    user = UserFactory(password=None)
    user.groups.add(Group.objects.get(name=roles.HR_OFFICER))

    assert user.has_perm("people.import_roster")
    assert user.has_perm("wagtailadmin.access_admin")
    assert not user.has_perm("people.view_all_departments")


def test_administrator_sees_the_whole_organisation():
    user = UserFactory(password=None)
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))

    assert user.has_perm("people.view_all_departments")
    assert user.has_perm("people.import_roster")


def test_learner_holds_no_permission():
    user = UserFactory(password=None)
    user.groups.add(Group.objects.get(name=roles.LEARNER))

    assert permissions_of(roles.LEARNER) == set()
    assert user.get_all_permissions() == set()
    assert not user.has_perm("wagtailadmin.access_admin")


def test_sync_roles_is_idempotent():
    before = snapshot()
    group_ids = dict(Group.objects.values_list("name", "pk"))

    sync_roles(Group, Permission)
    sync_roles(Group, Permission)

    assert snapshot() == before
    assert dict(Group.objects.values_list("name", "pk")) == group_ids


def test_sync_roles_restores_the_listed_permissions():
    hr = Group.objects.get(name=roles.HR_OFFICER)
    hr.permissions.remove(
        Permission.objects.get(
            content_type__app_label="people", codename="import_roster"
        )
    )
    hr.permissions.add(Permission.objects.get(codename="delete_staffmember"))
    Group.objects.get(name=roles.TRAINER).delete()

    sync_roles(Group, Permission)

    assert permissions_of(roles.HR_OFFICER) == set(PERMISSIONS[roles.HR_OFFICER])
    assert permissions_of(roles.TRAINER) == set(PERMISSIONS[roles.TRAINER])


def test_each_app_declares_its_own_roles_and_people_collects_them():
    from assessments.roles import ROLE_PERMISSIONS as assessments_roles
    from xapi.roles import ROLE_PERMISSIONS as xapi_roles

    assert set(assessments_roles[roles.TRAINER]) <= set(PERMISSIONS[roles.TRAINER])
    assert set(xapi_roles[roles.ADMINISTRATOR]) <= set(PERMISSIONS[roles.ADMINISTRATOR])
    assert not any(p.startswith("courses.") for p in ROLE_PERMISSIONS[roles.TRAINER])


def _with_roles_app():
    """The installed apps plus one that declares only a roles module."""
    return [*apps.get_app_configs(), AppConfig.create("tests.people.roles_app")]


def test_without_the_app_its_permissions_are_not_given():
    assert "people.view_grade" not in role_permissions()[roles.TRAINER]


def test_an_apps_roles_module_is_picked_up():
    collected = role_permissions(_with_roles_app())

    assert "people.view_grade" in collected[roles.TRAINER]
    assert set(PERMISSIONS[roles.TRAINER]) <= set(collected[roles.TRAINER])


def test_a_roles_module_naming_an_unknown_role_is_refused(monkeypatch):
    from tests.people.roles_app import roles as app_roles

    monkeypatch.setattr(app_roles, "ROLE_PERMISSIONS", {"Trainr": ["x.y"]})

    with pytest.raises(ImproperlyConfigured, match="Trainr"):
        role_permissions(_with_roles_app())
