"""Writes to the organisation that are not a roster import."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .models import PATH_SEPARATOR, Department, Grade, HRScope, Position, StaffMember


@transaction.atomic
def ensure_department(*, path: str) -> Department:
    """Return the department at ``path`` (``陕西省/西安市/...``), creating missing levels.

    Idempotent: an existing level is reused, never duplicated.
    """
    parent = None
    for name in [part.strip() for part in path.split(PATH_SEPARATOR)]:
        department = Department.objects.filter(parent=parent, name=name).first()
        if department is None:
            department = Department(parent=parent, name=name)
            department.save()
        parent = department
    return parent


@transaction.atomic
def save_staff_member(
    *,
    user,
    employee_id: str,
    name: str,
    department: Department,
    position: str,
    grade_code: str,
    email: str = "",
) -> StaffMember:
    """Create or update the staff record of ``user``, keyed by employee ID."""
    staff, _created = StaffMember.objects.update_or_create(
        employee_id=employee_id,
        defaults={
            "user": user,
            "name": name,
            "department": department,
            "position": Position.objects.get_or_create(name=position)[0],
            "grade": Grade.objects.get(code=grade_code),
            "email": email,
        },
    )
    return staff


def grant_role(*, user, role: str) -> None:
    """Put ``user`` in the group of ``role`` (one of ``people.roles``)."""
    user.groups.add(Group.objects.get(name=role))


def grant_hr_scope(*, user, department: Department) -> HRScope:
    """Let ``user`` manage ``department`` and its subtree. Idempotent."""
    return HRScope.objects.get_or_create(user=user, department=department)[0]


def create_user(*, username: str, password: str, **fields):
    """Create or update a login account with ``password``. Idempotent."""
    User = get_user_model()
    user, _created = User.objects.update_or_create(username=username, defaults=fields)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user
