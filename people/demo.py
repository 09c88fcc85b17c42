"""Demo only: the demo department tree and one login per role, with a published password.

``seed_people`` is what ``python manage.py seed_demo`` runs first; the demo
activity on top of it (courses, exams) lives in ``content.demo``, because
``people`` must not depend on ``courses``. Never run it on a production site.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from . import roles
from .grades import ensure_grades
from .models import Grade
from .roles import sync_roles
from .services import (
    create_user,
    ensure_department,
    grant_hr_scope,
    grant_role,
    save_staff_member,
)

# Demo only: a published password so that anyone trying the platform can log in.
DEMO_PASSWORD = "Demo-Training-2026"

DEPARTMENTS = [
    "陕西省/西安市/雁塔区/雁塔区政务服务中心",
    "陕西省/西安市/雁塔区/雁塔区行政审批服务局",
    "陕西省/西安市/西安市数据局",
    "陕西省/宝鸡市/渭滨区/渭滨区政务服务中心",
    "陕西省/陕西省委党校",
]

# username, employee id, name, department, position, grade, role
USERS = [
    ("learner", "D0001", "王小明", DEPARTMENTS[0], "科员", "staff-1", roles.LEARNER),
    (
        "trainer",
        "D0002",
        "李华",
        DEPARTMENTS[4],
        "讲师",
        "principal-staff-4",
        roles.TRAINER,
    ),
    (
        "reviewer",
        "D0003",
        "张敏",
        DEPARTMENTS[4],
        "教研室主任",
        "researcher-4",
        roles.REVIEWER,
    ),
    (
        "hr",
        "D0004",
        "陈静",
        "陕西省/西安市",
        "人事科科长",
        "principal-staff-2",
        roles.HR_OFFICER,
    ),
    (
        "admin",
        "D0005",
        "赵刚",
        "陕西省",
        "信息中心主任",
        "researcher-2",
        roles.ADMINISTRATOR,
    ),
]


@transaction.atomic
def seed_people(stdout=None) -> None:
    """Create or update the demo departments and users; write who they are to ``stdout``.

    Idempotent: users are found by username, staff records by employee ID.
    """
    # Reference data normally comes from the migrations; recreate it so the
    # demo also works on a database that was flushed.
    ensure_grades(Grade)
    sync_roles(Group, Permission)
    for path in DEPARTMENTS:
        ensure_department(path=path)
    for row in USERS:
        _seed_user(*row)
    if stdout is not None:
        stdout.write(
            _("Users: %(users)s; password for all: %(password)s")
            % {"users": ", ".join(u[0] for u in USERS), "password": DEMO_PASSWORD}
        )


def _seed_user(username, employee_id, name, path, position, grade, role) -> None:
    is_admin = role == roles.ADMINISTRATOR
    user = create_user(
        username=username,
        password=DEMO_PASSWORD,
        first_name=name,
        email=f"{username}@demo.invalid",
        is_active=True,
        is_staff=is_admin,
        is_superuser=is_admin,
    )
    grant_role(user=user, role=role)
    if role != roles.LEARNER:
        grant_role(user=user, role=roles.LEARNER)
    department = ensure_department(path=path)
    save_staff_member(
        user=user,
        employee_id=employee_id,
        name=name,
        department=department,
        position=position,
        grade_code=grade,
        email=user.email,
    )
    if role == roles.HR_OFFICER:
        grant_hr_scope(user=user, department=department)
