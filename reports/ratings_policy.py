"""The training rating's thresholds per year, as administrators set them."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .ratings import Thresholds


class RatingPolicyQuerySet(models.QuerySet):
    def thresholds_for(self, year: int) -> Thresholds:
        """The year's thresholds, or the defaults when none is set."""
        policy = self.filter(year=year).first()
        return policy.thresholds() if policy else Thresholds()


class RatingPolicy(models.Model):
    """The thresholds of one year's training rating (优秀 / 合格 / 不合格).

    Edited by administrators in the Wagtail admin, whose history logs every
    change; the report's header prints the rule it applied.
    """

    year = models.PositiveSmallIntegerField(_("training year"), unique=True)
    pass_share = models.PositiveSmallIntegerField(
        _("pass: share of the study-hour target (%)"),
        default=100,
        validators=[MaxValueValidator(1000)],
        help_text=_("Below this share of the year's total target the rating is fail."),
    )
    excellent_share = models.PositiveSmallIntegerField(
        _("excellent: share of the study-hour target (%)"),
        default=120,
        validators=[MaxValueValidator(1000)],
    )
    excellent_needs_on_time = models.BooleanField(
        _("excellent needs every required course on time"), default=True
    )
    excellent_min_score = models.PositiveSmallIntegerField(
        _("excellent: lowest average final exam score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Leave empty to ignore exam scores."),
    )
    fail_below_required = models.BooleanField(
        _("fail below the required-bucket target"), default=True
    )
    fail_on_overdue = models.BooleanField(
        _("fail with an overdue required course"), default=True
    )

    objects = RatingPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("training rating policy")
        verbose_name_plural = _("training rating policies")
        ordering = ["-year"]
        # The HR pages' permission lives here for want of a better model.
        permissions = [("view_reports", _("Can see the HR reports of their scope"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(excellent_share__gte=models.F("pass_share")),
                name="rating_excellent_above_pass",
            )
        ]

    def __str__(self):
        return str(self.year)

    def thresholds(self) -> Thresholds:
        return Thresholds(
            pass_share=self.pass_share,
            excellent_share=self.excellent_share,
            excellent_needs_on_time=self.excellent_needs_on_time,
            excellent_min_score=self.excellent_min_score,
            fail_below_required=self.fail_below_required,
            fail_on_overdue=self.fail_on_overdue,
        )
