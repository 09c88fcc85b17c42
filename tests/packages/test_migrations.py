"""Moving the Package model out of content keeps its rows and its content type."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

IN_CONTENT = [("content", "0001_initial"), ("packages", None)]
IN_PACKAGES = [
    ("content", "0002_move_package_to_packages"),
    ("packages", "0001_initial"),
]


def _migrate(targets):
    """Migrate the test database to ``targets``; return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    moved = {app for app, _name in targets}
    others = [
        node for node in executor.loader.graph.leaf_nodes() if node[0] not in moved
    ]
    nodes = [target for target in targets if target[1] is not None]
    return executor.loader.project_state(others + nodes).apps


@pytest.fixture
def old_layout(transactional_db):
    """The database as it was before packages existed; put back afterwards."""
    apps = _migrate(IN_CONTENT)
    yield apps
    _migrate(IN_PACKAGES)


def test_a_package_row_and_its_permissions_survive_the_move(old_layout):
    content_type = old_layout.get_model("contenttypes", "ContentType")
    permission = old_layout.get_model("auth", "Permission")
    group = old_layout.get_model("auth", "Group").objects.create(name="Custom")
    package_type, _created = content_type.objects.get_or_create(
        app_label="content", model="package"
    )
    change, _created = permission.objects.get_or_create(
        content_type=package_type, codename="change_package"
    )
    group.permissions.add(change)
    package_uuid = uuid.uuid4()
    old_layout.get_model("content", "Package").objects.create(
        title="老包",
        file="packages/zips/old.zip",
        uuid=package_uuid,
        kind="tincan",
        activity_id="http://lms.test/xapi/activities/package/old",
        launch_path="index.html",
    )

    apps = _migrate(IN_PACKAGES)

    package = apps.get_model("packages", "Package").objects.get()
    assert (package.title, package.uuid) == ("老包", package_uuid)
    moved = apps.get_model("contenttypes", "ContentType").objects.get(
        pk=package_type.pk
    )
    assert (moved.app_label, moved.model) == ("packages", "package")
    assert list(
        apps.get_model("auth", "Group")
        .objects.get(name="Custom")
        .permissions.values_list("content_type__app_label", "codename")
    ) == [("packages", "change_package")]
    assert "packages_package" in connection.introspection.table_names()
    assert "content_package" not in connection.introspection.table_names()
