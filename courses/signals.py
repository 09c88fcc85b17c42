"""Signals courses sends to the apps built on it (which courses cannot import)."""

from django.dispatch import Signal

# Sent inside the transaction that withdraws a completion (its progress was
# voided), with ``user_id``, ``course_key`` and ``completed_at``: the ledger
# reverses the hours the completion credited.
completion_withdrawn = Signal()
