"""What every report page shares: who may open it, its filters, paging, the audit entry."""

import datetime
from decimal import Decimal
from functools import wraps
from itertools import islice

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.services import Target, record_event
from courses.models import CoursePage
from people.models import Grade, Position

from ..audit_events import REPORT_VIEWED
from ..filters import FilterError, ReportFilters
from ..ratings import number
from ..scope import Scope

PERMISSION = "reports.view_reports"
PAGE_SIZE, MAX_PAGE_SIZE = 50, 200
# Columns that carry a row's key for the exports and the API, not for reading.
TECHNICAL = {"user_id", "course_key", "staff_id", "department_id", "tree_path"}


def hr_report(view):
    """An HR page: signed in, holding the reports permission, read only."""

    @login_required
    @permission_required(PERMISSION, raise_exception=True)
    @require_GET
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        scope = Scope.for_user(request.user)
        try:
            filters = ReportFilters.from_query(request.GET, scope)
            return view(request, scope, filters, *args, **kwargs)
        except FilterError as error:
            context = {"error": error, "filters": None}
            return render(request, "reports/bad_filters.html", context, status=400)

    return wrapped


def log_view(request, *, report: str, scope, filters, rows: int, target=None):
    """Record who read which report, in which scope and filters, and how many rows."""
    record_event(
        action=REPORT_VIEWED,
        actor=request.user,
        request=request,
        target=target or Target(type="report", id=report),
        scope=",".join(scope.describe()),
        details={"report": report, "filters": filters.describe(), "rows": rows},
    )


def display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return number(value)
    return str(value)


def shown_columns(columns) -> list:
    return [column for column in columns if column.key not in TECHNICAL]


def as_dicts(columns, rows) -> list[dict]:
    keys = [column.key for column in columns]
    return [dict(zip(keys, row, strict=True)) for row in rows]


def page_size(request) -> int:
    value = request.GET.get("size", "")
    if not value:
        return PAGE_SIZE
    if not value.isdigit() or not 0 < int(value) <= MAX_PAGE_SIZE:
        raise FilterError("size", _("The page size must be between 1 and 200."))
    return int(value)


def page_of(report, scope, filters, request) -> tuple[list, str]:
    """One page of ``report`` after the ``after`` cursor; and the next page's cursor.

    A cursor only says where to start: the rows still come from the scope, so
    an edited cursor reads nothing more than the first page would.
    """
    size, cursor = page_size(request), request.GET.get("after", "").strip()
    after = tuple(cursor.split(":")) if cursor else None
    try:
        rows = list(islice(report.rows(scope, filters, after=after), size + 1))
    except (ValueError, TypeError, IndexError):
        raise FilterError("after", _("This page link is not valid.")) from None
    following = ""
    if len(rows) > size:
        rows = rows[:size]
        following = ":".join(str(part) for part in report.key(rows[-1]))
    return rows, following


def filter_choices(scope, labels) -> dict:
    """The filter form's choices: only departments in scope (a fixed number of queries)."""
    departments = sorted(labels.paths.items(), key=lambda item: item[1])
    keys = CoursePage.objects.values_list("translation_key", flat=True).distinct()
    courses = sorted(
        {(str(key), labels.course(key)) for key in keys}, key=lambda c: c[1]
    )
    return {
        "departments": departments,
        "courses": courses,
        "positions": [
            (p.pk, labels.position(p.name, p.name_en)) for p in Position.objects.all()
        ],
        "grades": [
            (g.pk, labels.grade(g.name, g.name_en)) for g in Grade.objects.all()
        ],
    }
