"""What the platform's roles may do in reports (collected by ``people.roles``).

HR officers read and export the reports of their scope and chase its overdue
staff; administrators read all of them, set each year's rating thresholds,
edit the reminder settings and manage the HR API's tokens.
"""

from people import roles

_HR = [
    "reports.view_reports",
    "reports.send_reminders",
    "reports.add_exportjob",
    "reports.view_exportjob",
]

ROLE_PERMISSIONS = {
    roles.HR_OFFICER: _HR,
    roles.ADMINISTRATOR: [
        *_HR,
        "reports.change_remindersettings",
        "reports.view_ratingpolicy",
        "reports.add_ratingpolicy",
        "reports.change_ratingpolicy",
        "reports.view_reporttoken",
        "reports.add_reporttoken",
        "reports.change_reporttoken",
    ],
}
