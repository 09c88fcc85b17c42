"""Closing and reopening a training year (audit-logged)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from audit.services import record_event

from .. import audit_events
from ..exceptions import YearClosed, YearNotClosed
from ..models import StudyHourEntry, YearClose, YearFigures
from ..selectors import figures_of, year_summary
from .entries import policy_for


@transaction.atomic
def close_year(*, year: int, actor=None, request=None) -> YearClose:
    """Close ``year``: freeze every staff member's figures and the year's policy.

    Later entries dated in the year go to the next open year
    (``open_year_for``). Raises ``YearClosed`` if it is closed already.
    """
    if YearClose.objects.select_for_update().filter(year=year).exists():
        raise YearClosed(year)
    close = YearClose.objects.create(
        year=year, closed_by=actor, policy=policy_for(year).as_json()
    )
    users = get_user_model().objects.filter(
        pk__in=StudyHourEntry.objects.filter(year=year).values("user")
    ) | get_user_model().objects.filter(staff__is_active=True)
    YearFigures.objects.bulk_create(
        YearFigures(
            close=close, user=user, figures=figures_of(year_summary(user, year))
        )
        for user in users.distinct()
    )
    record_event(
        action=audit_events.YEAR_CLOSED,
        actor=actor,
        request=request,
        target=close,
        details={"year": year, "staff": close.figures.count()},
    )
    return close


@transaction.atomic
def reopen_year(*, year: int, actor=None, request=None) -> None:
    """Reopen a closed ``year``: its frozen figures are dropped (the audit log keeps the fact)."""
    close = YearClose.objects.select_for_update().filter(year=year).first()
    if close is None:
        raise YearNotClosed(year)
    record_event(
        action=audit_events.YEAR_REOPENED,
        actor=actor,
        request=request,
        target=close,
        details={"year": year, "closed_at": close.closed_at.isoformat()},
    )
    close.delete()
