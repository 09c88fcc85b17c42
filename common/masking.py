"""Masking personal data for pages and exports that must not disclose a full identity.

Chinese names keep the family name and, from three characters on, the last
character (张*明, 欧**明); a two-character name keeps the first (张*).
Names in Latin script keep each word's first letter (J*** S****). IDs keep
their first and last characters (D***1).
"""


def _is_cjk(text: str) -> bool:
    return any("\u2e80" <= char <= "\U0003134f" for char in text)


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    if _is_cjk(name) and " " not in name:
        if len(name) == 1:
            return name
        if len(name) == 2:
            return name[0] + "*"
        return name[0] + "*" * (len(name) - 2) + name[-1]
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())


def mask_id(value: str) -> str:
    value = (value or "").strip()
    if len(value) <= 2:
        return "*" * len(value)
    return value[0] + "*" * (len(value) - 2) + value[-1]
