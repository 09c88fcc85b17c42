"""EXPLAIN ANALYZE every query GET Statements runs, on the bench's store (issue 18).

Run by lrs_query.py through ``run_python`` (Django settings from the bench's
environment) before and after ANALYZE. For each kind of query and its ``more``
page it prints the SQL execution time of its two queries (matching statements,
statements referring to them) and how they read xapi_statement other than by
id. With an agent or activity filter they should not read it at all; a verb or
registration filter reads its own index, or (verb, matching a sixth of the
store) the stored index in order; a sequential scan is never right.
"""

import json
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from xapi import selectors  # noqa: E402

HOME = "https://training.example.gov.cn"
AGENT = json.dumps({"account": {"homePage": HOME, "name": "E000037"}})
COURSE = f"{HOME}/xapi/activities/course/13"
CASES = {
    "agent+verb": {"agent": AGENT, "verb": "http://adlnet.gov/expapi/verbs/completed"},
    "agent, related_agents": {"agent": AGENT, "related_agents": "true"},
    "agent, ascending": {"agent": AGENT, "ascending": "true"},
    "agent, since+until": {
        "agent": AGENT,
        "since": "2026-01-01T00:00:00Z",
        "until": "2026-06-01T00:00:00Z",
    },
    "activity": {"activity": f"{HOME}/xapi/activities/lesson/137"},
    "activity+related_activities": {"activity": COURSE, "related_activities": "true"},
    "verb": {"verb": "http://adlnet.gov/expapi/verbs/completed"},
    "registration": {"registration": "00000000-0000-0000-0000-000000000025"},
}


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def explain(params: dict) -> tuple[float, list[str]]:
    limit = selectors._limit(params)
    ascending = selectors.boolean(params, "ascending")
    total, walks = 0.0, []
    for source in selectors._sources(params, "1.0.3"):
        query = source.page(params, ascending, limit + 1, True, None)
        result = json.loads(query.explain(format="json", analyze=True))[0]
        total += result["Execution Time"]
        walks += [
            f"{node['Node Type']} {node.get('Index Name', '')}".strip()
            for node in nodes(result["Plan"])
            if node.get("Relation Name") == "xapi_statement"
            and node.get("Index Name") != "xapi_statement_pkey"
        ]
    return total, walks


def main(state: str) -> None:
    for label, params in CASES.items():
        params = {**params, "limit": "100"}
        pages = [(label, params)]
        more = selectors.query(params, "1.0.3").more
        if more:
            pages.append(
                (f"{label}, its more page", dict(parse_qsl(urlparse(more).query)))
            )
        for name, page in pages:
            explain(page)  # once to warm the cache, as a repeated query would be
            elapsed, walks = explain(page)
            verdict = ", ".join(sorted(set(walks))) or "none"
            print(
                f"  plan, {state}, {name}: {elapsed:.1f} ms of SQL;"
                f" xapi_statement read other than by id: {verdict}"
            )


if __name__ == "__main__":
    main(sys.argv[1])
