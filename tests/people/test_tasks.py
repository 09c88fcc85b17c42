"""The roster's preview and import as Celery tasks, inline and on a real worker."""

import time

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people import roles
from people.models import RosterImport, StaffMember
from people.services import ensure_department, grant_hr_scope
from people.tasks import run_roster_import
from tests.celery_worker import redis_worker_on
from tests.factories.people import UserFactory

ROSTER = "工号,姓名,部门,职务,职级\n5001,钱七,陕西省/西安市/莲湖区,科员,一级科员\n"


def _hr_officer():
    user = UserFactory(username="hr-tasks")
    user.groups.add(Group.objects.get(name=roles.HR_OFFICER))
    grant_hr_scope(user=user, department=ensure_department(path="陕西省/西安市"))
    return user


def _queued_record(user, roster=ROSTER):
    return RosterImport.objects.create(
        uploaded_by=user,
        original_name="r.csv",
        content=roster.encode(),
        deactivate_missing=False,
        status=RosterImport.Status.QUEUED,
    )


@pytest.mark.django_db
def test_task_imports_once_even_if_delivered_twice():
    record = _queued_record(_hr_officer())
    assert run_roster_import(record.pk) == "imported"
    assert run_roster_import(record.pk) == "skipped"
    record.refresh_from_db()
    assert record.status == RosterImport.Status.IMPORTED
    assert record.summary["created"] == 1
    assert record.content == b""
    assert StaffMember.objects.filter(employee_id="5001").count() == 1


@pytest.mark.django_db
def test_task_rejects_a_roster_that_no_longer_passes_and_keeps_its_errors():
    user = _hr_officer()
    # The officer's scope was withdrawn between preview and import.
    record = _queued_record(user)
    user.hr_scopes.all().delete()
    assert run_roster_import(record.pk) == "rejected"
    record.refresh_from_db()
    assert record.summary["errors"][0]["line"] == 2
    assert not StaffMember.objects.exists()


@pytest.fixture
def redis_worker():
    with redis_worker_on("redis://127.0.0.1:6379/15") as worker:
        yield worker


@pytest.mark.celery
def test_confirmed_import_runs_on_a_celery_worker_over_redis(
    client, reference_data, redis_worker
):
    user = _hr_officer()
    client.force_login(user)
    upload = SimpleUploadedFile("r.csv", ROSTER.encode())
    preview_url = client.post(reverse("people:roster_upload"), {"file": upload})[
        "Location"
    ]
    record = _wait_while(RosterImport.Status.CHECKING)
    assert record.status == RosterImport.Status.PREVIEWED
    assert "钱七" in client.get(preview_url).content.decode()
    client.post(preview_url)
    record = _wait_while(RosterImport.Status.QUEUED)
    assert record.status == RosterImport.Status.IMPORTED
    assert StaffMember.objects.get(employee_id="5001").department.name == "莲湖区"
    body = client.get(preview_url).content.decode()
    assert 'class="status imported"' in body


def _wait_while(status) -> RosterImport:
    record = RosterImport.objects.get()
    deadline = time.monotonic() + 30
    while record.status == status and time.monotonic() < deadline:
        time.sleep(0.2)
        record.refresh_from_db()
    return record
