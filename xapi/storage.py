"""Writing statement rows and their index rows, the fastest way each database allows.

``services`` decides what to store; this module only puts rows into the
four statement tables in one go: one INSERT with CTEs for a few statements
on PostgreSQL, COPY for more, and Django's bulk_create elsewhere.
"""

import json

import psycopg
from django.db import IntegrityError, connection

from .models import Statement, StatementActivity, StatementAgent, StatementTarget


def insert_rows(rows, agents, activities) -> None:
    """Insert statement rows (``STATEMENT_COLUMNS``) and their agent and activity rows."""
    if connection.vendor != "postgresql":
        _insert_rows(rows, agents, activities)
    elif len(rows) <= SMALL_BATCH:
        _insert_small(rows, agents, activities)
    else:
        _copy_rows(rows, agents, activities)


STATEMENT_COLUMNS = (
    "id",
    "stored",
    "timestamp",
    "verb_id",
    "registration",
    "voids",
    "ref_target",
    "client_id",
    "data",
    "batch",
)


def _insert_rows(rows, agents, activities) -> None:
    Statement.objects.bulk_create(
        [Statement(**dict(zip(STATEMENT_COLUMNS, row, strict=True))) for row in rows]
    )
    StatementAgent.objects.bulk_create(
        [
            StatementAgent(statement_id=s, ifi=i, related=r, stored=t, verb_id=v)
            for s, i, r, t, v in agents
        ]
    )
    StatementActivity.objects.bulk_create(
        [
            StatementActivity(statement_id=s, activity_id=a, related=r, stored=t)
            for s, a, r, t in activities
        ]
    )
    StatementTarget.objects.bulk_create(
        [
            StatementTarget(statement_id=s, target_id=g, stored=t)
            for s, g, t in _targets(rows)
        ]
    )


def _targets(rows) -> list[tuple]:
    """Return (statement, target, stored) for the rows whose object is a StatementRef."""
    return [(row[0], row[6], row[1]) for row in rows if row[6] is not None]


# Up to this many statements go in one INSERT with CTEs (one round trip); more
# go by COPY, which is faster per row but costs a round trip per table.
SMALL_BATCH = 10


def _insert_small(rows, agents, activities) -> None:
    parts = [
        _values(
            f"xapi_statement ({', '.join(STATEMENT_COLUMNS)}, voided)",
            [
                (*row[:8], json.dumps(row[8], ensure_ascii=False), row[9], False)
                for row in rows
            ],
            casts={8: "::jsonb"},
        ),
        _values(
            "xapi_statementagent (statement_id, ifi, related, stored, verb_id)", agents
        ),
        _values(
            "xapi_statementactivity (statement_id, activity_id, related, stored)",
            activities,
        ),
        _values(
            "xapi_statementtarget (statement_id, target_id, stored)", _targets(rows)
        ),
    ]
    parts = [part for part in parts if part]
    ctes = [f"i{n} AS ({sql})" for n, (sql, _params) in enumerate(parts[:-1])]
    sql = ("WITH " + ", ".join(ctes) + " " if ctes else "") + parts[-1][0]
    params = [value for _sql, values in parts for value in values]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _values(table: str, rows: list[tuple], casts=None):
    """An ``INSERT INTO table VALUES`` of ``rows`` and its parameters (None if none)."""
    if not rows:
        return None
    casts = casts or {}
    row = "(" + ", ".join("%s" + casts.get(i, "") for i in range(len(rows[0]))) + ")"
    sql = f"INSERT INTO {table} VALUES " + ", ".join([row] * len(rows))
    return sql, [value for each in rows for value in each]


def _copy_rows(rows, agents, activities) -> None:
    """Insert with COPY: on PostgreSQL it is several times faster than INSERT.

    Django's bulk_create spends most of its time escaping the JSON documents
    into array literals; COPY streams them as they are.
    """
    try:
        _copy(rows, agents, activities)
    except psycopg.errors.IntegrityError as error:
        # Raised by psycopg directly, so Django does not translate it.
        raise IntegrityError(str(error)) from error


def _copy(rows, agents, activities) -> None:
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        columns = ", ".join(STATEMENT_COLUMNS)
        with cursor.copy(f"COPY xapi_statement ({columns}, voided) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    (*row[:8], json.dumps(row[8], ensure_ascii=False), row[9], False)
                )
        with cursor.copy(
            "COPY xapi_statementagent (statement_id, ifi, related, stored, verb_id)"
            " FROM STDIN"
        ) as copy:
            for row in agents:
                copy.write_row(row)
        with cursor.copy(
            "COPY xapi_statementactivity (statement_id, activity_id, related, stored)"
            " FROM STDIN"
        ) as copy:
            for row in activities:
                copy.write_row(row)
        targets = _targets(rows)
        if targets:
            with cursor.copy(
                "COPY xapi_statementtarget (statement_id, target_id, stored) FROM STDIN"
            ) as copy:
                for row in targets:
                    copy.write_row(row)
