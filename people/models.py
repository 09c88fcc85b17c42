"""The organisation: departments, staff members, positions, grades and HR scope.

Scope is decided here, once: ``Department.objects.visible_to(user)`` and
``StaffMember.objects.visible_to(user)`` are what every other app uses to limit
what a person may see or change.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from . import roles
from .activation_codes import ActivationCode
from .imports import RosterImport
from .validators import department_name_format, employee_id_format, no_separator

PATH_SEPARATOR = "/"


def sees_whole_organisation(user) -> bool:
    """Return whether ``user`` may see every department (superuser or administrator)."""
    return bool(
        user.is_active
        and (user.is_superuser or user.has_perm("people.view_all_departments"))
    )


class DepartmentQuerySet(models.QuerySet):
    def subtree_of(self, *departments: "Department") -> "DepartmentQuerySet":
        """Return the given departments and all their descendants, in one query."""
        if not departments:
            return self.none()
        condition = Q()
        for department in departments:
            condition |= Q(tree_path__startswith=department.tree_path)
        return self.filter(condition)

    def name_paths(self, departments) -> dict[int, str]:
        """Map each department's id to its full name, e.g. ``陕西省/西安市``.

        Costs one query for all the ancestors not already in ``departments``.
        """
        by_id = {d.pk: d for d in departments}
        chains = {d.pk: d.path_ids() for d in departments}
        missing = {pk for chain in chains.values() for pk in chain} - by_id.keys()
        if missing:
            by_id.update({d.pk: d for d in Department.objects.filter(pk__in=missing)})
        return {
            pk: PATH_SEPARATOR.join(by_id[i].name for i in chain)
            for pk, chain in chains.items()
        }

    def visible_to(self, user) -> "DepartmentQuerySet":
        """Return the departments ``user`` may see and manage.

        Administrators see the whole tree; an HR officer sees the subtrees in
        their scope; everybody else sees no department.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_whole_organisation(user):
            return self.all()
        in_scope = HRScope.objects.filter(user=user).filter(
            StartsWith(OuterRef("tree_path"), F("department__tree_path"))
        )
        return self.filter(Exists(in_scope))


class Department(models.Model):
    """A node of the department tree (province → city → county → office).

    ``tree_path`` holds the ids from the root, such as ``/1/5/23/``, so that a
    subtree at any depth is one indexed prefix query.
    """

    name = models.CharField(
        _("name"), max_length=100, validators=[no_separator, department_name_format]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    tree_path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=1, editable=False)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["tree_path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="unique_department_name_in_parent"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="unique_root_department_name",
            ),
        ]
        indexes = [
            models.Index(
                fields=["tree_path"],
                name="department_tree_path_like",
                opclasses=["varchar_pattern_ops"],
            )
        ]
        permissions = [
            ("view_all_departments", _("Can see and manage the whole organisation")),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.parent_id and self.parent.tree_path == "":
            raise ValueError("Save the parent department first.")
        if self.pk is None:
            # The path is built from the new row's id, so insert with a unique
            # placeholder, then set the real path.
            self.tree_path = f"!new-{id(self)}"
            super().save(*args, **kwargs)
            self._set_path()
            Department.objects.filter(pk=self.pk).update(
                tree_path=self.tree_path, depth=self.depth
            )
        else:
            self._set_path()
            super().save(*args, **kwargs)

    def _set_path(self):
        prefix = self.parent.tree_path if self.parent_id else PATH_SEPARATOR
        self.tree_path = f"{prefix}{self.pk}{PATH_SEPARATOR}"
        self.depth = self.parent.depth + 1 if self.parent_id else 1

    def path_ids(self) -> list[int]:
        """Return the ids from the root down to this department."""
        return [
            int(part)
            for part in self.tree_path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)
        ]

    def ancestors(self) -> models.QuerySet:
        """Return this department's ancestors from the root down (one query)."""
        return Department.objects.filter(pk__in=self.path_ids()[:-1]).order_by("depth")

    def descendants(self, include_self: bool = True) -> DepartmentQuerySet:
        """Return the subtree under this department (one query)."""
        subtree = Department.objects.subtree_of(self)
        return subtree if include_self else subtree.exclude(pk=self.pk)

    def full_name(self) -> str:
        """Return the path of names, such as ``陕西省/西安市/雁塔区``."""
        names = [d.name for d in self.ancestors()] + [self.name]
        return PATH_SEPARATOR.join(names)


class Grade(models.Model):
    """A civil-service grade (职级), such as 一级科员; the roster must use a known one."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("Higher grades have higher numbers.")
    )

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["-rank", "name"]

    def __str__(self):
        return localized_name(self)


class Position(models.Model):
    """A position (职务), such as 科员 or 科长, with an optional study-hour target."""

    name = models.CharField(_("name (Chinese)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    annual_target_hours = models.DecimalField(
        _("annual study-hour target"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty to use the site-wide target."),
    )

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["name"]

    def __str__(self):
        return localized_name(self)


def localized_name(row) -> str:
    """A grade's or position's name in the reader's language (Chinese when it has no other)."""
    if row.name_en and (get_language() or "").startswith("en"):
        return row.name_en
    return row.name


class StaffMemberQuerySet(models.QuerySet):
    def visible_to(self, user) -> "StaffMemberQuerySet":
        """Return the staff ``user`` may see.

        Administrators see everybody, an HR officer the staff of the departments
        in their scope, and anybody else only their own record.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_whole_organisation(user):
            return self.all()
        in_scope = Department.objects.visible_to(user)
        return self.filter(Q(department__in=in_scope) | Q(user=user))

    def active(self) -> "StaffMemberQuerySet":
        return self.filter(is_active=True)

    def in_subtree(self, department: Department) -> "StaffMemberQuerySet":
        return self.filter(department__tree_path__startswith=department.tree_path)

    def matching(self, rule) -> "StaffMemberQuerySet":
        """Return the active staff a targeting rule includes (every target set must match).

        ``rule`` is anything with ``department`` (and ``include_subdepartments``),
        ``position_id``, ``grade_id`` and ``staff_id``, such as a required-training
        assignment; people knows nothing of what the rule is for.
        """
        staff = self.active()
        if rule.department_id:
            if rule.include_subdepartments:
                staff = staff.in_subtree(rule.department)
            else:
                staff = staff.filter(department_id=rule.department_id)
        if rule.position_id:
            staff = staff.filter(position_id=rule.position_id)
        if rule.grade_id:
            staff = staff.filter(grade_id=rule.grade_id)
        if rule.staff_id:
            staff = staff.filter(pk=rule.staff_id)
        return staff


class StaffMember(models.Model):
    """A civil servant on the roster, with the user account they sign in with.

    The employee ID is also the name of the learner's xAPI ``account``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.CASCADE,
        related_name="staff",
    )
    employee_id = models.CharField(
        _("employee ID"), max_length=32, unique=True, validators=[employee_id_format]
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="staff",
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="staff",
    )
    grade = models.ForeignKey(
        Grade, verbose_name=_("grade"), on_delete=models.PROTECT, related_name="staff"
    )
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["employee_id"]
        permissions = [("import_roster", _("Can import the staff roster"))]

    def __str__(self):
        return f"{self.name} ({self.employee_id})"

    def annual_target_hours(self, default: Decimal | None = None) -> Decimal:
        """Return this person's annual study-hour target.

        The position's own target wins; otherwise the site-wide one applies.
        Pass ``default`` to avoid reading the site setting for each person.
        """
        if self.position.annual_target_hours is not None:
            return self.position.annual_target_hours
        if default is None:
            default = StudyHourSettings.load().annual_target_hours
        return default


class HRScope(models.Model):
    """One department subtree an HR officer manages."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("HR officer"),
        on_delete=models.CASCADE,
        related_name="hr_scopes",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="hr_scopes",
        help_text=_("The officer manages this department and everything under it."),
    )

    class Meta:
        verbose_name = _("HR scope")
        verbose_name_plural = _("HR scopes")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department"], name="unique_hr_scope"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.department}"


@register_setting(icon="time")
class StudyHourSettings(BaseGenericSetting):
    """Site-wide study-hour rules."""

    annual_target_hours = models.DecimalField(
        _("annual study-hour target"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("50.0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Study hours (学时) each staff member should earn per calendar year, "
            "unless their position sets its own target."
        ),
    )

    class Meta:
        verbose_name = _("study-hour settings")


__all__ = [
    "ActivationCode",
    "Department",
    "department_name_format",
    "employee_id_format",
    "no_separator",
    "Grade",
    "HRScope",
    "Position",
    "RosterImport",
    "StaffMember",
    "StudyHourSettings",
    "roles",
]
