"""Validators of the organisation's names and identifiers."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

no_separator = RegexValidator(
    r"^[^/]+$", _("A department name cannot contain “/”."), code="separator"
)


def department_name_format(value: str) -> None:
    """Refuse ``.`` and ``..``: they read as steps of a path, not as names."""
    if value.strip() in {".", ".."}:
        raise ValidationError(
            _("“%(name)s” cannot be a department name."),
            code="dots",
            params={"name": value},
        )


employee_id_format = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$",
    _("An employee ID is 1 to 32 letters, digits, dots, hyphens or underscores."),
    code="employee_id",
)
