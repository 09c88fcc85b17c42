"""What the platform's roles may do with reports (collected by ``people.roles``).

HR officers export the reports of their scope; administrators also manage
the HR system's API tokens. Which rows anyone reads is the scope's business.
"""

from people import roles

_HR = ["reports.add_exportjob", "reports.view_exportjob"]

ROLE_PERMISSIONS = {
    roles.HR_OFFICER: _HR,
    roles.ADMINISTRATOR: [
        *_HR,
        "reports.view_reporttoken",
        "reports.add_reporttoken",
        "reports.change_reporttoken",
    ],
}
