"""The ledger's writes; every public name is importable from here."""

from .activities import (
    check_evidence,
    decide_claim,
    import_attendance,
    record_attendance,
    submit_claim,
)
from .entries import (
    credit_online_completion,
    open_year_for,
    policy_for,
    reverse_entry,
    reverse_entry_by,
    reverse_online_completion,
)
from .years import close_year, reopen_year

__all__ = [
    "check_evidence",
    "decide_claim",
    "import_attendance",
    "record_attendance",
    "submit_claim",
    "close_year",
    "credit_online_completion",
    "open_year_for",
    "policy_for",
    "reopen_year",
    "reverse_entry",
    "reverse_entry_by",
    "reverse_online_completion",
]
