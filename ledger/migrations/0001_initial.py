"""Take over courses' StudyHourEntry, table and rows, as it stood (state only).

The content type follows the model, so permissions granted on it stay; 0002
renames the table and adds the ledger's fields.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, *, source, target):
    content_type = apps.get_model("contenttypes", "ContentType")
    types = content_type.objects.using(schema_editor.connection.alias)
    moving = types.filter(app_label=source, model="studyhourentry")
    # A fresh database has no row yet: post_migrate creates it for the new app.
    if not moving.exists():
        return
    types.filter(app_label=target, model="studyhourentry").delete()
    moving.update(app_label=target)


def forwards(apps, schema_editor):
    move_content_type(apps, schema_editor, source="courses", target="ledger")


def backwards(apps, schema_editor):
    move_content_type(apps, schema_editor, source="ledger", target="courses")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("courses", "0004_move_studyhourentry_to_ledger"),
        ("contenttypes", "0002_remove_content_type_name"),
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
        migrations.RunPython(forwards, backwards),
    ]
