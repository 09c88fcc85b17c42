"""The columns of each report, in the reader's language (lazy labels)."""

from django.utils.translation import gettext_lazy

from .. import tables
from ..tables import Column

_ = gettext_lazy
COMPLETIONS = (
    Column("employee_id", _("Employee ID"), personal=tables.EMPLOYEE_ID, width=12),
    Column("name", _("Name"), personal=tables.NAME, width=10),
    Column("department", _("Department"), width=28),
    Column("position", _("Position"), width=10),
    Column("grade", _("Grade"), width=14),
    Column("course", _("Course"), width=30),
    Column("bucket", _("Required or elective"), width=8),
    Column("assigned", _("Assigned"), tables.DATE, width=11),
    Column("due", _("Due date"), tables.DATE, width=11),
    Column("status", _("Status"), width=10),
    Column("completed", _("Completed"), tables.DATE, width=11),
    Column("on_time", _("On time"), width=8),
    Column("best_score", _("Best exam score"), tables.DECIMAL, width=8),
    Column("attempts", _("Attempts"), tables.INTEGER, width=8),
    Column("credit_hours", _("Study hours credited"), tables.DECIMAL, width=8),
    Column("certificate", _("Certificate number"), width=16),
    Column("certificate_valid_until", _("Valid until"), tables.DATE, width=11),
    Column("certificate_state", _("Certificate validity"), width=10),
    Column("user_id", _("User ID"), tables.INTEGER, width=8),
    Column("course_key", _("Course key"), width=36),
)

ANNUAL = (
    Column("employee_id", _("Employee ID"), personal=tables.EMPLOYEE_ID, width=12),
    Column("name", _("Name"), personal=tables.NAME, width=10),
    Column("department", _("Department"), width=28),
    Column("position", _("Position"), width=10),
    Column("grade", _("Grade"), width=14),
    Column("hours_total", _("Study hours"), tables.DECIMAL, width=8),
    Column("hours_online", _("Online"), tables.DECIMAL, width=8),
    Column("hours_offline", _("Offline classes"), tables.DECIMAL, width=8),
    Column("hours_external", _("External training"), tables.DECIMAL, width=8),
    Column("hours_other", _("Other recognised study"), tables.DECIMAL, width=8),
    Column("hours_required", _("Required bucket"), tables.DECIMAL, width=8),
    Column("hours_elective", _("Elective bucket"), tables.DECIMAL, width=8),
    Column("target_total", _("Target"), tables.DECIMAL, width=8),
    Column("target_required", _("Required-bucket target"), tables.DECIMAL, width=8),
    Column("target_online", _("Online minimum"), tables.DECIMAL, width=8),
    Column("five_year_total", _("Five-year total"), tables.DECIMAL, width=8),
    Column("target_five_year", _("Five-year target"), tables.DECIMAL, width=8),
    Column("required_assigned", _("Required courses assigned"), tables.INTEGER),
    Column("required_completed", _("Required courses completed"), tables.INTEGER),
    Column("required_on_time", _("Completed on time"), tables.INTEGER),
    Column("required_overdue", _("Overdue"), tables.INTEGER),
    Column("average_score", _("Average final exam score"), tables.DECIMAL, width=8),
    Column("valid_certificates", _("Valid certificates"), tables.INTEGER, width=8),
    Column("rating", _("Training rating"), width=8),
    Column("rating_reason", _("Reason"), width=36),
    Column("closed", _("Year closed"), width=6),
    Column("staff_id", _("Staff ID"), tables.INTEGER, width=8),
)

DEPARTMENTS = (
    Column("department", _("Department"), width=32),
    Column("staff", _("Staff"), tables.INTEGER, width=8),
    Column("assigned", _("Assigned"), tables.INTEGER, width=8),
    Column("in_progress", _("In progress"), tables.INTEGER, width=8),
    Column("completed", _("Completed"), tables.INTEGER, width=8),
    Column("on_time", _("Completed on time"), tables.INTEGER, width=8),
    Column("overdue", _("Overdue"), tables.INTEGER, width=8),
    Column("completion_rate", _("Completion rate (%)"), tables.DECIMAL, width=8),
    Column("hours_total", _("Study hours"), tables.DECIMAL, width=10),
    Column("target_total", _("Target"), tables.DECIMAL, width=10),
    Column("staff_on_target", _("Staff on target"), tables.INTEGER, width=8),
    Column("excellent", _("Excellent"), tables.INTEGER, width=8),
    Column("passed", _("Pass"), tables.INTEGER, width=8),
    Column("failed", _("Fail"), tables.INTEGER, width=8),
    Column("valid_certificates", _("Valid certificates"), tables.INTEGER, width=8),
    Column("expiring", _("Certificates expiring in 60 days"), tables.INTEGER),
    Column("department_id", _("Department ID"), tables.INTEGER, width=8),
    Column("tree_path", _("Tree path"), width=16),
)

OVERDUE = (
    Column("employee_id", _("Employee ID"), personal=tables.EMPLOYEE_ID, width=12),
    Column("name", _("Name"), personal=tables.NAME, width=10),
    Column("department", _("Department"), width=28),
    Column("position", _("Position"), width=10),
    Column("course", _("Course"), width=30),
    Column("due", _("Due date"), tables.DATE, width=11),
    Column("days_overdue", _("Days overdue"), tables.INTEGER, width=8),
    Column("status", _("Status"), width=10),
    Column("user_id", _("User ID"), tables.INTEGER, width=8),
    Column("course_key", _("Course key"), width=36),
)
