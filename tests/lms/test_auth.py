"""Logging in, lockout, and changing or resetting a password."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from people.roster import import_roster
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def learner():
    return UserFactory(username="zhangsan", password=PASSWORD, email="zs@example.cn")


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_with_the_right_password_goes_home(client, learner):
    response = _login(client, "zhangsan", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get("/").context["user"] == learner


def test_wrong_password_is_refused_with_a_message(client, learner):
    response = _login(client, "zhangsan", "wrong")
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert response.context["form"].non_field_errors()


def test_account_locks_after_five_failures_even_with_the_right_password(
    client, learner, settings
):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(5):
        _login(client, "zhangsan", "wrong")
    response = _login(client, "zhangsan", PASSWORD)
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_not_per_office(client, learner):
    UserFactory(username="lisi", password=PASSWORD)
    for _attempt in range(5):
        _login(client, "zhangsan", "wrong")
    # A colleague behind the same address can still log in.
    assert _login(client, "lisi", PASSWORD).status_code == 302


def test_failures_below_the_limit_reset_after_a_good_login(client, learner):
    for _attempt in range(4):
        _login(client, "zhangsan", "wrong")
    assert _login(client, "zhangsan", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(4):
        _login(client, "zhangsan", "wrong")
    assert _login(client, "zhangsan", PASSWORD).status_code == 302


def test_logout_needs_post_and_ends_the_session(client, learner):
    client.force_login(learner)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_password_change_applies_the_password_validators(client, learner):
    client.force_login(learner)
    url = reverse("password_change")
    weak = {
        "old_password": PASSWORD,
        "new_password1": "12345678",
        "new_password2": "12345678",
    }
    response = client.post(url, weak)
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    strong = "Lantern-Orchard-47"
    response = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong},
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password(strong)


def test_roster_imported_staff_set_a_first_password_by_reset_link(client, settings):
    root = UserFactory(username="root", is_superuser=True)
    roster = "工号,姓名,部门,职务,职级,邮箱\n3001,新同事,陕西省,科员,一级科员,new@example.cn\n"
    import_roster(content=roster.encode(), filename="r.csv", importer=root)
    response = client.post(reverse("password_reset"), {"email": "new@example.cn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(
        1
    )
    form_url = client.get(link)["Location"]
    new = "Lantern-Orchard-47"
    client.post(form_url, {"new_password1": new, "new_password2": new})
    assert _login(client, "3001", new).status_code == 302


def test_password_reset_does_not_reveal_whether_an_address_exists(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.cn"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert not mail.outbox
