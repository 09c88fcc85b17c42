"""The reports app's models, one module per part (Django loads them from here)."""

from .ratings_policy import RatingPolicy
from .reminders.models import Notification, ReminderPreferences, ReminderSettings

__all__ = ["Notification", "RatingPolicy", "ReminderPreferences", "ReminderSettings"]
