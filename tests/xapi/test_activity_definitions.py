"""The canonical definition of an activity, merged from the statements that define it
(Data 2.4.4.1: the LRS keeps one definition per activity, updated by what it receives).

PostgreSQL merges in SQL (``xapi_merge_definition``) and other databases in
Python; the same posts give the same definition on both, and on PostgreSQL
the SQL function is checked against ``statements.merge_definition`` itself.
"""

import json
import uuid

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xapi import statements as pure
from xapi.models import Activity

pytestmark = pytest.mark.django_db

ACTIVITY = "http://example.org/activities/definitions"


def about(definition: dict, activity: str = ACTIVITY) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"mbox": "mailto:learner@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"id": activity, "definition": definition},
    }


def post(lrs, statements: list[dict]) -> None:
    response = lrs.post("/xapi/statements", json.dumps(statements))
    assert response.status_code == 200, response.content


def definition(lrs, activity: str = ACTIVITY) -> dict:
    response = lrs.get("/xapi/activities", {"activityId": activity})
    assert response.status_code == 200, response.content
    return response.json().get("definition", {})


@pytest.mark.parametrize("batch", [1, 30], ids=["few", "copied"])
def test_language_maps_are_joined_and_other_properties_replaced(lrs, batch):
    # 30 statements go by COPY on PostgreSQL, one by the single INSERT.
    filler = [
        about({"type": "http://example.org/t"}, f"{ACTIVITY}/{n}")
        for n in range(batch - 1)
    ]
    first = {
        "name": {"en-US": "Passwords"},
        "description": {"en-US": "Old"},
        "type": "http://adlnet.gov/expapi/activities/lesson",
        "extensions": {"http://example.org/x/a": 1},
    }
    post(lrs, [about(first), *filler])
    second = {
        "name": {"zh-CN": "密码"},
        "description": {"en-US": "New"},
        "type": "http://adlnet.gov/expapi/activities/module",
        "extensions": {"http://example.org/x/b": 2},
        "moreInfo": "http://example.org/more",
    }
    post(lrs, [about(second), *[{**s, "id": str(uuid.uuid4())} for s in filler]])
    assert definition(lrs) == {
        "name": {"en-US": "Passwords", "zh-CN": "密码"},
        "description": {"en-US": "New"},
        "type": "http://adlnet.gov/expapi/activities/module",
        "extensions": {"http://example.org/x/a": 1, "http://example.org/x/b": 2},
        "moreInfo": "http://example.org/more",
    }
    assert Activity.objects.filter(activity_id=ACTIVITY).count() == 1


def test_statements_of_one_batch_are_merged_in_their_order(lrs):
    post(
        lrs,
        [
            about({"name": {"en-US": "One"}, "type": "http://example.org/a"}),
            about({"name": {"fr": "Un"}, "type": "http://example.org/b"}),
        ],
    )
    assert definition(lrs) == {
        "name": {"en-US": "One", "fr": "Un"},
        "type": "http://example.org/b",
    }


def test_a_definition_already_known_is_not_written_again(lrs):
    post(lrs, [about({"name": {"en-US": "Same"}})])
    row = Activity.objects.get(activity_id=ACTIVITY)
    post(lrs, [about({"name": {"en-US": "Same"}})])
    post(lrs, [about({"name": {"en-US": "Other"}})])
    row.refresh_from_db()
    assert row.definition == {"name": {"en-US": "Other"}}


def test_a_refused_batch_merges_nothing(lrs):
    post(lrs, [about({"name": {"en-US": "Kept"}})])
    bad = about({"name": {"en-US": "Lost"}})
    del bad["verb"]
    response = lrs.post(
        "/xapi/statements", json.dumps([about({"name": {"de": "Weg"}}), bad])
    )
    assert response.status_code == 400
    assert definition(lrs) == {"name": {"en-US": "Kept"}}


# Statements cannot hold U+0000 (refused at the door: jsonb cannot keep it).
TEXT = st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=5)
LANGUAGE_MAP = st.dictionaries(
    st.sampled_from(["en", "en-US", "zh-CN", "fr"]), TEXT, max_size=3
)
VALUES = st.one_of(TEXT, st.integers(-5, 5), st.lists(st.integers(0, 3), max_size=3))
DEFINITION = st.fixed_dictionaries(
    {},
    optional={
        "name": LANGUAGE_MAP,
        "description": LANGUAGE_MAP,
        "extensions": st.dictionaries(
            st.sampled_from(["http://e/a", "http://e/b"]), VALUES, max_size=2
        ),
        "type": st.sampled_from(["http://e/t1", "http://e/t2"]),
        "choices": st.lists(
            st.fixed_dictionaries({"id": st.sampled_from(["a", "b"])}), max_size=2
        ),
    },
)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the SQL function is PostgreSQL's"
)
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(stored=DEFINITION, incoming=DEFINITION)
def test_the_sql_merge_is_the_python_merge(stored, incoming):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT xapi_merge_definition(%s::jsonb, %s::jsonb)",
            [json.dumps(stored), json.dumps(incoming)],
        )
        (merged,) = cursor.fetchone()
    merged = json.loads(merged) if isinstance(merged, str) else merged
    assert merged == pure.merge_definition(stored, incoming)
