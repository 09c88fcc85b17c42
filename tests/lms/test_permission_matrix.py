"""Every URL the resolver knows, called as every role: the expected answer, no leak.

The table is ``tests/lms/permission_rules.py``; the machinery is in
``permission_matrix`` and the organisation the calls are made in is in
``permission_world``. A new URL pattern fails the first test until it has a
rule; a rule left behind when its URL goes fails the second.
"""

import pytest
from django.conf import settings

from tests.second_factor import VerifiedClient

from .permission_matrix import (
    agrees,
    body_text,
    calls_for,
    endpoints,
    outcome_of,
    rule_for,
)
from .permission_rules import RULES
from .permission_world import ROLES, build_world


def test_every_url_pattern_has_a_rule():
    missing = [e for e in endpoints() if rule_for(e, RULES) is None]
    assert not missing, (
        "URL patterns without a rule in tests/lms/permission_rules.py "
        "(add one line per pattern saying what each role gets):\n"
        + "\n".join(f"  {e.key}  ({e.route})" for e in missing)
    )


def test_every_rule_is_the_rule_of_some_pattern():
    used = {id(rule_for(e, RULES)) for e in endpoints()}
    unused = [rule.pattern for rule in RULES if id(rule) not in used]
    assert not unused, (
        "Rules in tests/lms/permission_rules.py that no URL pattern uses "
        "(the URL is gone, or an earlier rule shadows this one): " + ", ".join(unused)
    )


def test_every_rule_gives_one_outcome_per_role():
    for rule in RULES:
        for expect in (rule.expect, rule.post, *(c.expect for c in rule.cases)):
            assert expect is None or len(expect) in (0, len(ROLES)), rule.pattern


class Session:
    """One signed-in client per role, signed in again if a call ended the session."""

    def __init__(self, world):
        self.world = world
        self.clients = {
            role: VerifiedClient(raise_request_exception=False) for role in ROLES
        }
        for role in ROLES:
            self._sign_in(role)

    def _sign_in(self, role):
        if role != "anon":
            self.clients[role].force_login(self.world.users[role])

    def call(self, call):
        client = self.clients[call.role]
        response = getattr(client, call.method)(call.url)
        cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
        if call.role != "anon" and not (cookie and cookie.value):
            self._sign_in(call.role)
        return response


def _problems(session, calls) -> list[str]:
    found = []
    hidden = {role: session.world.hidden_from(role) for role in ROLES}
    for call in calls:
        response = session.call(call)
        outcome = outcome_of(response)
        label = f"{call.key}: {call.method.upper()} {call.url} as {call.role}"
        if not agrees(outcome, call.expected):
            found.append(f"{label}: expected {call.expected}, got {outcome}")
        elif outcome == 200 and call.method == "get":
            text = body_text(response)
            leaked = [name for name in hidden[call.role] if name in text]
            if leaked:
                found.append(f"{label}: names staff out of scope: {leaked}")
    return found


@pytest.mark.django_db
def test_every_url_answers_every_role_as_the_table_says():
    world = build_world()
    calls = [
        call
        for endpoint in endpoints()
        for call in calls_for(endpoint, rule_for(endpoint, RULES), world)
    ]
    # Every GET first: a POST the table gets wrong may change what later calls see.
    calls.sort(key=lambda call: call.method != "get")
    problems = _problems(Session(world), calls)
    assert not problems, f"{len(problems)} of {len(calls)} calls:\n" + "\n".join(
        problems
    )
