"""Renaming this site's own account agents in what the LRS has stored.

Statements are immutable, and this is the one exception: when the platform
itself changes how it names a learner (issue 10: from the username to the
employee ID), the statements *the platform recorded* under the old name are
rewritten, so the learner's history stays theirs. Statements that other
clients sent are left as they were sent. The caller supplies the mapping;
``xapi`` knows nothing of users.
"""

from django.conf import settings
from django.db import transaction

from .agents import ifi
from .models import Document, Statement, StatementAgent

BATCH = 500


def _account_ifi(name: str) -> str:
    return ifi({"account": {"homePage": settings.SITE_BASE_URL, "name": name}})


def _rename(agent, mapping: dict) -> bool:
    """Rename ``agent`` in place when it is one of ours under an old name."""
    if not isinstance(agent, dict):
        return False
    changed = False
    account = agent.get("account")
    if (
        isinstance(account, dict)
        and account.get("homePage", "").rstrip("/")
        == settings.SITE_BASE_URL.rstrip("/")
        and account.get("name") in mapping
    ):
        account["name"] = mapping[account["name"]]
        changed = True
    for member in agent.get("member", []) or []:
        changed = _rename(member, mapping) or changed
    return changed


@transaction.atomic
def rename_accounts(mapping: dict[str, str], *, authority: dict) -> int:
    """Rename accounts ``old → new`` in the statements ``authority`` recorded.

    All names are replaced at once, so a chain (``a → b``, ``b → c``) renames
    each statement by the name it had before. State and agent-profile
    documents kept under an old name move with it. Returns how many
    statements changed. Idempotent: a second run finds nothing to rename.
    """
    mapping = {old: new for old, new in mapping.items() if old != new}
    if not mapping:
        return 0
    old_ifis = {_account_ifi(old): _account_ifi(new) for old, new in mapping.items()}
    ids = set(
        StatementAgent.objects.filter(ifi__in=list(old_ifis)).values_list(
            "statement_id", flat=True
        )
    )
    changed = 0
    ids = sorted(ids)
    for start in range(0, len(ids), BATCH):
        changed += _rename_batch(
            ids[start : start + BATCH], mapping, old_ifis, authority
        )
    _rename_documents(old_ifis)
    return changed


def _rename_batch(ids, mapping, old_ifis, authority) -> int:
    rows = []
    for statement in Statement.objects.filter(pk__in=ids):
        if statement.data.get("authority") != authority:
            continue
        data = statement.data
        renamed = _rename(data.get("actor"), mapping)
        if data.get("object", {}).get("objectType") in ("Agent", "Group"):
            renamed = _rename(data["object"], mapping) or renamed
        if renamed:
            rows.append(statement)
    Statement.objects.bulk_update(rows, ["data"])
    for agent in StatementAgent.objects.filter(
        statement_id__in=[row.pk for row in rows], ifi__in=list(old_ifis)
    ):
        agent.ifi = old_ifis[agent.ifi]
        agent.save(update_fields=["ifi"])
    return len(rows)


def _rename_documents(old_ifis: dict) -> None:
    for document in Document.objects.filter(agent_ifi__in=list(old_ifis)):
        document.agent_ifi = old_ifis[document.agent_ifi]
        document.save(update_fields=["agent_ifi"])
