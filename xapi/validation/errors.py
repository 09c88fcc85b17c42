"""The single error type raised by statement validation."""


class XAPIValidationError(ValueError):
    """A value breaks a MUST of the xAPI Data part.

    ``path`` names the offending property the way a client would write it in
    JavaScript (``context.contextActivities.parent[0].id``, ``[3].verb.id`` for
    the fourth statement of a batch) so a ``400 Bad Request`` body can point at it
    (xAPI 1.0.3 Data 2.2: "The LRS SHOULD include a message in the response").
    """

    def __init__(self, message: str, path: str = ""):
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


def child(path: str, key: str) -> str:
    """Return the path of property ``key`` inside the value at ``path``."""
    return f"{path}.{key}" if path else key


def item(path: str, position: int) -> str:
    """Return the path of element ``position`` of the array at ``path``."""
    return f"{path}[{position}]"
