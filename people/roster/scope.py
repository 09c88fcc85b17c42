"""Which departments and staff an importer may write."""

from django.utils.translation import gettext as _

from ..exceptions import RowError
from ..models import PATH_SEPARATOR, Department, sees_whole_organisation


class ScopeCheck:
    """Decide whether the importer may write a row's department and staff member."""

    def __init__(self, importer):
        self.everything = sees_whole_organisation(importer)
        self.roots: list[tuple[str, ...]] = []
        self.visible_ids: set[int] = set()
        if not self.everything:
            scope = list(Department.objects.visible_to(importer))
            self.visible_ids = {department.pk for department in scope}
            names = name_paths(scope)
            self.roots = [names[d.pk] for d in importer_scope_roots(importer)]

    def check(self, line, path, staff) -> list[RowError]:
        if self.everything:
            return []
        errors = []
        if not any(path[: len(root)] == root for root in self.roots):
            errors.append(
                RowError(
                    line,
                    _("Department “%s” is outside your scope.")
                    % PATH_SEPARATOR.join(path),
                    "department",
                )
            )
        if staff is not None and staff.department_id not in self.visible_ids:
            errors.append(
                RowError(
                    line,
                    _("Employee %s belongs to a department outside your scope.")
                    % staff.employee_id,
                    "employee_id",
                )
            )
        return errors


def importer_scope_roots(user) -> list[Department]:
    return [scope.department for scope in user.hr_scopes.select_related("department")]


def name_paths(departments) -> dict[int, tuple[str, ...]]:
    """Map department ids to their name paths as tuples."""
    return {
        pk: tuple(name.split(PATH_SEPARATOR))
        for pk, name in Department.objects.name_paths(departments).items()
    }
