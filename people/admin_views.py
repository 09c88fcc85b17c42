"""Wagtail admin views for staff members, limited to the departments in scope.

Wagtail's generic views check model permissions only; these views also narrow
every list, object lookup and department choice to what
``StaffMember.objects.visible_to`` allows, so an HR officer can neither list nor
open staff of another department by guessing an id.
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic

from .models import Department, StaffMember


class StaffMemberForm(WagtailAdminModelForm):
    """Edit a staff member and keep their user account in step."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None:
            self.fields["department"].queryset = Department.objects.visible_to(for_user)
        if self.instance.pk:
            # The employee ID is the login name and the xAPI account name.
            self.fields["employee_id"].disabled = True

    def clean_employee_id(self):
        employee_id = self.cleaned_data["employee_id"]
        User = get_user_model()
        if (
            not self.instance.pk
            and User.objects.filter(username=employee_id, staff__isnull=False).exists()
        ):
            raise forms.ValidationError(
                _("The user name %s already belongs to another staff member.")
                % employee_id
            )
        return employee_id

    def save(self, commit=True):
        staff = super().save(commit=False)
        if staff.pk is None:
            user, _created = get_user_model().objects.get_or_create(
                username=staff.employee_id
            )
            if _created:
                user.set_unusable_password()
            staff.user = user
        user = staff.user
        user.first_name = staff.name[:150]
        user.email = staff.email
        user.is_active = staff.is_active
        if commit:
            user.save()
            staff.user = user
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
    def get_base_queryset(self):
        return visible_staff(self.request.user)


class StaffEditView(ScopedObjectMixin, generic.EditView):
    pass


class StaffHistoryView(ScopedObjectMixin, generic.HistoryView):
    pass


class StaffUsageView(ScopedObjectMixin, generic.UsageView):
    pass
