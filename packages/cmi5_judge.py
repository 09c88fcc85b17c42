"""The LMS's side of a cmi5 session: judging the AU, and what the LMS states.

``facts_for`` gathers what the rules (``cmi5_rules``) need; ``accept``
keeps what accepted statements changed and, when an AU meets its moveOn,
records ``satisfied`` for each block and the course it completes (cmi5
section 9.3.9). ``waive`` and ``abandon`` are the LMS's own statements of
sections 9.3.7 and 9.3.6.
"""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xapi import vocabulary as v
from xapi.services import record_statements

from . import cmi5_rules as rules
from .cmi5_models import Cmi5AuState, Cmi5Registration, Cmi5Session
from .cmi5_structure import NOT_APPLICABLE
from .signals import cmi5_au_satisfied


def au_state(registration: Cmi5Registration, index: int) -> Cmi5AuState:
    state, _created = Cmi5AuState.objects.get_or_create(
        registration=registration, au_index=index
    )
    return state


def facts_for(session: Cmi5Session) -> rules.Facts:
    state = au_state(session.registration, session.au_index)
    return rules.Facts(
        actor=session.registration.actor,
        registration=str(session.registration.registration),
        session_id=str(session.session_id),
        activity_id=session.activity_id,
        mastery=session.au.get("mastery_score"),
        launch_mode=session.launch_mode,
        prefs_read=session.prefs_read,
        initialized=session.initialized,
        completed=session.completed,
        verdict=session.verdict,
        completed_before=state.completed,
        passed_before=state.passed,
    )


def meets_move_on(move_on: str, completed: bool, passed: bool) -> bool:
    return {
        "Completed": completed,
        "Passed": passed,
        "CompletedAndPassed": completed and passed,
        "CompletedOrPassed": completed or passed,
    }.get(move_on, True)


@transaction.atomic
def accept(session: Cmi5Session, facts: rules.Facts) -> None:
    """Keep what the session's accepted statements changed; state what follows."""
    session.initialized = facts.initialized
    session.completed = facts.completed
    session.verdict = facts.verdict
    if facts.terminated:
        session.ended = "terminated"
        _disable_credential(session)
    session.save()
    state = au_state(session.registration, session.au_index)
    state.completed = state.completed or facts.completed
    state.passed = state.passed or facts.verdict == "passed"
    if not state.satisfied and meets_move_on(
        session.au["move_on"], state.completed, state.passed
    ):
        state.satisfied = True
        state.save()
        settle(session.registration, str(session.session_id))
        cmi5_au_satisfied.send(sender=Cmi5Session, session=session)
    else:
        state.save()


def _disable_credential(session: Cmi5Session) -> None:
    # Section 8.1.2.0-2: the token lasts one session; the LRS refuses it after.
    if session.client is not None:
        session.client.is_active = False
        session.client.save(update_fields=["is_active"])


def satisfied_aus(registration: Cmi5Registration) -> set[int]:
    """Return the AUs a registration has satisfied (NotApplicable ones always)."""
    done = {
        index
        for index, au in enumerate(registration.course.aus)
        if au["move_on"] == NOT_APPLICABLE
    }
    done |= set(
        registration.au_states.filter(satisfied=True).values_list("au_index", flat=True)
    )
    return done


def settle(registration: Cmi5Registration, session_id: str) -> None:
    """Record ``satisfied`` for each block, then the course, that is newly complete.

    Inner blocks come after their parents in the structure, so going
    backwards states a block before the block that holds it.
    """
    course = registration.course
    done = satisfied_aus(registration)
    blocks = list(registration.satisfied_blocks)
    # One record per statement, not one batch: statements of a batch share
    # their stored time, and readers order by it (block before course).
    for index in reversed(range(len(course.blocks))):
        block = course.blocks[index]
        if index not in blocks and set(block["aus"]) <= done:
            blocks.append(index)
            record_lms_statement(
                registration, session_id, _satisfied(course, "block", index)
            )
    registration.satisfied_blocks = blocks
    if not registration.course_satisfied and len(done) == len(course.aus):
        registration.course_satisfied = True
        record_lms_statement(registration, session_id, _satisfied(course, "course", 0))
    registration.save(update_fields=["satisfied_blocks", "course_satisfied"])


def _satisfied(course, kind: str, index: int) -> dict:
    node = course.structure["course"] if kind == "course" else course.blocks[index]
    return {
        "verb": {"id": v.SATISFIED, "display": {"en-US": "satisfied"}},
        "object": {
            "objectType": "Activity",
            "id": course.activity_id(kind, index),
            "definition": {"type": v.CMI5_COURSE if kind == "course" else v.CMI5_BLOCK},
        },
        "publisher_id": node["id"],
    }


def lms_statement(
    registration: Cmi5Registration,
    session_id: str,
    part: dict,
    categories=(),
    extensions: dict | None = None,
) -> dict:
    """Return a statement the LMS makes in a registration (section 9.6)."""
    part = dict(part)
    publisher_id = part.pop("publisher_id")
    return {
        "id": str(uuid.uuid4()),
        "timestamp": timezone.now().isoformat(),
        "actor": registration.actor,
        "context": {
            "registration": str(registration.registration),
            "contextActivities": {
                "category": [{"id": v.CMI5_CATEGORY}, *({"id": c} for c in categories)],
                "grouping": [{"id": publisher_id}],
            },
            "extensions": {v.CMI5_SESSION: session_id, **(extensions or {})},
        },
        **part,
    }


def record_lms_statement(
    registration, session_id: str, part: dict, categories=(), extensions=None
) -> None:
    statement = lms_statement(registration, session_id, part, categories, extensions)
    record_statements([statement])


@transaction.atomic
def waive(registration: Cmi5Registration, index: int, reason: str) -> None:
    """Waive an AU not yet satisfied, then state what that satisfies (9.3.7)."""
    state = au_state(registration, index)
    if index in satisfied_aus(registration):
        raise ValueError(_("This AU is already satisfied in this registration."))
    session_id = str(uuid.uuid4())
    au = registration.course.aus[index]
    part = {
        "verb": {"id": v.WAIVED, "display": {"en-US": "waived"}},
        "object": {"id": registration.course.activity_id("au", index)},
        "result": {
            "success": True,
            "completion": True,
            "extensions": {v.CMI5_REASON: reason},
        },
        "publisher_id": au["id"],
    }
    record_lms_statement(registration, session_id, part, [v.CMI5_MOVE_ON_CATEGORY])
    state.waived = state.satisfied = True
    state.save()
    settle(registration, session_id)


@transaction.atomic
def abandon(session: Cmi5Session) -> None:
    """State that a session ended without ``terminated`` (9.3.6); end it."""
    seconds = max((timezone.now() - session.launched_at).total_seconds(), 0)
    part = {
        "verb": {"id": v.ABANDONED, "display": {"en-US": "abandoned"}},
        "object": {"id": session.activity_id},
        "result": {"duration": f"PT{seconds:.2f}S"},
        "publisher_id": session.au["id"],
    }
    record_lms_statement(session.registration, str(session.session_id), part)
    session.ended = "abandoned"
    session.save(update_fields=["ended"])
    _disable_credential(session)
