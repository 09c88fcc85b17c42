"""The recorder the rest of the platform calls, and its guarantees."""

import threading
import uuid

import pytest
from django.db import connection, connections

from xapi import vocabulary
from xapi.exceptions import Conflict
from xapi.models import Statement
from xapi.projectors import register_projector, unregister_projector
from xapi.services import record

AUTHORITY = {
    "objectType": "Agent",
    "account": {"homePage": "http://lms.test", "name": "platform"},
}


def lesson_statement(statement_id=None):
    body = {
        "actor": vocabulary.learner("D0001", "王小明"),
        "verb": vocabulary.verb(vocabulary.COMPLETED),
        "object": {"id": vocabulary.activity_iri("lesson", "key-1")},
    }
    if statement_id:
        body["id"] = statement_id
    return body


@pytest.mark.django_db
def test_projectors_see_the_statements_in_the_same_transaction():
    seen = []

    def projector(statements):
        seen.extend(s["id"] for s in statements)
        assert Statement.objects.filter(id__in=[s["id"] for s in statements]).exists()

    register_projector(projector)
    try:
        ids = record(lesson_statement(), authority=AUTHORITY, version="1.0.3")
    finally:
        unregister_projector(projector)
    assert seen == ids


@pytest.mark.django_db
def test_a_failing_projector_stores_nothing():
    def broken(statements):
        raise RuntimeError("progress table unavailable")

    register_projector(broken)
    try:
        with pytest.raises(RuntimeError):
            record(lesson_statement(), authority=AUTHORITY, version="1.0.3")
    finally:
        unregister_projector(broken)
    assert not Statement.objects.exists()


@pytest.mark.django_db
def test_resending_is_idempotent_and_projectors_see_it_once():
    calls = []
    register_projector(calls.append)
    try:
        statement_id = str(uuid.uuid4())
        record(lesson_statement(statement_id), authority=AUTHORITY, version="1.0.3")
        record(lesson_statement(statement_id), authority=AUTHORITY, version="1.0.3")
    finally:
        unregister_projector(calls.append)
    assert Statement.objects.count() == 1
    assert [len(batch) for batch in calls] == [1, 0]


@pytest.mark.django_db
def test_learner_agent_uses_the_site_account_and_employee_id(settings):
    settings.SITE_BASE_URL = "https://training.example.gov.cn"
    agent = vocabulary.learner("D0001")
    assert agent["account"] == {
        "homePage": "https://training.example.gov.cn",
        "name": "D0001",
    }
    assert vocabulary.activity_iri("course", "abc").startswith(
        "https://training.example.gov.cn/xapi/activities/course/"
    )


@pytest.mark.django_db(transaction=True)
def test_twenty_threads_with_colliding_ids_store_one_each():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrent writers; SQLite serialises writes")
    ids = [str(uuid.uuid4()) for _ in range(5)]
    outcomes, barrier = [], threading.Barrier(20)

    def worker(n):
        statement_id = ids[n % len(ids)]
        body = lesson_statement(statement_id)
        if n >= 15:
            body["verb"] = vocabulary.verb(vocabulary.PASSED)  # a different statement
        barrier.wait()
        try:
            record(body, authority=AUTHORITY, version="1.0.3")
            outcomes.append("stored")
        except Conflict:
            outcomes.append("conflict")
        except Exception as error:  # noqa: BLE001 - any other error is the failure
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(outcomes) <= {"stored", "conflict"}, outcomes
    assert Statement.objects.filter(id__in=ids).count() == 5


@pytest.mark.django_db
def test_record_leaves_the_callers_statement_untouched():
    import copy

    body = lesson_statement()
    body["context"] = {
        "contextActivities": {"parent": {"id": "http://lms.test/course/1"}}
    }
    before = copy.deepcopy(body)
    record(body, authority=AUTHORITY, version="1.0.3")
    assert body == before
