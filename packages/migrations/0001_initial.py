"""Take over the Package model from the content app, keeping its rows.

The model's state moves here from ``content`` (whose 0002 drops it from its own
state only), the table is renamed from ``content_package`` to
``packages_package``, and the model's content type follows, so permissions,
Wagtail's reference index and search entries keep pointing at the same rows.
"""

import django.db.models.deletion
import django.utils.timezone
import modelsearch.index
import uuid
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, *, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db_alias = schema_editor.connection.alias
    types = ContentType.objects.using(db_alias)
    moving = types.filter(app_label=source, model="package")
    # A fresh database has no row yet: post_migrate creates it for the new app.
    if not moving.exists():
        return
    # A row under the new label can only come from post_migrate after an earlier
    # reverse migration, and holds nothing but generated permissions; the old
    # row is the one permissions and references point at.
    types.filter(app_label=target, model="package").delete()
    moving.update(app_label=target)


def forwards(apps, schema_editor):
    move_content_type(apps, schema_editor, source="content", target="packages")


def backwards(apps, schema_editor):
    move_content_type(apps, schema_editor, source="packages", target="content")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("content", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table exists already, under the content app's name.
            state_operations=[
                migrations.CreateModel(
                    name='Package',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=255, verbose_name='title')),
                        ('file', models.FileField(help_text='A zip file with tincan.xml or cmi5.xml at its root, as published by the authoring tool.', upload_to='packages/zips/', verbose_name='package file')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('kind', models.CharField(blank=True, choices=[('tincan', 'TinCan (tincan.xml)'), ('cmi5', 'cmi5 (cmi5.xml)')], editable=False, max_length=10, verbose_name='kind')),
                        ('activity_id', models.CharField(blank=True, db_index=True, editable=False, max_length=2048, verbose_name='activity ID')),
                        ('launch_path', models.CharField(blank=True, editable=False, max_length=1024, verbose_name='launch file')),
                        ('manifest_title', models.CharField(blank=True, editable=False, max_length=512, verbose_name='title in the manifest')),
                        ('au_id', models.CharField(blank=True, editable=False, max_length=2048, verbose_name='cmi5 AU ID')),
                        ('move_on', models.CharField(blank=True, editable=False, max_length=32, verbose_name='cmi5 moveOn')),
                        ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='uploaded at')),
                        ('uploaded_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                    ],
                    options={
                        'verbose_name': 'xAPI package',
                        'verbose_name_plural': 'xAPI packages',
                        'ordering': ['title'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['tincan', 'cmi5']), models.Q(('activity_id', ''), _negated=True), models.Q(('launch_path', ''), _negated=True)), name='package_has_manifest', violation_error_message='The package has no manifest details: upload its zip file.')],
                        'db_table': 'content_package',
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
            ],
        ),
        # Back to the default name, packages_package: renames the table.
        migrations.AlterModelTable(name='package', table=None),
        migrations.RunPython(forwards, backwards),
    ]
