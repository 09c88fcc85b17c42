"""The projector contract: same transaction, follow-ons at most two deep, idempotent."""

import uuid

import pytest

from xapi import vocabulary as v
from xapi.models import Statement
from xapi.projectors import ProjectionTooDeep, register_projector, unregister_projector
from xapi.services import record_statements

pytestmark = pytest.mark.django_db

FOLLOW_ON = "http://example.com/verbs/followed"


def statement(verb=v.EXPERIENCED, object_id="http://example.com/a"):
    return {
        "id": str(uuid.uuid4()),
        "actor": v.learner("D0001"),
        "verb": {"id": verb},
        "object": {"id": object_id},
    }


@pytest.fixture
def projector():
    registered = []

    def add(function):
        register_projector(function)
        registered.append(function)
        return function

    yield add
    for function in registered:
        unregister_projector(function)


def test_a_follow_on_statement_is_stored_and_projected_in_the_same_call(projector):
    seen = []

    @projector
    def follow(stored):
        seen.extend(s["verb"]["id"] for s in stored)
        if any(s["verb"]["id"] == v.EXPERIENCED for s in stored):
            record_statements([statement(FOLLOW_ON)])

    record_statements([statement()])

    assert seen == [v.EXPERIENCED, FOLLOW_ON]
    assert Statement.objects.count() == 2


def test_two_generations_of_follow_ons_are_allowed(projector):
    # exam passed -> course completed -> certificate earned
    chain = {v.EXPERIENCED: v.COMPLETED, v.COMPLETED: FOLLOW_ON}

    @projector
    def follow(stored):
        for s in stored:
            if s["verb"]["id"] in chain:
                record_statements([statement(chain[s["verb"]["id"]])])

    record_statements([statement()])
    assert Statement.objects.count() == 3


def test_recording_from_a_follow_on_projection_is_refused_and_rolls_back(projector):
    @projector
    def recurse(stored):
        record_statements([statement(FOLLOW_ON)])

    with pytest.raises(ProjectionTooDeep):
        record_statements([statement()])
    assert Statement.objects.count() == 0


def test_a_projector_that_fails_rolls_the_statements_back(projector):
    @projector
    def fail(stored):
        raise RuntimeError("projection failed")

    with pytest.raises(RuntimeError):
        record_statements([statement()])
    assert Statement.objects.count() == 0


def test_a_resent_statement_is_not_projected_again(projector):
    seen = []
    projector(lambda stored: seen.extend(s["id"] for s in stored))
    once = statement()
    record_statements([once])
    record_statements([once])
    assert seen == [once["id"]]


def test_recording_nothing_runs_no_projector(projector):
    seen = []
    projector(seen.append)
    assert record_statements([]) == []
    assert seen == []
