"""Create the role groups with their permissions, and the standard grades."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Grades (职级) of the comprehensive-management category, from the 2019
# provisions on parallel positions and grades of civil servants; highest first.
GRADES = [
    ("inspector-1", "一级巡视员", "Level-1 Inspector"),
    ("inspector-2", "二级巡视员", "Level-2 Inspector"),
    ("researcher-1", "一级调研员", "Level-1 Researcher"),
    ("researcher-2", "二级调研员", "Level-2 Researcher"),
    ("researcher-3", "三级调研员", "Level-3 Researcher"),
    ("researcher-4", "四级调研员", "Level-4 Researcher"),
    ("principal-staff-1", "一级主任科员", "Level-1 Principal Staff Member"),
    ("principal-staff-2", "二级主任科员", "Level-2 Principal Staff Member"),
    ("principal-staff-3", "三级主任科员", "Level-3 Principal Staff Member"),
    ("principal-staff-4", "四级主任科员", "Level-4 Principal Staff Member"),
    ("staff-1", "一级科员", "Level-1 Staff Member"),
    ("staff-2", "二级科员", "Level-2 Staff Member"),
]


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
    Grade = apps.get_model("people", "Grade")
    for rank, (code, name, name_en) in enumerate(reversed(GRADES), start=1):
        Grade.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "rank": rank}
        )


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
