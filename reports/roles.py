"""What the platform's roles may do in reports (collected by ``people.roles``).

HR officers read the reports of their scope and chase its overdue staff;
administrators read all of them, set each year's rating thresholds and edit
the reminder settings.
"""

from people import roles

_HR = ["reports.view_reports", "reports.send_reminders"]

ROLE_PERMISSIONS = {
    roles.HR_OFFICER: _HR,
    roles.ADMINISTRATOR: [
        *_HR,
        "reports.change_remindersettings",
        "reports.view_ratingpolicy",
        "reports.add_ratingpolicy",
        "reports.change_ratingpolicy",
    ],
}
