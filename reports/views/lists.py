"""The paged report pages: annual summary, completion detail, overdue list."""

from django.shortcuts import render

from .. import queries
from ..queries.common import Labels
from .common import display, filter_choices, hr_report, log_view, page_of, shown_columns

# The formats a report page links to; the export page offers the same.
EXPORT_FORMATS = (("xlsx", "XLSX"), ("csv", "CSV"), ("json", "JSON"))


def _page(request, scope, filters, report, template, **extra):
    rows, following = page_of(report, scope, filters, request)
    columns = report.columns(filters)
    shown = shown_columns(columns)
    index = [i for i, column in enumerate(columns) if column in shown]
    log_view(request, report=report.name, scope=scope, filters=filters, rows=len(rows))
    context = {
        "report": report,
        "filters": filters,
        "choices": filter_choices(scope, Labels(scope)),
        "columns": shown,
        "rows": [([display(row[i]) for i in index], report.key(row)) for row in rows],
        "following": following,
        "query": filters.as_query(),
        "export_formats": EXPORT_FORMATS,
        **extra,
    }
    return render(request, template, context)


@hr_report
def annual(request, scope, filters):
    report = queries.ANNUAL
    return _page(
        request, scope, filters, report, "reports/annual.html",
        rule=report.rule(filters),
    )  # fmt: skip


@hr_report
def completions(request, scope, filters):
    return _page(
        request, scope, filters, queries.COMPLETIONS, "reports/completions.html"
    )


@hr_report
def overdue(request, scope, filters):
    return _page(request, scope, filters, queries.OVERDUE, "reports/overdue.html")
