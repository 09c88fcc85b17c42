# Two parts of the reports app were built at once, each with its own initial
# migration; this joins them (made by hand: they share no ancestor).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_exports"),
        ("reports", "0001_ratings"),
    ]

    operations = []
