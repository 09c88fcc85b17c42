"""The credit rules and the year's totals (学时规则), without a database.

An online completion earns 学时 by the year's rule: the course's own 学时,
length tiers like the Yunnan online academy's (30 minutes or more: 1, 15–30:
0.5, under 15: 0.25), or the 45-minute class hour; a passed exam may add a
bonus. Every credit returns the rule that produced it, as plain JSON, so the
ledger entry can answer "why 0.5 学时?" years later.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

COURSE_HOURS = "course_hours"
LENGTH_TIERS = "length_tiers"
CLASS_HOUR = "class_hour"

# (minimum minutes, 学时), longest first: Yunnan's published tiers.
YUNNAN_TIERS = ((30, Decimal("1")), (15, Decimal("0.5")), (0, Decimal("0.25")))
STEP = Decimal("0.5")


@dataclass(frozen=True)
class Credit:
    hours: Decimal
    rule: dict


def _class_hours(minutes: int, minutes_per_hour: int) -> Decimal:
    if minutes <= 0:
        return Decimal("0")
    exact = Decimal(minutes) / Decimal(minutes_per_hour)
    steps = (exact / STEP).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return max(steps, Decimal("1")) * STEP


def _tier_hours(minutes: int, tiers) -> Decimal:
    if minutes <= 0:
        return Decimal("0")
    for least, hours in tiers:
        if minutes >= least:
            return Decimal(hours)
    return Decimal("0")


def online_credit(
    *,
    rule: str,
    course_hours: Decimal | None,
    minutes: int | None,
    minutes_per_hour: int = 45,
    tiers=YUNNAN_TIERS,
    exam_passed: bool = False,
    exam_bonus: Decimal = Decimal("0"),
) -> Credit:
    """Return the 学时 a completed course earns under ``rule``, with the rule as JSON.

    ``course_hours`` is the author's 学时 (None: derive it from the length at
    the class hour). A bonus is added only when ``exam_passed``.
    """
    minutes = int(minutes or 0)
    if rule == LENGTH_TIERS:
        hours = _tier_hours(minutes, tiers)
        detail = {"tiers": [[least, str(hours)] for least, hours in tiers]}
    elif rule == COURSE_HOURS and course_hours is not None:
        hours, detail = Decimal(course_hours), {}
    else:
        hours = _class_hours(minutes, minutes_per_hour)
        detail = {"minutes_per_hour": minutes_per_hour}
        rule = CLASS_HOUR if rule != COURSE_HOURS else rule
    applied = {"kind": "online", "rule": rule, "minutes": minutes, **detail}
    if course_hours is not None:
        applied["course_hours"] = str(course_hours)
    if exam_passed and exam_bonus:
        hours += Decimal(exam_bonus)
        applied["exam_bonus"] = str(exam_bonus)
    applied["hours"] = str(hours)
    return Credit(hours=hours, rule=applied)


def offline_credit(
    *, hours: Decimal | None, days: Decimal | None, day_hours: int, missed=Decimal("0")
) -> Credit:
    """Return the 学时 of an offline class less the part missed.

    A class is given in hours, or in days converted at ``day_hours`` 学时 a
    day; ``missed`` is in the same unit. Missing all of it credits nothing.
    """
    missed = Decimal(missed)
    if hours is not None:
        attended = max(Decimal(hours) - missed, Decimal("0"))
        rule = {"kind": "offline", "rule": "hours", "class_hours": str(hours)}
    else:
        attended = max(Decimal(days or 0) - missed, Decimal("0")) * day_hours
        rule = {"kind": "offline", "rule": "days", "days": str(days)}
        rule["day_hours"] = day_hours
    rule.update(missed=str(missed), hours=str(attended))
    return Credit(hours=attended, rule=rule)


@dataclass(frozen=True)
class Target:
    """What one staff member owes in a year (None: no such target)."""

    total: Decimal
    required: Decimal | None = None
    online: Decimal | None = None
    five_year: Decimal | None = None


@dataclass(frozen=True)
class Line:
    """One ledger entry as the totals see it."""

    hours: Decimal
    source: str
    bucket: str


@dataclass
class Totals:
    total: Decimal = Decimal("0")
    required: Decimal = Decimal("0")
    elective: Decimal = Decimal("0")
    online: Decimal = Decimal("0")
    carried_in: Decimal = Decimal("0")
    elective_capped: Decimal = Decimal("0")
    by_source: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "total": str(self.total),
            "required": str(self.required),
            "elective": str(self.elective),
            "online": str(self.online),
            "carried_in": str(self.carried_in),
            "elective_capped": str(self.elective_capped),
            "by_source": {key: str(value) for key, value in self.by_source.items()},
        }


def year_totals(
    lines, *, elective_cap: Decimal | None = None, carried_in=Decimal("0")
) -> Totals:
    """Add up a year: required and elective buckets, the online share, the cap.

    Surplus carried in from last year counts as elective. Elective hours past
    ``elective_cap`` do not count (``elective_capped`` says how many were cut).
    Reversing entries are negative lines and simply subtract.
    """
    totals = Totals(carried_in=Decimal(carried_in))
    elective = Decimal(carried_in)
    for line in lines:
        totals.by_source[line.source] = (
            totals.by_source.get(line.source, Decimal("0")) + line.hours
        )
        if line.source == "online":
            totals.online += line.hours
        if line.bucket == "required":
            totals.required += line.hours
        else:
            elective += line.hours
    if elective_cap is not None and elective > elective_cap:
        totals.elective_capped = elective - Decimal(elective_cap)
        elective = Decimal(elective_cap)
    totals.elective = elective
    totals.total = totals.required + elective
    return totals


def carry_over(totals: Totals, target: Target) -> Decimal:
    """Return the surplus over the year's total target, carried into next year."""
    return max(totals.total - target.total, Decimal("0"))


def shortfalls(totals: Totals, target: Target, five_year_total=None) -> dict:
    """Return how many 学时 each target still lacks (0 when met)."""

    def lack(owed, have):
        return None if owed is None else max(Decimal(owed) - have, Decimal("0"))

    return {
        "total": lack(target.total, totals.total),
        "required": lack(target.required, totals.required),
        "online": lack(target.online, totals.online),
        "five_year": lack(target.five_year, Decimal(five_year_total or 0)),
    }


def rolling_total(by_year: dict, year: int, span: int = 5) -> Decimal:
    """Return the 学时 of ``year`` and the ``span - 1`` years before it."""
    return sum(
        (Decimal(by_year.get(y, 0)) for y in range(year - span + 1, year + 1)),
        Decimal("0"),
    )


def shown(hours: Decimal) -> Decimal:
    """Return ``hours`` with one decimal place, or two when a quarter needs them."""
    tenth = Decimal(hours).quantize(Decimal("0.1"))
    return tenth if tenth == hours else Decimal(hours).quantize(Decimal("0.01"))
