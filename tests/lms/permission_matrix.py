"""The machinery of the permission matrix: every URL pattern, its rule, and each call.

``endpoints()`` walks the URL resolver, so a new pattern appears here on its
own; ``RULES`` (in ``permission_rules``) says, for every pattern, what each
role gets. A pattern no rule matches, and a rule that matches no pattern, are
both errors, so the table can neither fall behind nor rot.
"""

import fnmatch
import io
import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from .permission_world import ROLES, World

# Outcomes besides plain status codes.
LOGIN = "login"  # redirected to a sign-in page (the site's or the admin's)
DENIED = "denied"  # Wagtail's refusal: back to the admin dashboard with a message
REDIRECT = "redirect"  # any other redirect
REFUSED = "refused"  # any refusal (a POST's default: it must change nothing)
MISSING = 999999  # an id no object has


@dataclass(frozen=True)
class Endpoint:
    key: str  # the namespaced URL name, or the route of an unnamed pattern
    route: str
    arguments: tuple[str, ...]
    named: bool


def endpoints() -> list[Endpoint]:
    """Every pattern the resolver knows, with the names of its arguments."""
    return list(_walk(get_resolver().url_patterns, "", ""))


def _walk(patterns, prefix, namespace):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            yield Endpoint(
                key=f"{namespace}{entry.name}" if entry.name else route,
                route=route,
                arguments=_arguments(route),
                named=bool(entry.name),
            )


def _arguments(route: str) -> tuple[str, ...]:
    converters = re.findall(r"<(?:\w+:)?(\w+)>", route)
    groups = re.findall(r"\(\?P<(\w+)>", route)
    return tuple(converters + groups)


@dataclass(frozen=True)
class Case:
    """Another set of arguments for the same pattern (another person's object)."""

    arguments: dict
    expect: tuple
    post: tuple | None = None


@dataclass(frozen=True)
class Rule:
    pattern: str  # a glob over endpoint keys
    # (the rest are keyword arguments)
    expect: tuple = ()  # one outcome per role, in ROLES order
    arguments: dict = field(default_factory=dict)  # world id keys or literals
    path: str = ""  # for unnamed patterns: a path, formatted with the world's paths
    post: tuple | None = None  # POST outcomes; None: each refused role, as GET
    queries: tuple = ("",)  # query strings to GET as well, e.g. "?export=csv"
    cases: tuple = ()
    skip: str = ""  # why the pattern is not called
    route: str = "*"  # a glob over the route, for names that several patterns share

    def matches(self, endpoint: Endpoint) -> bool:
        return fnmatch.fnmatchcase(endpoint.key, self.pattern) and (
            fnmatch.fnmatchcase(endpoint.route, self.route)
        )


def outcomes(*values) -> tuple:
    """One outcome per role: anon, learner, trainer, reviewer, hr_in, hr_out, admin."""
    assert len(values) == len(ROLES), values
    return tuple(values)


REFUSALS = {LOGIN, DENIED, 403, 404}
# What a refused POST may answer: nothing was done, whichever way it says so.
REFUSED_POST = REFUSALS | {400, 405}


@dataclass(frozen=True)
class Call:
    key: str
    role: str
    method: str
    url: str
    expected: object


def calls_for(endpoint: Endpoint, rule: Rule, world: World) -> list[Call]:
    """The GETs and POSTs the rule asks for, for the pattern and each case."""
    if rule.skip:
        return []
    found = []
    variants = [Case(rule.arguments, rule.expect, rule.post), *rule.cases]
    for variant in variants:
        url = url_of(endpoint, rule, world, variant.arguments)
        for query in rule.queries:
            found += [
                Call(endpoint.key, role, "get", url + query, expected)
                for role, expected in zip(ROLES, variant.expect, strict=True)
            ]
        found += [
            Call(endpoint.key, role, "post", url, expected)
            for role, expected in zip(ROLES, _posts(variant), strict=True)
            if expected is not None
        ]
    return found


def _posts(variant: Case) -> tuple:
    if variant.post is not None:
        return variant.post or (None,) * len(ROLES)
    return tuple(REFUSED if e in REFUSALS else None for e in variant.expect)


def agrees(outcome, expected) -> bool:
    if expected == REFUSED:
        return outcome in REFUSED_POST
    return outcome == expected


def rule_for(endpoint: Endpoint, rules) -> Rule | None:
    matching = [rule for rule in rules if rule.matches(endpoint)]
    return matching[0] if matching else None


# Default values of path arguments, by name; a rule's own ``arguments`` win.
_BY_NAME = {
    "page_id": "course",
    "parent_page_id": "home",
    "page_to_move_id": "course",
    "destination_id": "home",
    "page_pk": "course",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "uploaded_file_id": MISSING,
    "revision_id": "revision",
    "revision_id_a": "earliest",
    "revision_id_b": "latest",
    "task_id": "task",
    "workflow_pk": "workflow",
    "task_state_id": MISSING,
    "workflow_state_id": MISSING,
    "session_id": "editing_session",
    "collection_id": "collection",
    "redirect_id": "redirect",
    "restriction_id": MISSING,
    "page_view_restriction_id": MISSING,
    "filter_spec": "original",
    "uidb64": "MQ",
    "token": "set-password",
    "nonce": "unknown-nonce",
    "path": "index.html",
    "action_name": "approve",
    "content_type_app_name": "courses",
    "content_type_model_name": "lessonpage",
}


def resolve_arguments(endpoint: Endpoint, world: World, arguments: dict):
    values = {}
    for name in endpoint.arguments:
        value = {**_BY_NAME, **arguments}.get(name)
        if value is None:
            raise LookupError(f"{endpoint.key}: no value for <{name}>")
        values[name] = world.ids.get(value, value) if isinstance(value, str) else value
    return values


def url_of(endpoint: Endpoint, rule: Rule, world: World, arguments: dict) -> str:
    if rule.path:
        return rule.path.format(route=endpoint.route, **world.paths, **world.ids)
    if not endpoint.named:
        raise LookupError(f"{endpoint.key}: an unnamed pattern needs a path")
    return reverse(endpoint.key, kwargs=resolve_arguments(endpoint, world, arguments))


def outcome_of(response):
    """The response as the table writes it: a status, LOGIN, DENIED or REDIRECT."""
    if response.status_code in (301, 302, 303, 307):
        location = response["Location"].split("?")[0]
        if location.endswith("/login/"):
            return LOGIN
        if location == reverse("wagtailadmin_home"):
            return DENIED
        return REDIRECT
    return response.status_code


def body_text(response) -> str:
    """The response's text; a spreadsheet's cells, one per line."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if "spreadsheetml" in response.get("Content-Type", ""):
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        )
    return content.decode("utf-8", errors="ignore")
