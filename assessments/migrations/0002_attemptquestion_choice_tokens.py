"""Choices are shown as tokens drawn per attempt: draw them for attempts in progress.

Graded attempts need none (their result page shows no choices to pick). The
token scheme is copied from ``assessments.shown`` so that this migration does
not change when that module does.
"""

import secrets

from django.db import migrations, models

ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
LENGTH = 8


def _tokens(ids):
    tokens = {}
    for choice_id in ids:
        token = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        while token in tokens:
            token = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        tokens[token] = choice_id
    return tokens


def draw_tokens_in_progress(apps, schema_editor):
    AttemptQuestion = apps.get_model("assessments", "AttemptQuestion")
    items = list(
        AttemptQuestion.objects.filter(attempt__status="in_progress").only(
            "pk", "choice_order"
        )
    )
    for item in items:
        item.choice_tokens = _tokens(item.choice_order or [])
    AttemptQuestion.objects.bulk_update(items, ["choice_tokens"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="attemptquestion",
            name="choice_tokens",
            field=models.JSONField(default=dict),
        ),
        migrations.RunPython(draw_tokens_in_progress, migrations.RunPython.noop),
    ]
