"""Wagtail admin views for staff members, limited to the departments in scope.

Wagtail's generic views check model permissions only; these views also narrow
every list, object lookup and department choice to what
``StaffMember.objects.visible_to`` allows, so an HR officer can neither list nor
open staff of another department by guessing an id.
"""

import datetime

from django import forms
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic

from audit.actions import Action
from audit.services import record_event
from common.masking import mask_employee_id, mask_name
from common.spreadsheets import escape_formula

from .accounts import is_protected, may_change_protected, taken_usernames
from .models import Department, StaffMember, sees_whole_organisation
from .services import keep_account_in_step, open_staff_account


class StaffMemberForm(WagtailAdminModelForm):
    """Edit a staff member and keep their user account in step.

    A new staff member always gets a new account; the form never takes over
    an existing one, and only a superuser changes an administrator's account
    (see ``people.accounts``).
    """

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user
        if for_user is not None:
            self.fields["department"].queryset = Department.objects.visible_to(for_user)
        if self.instance.pk:
            # The employee ID is the login name and the xAPI account name.
            self.fields["employee_id"].disabled = True

    def clean_employee_id(self):
        employee_id = self.cleaned_data["employee_id"]
        if not self.instance.pk and taken_usernames([employee_id]):
            raise forms.ValidationError(
                _(
                    "Employee ID %s is already the user name of an existing account, "
                    "which cannot be taken over."
                )
                % employee_id
            )
        return employee_id

    def clean(self):
        cleaned = super().clean()
        staff = self.instance
        if (
            staff.pk
            and not may_change_protected(self.for_user)
            and is_protected(staff.user)
            and _account_changes(staff.user, cleaned)
        ):
            raise forms.ValidationError(
                _(
                    "Employee %s signs in with an administrator's account; only a "
                    "superuser can change it."
                )
                % staff.employee_id
            )
        return cleaned

    def save(self, commit=True):
        staff = super().save(commit=False)
        if not commit:
            return staff
        with transaction.atomic():
            if staff.pk is None:
                staff.user = open_staff_account(
                    employee_id=staff.employee_id,
                    name=staff.name,
                    email=staff.email,
                    is_active=staff.is_active,
                )
            else:
                keep_account_in_step(staff=staff)
            staff.save()
        return staff

    class Meta:
        model = StaffMember
        fields = [
            "employee_id",
            "name",
            "department",
            "position",
            "grade",
            "email",
            "is_active",
        ]


def _account_changes(user, cleaned) -> bool:
    wanted = (
        cleaned.get("name", "")[:150],
        cleaned.get("email", ""),
        cleaned.get("is_active"),
    )
    return wanted != (user.first_name, user.email, user.is_active)


def visible_staff(user):
    return StaffMember.objects.visible_to(user).select_related(
        "department", "position", "grade", "user"
    )


class ScopedObjectMixin:
    """Look the staff member up among those the user may see; 404 otherwise."""

    def get_object(self, queryset=None):
        pk = unquote(str(self.kwargs["pk"]))
        return get_object_or_404(visible_staff(self.request.user), pk=pk)


class StaffIndexView(generic.IndexView):
    """The staff in scope; exported (CSV/XLSX) with names and IDs masked, and audited."""

    def get_base_queryset(self):
        return visible_staff(self.request.user)

    def get_filename(self):
        return f"staff-{datetime.date.today():%Y-%m-%d}"

    def as_spreadsheet(self, queryset, spreadsheet_format):
        self._department_names = Department.objects.name_paths(
            Department.objects.filter(pk__in=queryset.values("department_id"))
        )
        _record_export(self.request, queryset.count(), spreadsheet_format)
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def to_row_dict(self, item):
        return {
            "employee_id": mask_employee_id(item.employee_id),
            "name": mask_name(item.name),
            "department": self._department_names.get(item.department_id, ""),
            "position": str(item.position),
            "grade": str(item.grade),
            "is_active": gettext("Yes") if item.is_active else gettext("No"),
        }

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return escape_formula(value)


def _record_export(request, rows: int, file_format: str) -> None:
    user = request.user
    scope = ""
    if not sees_whole_organisation(user):
        scope = "; ".join(
            hr_scope.department.full_name()
            for hr_scope in user.hr_scopes.select_related("department")
        )
    filters = {key: value for key, value in request.GET.items() if key != "export"}
    record_event(
        action=Action.STAFF_EXPORTED,
        actor=user,
        request=request,
        scope=scope,
        details={
            "format": file_format,
            "rows": rows,
            "masked": True,
            "filters": filters,
        },
    )


class StaffEditView(ScopedObjectMixin, generic.EditView):
    pass


class StaffHistoryView(ScopedObjectMixin, generic.HistoryView):
    pass


class StaffUsageView(ScopedObjectMixin, generic.UsageView):
    pass
