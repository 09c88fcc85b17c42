import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories.people import StaffMemberFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_home_speaks_chinese_by_default_even_to_an_english_browser(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "公务员在线培训平台" in body
    # The switcher offers English under its own name.
    assert 'value="en"' in body and ">English<" in body


def test_language_switch_turns_the_site_english_and_back(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Civil Service Online Training" in body
    assert ">简体中文<" in body
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "公务员在线培训平台" in client.get("/").content.decode()


def test_home_shows_the_learner_their_staff_record(client, db):
    staff = StaffMemberFactory(name="王小明", employee_id="D0001")
    client.force_login(staff.user)
    body = client.get("/").content.decode()
    assert "王小明" in body
    assert "D0001" in body
    assert staff.department.name in body


def test_learner_is_refused_the_wagtail_admin(client, db):
    staff = StaffMemberFactory()
    client.force_login(staff.user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_user_reaches_the_wagtail_admin(client, db):
    admin = UserFactory(username="boss", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200


def _manage(*args, **env):
    # The site's own settings, not the test suite's.
    dropped = {
        "SECRET_KEY",
        "DEBUG",
        "OTP_REQUIRED",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DJANGO_SETTINGS_MODULE",
    }
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("key", ["", "short", "django-insecure-" + "x" * 60])
def test_site_refuses_to_start_without_a_real_secret_key_when_debug_is_off(key):
    result = _manage("check", DEBUG="0", SECRET_KEY=key, ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_documented_production_configuration_passes_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k" * 20 + "Zq8-Lm2_Xw9pRt4vBn7yHs3dFg6jKc1eUa5oWi0",
        ALLOWED_HOSTS="training.example.gov.cn",
        CSRF_TRUSTED_ORIGINS="https://training.example.gov.cn",
        SITE_BASE_URL="https://training.example.gov.cn",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
