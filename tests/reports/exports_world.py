"""A small report over the staff in scope, and two cities to attack each other from.

``staff_list`` is registered like any report of ``reports-core``: the exports
and the API know nothing of it but its columns and rows.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import signals
from django.db import close_old_connections
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from people import roles
from people.services import ensure_department, grant_hr_scope, grant_role
from reports.tables import (
    BOOLEAN,
    DATE,
    DECIMAL,
    EMPLOYEE_ID,
    NAME,
    Column,
    register,
)
from tests.factories.people import StaffMemberFactory, UserFactory

COLUMNS = (
    Column("employee_id", _("Employee ID"), personal=EMPLOYEE_ID, width=12),
    Column("name", _("Name"), personal=NAME, width=10),
    Column("department", _("Department"), width=20),
    Column("position", _("Position")),
    Column("joined", _("Joined"), kind=DATE),
    Column("active", _("Active"), kind=BOOLEAN),
    Column("hours", _("Study hours"), kind=DECIMAL),
)


class StaffListReport:
    name = "staff_list"
    title = _("Staff list")

    def columns(self, filters):
        return COLUMNS

    def _queryset(self, scope, filters):
        staff = scope.staff()
        if filters.department is not None:
            staff = staff.in_subtree(filters.department)
        if filters.position_id:
            staff = staff.filter(position_id=filters.position_id)
        if filters.grade_id:
            staff = staff.filter(grade_id=filters.grade_id)
        return staff

    def rows(self, scope, filters, *, after=None):
        staff = self._queryset(scope, filters).order_by("employee_id")
        if after is not None:
            staff = staff.filter(employee_id__gt=after[0])
        values = staff.annotate(joined=TruncDate("created_at")).values_list(
            "employee_id",
            "name",
            "department__name",
            "position__name",
            "joined",
            "is_active",
        )
        for row in values.iterator(chunk_size=2000):
            yield (*row, Decimal("1.5"))

    def key(self, row):
        return (row[0],)

    def count(self, scope, filters):
        return self._queryset(scope, filters).count()


REPORT = register(StaffListReport())


def hr_officer(username: str, department):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=roles.HR_OFFICER))
    grant_hr_scope(user=user, department=department)
    return user


def administrator(username: str = "reports-admin"):
    user = UserFactory(username=username, is_staff=True)
    grant_role(user=user, role=roles.ADMINISTRATOR)
    return user


def build_cities(xian_staff: int = 3, baoji_staff: int = 2) -> dict:
    """西安市 (with 雁塔区 under it) and 宝鸡市, their staff and HR officers."""
    xian = ensure_department(path="陕西省/西安市")
    yanta = ensure_department(path="陕西省/西安市/雁塔区")
    baoji = ensure_department(path="陕西省/宝鸡市")
    xian_ids = [f"XA{n:06d}" for n in range(1, xian_staff + 1)]
    for index, employee_id in enumerate(xian_ids):
        StaffMemberFactory(
            employee_id=employee_id,
            name=f"西安员工{index:03d}",
            department=yanta if index % 2 else xian,
        )
    baoji_ids = [f"BJ{n:06d}" for n in range(1, baoji_staff + 1)]
    for index, employee_id in enumerate(baoji_ids):
        StaffMemberFactory(
            employee_id=employee_id, name=f"宝鸡员工{index:03d}", department=baoji
        )
    return {
        "xian": xian,
        "yanta": yanta,
        "baoji": baoji,
        "xian_ids": xian_ids,
        "baoji_ids": baoji_ids,
        "hr_xian": hr_officer("hr-xian", xian),
        "hr_baoji": hr_officer("hr-baoji", baoji),
    }


@pytest.fixture
def wsgi_in_test_transaction():
    # As Django's test client does: a request through the WSGI handler would
    # otherwise close the connection that holds the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
