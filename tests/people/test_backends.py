"""The cached user lookup: fast, and never serving a user who changed."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY

from people.roster import import_roster
from tests.factories.people import DepartmentFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

BACKEND = "people.backends.CachedUserBackend"


def signed_in(client, user):
    client.force_login(user, backend=BACKEND)
    assert client.session[BACKEND_SESSION_KEY] == BACKEND
    return client


def test_the_user_is_read_from_the_shared_cache(
    client, shared_cache, django_assert_num_queries
):
    user = StaffMemberFactory().user
    signed_in(client, user)
    client.get("/")
    from people.backends import CachedUserBackend

    with django_assert_num_queries(0):
        assert CachedUserBackend().get_user(user.pk) == user


def test_a_changed_password_signs_the_user_out_at_once(client, shared_cache):
    user = StaffMemberFactory().user
    signed_in(client, user)
    assert client.get("/").context["user"] == user
    user.set_password("another secret password")
    user.save()
    assert not client.get("/").context["user"].is_authenticated


def test_a_roster_deactivation_signs_the_user_out_at_once(
    client, shared_cache, django_capture_on_commit_callbacks
):
    department = DepartmentFactory(name="西安市")
    staff = StaffMemberFactory(department=department, employee_id="R0100")
    signed_in(client, staff.user)
    assert client.get("/").context["user"].is_authenticated
    roster = "工号,姓名,部门,职务,职级,在职\nR0100,李雷,西安市,科员,一级科员,否\n"
    with django_capture_on_commit_callbacks(execute=True):
        import_roster(
            content=roster.encode(),
            filename="名单.csv",
            importer=UserFactory(is_superuser=True),
        )
    assert not client.get("/").context["user"].is_authenticated


def test_the_account_name_is_read_once_and_follows_a_changed_staff_record(
    shared_cache, django_assert_num_queries
):
    from people.agents import account_name_for

    staff = StaffMemberFactory(employee_id="N0100")
    user = staff.user
    assert account_name_for(user) == "N0100"
    with django_assert_num_queries(0):
        # A heartbeat names its learner without reading the staff row.
        assert account_name_for(type(user).objects.none().model(pk=user.pk)) == "N0100"
    staff.employee_id = "N0101"
    staff.save()
    assert account_name_for(type(user).objects.get(pk=user.pk)) == "N0101"
    staff.delete()
    fresh = type(user).objects.get(pk=user.pk)
    assert account_name_for(fresh) == f"user:{user.username}"
