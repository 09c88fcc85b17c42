"""Writing statement rows, their index rows and activity definitions, the fastest
way each database allows.

``services`` decides what to store; this module only puts rows into the
four statement tables and merges the definitions in one go: on PostgreSQL,
one INSERT with CTEs for a few statements and COPY for more, with the
definitions merged by the database; elsewhere Django's bulk_create and a merge
in Python.
"""

import psycopg
from django.db import IntegrityError, connection

from common import jsonsafe

from . import statements as pure
from .exceptions import BadRequest
from .models import (
    Activity,
    Statement,
    StatementActivity,
    StatementAgent,
    StatementTarget,
)


def insert_rows(rows, agents, activities, definitions: dict[str, dict]) -> None:
    """Insert statement rows (``STATEMENT_COLUMNS``) and their agent and activity rows.

    ``definitions`` maps activity ids to the definitions the statements give
    them; each is merged into the stored one (``statements.merge_definition``).
    """
    texts = [jsonsafe.dumps(row[8]) for row in rows]
    _refuse_nul(rows, texts)
    if connection.vendor != "postgresql":
        _insert_rows(rows, agents, activities)
        _merge_in_python(definitions)
    elif len(rows) <= SMALL_BATCH:
        _insert_small(rows, texts, agents, activities, definitions)
    else:
        _copy_rows(rows, texts, agents, activities)
        if definitions:
            with connection.cursor() as cursor:
                cursor.execute(MERGE_DEFINITIONS, _definition_params(definitions))


def _refuse_nul(rows, texts: list[str]) -> None:
    """Refuse statements holding U+0000, on every database.

    PostgreSQL's jsonb cannot keep that character: the insert would fail with
    a 500. Its JSON escape in the written text finds the few candidates; a
    backslash before "u0000" is plain text, so those are looked at closely.
    """
    for row, text in zip(rows, texts, strict=True):
        if "\\u0000" in text and _holds_nul(row[8]):
            raise BadRequest("Statements cannot hold the character U+0000 (\\u0000).")


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


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


def _insert_small(rows, texts, agents, activities, definitions) -> None:
    parts = [
        _values(
            f"xapi_statement ({', '.join(STATEMENT_COLUMNS)}, voided)",
            [
                (*row[:8], text, row[9], False)
                for row, text in zip(rows, texts, strict=True)
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
    if definitions:
        parts.insert(0, (INCOMING_DEFINITIONS, _definition_params(definitions)))
        parts.insert(1, (CREATE_DEFINITIONS, []))
        parts.append((UPDATE_DEFINITIONS, []))
    names = ["incoming", "created"] if definitions else []
    names += [f"i{n}" for n in range(len(parts) - len(names) - 1)]
    ctes = [
        f"{name} AS ({sql})"
        for name, (sql, _params) in zip(names, parts[:-1], strict=True)
    ]
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


def _copy_rows(rows, texts, agents, activities) -> None:
    """Insert with COPY: on PostgreSQL it is several times faster than INSERT.

    Django's bulk_create spends most of its time escaping the JSON documents
    into array literals; COPY streams them as they are.
    """
    try:
        _copy(rows, texts, agents, activities)
    except psycopg.errors.IntegrityError as error:
        # Raised by psycopg directly, so Django does not translate it.
        raise IntegrityError(str(error)) from error


def _copy(rows, texts, agents, activities) -> None:
    # Every row of one request shares its stored time (services._store).
    stored = rows[0][1].isoformat()
    columns = ", ".join(STATEMENT_COLUMNS)
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        _copy_text(
            cursor,
            f"COPY xapi_statement ({columns}, voided) FROM STDIN",
            [
                f"{row[0]}\t{stored}\t{row[2].isoformat()}\t{_text(row[3])}"
                f"\t{_text(row[4])}\t{_text(row[5])}\t{_text(row[6])}"
                f"\t{_text(row[7])}\t{_text(text)}\t{row[9]}\tf\n"
                for row, text in zip(rows, texts, strict=True)
            ],
        )
        _copy_text(
            cursor,
            "COPY xapi_statementagent (statement_id, ifi, related, stored, verb_id)"
            " FROM STDIN",
            [
                f"{s}\t{_text(i)}\t{'t' if r else 'f'}\t{stored}\t{_text(v)}\n"
                for s, i, r, _t, v in agents
            ],
        )
        _copy_text(
            cursor,
            "COPY xapi_statementactivity (statement_id, activity_id, related, stored)"
            " FROM STDIN",
            [
                f"{s}\t{_text(a)}\t{'t' if r else 'f'}\t{stored}\n"
                for s, a, r, _t in activities
            ],
        )
        _copy_text(
            cursor,
            "COPY xapi_statementtarget (statement_id, target_id, stored) FROM STDIN",
            [f"{s}\t{g}\t{stored}\n" for s, g, _t in _targets(rows)],
        )


def _copy_text(cursor, sql: str, lines: list[str]) -> None:
    """COPY ``lines`` (in COPY's text format) in one write.

    Formatting the lines here costs a sixth of psycopg's ``write_row``, which
    adapts every value by its type; the values are few kinds and known.
    """
    if lines:
        with cursor.copy(sql) as copy:
            copy.write("".join(lines).encode("utf-8"))


def _text(value) -> str:
    """``value`` as a field of COPY's text format: NULL as \\N, specials escaped."""
    if value is None:
        return "\\N"
    value = str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


# Definitions are merged by PostgreSQL (the function ``xapi_merge_definition``,
# migration 0003, is ``statements.merge_definition`` in SQL): new activities are
# created, and only the stored definitions the merge changes are written, so
# a batch about known activities reads and locks none of their rows.
# The definitions go as one JSON text (psycopg quotes one string faster than
# it builds arrays), and the LIMIT, their exact count, is the planner's row
# estimate: without it jsonb_to_recordset is guessed at 100 rows, and one
# statement's definition would be looked up by scanning every activity.
INCOMING_DEFINITIONS = (
    "SELECT d.id AS activity_id, d.def AS definition"
    " FROM jsonb_to_recordset(%s::jsonb) AS d(id text, def jsonb) LIMIT %s"
)
CREATE_DEFINITIONS = (
    "INSERT INTO xapi_activity (activity_id, definition)"
    " SELECT activity_id, definition FROM incoming WHERE NOT EXISTS"
    " (SELECT FROM xapi_activity AS a WHERE a.activity_id = incoming.activity_id)"
    " ON CONFLICT (activity_id) DO NOTHING"
)
UPDATE_DEFINITIONS = (
    "UPDATE xapi_activity AS a"
    " SET definition = xapi_merge_definition(a.definition, incoming.definition)"
    " FROM incoming WHERE a.activity_id = incoming.activity_id"
    " AND a.definition <> incoming.definition"
    " AND xapi_merge_definition(a.definition, incoming.definition) <> a.definition"
)
MERGE_DEFINITIONS = (
    f"WITH incoming AS ({INCOMING_DEFINITIONS}), created AS ({CREATE_DEFINITIONS})"
    f" {UPDATE_DEFINITIONS}"
)


def _definition_params(definitions: dict[str, dict]) -> list:
    rows = [{"id": activity_id, "def": d} for activity_id, d in definitions.items()]
    return [jsonsafe.dumps(rows), len(rows)]


def _merge_in_python(definitions: dict[str, dict]) -> None:
    if not definitions:
        return
    existing = {
        a.activity_id: a
        for a in Activity.objects.filter(activity_id__in=list(definitions))
    }
    changed, created = [], []
    for activity_id, definition in definitions.items():
        row = existing.get(activity_id)
        if row is None:
            created.append(Activity(activity_id=activity_id, definition=definition))
        else:
            merged = pure.merge_definition(row.definition, definition)
            if merged != row.definition:
                row.definition = merged
                changed.append(row)
    Activity.objects.bulk_create(created, ignore_conflicts=True)
    Activity.objects.bulk_update(changed, ["definition"])
