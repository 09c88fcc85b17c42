"""What the platform's roles may do in the reports (collected by ``people.roles``).

HR officers read and export the reports of their scope; administrators read
all of them, set each year's rating thresholds and manage the HR API's tokens.
"""

from people import roles

_HR = ["reports.view_reports", "reports.add_exportjob", "reports.view_exportjob"]

ROLE_PERMISSIONS = {
    roles.HR_OFFICER: _HR,
    roles.ADMINISTRATOR: [
        *_HR,
        "reports.view_ratingpolicy",
        "reports.add_ratingpolicy",
        "reports.change_ratingpolicy",
        "reports.view_reporttoken",
        "reports.add_reporttoken",
        "reports.change_reporttoken",
    ],
}
