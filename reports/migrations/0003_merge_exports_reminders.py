# Joins the exports' branch of the reports migrations with the reminders'
# (each had merged with the ratings' on its own).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_merge_exports_ratings"),
        ("reports", "0002_merge_ratings_reminders"),
    ]

    operations = []
