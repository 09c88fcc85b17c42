import copy

import pytest
from django.contrib.auth.models import Group

from assessments import services as assessments
from courses import services as courses
from people import roles
from tests.certificates.test_credentials_interop import node_verifier  # noqa: F401
from tests.factories.assessments import make_bank, make_exam
from tests.factories.courses import make_course
from tests.factories.people import DepartmentFactory, HRScopeFactory, StaffMemberFactory


def pass_exam(user, exam, *, now=None):
    attempt = assessments.start_attempt(user=user, assessment=exam, now=now)
    answers = {
        item.position: next(
            c["id"] for c in item.version.content["choices"] if c["correct"]
        )
        for item in attempt.items.select_related("version")
    }
    assessments.save_answers(attempt=attempt, answers=answers, now=now)
    return assessments.submit_attempt(attempt=attempt, now=now)


def complete_course(user, course, exam=None, *, now=None):
    """Do what a learner does: start, complete every lesson, pass the exam."""
    courses.start_course(user=user, course=course, now=now)
    for lesson in course.lessons():
        courses.complete_lesson(user=user, lesson=lesson, now=now)
    if exam is not None:
        pass_exam(user, exam, now=now)


@pytest.fixture
def xian():
    province = DepartmentFactory(name="陕西省")
    return DepartmentFactory(name="西安市", parent=province)


@pytest.fixture
def baoji(xian):
    return DepartmentFactory(name="宝鸡市", parent=xian.parent)


@pytest.fixture
def learner(xian):
    return StaffMemberFactory(employee_id="P1001", name="张晓明", department=xian).user


@pytest.fixture
def course_with_exam():
    course = make_course("网络安全基础", lessons=2, certificate_validity_months=24)
    exam = make_exam(course, make_bank(course=course, questions=3), draw=3)
    return course, exam


@pytest.fixture
def certificate(learner, course_with_exam):
    from certificates.models import Certificate

    complete_course(learner, *course_with_exam)
    return Certificate.objects.get(holder=learner)


def hr_officer(*departments, username="hr-officer"):
    staff = StaffMemberFactory(
        employee_id=username.upper()[:8], department=departments[0]
    )
    staff.user.groups.add(Group.objects.get(name=roles.HR_OFFICER))
    for department in departments:
        HRScopeFactory(user=staff.user, department=department)
    return staff.user


def administrator(username="admin-user"):
    staff = StaffMemberFactory(employee_id=username.upper()[:8])
    staff.user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    return staff.user


VERIFY_URL = "http://testserver/verify/K7Q2M9XW4RTB8N3PJ6HC5V1DZA/"
SNAPSHOT = {
    "serial": "2026-000123",
    "holder_name": "张晓明",
    "employee_id": "D0001",
    "department": "西安市 · 市政务服务中心",
    "course_title": {
        "zh-hans": "“互联网+政务服务”概论",
        "en": "Introduction to Internet + Government Services",
    },
    "credit_hours": "2.0",
    "score": 92,
    "issuer_name": "中共西安市委党校",
    "issued_on": "2026-12-01",
    "expires_on": "2028-12-01",
    "language": "zh-hans",
}


@pytest.fixture
def snapshot():
    return copy.deepcopy(SNAPSHOT)


@pytest.fixture
def default_templates(db):
    from certificates.default_templates import ensure_default_templates
    from certificates.models import CertificateTemplate

    ensure_default_templates()
    return {t.language: t for t in CertificateTemplate.objects.filter(is_default=True)}


@pytest.fixture
def zh_template(default_templates):
    return default_templates["zh-hans"]


@pytest.fixture
def en_template(default_templates):
    return default_templates["en"]


@pytest.fixture
def signing_key():
    """The self-signed demo pair in this test process's own key folder."""
    from certificates.rendering import ensure_pdf_signing_key

    return ensure_pdf_signing_key()
