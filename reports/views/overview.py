"""The overview: each measure by department and by course, as a table and a chart."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import charts, queries
from ..queries.common import Labels
from ..queries.overview import by_course
from .common import as_dicts, filter_choices, hr_report, log_view
from .lists import EXPORT_FORMATS


def _department_charts(rows: list[dict]) -> list:
    return [
        charts.bar_chart(
            _("Completion rate by department"),
            [charts.Bar(r["department"], r["completion_rate"] or 0) for r in rows],
            maximum=100,
            unit="%",
        ),
        charts.bar_chart(
            _("Study hours against target by department"),
            [
                charts.Bar(r["department"], r["hours_total"], r["target_total"])
                for r in rows
            ],
        ),
        charts.bar_chart(
            _("Certificates expiring in the next 60 days by department"),
            [charts.Bar(r["department"], r["expiring"]) for r in rows],
        ),
    ]


def _course_charts(rows: list[dict]) -> list:
    return [
        charts.bar_chart(
            _("Completion rate by course"),
            [charts.Bar(r["course"], r["completion_rate"] or 0) for r in rows],
            maximum=100,
            unit="%",
        ),
        charts.bar_chart(
            _("Overdue by course"),
            [charts.Bar(r["course"], r["overdue"]) for r in rows],
        ),
    ]


@hr_report
def overview(request, scope, filters):
    """The measures of the scope and filters; departments with nobody in them left out."""
    report = queries.DEPARTMENTS
    departments = [
        row
        for row in as_dicts(report.columns(filters), report.rows(scope, filters))
        if row["staff"] or row["assigned"]
    ]
    labels = Labels(scope)
    courses = by_course(scope, filters, labels)
    log_view(
        request,
        report="overview",
        scope=scope,
        filters=filters,
        rows=len(departments) + len(courses),
    )
    context = {
        "report": report,
        "export_formats": EXPORT_FORMATS,
        "filters": filters,
        "choices": filter_choices(scope, labels),
        "departments": departments,
        "courses": courses,
        "department_charts": _department_charts(departments),
        "course_charts": _course_charts(courses),
    }
    return render(request, "reports/overview.html", context)
