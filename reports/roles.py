"""What the platform's roles may do in reports (collected by ``people.roles``).

HR officers chase the overdue staff of their scope; administrators also edit
the reminder settings.
"""

from people import roles

_HR = ["reports.send_reminders"]

ROLE_PERMISSIONS = {
    roles.HR_OFFICER: _HR,
    roles.ADMINISTRATOR: [*_HR, "reports.change_remindersettings"],
}
