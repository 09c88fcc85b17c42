"""Errors of the packages domain, turned into responses or form errors by callers."""


class PackageError(Exception):
    """An uploaded xAPI package was refused; ``message`` says why, translated."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class InvalidPackageToken(Exception):
    """A package file URL was forged, altered or has expired."""
