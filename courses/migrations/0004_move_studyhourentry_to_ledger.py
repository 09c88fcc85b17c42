"""StudyHourEntry moves to the ledger app; its table and rows stay (ledger 0001)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("courses", "0003_enrolment_cycle_started_at"),
    ]

    operations = [
        # Reversing entries credit a course again after a withdrawal, so the
        # once-a-year constraint goes; the ledger guards against doubles.
        migrations.RemoveConstraint(
            model_name="studyhourentry", name="course_hours_credited_once_a_year"
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="StudyHourEntry")],
            database_operations=[],
        ),
    ]
