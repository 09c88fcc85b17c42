import pytest
from django.contrib.auth.models import Group, Permission

from people import roles
from people.roles import PERMISSIONS, sync_roles
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
