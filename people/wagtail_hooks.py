"""The organisation in the Wagtail admin.

Staff members are scoped to the user's departments; the other lists are for
administrators, the only role that holds their permissions.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from common.admin_menu import PermissionMenuItem

from .admin_views import (
    StaffEditView,
    StaffHistoryView,
    StaffIndexView,
    StaffMemberForm,
    StaffUsageView,
)
from .models import Department, Grade, HRScope, Position, StaffMember


class DepartmentViewSet(ModelViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    form_fields = ["name", "parent"]
    list_display = ["name", "parent", "depth"]
    search_fields = ["name"]
    # Only administrators hold department permissions, so this list is never
    # scoped; HR officers see their departments through the staff list.


class PositionViewSet(ModelViewSet):
    model = Position
    icon = "tag"
    menu_label = _("Positions")
    form_fields = ["name", "name_en", "annual_target_hours"]
    list_display = ["name", "name_en", "annual_target_hours"]
    search_fields = ["name", "name_en"]


class GradeViewSet(ModelViewSet):
    model = Grade
    icon = "list-ol"
    menu_label = _("Grades")
    form_fields = ["code", "name", "name_en", "rank"]
    list_display = ["name", "name_en", "code", "rank"]


class HRScopeViewSet(ModelViewSet):
    model = HRScope
    icon = "lock"
    menu_label = _("HR scopes")
    form_fields = ["user", "department"]
    list_display = ["user", "department"]


class StaffMemberViewSet(ModelViewSet):
    """Staff in the admin; every view is limited to the user's departments."""

    model = StaffMember
    icon = "user"
    menu_label = _("Staff members")
    form_fields = StaffMemberForm.Meta.fields
    list_display = [
        "employee_id",
        "name",
        "department",
        "position",
        "grade",
        "is_active",
    ]
    list_filter = ["is_active", "grade", "position"]
    search_fields = ["name", "employee_id"]
    # The export masks names and IDs and is audited (StaffIndexView).
    list_export = list_display
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = StaffIndexView
    edit_view_class = StaffEditView
    history_view_class = StaffHistoryView
    usage_view_class = StaffUsageView

    def get_form_class(self, for_update=False):
        return StaffMemberForm


class OrganisationGroup(ViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "site"
    menu_order = 250
    items = [
        StaffMemberViewSet,
        DepartmentViewSet,
        PositionViewSet,
        GradeViewSet,
        HRScopeViewSet,
    ]


@hooks.register("register_admin_viewset")
def register_organisation():
    return OrganisationGroup()


@hooks.register("register_admin_menu_item")
def register_staff_menu_item():
    return PermissionMenuItem(
        _("Staff"),
        reverse("people:staff_list"),
        icon_name="user",
        order=260,
        permission="people.view_staffmember",
    )


@hooks.register("register_admin_menu_item")
def register_roster_menu_item():
    return PermissionMenuItem(
        _("Import roster"),
        reverse("people:roster_upload"),
        icon_name="upload",
        order=261,
        permission="people.import_roster",
    )
