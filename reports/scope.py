"""Who a report is for: the department subtrees it may read.

An HR officer's scope is their ``HRScope`` rows; an API token's is the one
department it was created for; an administrator's is the whole organisation.
Every report query starts from ``Scope.staff()`` or ``Scope.departments()``,
so that nothing outside the scope can be read whatever the filters say.
"""

from dataclasses import dataclass

from django.db.models import Q

from people.models import Department, StaffMember, sees_whole_organisation


@dataclass(frozen=True)
class Scope:
    # ``None`` is the whole organisation; otherwise the ``tree_path`` of each
    # subtree root, such as ``("/1/5/",)``.
    tree_paths: tuple[str, ...] | None

    @classmethod
    def for_user(cls, user) -> "Scope":
        if user.is_authenticated and user.is_active and sees_whole_organisation(user):
            return cls(None)
        if not user.is_authenticated or not user.is_active:
            return cls(())
        paths = user.hr_scopes.values_list("department__tree_path", flat=True)
        return cls(tuple(sorted(set(paths))))

    @classmethod
    def for_department(cls, department: Department) -> "Scope":
        return cls((department.tree_path,))

    @property
    def is_empty(self) -> bool:
        return self.tree_paths == ()

    def department_condition(self, field: str = "tree_path") -> Q:
        """A ``Q`` on ``field`` (a department ``tree_path``) that keeps to the scope."""
        if self.tree_paths is None:
            return Q()
        condition = Q(pk__in=[])
        for path in self.tree_paths:
            condition |= Q(**{f"{field}__startswith": path})
        return condition

    def departments(self):
        return Department.objects.filter(self.department_condition())

    def staff(self):
        """Every staff member in scope, active or not (reports show leavers' past)."""
        return StaffMember.objects.filter(
            self.department_condition("department__tree_path")
        )

    def allows(self, department: Department) -> bool:
        if self.tree_paths is None:
            return True
        return any(department.tree_path.startswith(p) for p in self.tree_paths)

    def describe(self) -> list[str]:
        """The scope as written in the audit log and in a report's header."""
        if self.tree_paths is None:
            return ["*"]
        return list(self.tree_paths)
