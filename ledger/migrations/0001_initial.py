"""Take over courses' StudyHourEntry, table and rows, as it stood (state only)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("courses", "0004_move_studyhourentry_to_ledger"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StudyHourEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        (
                            "hours",
                            models.DecimalField(
                                decimal_places=1, max_digits=5, verbose_name="study hours"
                            ),
                        ),
                        (
                            "source",
                            models.CharField(
                                default="online", max_length=10, verbose_name="source"
                            ),
                        ),
                        ("course_key", models.UUIDField(blank=True, null=True)),
                        ("title", models.CharField(max_length=255, verbose_name="title")),
                        ("credited_on", models.DateField(verbose_name="credited on")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="study_hours",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="learner",
                            ),
                        ),
                    ],
                    options={"db_table": "courses_studyhourentry"},
                ),
            ],
            database_operations=[],
        ),
    ]
