"""Masking names and employee IDs in exports that leave the platform (pure).

A masked export still lets an officer count, sort and check rows by
department, position and grade, while a lost file names nobody outright:
张小明 becomes 张*明 and DEMO0001 becomes DE****01.
"""

MASK = "*"


def mask_name(name: str) -> str:
    """Keep a name's first and last characters (only the first of two)."""
    name = name.strip()
    if len(name) <= 1:
        return MASK * len(name)
    if len(name) == 2:
        return name[0] + MASK
    return name[0] + MASK * (len(name) - 2) + name[-1]


def mask_employee_id(employee_id: str) -> str:
    """Keep a quarter of the ID at each end and mask the rest (at least half)."""
    employee_id = employee_id.strip()
    if len(employee_id) <= 2:
        return MASK * len(employee_id)
    shown = len(employee_id) // 4
    if shown == 0:
        return employee_id[0] + MASK * (len(employee_id) - 1)
    hidden = len(employee_id) - 2 * shown
    return employee_id[:shown] + MASK * hidden + employee_id[-shown:]
