"""Large exports as jobs: the progress page, the download, who may fetch it, retention."""

import io
import json
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEntry
from reports import audit_events
from reports.exports.jobs import build_job, delete_expired
from reports.exports.models import ExportJob
from tests.celery_worker import redis_worker_on
from tests.reports.exports_world import administrator, build_cities

URL = reverse("exports:export", kwargs={"name": "staff_list"})


@pytest.fixture
def small_threshold(settings):
    settings.REPORT_EXPORT_ASYNC_ROWS = 2


def _request_job(client, capture, **data) -> ExportJob:
    with capture(execute=True):
        response = client.post(URL, {"format": "xlsx", "identity": "masked", **data})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:job", kwargs={"pk": job.pk})
    return job


def test_a_large_export_becomes_a_job_with_a_download_link(
    cities, small_threshold, verified_client, django_capture_on_commit_callbacks
):
    client = verified_client(cities["hr_xian"])
    job = _request_job(client, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert (job.rows_total, job.rows_done) == (3, 3)
    page = client.get(reverse("exports:job", kwargs={"pk": job.pk}))
    download = reverse("exports:job_download", kwargs={"pk": job.pk})
    assert download in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()
    response = client.get(download)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [
        "XA****01",
        "XA****02",
        "XA****03",
    ]
    actions = list(
        AuditEntry.objects.order_by("pk").values_list("action", "details__rows")
    )
    assert actions[-3:] == [
        (audit_events.EXPORT_REQUESTED, 3),
        (audit_events.EXPORTED, 3),
        (audit_events.EXPORT_DOWNLOADED, None),
    ]


def test_a_queued_job_shows_its_progress_and_refreshes_without_script(
    cities, small_threshold, verified_client
):
    client = verified_client(cities["hr_xian"])
    client.post(URL, {"format": "csv", "identity": "masked"})  # never committed
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(rows_done=1)
    body = client.get(reverse("exports:job", kwargs={"pk": job.pk})).content.decode()
    assert 'http-equiv="refresh"' in body
    assert "<progress" in body and 'value="33"' in body
    status = client.get(reverse("exports:job_status", kwargs={"pk": job.pk})).json()
    assert status == {
        "status": "queued",
        "label": status["label"],
        "done": 1,
        "total": 3,
        "percent": 33,
    }
    download = client.get(reverse("exports:job_download", kwargs={"pk": job.pk}))
    assert download.status_code == 404


def test_another_officers_job_answers_404_and_an_administrator_may_fetch_it(
    cities, small_threshold, verified_client, django_capture_on_commit_callbacks
):
    job = _request_job(
        verified_client(cities["hr_xian"]), django_capture_on_commit_callbacks
    )
    other = verified_client(cities["hr_baoji"])
    for name in ("job", "job_status", "job_download"):
        response = other.get(reverse(f"exports:{name}", kwargs={"pk": job.pk}))
        assert response.status_code == 404
    admin = verified_client(administrator())
    response = admin.get(reverse("exports:job_download", kwargs={"pk": job.pk}))
    assert response.status_code == 200


def test_the_full_form_of_a_job_keeps_its_purpose(
    cities, small_threshold, verified_client, django_capture_on_commit_callbacks
):
    client = verified_client(cities["hr_xian"])
    job = _request_job(
        client,
        django_capture_on_commit_callbacks,
        identity="full",
        purpose="年度考核",
    )
    job.refresh_from_db()
    assert job.full_identity and job.purpose == "年度考核"
    response = client.get(reverse("exports:job_download", kwargs={"pk": job.pk}))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["A2"].value == "XA000001"
    entry = AuditEntry.objects.get(action=audit_events.EXPORTED)
    assert entry.details["purpose"] == "年度考核"


def test_a_job_is_built_once_even_if_delivered_twice(
    cities, small_threshold, verified_client, django_capture_on_commit_callbacks
):
    job = _request_job(
        verified_client(cities["hr_xian"]), django_capture_on_commit_callbacks
    )
    assert build_job(job.pk) == "skipped"
    assert AuditEntry.objects.filter(action=audit_events.EXPORTED).count() == 1


def test_a_job_whose_department_left_the_scope_fails_with_nothing(
    cities, small_threshold, verified_client
):
    client = verified_client(cities["hr_xian"])
    client.post(URL, {"format": "csv", "identity": "masked"})  # never committed
    job = ExportJob.objects.get()
    # Edited in the database: the build reads the filters against the scope again.
    baoji = str(cities["baoji"].pk)
    ExportJob.objects.filter(pk=job.pk).update(filters={"department": baoji})
    assert build_job(job.pk) == ExportJob.Status.FAILED
    job.refresh_from_db()
    assert not job.file


def test_files_are_deleted_after_the_retention_period(
    cities,
    small_threshold,
    settings,
    verified_client,
    django_capture_on_commit_callbacks,
):
    settings.REPORT_EXPORT_RETENTION_HOURS = 2
    client = verified_client(cities["hr_xian"])
    job = _request_job(client, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.expires_at - timezone.now() > timedelta(hours=1, minutes=59)
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert delete_expired(now=timezone.now() + timedelta(hours=1)) == 0
    assert delete_expired(now=timezone.now() + timedelta(hours=3)) == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED
    assert not storage.exists(name)
    download = client.get(reverse("exports:job_download", kwargs={"pk": job.pk}))
    assert download.status_code == 404


def test_the_cleanup_runs_on_celerys_beat_schedule(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["delete-expired-report-exports"]
    assert schedule["task"] == "reports.tasks.delete_expired_exports"


@pytest.fixture
def redis_worker():
    with redis_worker_on("redis://127.0.0.1:6379/13") as worker:
        yield worker


@pytest.mark.celery
def test_a_large_export_is_built_by_a_celery_worker_over_redis(
    reference_data, settings, verified_client, redis_worker
):
    settings.REPORT_EXPORT_ASYNC_ROWS = 2
    cities = build_cities()
    client = verified_client(cities["hr_xian"])
    response = client.post(URL, {"format": "csv", "identity": "masked"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("exports:job", kwargs={"pk": job.pk})
    deadline = time.monotonic() + 30
    while job.is_pending and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    response = client.get(reverse("exports:job_download", kwargs={"pk": job.pk}))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "XA****03" in text and "BJ" not in text


def test_a_link_never_starts_a_job_it_asks_for_the_form(
    cities, small_threshold, verified_client
):
    client = verified_client(cities["hr_xian"])
    response = client.get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert 'name="purpose"' in response.content.decode()
    assert not ExportJob.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="reports.export").exists()


def test_a_job_is_written_in_the_language_it_was_requested_in(
    cities, small_threshold, verified_client, django_capture_on_commit_callbacks
):
    client = verified_client(cities["hr_xian"])
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"format": "json", "identity": "masked"})
    job = ExportJob.objects.get()
    assert job.language == "en"
    response = client.get(reverse("exports:job_download", kwargs={"pk": job.pk}))
    rows = json.loads(b"".join(response.streaming_content))
    assert [row["employee_id"] for row in rows] == ["XA****01", "XA****02", "XA****03"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"format": "csv", "identity": "masked"})
    latest = ExportJob.objects.order_by("-pk").first()
    response = client.get(reverse("exports:job_download", kwargs={"pk": latest.pk}))
    header = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Employee ID,Name,Department")


def test_an_officer_lists_only_their_own_jobs(
    cities, small_threshold, verified_client, django_assert_max_num_queries
):
    client = verified_client(cities["hr_xian"])
    for _ in range(3):
        client.post(URL, {"format": "csv", "identity": "masked"})
    other = verified_client(cities["hr_baoji"])
    other.post(URL, {"format": "csv", "identity": "masked"})  # 2 rows: streamed
    with django_assert_max_num_queries(8):
        body = client.get(reverse("exports:jobs")).content.decode()
    mine = ExportJob.objects.filter(requested_by=cities["hr_xian"])
    assert len(mine) == 3
    for job in mine:
        assert reverse("exports:job", kwargs={"pk": job.pk}) in body
    baoji_body = other.get(reverse("exports:jobs")).content.decode()
    for job in ExportJob.objects.all():
        assert reverse("exports:job", kwargs={"pk": job.pk}) not in baoji_body
