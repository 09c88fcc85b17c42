"""The Package model now lives in the packages app (see packages 0001).

Only the migration state forgets it here; the table and its rows stay, renamed
by packages 0001.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("content", "0001_initial"),
        ("packages", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Package")],
        ),
    ]
