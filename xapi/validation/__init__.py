"""Validation of xAPI Statements against the Data part of xAPI 1.0.3 and 2.0.0.

Pure functions, no database: each raises :class:`XAPIValidationError` naming
the first property that breaks a MUST of the specification, and none of them
modifies its input. Normalisation (ids, timestamps, authority, arrays for
contextActivities) belongs to the storage layer.
"""

from .agents import validate_agent
from .errors import XAPIValidationError
from .fields import validate_activity_id, validate_language_map
from .formats import parse_timestamp
from .signatures import is_signed_statement, validate_signature
from .statements import validate_statement, validate_statements

__all__ = [
    "XAPIValidationError",
    "is_signed_statement",
    "parse_timestamp",
    "validate_activity_id",
    "validate_agent",
    "validate_language_map",
    "validate_signature",
    "validate_statement",
    "validate_statements",
]
