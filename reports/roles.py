"""What the platform's roles may do in the reports (collected by ``people.roles``).

HR officers read the reports of their scope; administrators read all of them
and set each year's rating thresholds.
"""

from people import roles

_HR = ["reports.view_reports"]

ROLE_PERMISSIONS = {
    roles.HR_OFFICER: _HR,
    roles.ADMINISTRATOR: [
        *_HR,
        "reports.view_ratingpolicy",
        "reports.add_ratingpolicy",
        "reports.change_ratingpolicy",
    ],
}
