"""Create the role groups with their permissions, and the standard grades."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate finishes; create them now
    # so the groups can hold them from the first migrate on.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    from people.roles import sync_roles

    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def create_grades(apps, schema_editor):
    from people.grades import ensure_grades

    ensure_grades(apps.get_model("people", "Grade"))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(create_grades, migrations.RunPython.noop),
    ]
