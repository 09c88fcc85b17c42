"""Domain errors of assessments; ``str(error)`` is a message fit for the learner."""


class AssessmentError(Exception):
    """Base class."""


class NotAvailable(AssessmentError):
    """Outside the availability window, or the learner has not started the course."""


class NoAttemptsLeft(AssessmentError):
    pass


class MustWait(AssessmentError):
    def __init__(self, message, until):
        super().__init__(message)
        self.until = until


class InvalidAnswer(AssessmentError):
    """An answer names a question or choice not in the attempt (HTTP 400)."""


class AttemptClosed(AssessmentError):
    """The attempt has been graded (or its time is up): answers are no longer taken."""


class BankImportError(AssessmentError):
    """A question file was rejected; nothing was imported.

    ``errors`` lists every problem as ``(line, message)``, ordered by line:
    line 1 is the header, and problems with the file as a whole are on line 0.
    ``str(error)`` is one problem per line.
    """

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = sorted(errors, key=lambda error: error[0])
        super().__init__(
            "\n".join(f"{line}: {message}" for line, message in self.errors)
        )


class GrantRefused(AssessmentError):
    """An extra attempt was refused: to oneself, without the right, or to a non-learner."""
