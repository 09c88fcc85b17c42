"""Writes to the organisation that are not a roster import."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .accounts import taken_usernames
from .exceptions import AccountTaken
from .models import (
    PATH_SEPARATOR,
    Department,
    Grade,
    HRScope,
    Position,
    StaffMember,
    department_name_format,
)
from .positions import english_name


@transaction.atomic
def ensure_department(*, path: str) -> Department:
    """Return the department at ``path`` (``陕西省/西安市/...``), creating missing levels.

    Idempotent: an existing level is reused, never duplicated.
    """
    parent = None
    for name in [part.strip() for part in path.split(PATH_SEPARATOR)]:
        department_name_format(name)
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
    """Create or update the staff record of ``user``, keyed by employee ID.

    For seeding (the demo, benchmarks): the caller chooses the account. The
    HR-facing writers (roster import, staff form) never take over an account;
    they call ``open_staff_account``. Raise ``ValueError`` rather than move an
    existing staff record to another account.
    """
    current = StaffMember.objects.filter(employee_id=employee_id).first()
    if current is not None and current.user_id != user.pk:
        raise ValueError(f"Staff member {employee_id} has another account.")
    staff, _created = StaffMember.objects.update_or_create(
        employee_id=employee_id,
        defaults={
            "user": user,
            "name": name,
            "department": department,
            "position": Position.objects.get_or_create(
                name=position, defaults={"name_en": english_name(position)}
            )[0],
            "grade": Grade.objects.get(code=grade_code),
            "email": email,
        },
    )
    return staff


@transaction.atomic
def open_staff_account(*, employee_id: str, name: str, email: str, is_active: bool):
    """Create the account of a new staff member: username = employee ID.

    The account has no usable password; its owner sets one by password reset.
    Raise ``AccountTaken`` if any account has that username already: an
    existing account is never adopted, whoever owns it.
    """
    if taken_usernames([employee_id]):
        raise AccountTaken(employee_id)
    user = get_user_model()(
        username=employee_id, first_name=name[:150], email=email, is_active=is_active
    )
    user.set_unusable_password()
    user.save()
    return user


def keep_account_in_step(*, staff: StaffMember) -> None:
    """Copy the staff record's name, e-mail and active flag to its account.

    The caller has checked that it may change that account (see
    ``people.accounts``).
    """
    user = staff.user
    user.first_name = staff.name[:150]
    user.email = staff.email
    user.is_active = staff.is_active
    user.save(update_fields=["first_name", "email", "is_active"])


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
