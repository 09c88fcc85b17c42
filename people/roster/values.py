"""How roster cells are read: pure, no database."""

TRUE_WORDS = {"1", "y", "yes", "true", "t", "是", "在职", "在岗", "active", "启用"}
FALSE_WORDS = {"0", "n", "no", "false", "f", "否", "离职", "不在职", "inactive", "停用"}


def parse_active(text: str) -> bool | None:
    """Return the active flag a cell says (empty means active), or None if unclear."""
    word = text.strip().lower()
    if not word or word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def account_values(name: str, email: str, active: bool | None) -> tuple:
    """Return what a staff member's account holds: (first_name, email, is_active)."""
    # first_name is 150 characters in Django's user model; the roster's 100.
    return (name[:150], email, active)
