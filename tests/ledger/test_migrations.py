"""Moving StudyHourEntry from courses to the ledger keeps its rows and content type."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

IN_COURSES = [("courses", "0003_enrolment_cycle_started_at"), ("ledger", None)]
IN_LEDGER = [
    ("courses", "0004_move_studyhourentry_to_ledger"),
    ("ledger", "0003_activities"),
]


def _migrate(targets):
    """Migrate the test database to ``targets``; return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    # The state of exactly what is applied: another app's newest migration may
    # depend on a later migration of the moved app, and is then unapplied too.
    graph = executor.loader.graph
    applied = [
        node for node in executor.loader.applied_migrations if node in graph.nodes
    ]
    return executor.loader.project_state(applied).apps


@pytest.fixture
def old_layout(transactional_db):
    """The database as it was before the ledger existed; put back afterwards."""
    apps = _migrate(IN_COURSES)
    yield apps
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_an_entry_and_its_content_type_survive_the_move(old_layout):
    content_type = old_layout.get_model("contenttypes", "ContentType")
    old_type, _created = content_type.objects.get_or_create(
        app_label="courses", model="studyhourentry"
    )
    user = old_layout.get_model("auth", "User").objects.create(username="old-learner")
    course_key = uuid.uuid4()
    old_layout.get_model("courses", "StudyHourEntry").objects.create(
        user=user,
        year=2024,
        hours=Decimal("2.5"),
        course_key=course_key,
        title="老课程",
        credited_on=date(2024, 5, 1),
    )

    apps = _migrate(IN_LEDGER)

    entry = apps.get_model("ledger", "StudyHourEntry").objects.get()
    assert (entry.user_id, entry.year, entry.hours) == (user.pk, 2024, Decimal("2.5"))
    assert entry.reference == str(course_key) and entry.source == "online"
    assert entry.rule["migrated"] is True and entry.reverses_id is None
    moved = apps.get_model("contenttypes", "ContentType").objects.get(pk=old_type.pk)
    assert (moved.app_label, moved.model) == ("ledger", "studyhourentry")
