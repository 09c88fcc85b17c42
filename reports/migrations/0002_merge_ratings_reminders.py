# Joins the two parts' first migrations, made apart (reminders, reports-core).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_ratings"),
        ("reports", "0001_reminders"),
    ]

    operations = []
