"""A real external client (edx-tincan-py35, TinCanPython's Python 3 fork) against a live server."""

import pytest
from tincan import Activity, Agent, RemoteLRS, Statement, StatementRef, Verb

from xapi.auth import create_client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def remote(live_server, reference_data):
    credentials = create_client(name="tincan", scopes=["all"])
    # TinCanPython sends X-Experience-API-Version 1.0.1, which is answered as 1.0.3.
    # Its about() cannot parse an LRS that also announces 2.0.0, so it is not used.
    return RemoteLRS(
        endpoint=live_server.url + "/xapi/",
        username=credentials.key,
        password=credentials.secret,
        version="1.0.1",
    )


def _statement(n: int) -> Statement:
    return Statement(
        actor=Agent(name="学员", mbox="mailto:tincan@example.gov.cn"),
        verb=Verb(id="http://adlnet.gov/expapi/verbs/experienced"),
        object=Activity(id=f"http://example.gov.cn/activities/tincan-{n}"),
    )


def test_client_saves_and_retrieves_a_statement(remote):
    saved = remote.save_statement(_statement(1))
    assert saved.success, saved.data
    statement_id = saved.content.id
    got = remote.retrieve_statement(statement_id)
    assert got.success
    assert str(got.content.id) == str(statement_id)
    assert got.content.object.id == "http://example.gov.cn/activities/tincan-1"


def test_client_queries_and_follows_more(remote):
    assert remote.save_statements([_statement(n) for n in range(5)]).success
    first = remote.query_statements(
        {"limit": 2, "verb": Verb(id="http://adlnet.gov/expapi/verbs/experienced")}
    )
    assert first.success
    seen = [s.id for s in first.content.statements]
    more = first.content.more
    while more:
        page = remote.more_statements(more)
        assert page.success
        seen += [s.id for s in page.content.statements]
        more = page.content.more
    assert len(seen) == 5 == len(set(seen))


def test_client_voids_a_statement(remote):
    saved = remote.save_statement(_statement(9)).content
    voiding = Statement(
        actor=Agent(mbox="mailto:tincan@example.gov.cn"),
        verb=Verb(id="http://adlnet.gov/expapi/verbs/voided"),
        object=StatementRef(id=saved.id),
    )
    assert remote.save_statement(voiding).success
    assert not remote.retrieve_statement(saved.id).success
    voided = remote.retrieve_voided_statement(saved.id)
    assert voided.success and str(voided.content.id) == str(saved.id)


def test_client_with_a_wrong_secret_is_refused(live_server, reference_data):
    wrong = RemoteLRS(
        endpoint=live_server.url + "/xapi/",
        username="nobody",
        password="x",
        version="1.0.1",
    )
    response = wrong.save_statement(_statement(2))
    assert not response.success
    assert response.response.status == 401
