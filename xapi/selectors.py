"""Reading statements: the GET Statements query (Communication 2.1.3).

Paging is keyset paging on (stored, id): a ``more`` link carries the position
of the last statement returned, never an OFFSET.
"""

import base64
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, Q, TextField
from django.db.models.functions import Cast

from common import jsonsafe

from .agents import ifi
from .exceptions import BadRequest, NotFound
from .models import Statement, StatementActivity, StatementAgent, StatementTarget
from .validation import XAPIValidationError, parse_timestamp, validate_agent

MAX_LIMIT = 500
QUERY_PARAMS = {
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "format",
    "attachments",
    "ascending",
    "cursor",
}
SINGLE_PARAMS = {"statementId", "voidedStatementId", "format", "attachments"}
FORMATS = {"exact", "ids", "canonical"}


@dataclass
class Page:
    """One page of statements: decoded, or as raw JSON text when ``raw`` was asked."""

    statements: list
    more: str


def boolean(params: dict, name: str) -> bool:
    value = params.get(name, "false")
    if value not in ("true", "false"):
        raise BadRequest(f"The parameter {name} must be true or false.")
    return value == "true"


def format_of(params: dict) -> str:
    style = params.get("format", "exact")
    if style not in FORMATS:
        raise BadRequest(
            f"The parameter format must be one of {', '.join(sorted(FORMATS))}."
        )
    return style


def single(params: dict, *, only_client=None) -> dict:
    """Return the statement named by statementId or voidedStatementId.

    With ``only_client``, a statement another client stored is answered 404,
    as an unknown one is: the same limit as ``query``'s.
    """
    unknown = set(params) - SINGLE_PARAMS
    if unknown or ("statementId" in params and "voidedStatementId" in params):
        raise BadRequest(
            "statementId and voidedStatementId take only format and attachments."
        )
    voided = "voidedStatementId" in params
    raw = params["voidedStatementId" if voided else "statementId"]
    try:
        statement_id = uuid.UUID(raw)
    except ValueError as error:
        raise BadRequest(f"{raw!r} is not a statement id.") from error
    rows = Statement.objects.filter(id=statement_id, voided=voided)
    if only_client is not None:
        rows = rows.filter(client=only_client)
    row = rows.only("data").first()
    if row is None:
        raise NotFound(f"No statement {raw}.")
    return row.data


def query(params: dict, version: str, *, only_client=None, raw: bool = False) -> Page:
    """Return one page of statements matching the GET Statements parameters.

    With ``raw`` the statements come back as the JSON text the database holds,
    so an ``exact`` page is answered without decoding and re-encoding them.
    """
    unknown = set(params) - QUERY_PARAMS
    if unknown:
        raise BadRequest(f"Unknown parameter {sorted(unknown)[0]!r}.")
    limit = _limit(params)
    ascending = boolean(params, "ascending")
    found: dict = {}
    for source in _sources(params, version):
        for row in source.first(params, ascending, limit + 1, raw, only_client):
            found[row[1]] = row
    ordered = sorted(
        found.values(), key=lambda row: (row[0], row[1]), reverse=not ascending
    )
    page = ordered[: limit + 1]
    more = ""
    if len(page) > limit:
        page = page[:limit]
        last_stored, last_id, _data = page[-1]
        more = _more_link(params, last_stored, last_id)
    return Page([data for _s, _i, data in page], more)


@dataclass
class Source:
    """Rows to read a page from: statements, or an index table driving the order.

    ``via`` is the path from the rows to their statement ("" or "statement__")
    and ``id_field`` the statement id column, so that the same bounds, cursor
    and order apply to either.
    """

    rows: object
    via: str = ""
    id_field: str = "id"

    def first(self, params, ascending, count, raw, only_client) -> list[tuple]:
        return list(self.page(params, ascending, count, raw, only_client))

    def page(self, params, ascending, count, raw, only_client):
        """Return the query of the first ``count`` rows, not yet run (for EXPLAIN)."""
        rows = self.rows.filter(**{self.via + "voided": False})
        rows = _bounded(rows, params)
        if only_client is not None:
            rows = rows.filter(**{self.via + "client": only_client})
        if "cursor" in params:
            rows = rows.filter(_after(params["cursor"], ascending, self.id_field))
        order = (
            ["stored", self.id_field] if ascending else ["-stored", "-" + self.id_field]
        )
        column = self.via + "data"
        if raw:
            rows = rows.annotate(raw=Cast(F(column), output_field=TextField()))
            column = "raw"
        return rows.order_by(*order).values_list("stored", self.id_field, column)[
            :count
        ]


def _limit(params: dict) -> int:
    try:
        limit = int(params.get("limit", "0"))
    except ValueError as error:
        raise BadRequest("The parameter limit must be a whole number.") from error
    if limit < 0:
        raise BadRequest("The parameter limit cannot be negative.")
    return MAX_LIMIT if limit == 0 else min(limit, MAX_LIMIT)


FILTERS = ("agent", "verb", "activity", "registration")


def _sources(params: dict, version: str) -> list[Source]:
    """Return the sources whose union answers the query.

    With an agent or activity filter the page is read from that index table in
    stored order, so only about a page of statements is visited. Communication
    2.1.3 (StatementRef filtering): statements whose object is a StatementRef
    to a matching statement, voided or not, also match; they are read apart and
    merged, as one query with an OR over both makes PostgreSQL scan every
    statement. They are read from StatementTarget, which holds only them, so
    the plan stays small whether or not the tables have been analysed.
    """
    if not any(name in params for name in FILTERS):
        return [Source(Statement.objects.all())]
    found = _driver(params, version)
    if found is None:
        direct = Source(_statement_filters(Statement.objects.all(), params, ""))
        targeting = _statement_filters(
            StatementTarget.objects.all(), params, "target__"
        )
    else:
        model, _relation, lookups, skip = found
        rows = _statement_filters(
            model.objects.filter(**lookups), params, "statement__", skip
        )
        direct = Source(rows, "statement__", "statement_id")
        targeting = _statement_filters(
            _referring(model, lookups), params, "target__", skip
        )
    return [direct, Source(targeting, "statement__", "statement_id")]


def _referring(model, lookups: dict):
    """StatementTarget rows whose target has an index row matching ``lookups``.

    A join of StatementTarget straight to the index table on the target's id.
    Not "target IN (matching)": PostgreSQL planned that semi-join by hashing
    every matching index row, thousands of heap reads for the few referring
    statements, and unanalysed as a nested loop comparing each referring
    statement with each matching one. Nor through the relation
    ``target__activities``, which the ORM joins via the target's statement
    row, a second index probe per referring statement. Index rows are unique
    per statement and IFI or activity, so each referring statement comes once.
    """
    index = model._meta.db_table
    where = [f'"{index}"."statement_id" = "xapi_statementtarget"."target_id"']
    values = []
    for name, value in lookups.items():
        where.append(f'"{index}"."{model._meta.get_field(name).column}" = %s')
        values.append(value)
    # The columns are the model's own and the values are parameters.
    return StatementTarget.objects.extra(tables=[index], where=where, params=values)


def _driver(params: dict, version: str):
    """Return the index table to read matching statements from, and its lookups."""
    if "agent" in params:
        lookups = {"ifi": _agent_ifi(params, version)}
        if not boolean(params, "related_agents"):
            lookups["related"] = False
        if "verb" in params:
            lookups["verb_id"] = params["verb"]
        return StatementAgent, "agents", lookups, ("verb",)
    if "activity" in params:
        lookups = {"activity_id": params["activity"]}
        if not boolean(params, "related_activities"):
            lookups["related"] = False
        return StatementActivity, "activities", lookups, ("activity",)
    return None


def _statement_filters(rows, params: dict, via: str, skip: tuple = ()):
    """Apply the verb, registration and activity filters not in ``skip`` to ``rows``."""
    if "verb" in params and "verb" not in skip:
        rows = rows.filter(**{via + "verb_id": params["verb"]})
    if "registration" in params:
        try:
            registration = uuid.UUID(params["registration"])
        except ValueError as error:
            raise BadRequest("The parameter registration must be a UUID.") from error
        rows = rows.filter(**{via + "registration": registration})
    outer = OuterRef(via + "id" if via else "pk")
    if "activity" in params and "activity" not in skip:
        matches = StatementActivity.objects.filter(
            statement=outer, activity_id=params["activity"]
        )
        if not boolean(params, "related_activities"):
            matches = matches.filter(related=False)
        rows = rows.filter(Exists(matches))
    return rows


def _bounded(rows, params: dict):
    for name, lookup in (("since", "stored__gt"), ("until", "stored__lte")):
        if name in params:
            rows = rows.filter(**{lookup: _time(params[name], name)})
    return rows


def _agent_ifi(params: dict, version: str) -> str:
    try:
        agent = jsonsafe.loads(params["agent"])
        validate_agent(agent, version, path="agent")
    except (ValueError, XAPIValidationError) as error:
        raise BadRequest(
            f"The parameter agent is not a valid Agent: {error}"
        ) from error
    identifier = ifi(agent)
    if identifier is None:
        raise BadRequest("The parameter agent needs an inverse functional identifier.")
    return identifier


def _time(value: str, name: str):
    try:
        return parse_timestamp(value, name)
    except XAPIValidationError as error:
        raise BadRequest(f"The parameter {name} is not a timestamp: {error}") from error


def _after(cursor: str, ascending: bool, id_field: str = "id") -> Q:
    try:
        stored_text, id_text = (
            base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        )
        stored = parse_timestamp(stored_text, "cursor")
        last_id = uuid.UUID(id_text)
    except (ValueError, XAPIValidationError) as error:
        raise BadRequest("The more link is not valid.") from error
    # The plain range beside the OR is redundant, but it gives PostgreSQL one
    # index range on (…, stored) to continue along instead of an OR of two.
    if ascending:
        return Q(stored__gte=stored) & (
            Q(stored__gt=stored) | Q(stored=stored, **{id_field + "__gt": last_id})
        )
    return Q(stored__lte=stored) & (
        Q(stored__lt=stored) | Q(stored=stored, **{id_field + "__lt": last_id})
    )


def _more_link(params: dict, stored, last_id) -> str:
    cursor = base64.urlsafe_b64encode(
        f"{stored.isoformat()}|{last_id}".encode()
    ).decode()
    kept = {k: v for k, v in params.items() if k != "cursor"}
    return "/xapi/statements?" + urlencode({**kept, "cursor": cursor})
