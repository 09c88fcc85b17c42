"""The plans PostgreSQL picks for GET Statements, before and after ANALYZE (issue 18).

A store loaded in bulk has no statistics until ANALYZE runs, and then an
unlucky plan walks every statement. These tests read the plans (EXPLAIN), not
timings: the StatementRef query is driven from StatementTarget, and no query
with a selective filter scans the statement table or walks its whole stored
index.
"""

import json
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlparse

import pytest
from django.db import connection

from xapi import selectors

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="plans are PostgreSQL's"
)

HOME = "https://training.example.gov.cn"
LEARNERS = 100
STATEMENTS = 20_000
VERBS = [f"http://adlnet.gov/expapi/verbs/{v}" for v in ("experienced", "completed")]
TABLES = ("statement", "statementagent", "statementactivity", "statementtarget")


def agent(n: int) -> dict:
    return {"account": {"homePage": HOME, "name": f"E{n:06d}"}}


def course(n: int) -> str:
    return f"{HOME}/xapi/activities/course/{n}"


def load() -> None:
    """COPY a store in, as a bulk load does: no ANALYZE follows it."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    statements, agents, activities, targets = [], [], [], []
    recent: dict[int, str] = {}
    for n in range(STATEMENTS):
        sid, stored = str(uuid.uuid4()), start + timedelta(seconds=n)
        learner, verb = n % LEARNERS, VERBS[n % 2]
        target = recent.get(learner) if n % 97 == 0 else None
        data = {"id": sid, "actor": agent(learner), "verb": {"id": verb}}
        statements.append((sid, stored, stored, verb, target, json.dumps(data)))
        agents.append((sid, f"account:{HOME}|E{learner:06d}", False, stored, verb))
        activities.append((sid, course(n % 20), True, stored))
        if target:
            targets.append((sid, target, stored))
        recent[learner] = sid
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        for sql, rows in (
            (
                "xapi_statement (id, stored, timestamp, verb_id, ref_target, data,"
                " voided, batch)",
                [(*row, False, str(uuid.uuid4())) for row in statements],
            ),
            (
                "xapi_statementagent (statement_id, ifi, related, stored, verb_id)",
                agents,
            ),
            (
                "xapi_statementactivity (statement_id, activity_id, related, stored)",
                activities,
            ),
            ("xapi_statementtarget (statement_id, target_id, stored)", targets),
        ):
            with cursor.copy(f"COPY {sql} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)


def analyse() -> None:
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ANALYZE xapi_{table}")


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def plans(params: dict) -> list[list[dict]]:
    """Return the plan nodes of every query GET Statements runs for ``params``."""
    limit = selectors._limit(params)
    ascending = selectors.boolean(params, "ascending")
    found = []
    for source in selectors._sources(params, "1.0.3"):
        query = source.page(params, ascending, limit + 1, True, None)
        explained = json.loads(query.explain(format="json"))
        found.append(list(nodes(explained[0]["Plan"])))
    return found


def walks_statements(plan: list[dict]) -> list[str]:
    """Return the scans of the statement table other than lookups by id."""
    return [
        f"{node['Node Type']} {node.get('Index Name', '')}".strip()
        for node in plan
        if node.get("Relation Name") == "xapi_statement"
        and node.get("Index Name") != "xapi_statement_pkey"
    ]


def queries() -> dict[str, dict]:
    someone = json.dumps(agent(7))
    first = {
        "agent+verb": {"agent": someone, "verb": VERBS[1], "limit": "100"},
        "activity+related": {
            "activity": course(3),
            "related_activities": "true",
            "limit": "100",
        },
        "agent, related": {"agent": someone, "related_agents": "true", "limit": "50"},
        "agent, ascending": {"agent": someone, "ascending": "true", "limit": "50"},
        "activity, since and until": {
            "activity": course(3),
            "related_activities": "true",
            "since": "2026-01-01T01:00:00Z",
            "until": "2026-01-01T01:30:00Z",
        },
    }
    pages = {}
    for label, params in first.items():
        pages[label] = params
        more = selectors.query(params, "1.0.3").more
        if more:
            pages[label + ", its more page"] = dict(parse_qsl(urlparse(more).query))
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("analysed", [False, True], ids=["no statistics", "analysed"])
def test_statement_queries_never_walk_the_statement_table(analysed):
    load()
    if analysed:
        analyse()
    pages = queries()
    assert any("more page" in label for label in pages)
    for label, params in pages.items():
        direct, targeting = plans(params)
        assert walks_statements(direct) == [], label
        assert walks_statements(targeting) == [], label
        assert any(
            node.get("Relation Name") == "xapi_statementtarget" for node in targeting
        ), label
        # The referring statements' targets are matched in the index table
        # itself: the statement table is read once, for the referring
        # statements' own rows, not a second time for each target.
        assert (
            sum(node.get("Relation Name") == "xapi_statement" for node in targeting)
            == 1
        ), label
