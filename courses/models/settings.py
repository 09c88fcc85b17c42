"""The site settings of the courses app."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="time")
class CreditHourSettings(BaseGenericSetting):
    """How a course's study hours are derived when its author leaves them empty."""

    minutes_per_credit_hour = models.PositiveSmallIntegerField(
        _("minutes per study hour"),
        default=45,
        validators=[MinValueValidator(1)],
        help_text=_("One study hour (学时) is one class hour of this many minutes."),
    )
    credit_hour_step = models.DecimalField(
        _("rounding step"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text=_("Derived study hours are rounded to the nearest multiple of this."),
    )

    class Meta:
        verbose_name = _("study-hour rules for courses")
