"""A small hand-built organisation whose report figures are written out in the tests.

Year 2025, target 50 学时 with 20 in the required bucket; rating thresholds:
pass at 100 %, excellent at 120 % with every required course on time, fail
below the required target or with an overdue required course.

雁塔区 (西安市):
- 甲 XA0001: A due 30 Jun, done 1 Jun (on time); B due 30 Sep, done 15 Sep
  (on time). 30 + 20 required, 10 elective = 60 → excellent. Certificate of A
  valid. Exam of A: 60 then 90 (best 90, 2 attempts).
- 乙 XA0002: A done 10 Jul (late); B not done (overdue). 30 required → fail
  (30/50, one overdue). Certificate of A expired on 1 Oct 2025.
- 丙 XA0003: A on time. 20 required + 32 elective = 52 → pass (104 %).
- 丁 XA0004: A on time. 12 required + 44 elective = 56 → fail (required 12/20).
  Certificate of A revoked.
- 戊 XA0005: moved from 碑林区 to 雁塔区 in July; A on time in March, while in
  碑林区. 20 required + 30 elective = 50 → pass. Counted under 雁塔区.
- 己 XA0006: B was assigned (due 30 Sep) and the assignment withdrawn: B is an
  elective, not started, never overdue. 20 required + 30 elective → pass.
碑林区 (西安市): nobody now.
宝鸡市: 庚 BJ0001, A overdue, no 学时 → fail.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal as D

import pytest
from django.utils import timezone

from assessments.models import Attempt
from certificates.models import Certificate
from certificates.services.issuing import issue_for_completion
from courses.models import Enrolment
from ledger.models import PolicyTarget, StudyHourEntry, StudyPolicy
from people import roles
from people.services import ensure_department, grant_hr_scope, grant_role
from reports.models import RatingPolicy
from tests.factories.assessments import make_bank, make_exam
from tests.factories.courses import make_course, translate
from tests.factories.people import StaffMemberFactory, UserFactory

YEAR = 2025


def at(month, day, year=YEAR) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def on(month, day, year=YEAR) -> datetime.date:
    return datetime.date(year, month, day)


@dataclass
class Org:
    departments: dict = field(default_factory=dict)
    staff: dict = field(default_factory=dict)
    courses: dict = field(default_factory=dict)
    officers: dict = field(default_factory=dict)
    exam: object = None


def enrol(member, course, *, due=None, done=None, status=None, enrolled=None):
    status = status or ("completed" if done else "enrolled")
    return Enrolment.objects.create(
        user=member.user,
        course_key=course.translation_key,
        required=due is not None,
        due_date=due,
        status=status,
        enrolled_at=enrolled or at(1, 10),
        started_at=at(1, 11) if status != "enrolled" else None,
        completed_at=done,
    )


def credit(member, hours, *, bucket="required", source="online", reference=""):
    return StudyHourEntry.objects.create(
        user=member.user,
        year=YEAR,
        hours=D(hours),
        source=source,
        bucket=bucket,
        title="test",
        reference=reference,
        credited_on=on(6, 1),
    )


def certify(enrolment, **changes):
    certificate = issue_for_completion(enrolment_id=enrolment.pk)
    if changes:
        Certificate.objects.filter(pk=certificate.pk).update(**changes)
    return certificate


def officer(name, department):
    user = UserFactory(username=name)
    grant_role(user=user, role=roles.HR_OFFICER)
    grant_hr_scope(user=user, department=department)
    return user


def _departments(org):
    org.departments.update(
        yanta=ensure_department(path="陕西省/西安市/雁塔区"),
        beilin=ensure_department(path="陕西省/西安市/碑林区"),
        baoji=ensure_department(path="陕西省/宝鸡市"),
    )
    org.departments["xian"] = org.departments["yanta"].parent
    org.officers.update(
        xian=officer("hr-xian", org.departments["xian"]),
        beilin=officer("hr-beilin", org.departments["beilin"]),
        baoji=officer("hr-baoji", org.departments["baoji"]),
    )


def _policies():
    policy = StudyPolicy.objects.create(year=YEAR)
    PolicyTarget.objects.create(
        policy=policy, from_rank=0, total=D("50"), required=D("20")
    )
    RatingPolicy.objects.create(year=YEAR)


def _people(org):
    yanta, d = org.departments["yanta"], org.departments
    for key, employee_id, name, department in (
        ("jia", "XA0001", "甲", yanta),
        ("yi", "XA0002", "乙", yanta),
        ("bing", "XA0003", "丙", yanta),
        ("ding", "XA0004", "丁", yanta),
        ("wu", "XA0005", "戊", d["beilin"]),
        ("ji", "XA0006", "己", yanta),
        ("geng", "BJ0001", "庚", d["baoji"]),
    ):
        org.staff[key] = StaffMemberFactory(
            employee_id=employee_id, name=name, department=department
        )


def _learning(org):
    s, a, b = org.staff, org.courses["a"], org.courses["b"]
    first = enrol(s["jia"], a, due=on(6, 30), done=at(6, 1))
    certify(first)
    enrol(s["jia"], b, due=on(9, 30), done=at(9, 15))
    for percent, number in ((60, 1), (90, 2)):
        Attempt.objects.create(
            assessment=org.exam, user=s["jia"].user, number=number,
            status="graded", percent=D(percent), graded_at=at(5, number),
        )  # fmt: skip
    certify(enrol(s["yi"], a, due=on(6, 30), done=at(7, 10)), expires_on=on(10, 1))
    enrol(s["yi"], b, due=on(9, 30), status="in_progress")
    enrol(s["bing"], a, due=on(6, 30), done=at(6, 2))
    certify(enrol(s["ding"], a, due=on(6, 30), done=at(6, 3)), status="revoked")
    certify(enrol(s["wu"], a, due=on(6, 30), done=at(3, 1)))
    withdrawn = enrol(s["ji"], b, due=on(9, 30), enrolled=at(3, 1))
    Enrolment.objects.filter(pk=withdrawn.pk).update(required=False, due_date=None)
    enrol(s["geng"], a, due=on(6, 30))


def _hours(org):
    s, a, b = org.staff, org.courses["a"], org.courses["b"]
    credit(s["jia"], "30", reference=str(a.translation_key))
    credit(s["jia"], "20", reference=str(b.translation_key))
    credit(s["jia"], "10", bucket="elective", source="offline")
    credit(s["yi"], "30", reference=str(a.translation_key))
    credit(s["bing"], "20", reference=str(a.translation_key))
    credit(s["bing"], "32", bucket="elective", source="external")
    credit(s["ding"], "12", reference=str(a.translation_key))
    credit(s["ding"], "44", bucket="elective", source="offline")
    credit(s["wu"], "20", reference=str(a.translation_key))
    credit(s["wu"], "30", bucket="elective", source="other")
    credit(s["ji"], "20", source="offline")
    credit(s["ji"], "30", bucket="elective", source="offline")


@pytest.fixture
def org(db) -> Org:
    org = Org()
    _departments(org)
    _policies()
    _people(org)
    a = make_course("网上政务服务概论", lessons=1)
    translate(a, "en", "Introduction to online government services")
    org.courses.update(a=a, b=make_course("信息安全", lessons=1))
    org.exam = make_exam(a, make_bank(course=a, questions=3), draw=3)
    _learning(org)
    _hours(org)
    # 戊 moves to 雁塔区 after the March completion (the roster says so now).
    wu = org.staff["wu"]
    wu.department = org.departments["yanta"]
    wu.save()
    return org


@pytest.fixture
def cities(db):
    """The exports' and the API's two cities (tests/reports/exports_world.py)."""
    from tests.reports.exports_world import build_cities

    return build_cities()
