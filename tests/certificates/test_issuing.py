"""A certificate is issued once per completion, from the completion's statement."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from certificates import codes
from certificates.models import Certificate
from certificates.services.issuing import add_months
from courses import services as courses
from courses.models import CoursePage, Enrolment
from people.models import StaffMember
from tests.certificates.conftest import complete_course, pass_exam
from tests.factories.courses import make_course, translate
from tests.factories.people import StaffMemberFactory
from xapi import vocabulary as v
from xapi.models import Statement
from xapi.services import record_statements

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_passing_the_exam_issues_one_certificate_with_its_snapshot(
    learner, course_with_exam
):
    course, exam = course_with_exam
    translate(course, "en", "Cyber security basics")
    now = datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)
    complete_course(learner, course, exam, now=now)

    certificate = Certificate.objects.get(holder=learner)
    assert certificate.serial == "2026-000001"
    assert certificate.issued_at == now
    assert certificate.expires_on == date(2028, 11, 20)
    snap = certificate.snapshot
    assert snap["holder_name"] == "张晓明"
    assert snap["employee_id"] == "P1001"
    assert snap["department"] == "陕西省/西安市"
    assert snap["course_title"] == {
        "zh-hans": "网络安全基础",
        "en": "Cyber security basics",
    }
    assert snap["score"] == 100
    assert snap["credit_hours"] == str(course.effective_credit_hours.normalize())
    assert certificate.state() == "valid"


def test_issuing_records_earned_with_the_score_and_serial(certificate):
    earned = Statement.objects.get(verb_id=v.EARNED)
    data = earned.data
    assert data["actor"]["account"]["name"] == "P1001"
    assert data["object"]["id"].endswith(str(certificate.course_key))
    assert data["result"]["score"]["scaled"] == 1.0
    assert certificate.serial in data["context"]["extensions"].values()


def test_a_course_of_lessons_only_is_certified_by_its_last_lesson(learner):
    course = make_course("政务公开", lessons=2, completion_rule="lessons")
    complete_course(learner, course)
    certificate = Certificate.objects.get(holder=learner)
    assert certificate.snapshot["score"] is None
    assert certificate.expires_on is None


def test_the_pass_recorded_twice_issues_one_certificate(certificate, learner):
    enrolment = Enrolment.objects.get(user=learner)
    courses.recheck_completion(
        user_id=learner.pk, course_key=enrolment.course_key, when=enrolment.completed_at
    )
    # The course's completion statement arriving again (another id) is a no-op.
    again = Statement.objects.get(
        verb_id=v.COMPLETED, data__object__id__endswith=str(enrolment.course_key)
    ).data
    record_statements([{**again, "id": "8f7c3e0a-9a53-4d6e-9a53-8a1b2c3d4e5f"}])
    assert Certificate.objects.filter(holder=learner).count() == 1
    assert Statement.objects.filter(verb_id=v.EARNED).count() == 1


def test_a_foreign_completed_for_the_course_issues_nothing(
    learner, course_with_exam, client
):
    from tests.xapi.conftest import LRS, basic
    from xapi.auth import create_client

    course, _exam = course_with_exam
    courses.start_course(user=learner, course=course)
    credentials = create_client(name="elsewhere", scopes=["all"])
    lrs = LRS(client, basic(credentials.key, credentials.secret))
    statement = {
        "actor": v.learner("P1001"),
        "verb": v.verb(v.COMPLETED),
        "object": {"objectType": "Activity", "id": course.activity_id},
    }
    assert lrs.post("/xapi/statements", json.dumps(statement)).status_code == 200
    assert not Certificate.objects.exists()


def test_later_renames_change_nothing_already_issued(certificate, learner):
    course = CoursePage.objects.get(translation_key=certificate.course_key)
    course.title = "改过名的课程"
    course.save_revision().publish()
    StaffMember.objects.filter(user=learner).update(name="张小明")
    certificate.refresh_from_db()
    assert certificate.snapshot["holder_name"] == "张晓明"
    assert certificate.snapshot["course_title"]["zh-hans"] == "网络安全基础"


def test_serials_count_up_per_year_without_gaps(course_with_exam, xian):
    course, exam = course_with_exam
    serials = []
    for number, day in enumerate(
        [datetime(2025, 3, 1, 9, tzinfo=SHANGHAI)] * 3
        + [datetime(2026, 1, 2, 9, tzinfo=SHANGHAI)] * 2
    ):
        user = StaffMemberFactory(employee_id=f"S{number:04d}", department=xian).user
        complete_course(user, course, exam, now=day)
        serials.append(Certificate.objects.get(holder=user).serial)
    assert serials == [
        "2025-000001",
        "2025-000002",
        "2025-000003",
        "2026-000001",
        "2026-000002",
    ]


def test_the_verification_code_is_random_and_stored_hashed(certificate):
    code = codes.unseal(certificate.code_sealed)
    assert codes.normalise(code) == code
    assert len(code.replace("-", "")) * 5 >= 80
    assert certificate.code_digest == codes.digest(code)
    assert code not in json.dumps(certificate.snapshot)
    assert code not in certificate.code_digest
    # Readers mistype: case and look-alike letters still find it.
    assert codes.digest(code.lower().replace("0", "o")) == certificate.code_digest


def test_a_failed_exam_issues_nothing(learner, course_with_exam):
    course, exam = course_with_exam
    courses.start_course(user=learner, course=course)
    for lesson in course.lessons():
        courses.complete_lesson(user=learner, lesson=lesson)
    from assessments import services as assessments

    attempt = assessments.start_attempt(user=learner, assessment=exam)
    assessments.submit_attempt(attempt=attempt)
    assert not Certificate.objects.exists()
    pass_exam(learner, exam)
    assert Certificate.objects.count() == 1


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 20), 24, date(2028, 11, 20)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_validity_months_land_on_a_real_day(day, months, expected):
    assert add_months(day, months) == expected


def test_voiding_the_completion_revokes_its_certificate(learner, client):
    from audit.models import AuditEntry
    from tests.xapi.conftest import LRS, basic
    from xapi.auth import create_client

    course = make_course("政务公开", lessons=1, completion_rule="lessons")
    courses.start_course(user=learner, course=course)
    credentials = create_client(name="corrections", scopes=["all"])
    lrs = LRS(client, basic(credentials.key, credentials.secret))
    done = lrs.post(
        "/xapi/statements",
        json.dumps(
            {
                "actor": v.learner("P1001"),
                "verb": {"id": v.COMPLETED},
                "object": {"id": course.lessons().first().activity_id},
            }
        ),
    )
    certificate = Certificate.objects.get(holder=learner)
    assert certificate.state() == "valid"
    voiding = {
        "actor": {"mbox": "mailto:registrar@example.com"},
        "verb": {"id": v.VOIDED},
        "object": {"objectType": "StatementRef", "id": done.json()[0]},
    }
    assert lrs.post("/xapi/statements", json.dumps(voiding)).status_code == 200
    certificate.refresh_from_db()
    assert certificate.state() == "revoked" and certificate.revocation_reason
    assert AuditEntry.objects.filter(
        action="certificates.revoked", target_id=str(certificate.pk)
    ).exists()
