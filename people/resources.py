"""The django-import-export resource that writes roster rows to StaffMember.

Rows reach it already validated and resolved to ids by ``people.roster``: the
resource's job is to match each row to an existing staff member by employee ID,
skip rows that change nothing, and write the rest in bulk.
"""

from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from .models import StaffMember

RESOURCE_HEADERS = [
    "employee_id",
    "name",
    "email",
    "is_active",
    "department_id",
    "position_id",
    "grade_id",
    "user_id",
]


class StaffMemberResource(resources.ModelResource):
    """Import staff members keyed by employee ID, in bulk."""

    department_id = fields.Field(
        attribute="department_id",
        column_name="department_id",
        widget=widgets.IntegerWidget(),
    )
    position_id = fields.Field(
        attribute="position_id",
        column_name="position_id",
        widget=widgets.IntegerWidget(),
    )
    grade_id = fields.Field(
        attribute="grade_id", column_name="grade_id", widget=widgets.IntegerWidget()
    )
    user_id = fields.Field(
        attribute="user_id", column_name="user_id", widget=widgets.IntegerWidget()
    )

    class Meta:
        model = StaffMember
        fields = RESOURCE_HEADERS
        import_id_fields = ["employee_id"]
        instance_loader_class = CachedInstanceLoader
        use_bulk = True
        batch_size = 500
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        clean_model_instances = False

    def get_bulk_update_fields(self):
        return [name for name in RESOURCE_HEADERS if name != "employee_id"]
