"""The user accounts of a roster's staff: checked, created and kept in step.

An import creates the account of each new staff member (username = employee
ID, no usable password) and afterwards keeps its name, e-mail and active
flag in step with the roster. It never takes over an account it did not
create, and only a superuser's import changes an administrator's account
(see ``people.accounts``).
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from ..accounts import (
    CHUNK,
    may_change_protected,
    protected_user_ids,
    taken_usernames,
)
from ..backends import forget_users
from ..exceptions import RowError
from ..models import Department, StaffMember
from ..roster_file import RosterRow
from .report import Entry
from .values import account_values, parse_active


class AccountCheck:
    """Refuse rows that would take over or change an account they may not touch."""

    def __init__(self, rows: list[RosterRow], existing: dict, importer):
        new_ids = [
            row.values["employee_id"]
            for row in rows
            if row.values["employee_id"] not in existing
        ]
        self.taken = taken_usernames(new_ids)
        self.protected: set[int] = set()
        if not may_change_protected(importer):
            self.protected = protected_user_ids(s.user_id for s in existing.values())

    def check(self, row: RosterRow, staff: StaffMember | None) -> list[RowError]:
        employee_id = row.values["employee_id"]
        if staff is None and employee_id in self.taken:
            message = _(
                "Employee ID %s is already the user name of an existing account, "
                "which cannot be taken over."
            )
        elif staff is not None and staff.user_id in self.protected:
            if _account_values(staff.user) == _wanted(row):
                return []
            message = _(
                "Employee %s signs in with an administrator's account; only a "
                "superuser can change it."
            )
        else:
            return []
        return [RowError(row.line, message % employee_id, "employee_id")]


def _account_values(user) -> tuple:
    return (user.first_name, user.email, user.is_active)


def _wanted(row: RosterRow) -> tuple:
    values = row.values
    return account_values(
        values["name"], values["email"], parse_active(values["active"])
    )


def ensure_users(entries: list[Entry]) -> dict:
    """Return the user account of every entry, creating those of new staff.

    New accounts get the employee ID as username and no usable password: the
    staff member sets one through password reset, or an administrator does.
    Validation has refused every row whose username is already taken, so a
    concurrent sign-up with the same name fails the whole import here.
    """
    User = get_user_model()
    users = {e.employee_id: e.existing.user for e in entries if e.existing}
    to_create = []
    for entry in entries:
        if entry.existing is None:
            values = entry.row.values
            user = User(
                username=entry.employee_id,
                first_name=values["name"][:150],
                email=values["email"],
                is_active=entry.active,
            )
            user.set_unusable_password()
            to_create.append(user)
    User.objects.bulk_create(to_create, batch_size=500)
    names = [user.username for user in to_create]
    for start in range(0, len(names), CHUNK):
        chunk = names[start : start + CHUNK]
        users |= {u.username: u for u in User.objects.filter(username__in=chunk)}
    return users


def sync_users(entries: list[Entry], users: dict) -> None:
    """Keep each account's name, email and active flag in step with the roster."""
    changed = []
    for entry in entries:
        values = entry.row.values
        user = users[entry.employee_id]
        wanted = account_values(values["name"], values["email"], entry.active)
        if _account_values(user) != wanted:
            user.first_name, user.email, user.is_active = wanted
            changed.append(user)
    get_user_model().objects.bulk_update(
        changed, ["first_name", "email", "is_active"], batch_size=500
    )
    forget_users([user.pk for user in changed])


def deactivate_missing(entries: list[Entry], importer) -> int:
    """Deactivate the staff in scope who are not in the file, with their accounts.

    Administrators' accounts are left alone unless a superuser imports.
    """
    listed = {entry.employee_id for entry in entries}
    in_scope = Department.objects.visible_to(importer)
    active = StaffMember.objects.filter(department__in=in_scope).active()
    # Compared here rather than in SQL: a roster's IDs would overflow
    # SQLite's limit on query parameters.
    user_ids = {
        user_id
        for user_id, employee_id in active.values_list("user_id", "employee_id")
        if employee_id not in listed
    }
    if not may_change_protected(importer):
        user_ids -= protected_user_ids(user_ids)
    count = StaffMember.objects.filter(user_id__in=user_ids).update(is_active=False)
    get_user_model().objects.filter(pk__in=user_ids).update(is_active=False)
    forget_users(list(user_ids))
    return count
