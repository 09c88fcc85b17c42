"""The reports app's models, one module per part (Django loads them from here)."""

from .api.models import ReportToken
from .exports.models import ExportJob
from .ratings_policy import RatingPolicy
from .reminders.models import Notification, ReminderPreferences, ReminderSettings

__all__ = [
    "ExportJob",
    "Notification",
    "RatingPolicy",
    "ReminderPreferences",
    "ReminderSettings",
    "ReportToken",
]
