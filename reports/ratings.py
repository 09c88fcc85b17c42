"""The training rating (培训等次) of one person's year, without a database.

An administrator sets the thresholds per year (``RatingPolicy``); this module
applies them and says why, so that every row of the annual summary carries
its reason, e.g. "不合格: 必修学时 32/56".
"""

from dataclasses import dataclass
from decimal import Decimal

from .i18n import gettext as _

EXCELLENT, PASS, FAIL = "excellent", "pass", "fail"


def rating_label(rating: str, _=_) -> str:
    return {EXCELLENT: _("Excellent"), PASS: _("Pass"), FAIL: _("Fail")}[rating]


@dataclass(frozen=True)
class Thresholds:
    pass_share: int = 100  # % of the total target needed to pass
    excellent_share: int = 120  # % of the total target needed for excellent
    excellent_needs_on_time: bool = True
    excellent_min_score: int | None = None
    fail_below_required: bool = True
    fail_on_overdue: bool = True


@dataclass(frozen=True)
class YearRecord:
    """The figures a rating reads: 学时 against targets, and required courses."""

    total: Decimal
    target_total: Decimal
    required: Decimal = Decimal("0")
    target_required: Decimal | None = None
    assigned: int = 0
    on_time: int = 0
    overdue: int = 0
    average_score: Decimal | None = None


def _reaches(have: Decimal, owed: Decimal, share: int) -> bool:
    return Decimal(have) * 100 >= Decimal(owed) * share


def number(value) -> str:
    """``32``, ``32.5``: hours without trailing zeros, never in exponent form."""
    text = format(Decimal(value).normalize(), "f")
    return text


def _hours(have, owed) -> dict:
    return {"have": number(have), "owed": number(owed)}


def _failures(record: YearRecord, rules: Thresholds, _) -> list[str]:
    failures = []
    if not _reaches(record.total, record.target_total, rules.pass_share):
        failures.append(
            _("study hours %(have)s/%(owed)s")
            % _hours(record.total, record.target_total)
        )
    owed = record.target_required
    if rules.fail_below_required and owed is not None and record.required < owed:
        failures.append(
            _("required study hours %(have)s/%(owed)s") % _hours(record.required, owed)
        )
    if rules.fail_on_overdue and record.overdue:
        failures.append(
            _("overdue required courses: %(count)s") % {"count": record.overdue}
        )
    return failures


def _misses_excellent(record: YearRecord, rules: Thresholds) -> bool:
    if not _reaches(record.total, record.target_total, rules.excellent_share):
        return True
    if rules.excellent_needs_on_time and record.on_time < record.assigned:
        return True
    minimum = rules.excellent_min_score
    if minimum is not None:
        return record.average_score is None or record.average_score < minimum
    return False


def rate(record: YearRecord, rules: Thresholds, *, _=_) -> tuple[str, str]:
    """Return ``(rating, reason)``: fail first, then excellent, else pass.

    ``_`` translates; a report passes one ``i18n.Words`` for all its rows.
    """
    failures = _failures(record, rules, _)
    if failures:
        return FAIL, f"{rating_label(FAIL, _)}: {'; '.join(failures)}"
    hours = _("study hours %(have)s/%(owed)s") % _hours(
        record.total, record.target_total
    )
    rating = PASS if _misses_excellent(record, rules) else EXCELLENT
    reason = f"{rating_label(rating, _)}: {hours}"
    if rating == EXCELLENT and record.assigned:
        reason += "; " + _("every required course on time")
    return rating, reason


def describe(rules: Thresholds) -> str:
    """The rule in words, as a report's header prints it."""
    excellent = [
        _("at least %(share)s%% of the study-hour target")
        % {"share": rules.excellent_share}
    ]
    if rules.excellent_needs_on_time:
        excellent.append(_("every required course completed on time"))
    if rules.excellent_min_score is not None:
        excellent.append(
            _("an average final exam score of at least %(score)s")
            % {"score": rules.excellent_min_score}
        )
    fail = [
        _("below %(share)s%% of the study-hour target") % {"share": rules.pass_share}
    ]
    if rules.fail_below_required:
        fail.append(_("below the required-bucket target"))
    if rules.fail_on_overdue:
        fail.append(_("any overdue required course"))
    return _(
        "%(excellent)s: %(excellent_rule)s. %(fail)s: %(fail_rule)s. Otherwise %(pass)s."
    ) % {
        "excellent": rating_label(EXCELLENT),
        "excellent_rule": _(" and ").join(excellent),
        "fail": rating_label(FAIL),
        "fail_rule": _(" or ").join(fail),
        "pass": rating_label(PASS),
    }
