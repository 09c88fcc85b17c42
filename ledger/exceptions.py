"""The ledger's domain errors; views turn them into responses."""


class LedgerError(Exception):
    """Base class of the ledger's refusals."""


class YearClosed(LedgerError):
    """The year is already closed."""


class YearNotClosed(LedgerError):
    """The year is not closed, so it cannot be reopened."""


class AlreadyReversed(LedgerError):
    """The entry is a reversal or has been reversed already."""


class OutOfScope(LedgerError):
    """The staff member, class or claim lies outside the officer's departments."""


class InvalidEvidence(LedgerError):
    """The uploaded evidence is not a PDF or image, or is too large."""


class ClaimDecided(LedgerError):
    """The claim has been approved or rejected already."""


class ReasonRequired(LedgerError):
    """A rejection needs a reason the learner can read."""


class AttendanceFileError(LedgerError):
    """The attendance file was rejected; nothing was imported (``errors``: RowError)."""

    def __init__(self, errors):
        self.errors = sorted(errors, key=lambda error: (error.line, error.column))
        super().__init__("\n".join(str(error) for error in self.errors))
