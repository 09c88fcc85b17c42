"""A small hand-built world: one learner, two HR officers, two departments."""

from datetime import datetime
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from ledger.models import PolicyTarget, StudyPolicy
from people import roles
from tests.factories.courses import make_course
from tests.factories.people import DepartmentFactory, HRScopeFactory, StaffMemberFactory


def at(year, month, day) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 10, 0))


@pytest.fixture
def departments():
    return DepartmentFactory(name="西安市"), DepartmentFactory(name="宝鸡市")


@pytest.fixture
def staff(departments):
    return StaffMemberFactory(
        employee_id="D1001", name="王小明", department=departments[0]
    )


def _officer(name, department):
    scope = HRScopeFactory(user__username=name, department=department)
    scope.user.groups.add(Group.objects.get(name=roles.HR_OFFICER))
    return scope.user


@pytest.fixture
def hr_in(departments):
    return _officer("hr-xian", departments[0])


@pytest.fixture
def hr_out(departments):
    return _officer("hr-baoji", departments[1])


@pytest.fixture
def policy_2025():
    policy = StudyPolicy.objects.create(
        year=2025,
        online_rule="length_tiers",
        exam_bonus=D("0.5"),
        day_hours=8,
        elective_cap=D("20"),
        carry_over=True,
    )
    PolicyTarget.objects.create(
        policy=policy, from_rank=0, total=D("90"), required=D("30"), online=D("50")
    )
    # 四级调研员 (rank 7) and above: county/division level, five-year total.
    PolicyTarget.objects.create(
        policy=policy, from_rank=7, total=D("110"), five_year=D("550")
    )
    return policy


@pytest.fixture
def courses():
    return {
        "long": make_course(
            "依法行政", lessons=1, kind="required", estimated_minutes=40
        ),
        "mid": make_course("数字政府", lessons=1, estimated_minutes=20),
        "short": make_course("保密常识", lessons=1, estimated_minutes=10),
    }
