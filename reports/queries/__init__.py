"""The reports, in SQL: one module per report, registered by name when the app loads."""

from .. import tables
from .annual import AnnualReport
from .completions import CompletionsReport
from .departments import DepartmentsReport
from .overdue import OverdueReport

ANNUAL = AnnualReport()
COMPLETIONS = CompletionsReport()
DEPARTMENTS = DepartmentsReport()
OVERDUE = OverdueReport()


def register_all() -> None:
    for report in (ANNUAL, COMPLETIONS, DEPARTMENTS, OVERDUE):
        tables.register(report)
