"""The ledger's year figures for many staff at once, for reports.

``selectors.year_summary`` reads one person; a report of 20,000 people
cannot afford that. ``YearContext`` loads what every person shares (the
year's policies, the site-wide target, whether the year is closed) once, and
``year_summaries`` then costs two queries for any number of people: the
entries summed per person, year, source and bucket (a ``GROUP BY``), and the
frozen figures of this year and last. The arithmetic is the ledger's own
(``rules.year_totals`` is linear in its lines, so summed lines give the same
totals), and ``tests/reports`` checks that both agree person by person.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from people.models import StaffMember, StudyHourSettings

from . import rules
from .models import Bucket, Source, StudyHourEntry, StudyPolicy, YearClose, YearFigures
from .selectors import SPAN, Summary


@dataclass
class YearContext:
    """What every person's figures for ``year`` share; load it once per report."""

    year: int
    policies: dict
    default_target: Decimal
    closed: bool

    @classmethod
    def load(cls, year: int) -> "YearContext":
        policies = {
            p.year: p
            for p in StudyPolicy.objects.filter(
                year__range=(year - SPAN, year)
            ).prefetch_related("targets")
        }
        return cls(
            year=year,
            policies=policies,
            default_target=StudyHourSettings.load().annual_target_hours,
            closed=YearClose.objects.filter(year=year).exists(),
        )

    def policy(self, year: int) -> StudyPolicy:
        policy = self.policies.get(year)
        if policy is None:
            # One unsaved default per year, not one per person.
            policy = self.policies[year] = StudyPolicy(year=year)
        return policy

    def targets(self, year: int) -> list:
        policy = self.policy(year)
        if not hasattr(policy, "_report_targets"):
            policy._report_targets = list(policy.targets.all()) if policy.pk else []
        return policy._report_targets

    def target(self, staff: StaffMember, year: int) -> rules.Target:
        """``selectors.target_for`` without a query per person."""
        targets = self.targets(year)
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
        return rules.Target(total=staff.annual_target_hours(self.default_target))


# One column per source and bucket, grouped by person and year only: grouping
# by the two text columns as well made PostgreSQL sort 400,000 rows by their
# collation, and tripled the rows Python had to turn into lines.
KINDS = [(source, bucket) for source in Source.values for bucket in Bucket.values]


def _lines(user_ids, year: int) -> dict:
    """Map user id → {year: [Line]}, one line per source and bucket (one query)."""
    sums = {
        f"{source}_{bucket}": Sum("hours", filter=Q(source=source, bucket=bucket))
        for source, bucket in KINDS
    }
    grouped = (
        StudyHourEntry.objects.filter(
            user_id__in=user_ids, year__range=(year - SPAN, year)
        )
        .values("user_id", "year")
        .annotate(**sums)
        .values_list("user_id", "year", *sums)
        .order_by()
    )
    lines: dict = {}
    for user_id, entry_year, *hours in grouped:
        lines.setdefault(user_id, {})[entry_year] = [
            rules.Line(value, source, bucket)
            for value, (source, bucket) in zip(hours, KINDS, strict=True)
            if value is not None
        ]
    return lines


def _frozen(user_ids, years) -> dict:
    """Map (user id, year) → the frozen figures of a closed year (one query)."""
    rows = YearFigures.objects.filter(
        user_id__in=user_ids, close__year__in=list(years)
    ).values_list("user_id", "close__year", "figures")
    return {(user_id, year): figures for user_id, year, figures in rows}


def _counted(context: YearContext, by_year: dict, totals, carried) -> dict:
    """Map year → the 学时 that count for the rolling total (nothing carried in)."""
    counted = {}
    for y, lines in by_year.items():
        if y == context.year and not carried:
            # Most people carry nothing in: this year's totals already are it.
            counted[y] = totals.total
        else:
            cap = context.policy(y).elective_cap
            counted[y] = rules.year_totals(lines, elective_cap=cap).total
    return counted


def _summary(staff, context: YearContext, by_year: dict, frozen: dict) -> Summary:
    year = context.year
    policy = context.policy(year)
    carried = Decimal("0")
    if policy.carry_over:
        last = frozen.get((staff.user_id, year - 1))
        if last is not None:
            carried = Decimal(last.get("carry_out", "0"))
        else:
            totals = rules.year_totals(
                by_year.get(year - 1, []),
                elective_cap=context.policy(year - 1).elective_cap,
            )
            carried = rules.carry_over(totals, context.target(staff, year - 1))
    totals = rules.year_totals(
        by_year.get(year, []), elective_cap=policy.elective_cap, carried_in=carried
    )
    target = context.target(staff, year)
    five = rules.rolling_total(_counted(context, by_year, totals, carried), year, SPAN)
    figures = frozen.get((staff.user_id, year))
    return Summary(
        year=year,
        entries=[],
        totals=totals,
        target=target,
        lacking=rules.shortfalls(totals, target, five),
        five_year_total=five,
        closed=figures is not None or context.closed,
        frozen=figures or {},
    )


def year_summaries(staff, context: YearContext, users=None) -> dict[int, Summary]:
    """Return each staff member's ``Summary`` of ``context.year``, keyed by user id.

    ``staff`` is a list of ``StaffMember`` with ``position`` and ``grade``
    loaded, or of anything with the same ``user_id``, ``position_id``,
    ``grade.rank`` and ``annual_target_hours(default)``. Two queries, whatever its length. ``users`` may give the same
    people as a subquery of user ids, cheaper than a list of thousands of
    ids. ``entries`` stays empty: a report needs the figures, not the lines
    (read those per person).
    """
    if not staff:
        return {}
    user_ids = users if users is not None else [member.user_id for member in staff]
    lines = _lines(user_ids, context.year)
    frozen = _frozen(user_ids, (context.year, context.year - 1))
    return {
        member.user_id: _summary(member, context, lines.get(member.user_id, {}), frozen)
        for member in staff
    }
