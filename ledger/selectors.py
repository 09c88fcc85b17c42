"""A staff member's year in the ledger: entries, totals against targets, five years.

Which target applies: the roster keeps only a person's current grade and
position, so the current ones choose the target of an open year; closing the
year freezes the target with the figures (``YearFigures``), so a grade
changed mid-year or later never changes a closed year.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from people.models import StaffMember

from . import rules
from .models import StudyHourEntry, StudyPolicy, YearClose, YearFigures

SPAN = 5


@dataclass
class Summary:
    year: int
    entries: list
    totals: rules.Totals
    target: rules.Target
    lacking: dict
    five_year_total: Decimal
    closed: bool = False
    frozen: dict = field(default_factory=dict)


def _policy(year: int, policies: dict) -> StudyPolicy:
    return policies.get(year) or StudyPolicy(year=year)


def target_for(staff: StaffMember | None, policy: StudyPolicy) -> rules.Target:
    """Return the policy's target for ``staff``: position first, then grade rank."""
    targets = list(policy.targets.all()) if policy.pk else []
    if staff is not None:
        for target in targets:
            if target.position_id == staff.position_id:
                return target.as_target()
        ranked = [
            t
            for t in targets
            if t.position_id is None and t.from_rank <= staff.grade.rank
        ]
        if ranked:
            return max(ranked, key=lambda t: t.from_rank).as_target()
        return rules.Target(total=staff.annual_target_hours())
    return rules.Target(total=Decimal("0"))


def _surplus(user, year: int, policies: dict, staff, by_year: dict) -> Decimal:
    """Return ``year``'s surplus over its total target, from its own entries only.

    Only one year's surplus carries, so a surplus never snowballs; a closed
    year's frozen figure is used as it stands.
    """
    frozen = YearFigures.objects.filter(close__year=year, user=user).first()
    if frozen is not None:
        return Decimal(frozen.figures.get("carry_out", "0"))
    policy = _policy(year, policies)
    totals = rules.year_totals(by_year.get(year, []), elective_cap=policy.elective_cap)
    return rules.carry_over(totals, target_for(staff, policy))


def _load(user, year: int):
    staff = (
        StaffMember.objects.filter(user=user)
        .select_related("grade", "position")
        .first()
    )
    policies = {
        p.year: p
        for p in StudyPolicy.objects.filter(
            year__range=(year - SPAN, year)
        ).prefetch_related("targets")
    }
    rows = list(
        StudyHourEntry.objects.filter(user=user, year__range=(year - SPAN, year))
        .select_related("reverses")
        .order_by("credited_on", "id")
    )
    by_year: dict = {}
    for row in rows:
        by_year.setdefault(row.year, []).append(
            rules.Line(row.hours, row.source, row.bucket)
        )
    return staff, policies, rows, by_year


def year_summary(user, year: int) -> Summary:
    """Return ``user``'s ledger for ``year``, with totals, targets and five years."""
    staff, policies, rows, by_year = _load(user, year)
    policy = _policy(year, policies)
    carried = Decimal("0")
    if policy.carry_over:
        carried = _surplus(user, year - 1, policies, staff, by_year)
    totals = rules.year_totals(
        by_year.get(year, []), elective_cap=policy.elective_cap, carried_in=carried
    )
    counted = {
        y: rules.year_totals(
            lines, elective_cap=_policy(y, policies).elective_cap
        ).total
        for y, lines in by_year.items()
    }
    target = target_for(staff, policy)
    five = rules.rolling_total(counted, year, SPAN)
    summary = Summary(
        year=year,
        entries=[row for row in rows if row.year == year],
        totals=totals,
        target=target,
        lacking=rules.shortfalls(totals, target, five),
        five_year_total=five,
    )
    frozen = YearFigures.objects.filter(close__year=year, user=user).first()
    if frozen is not None:
        summary.closed, summary.frozen = True, frozen.figures
    else:
        summary.closed = YearClose.objects.filter(year=year).exists()
    return summary


def figures_of(summary: Summary) -> dict:
    """Return the figures a year close freezes (plain JSON)."""
    target = summary.target
    return {
        "totals": summary.totals.as_json(),
        "target": {
            "total": str(target.total),
            "required": None if target.required is None else str(target.required),
            "online": None if target.online is None else str(target.online),
            "five_year": None if target.five_year is None else str(target.five_year),
        },
        "five_year_total": str(summary.five_year_total),
        "carry_out": str(rules.carry_over(summary.totals, target)),
        "lacking": {
            k: None if v is None else str(v) for k, v in summary.lacking.items()
        },
    }


def year_hours(user, year: int) -> Decimal:
    """Return the 学时 counted for ``user`` in ``year`` (the dashboard's figure)."""
    if not user.is_authenticated:
        return Decimal("0")
    return rules.shown(year_summary(user, year).totals.total)
