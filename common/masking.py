"""Masking names and employee IDs where a full identity must not be disclosed (pure).

Exports that leave the platform and the public verification page show
张小明 as 张*明 and DEMO0001 as DE****01: an officer can still count and check
rows, and a lost file or a certificate's code alone names nobody outright.
Names in Latin script keep each word's first letter (J*** S****).
"""

MASK = "*"


def _is_latin(name: str) -> bool:
    return " " in name and name.isascii()


def mask_name(name: str) -> str:
    """Keep a name's first and last characters (only the first of two)."""
    name = (name or "").strip()
    if _is_latin(name):
        return " ".join(word[0] + MASK * (len(word) - 1) for word in name.split())
    if len(name) <= 1:
        return MASK * len(name)
    if len(name) == 2:
        return name[0] + MASK
    return name[0] + MASK * (len(name) - 2) + name[-1]


def mask_employee_id(employee_id: str) -> str:
    """Keep a quarter of the ID at each end and mask the rest (at least half)."""
    employee_id = (employee_id or "").strip()
    if len(employee_id) <= 2:
        return MASK * len(employee_id)
    shown = len(employee_id) // 4
    if shown == 0:
        return employee_id[0] + MASK * (len(employee_id) - 1)
    hidden = len(employee_id) - 2 * shown
    return employee_id[:shown] + MASK * hidden + employee_id[-shown:]
