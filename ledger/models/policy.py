"""The policy of each training year, and the frozen figures of a closed year."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable, RevisionMixin

from people.models import Position

from .. import rules

HOURS = {"max_digits": 6, "decimal_places": 2}


class OnlineRule(models.TextChoices):
    COURSE_HOURS = rules.COURSE_HOURS, _("The course's own study hours")
    LENGTH_TIERS = (
        rules.LENGTH_TIERS,
        _("Length tiers (30+ min: 1, 15–30: 0.5, <15: 0.25)"),
    )
    CLASS_HOUR = rules.CLASS_HOUR, _("Class hours of 45 minutes")


class StudyPolicy(RevisionMixin, ClusterableModel):
    """How one training year credits study hours and what each person owes.

    Every save in the admin is kept as a revision (``RevisionMixin``); a
    closed year's policy cannot be changed (``clean``), and the close keeps a
    copy of it (``YearClose.policy``), so a later edit never rewrites it.
    """

    year = models.PositiveSmallIntegerField(_("training year"), unique=True)
    online_rule = models.CharField(
        _("online credit rule"),
        max_length=20,
        choices=OnlineRule.choices,
        default=OnlineRule.COURSE_HOURS,
    )
    exam_bonus = models.DecimalField(
        _("bonus for a passed exam"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        **HOURS,
    )
    day_hours = models.PositiveSmallIntegerField(
        _("study hours per day of class"), choices=[(6, "6"), (8, "8")], default=8
    )
    elective_cap = models.DecimalField(
        _("cap on elective hours"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty for no cap."),
        **HOURS,
    )
    carry_over = models.BooleanField(
        _("carry surplus into next year's electives"), default=False
    )
    minimum_time_share = models.PositiveSmallIntegerField(
        _("minimum verified time per lesson (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "A share of the lesson's estimated minutes the learner must have "
            "studied before confirming it. 0 turns the rule off."
        ),
    )
    time_cap_factor = models.PositiveSmallIntegerField(
        _("cap on verified time per lesson (× its estimated minutes)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )

    panels = [
        FieldPanel("year"),
        FieldRowPanel([FieldPanel("online_rule"), FieldPanel("exam_bonus")]),
        FieldRowPanel([FieldPanel("day_hours"), FieldPanel("elective_cap")]),
        FieldPanel("carry_over"),
        FieldRowPanel(
            [FieldPanel("minimum_time_share"), FieldPanel("time_cap_factor")]
        ),
        InlinePanel("targets", label=_("Targets")),
    ]

    class Meta:
        verbose_name = _("study-hour policy")
        verbose_name_plural = _("study-hour policies")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    def clean(self):
        if self.pk and YearClose.objects.filter(year=self.year).exists():
            raise ValidationError(
                _("This year is closed; reopen it to change its policy.")
            )

    def as_json(self) -> dict:
        return {
            "year": self.year,
            "online_rule": self.online_rule,
            "exam_bonus": str(self.exam_bonus),
            "day_hours": self.day_hours,
            "elective_cap": None
            if self.elective_cap is None
            else str(self.elective_cap),
            "carry_over": self.carry_over,
            "minimum_time_share": self.minimum_time_share,
            "time_cap_factor": self.time_cap_factor,
            "targets": [target.as_json() for target in self.targets.all()],
        }


class PolicyTarget(Orderable):
    """A target for the staff of a position, or of a grade rank and above.

    A position's target wins over a grade's; among grades, the highest
    ``from_rank`` the person's grade reaches applies.
    """

    policy = ParentalKey(StudyPolicy, on_delete=models.CASCADE, related_name="targets")
    position = models.ForeignKey(
        Position,
        verbose_name=_("position"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    from_rank = models.PositiveSmallIntegerField(
        _("from grade rank"),
        default=0,
        help_text=_("Applies to grades of this rank and above (see the grades list)."),
    )
    total = models.DecimalField(_("total"), **HOURS)
    required = models.DecimalField(_("required bucket"), null=True, blank=True, **HOURS)
    online = models.DecimalField(_("online minimum"), null=True, blank=True, **HOURS)
    five_year = models.DecimalField(
        _("five-year total"), null=True, blank=True, **HOURS
    )

    panels = [
        FieldRowPanel([FieldPanel("position"), FieldPanel("from_rank")]),
        FieldRowPanel(
            [
                FieldPanel("total"),
                FieldPanel("required"),
                FieldPanel("online"),
                FieldPanel("five_year"),
            ]
        ),
    ]

    def as_target(self) -> rules.Target:
        return rules.Target(
            total=self.total,
            required=self.required,
            online=self.online,
            five_year=self.five_year,
        )

    def as_json(self) -> dict:
        return {
            "position": self.position_id,
            "from_rank": self.from_rank,
            "total": str(self.total),
            "required": None if self.required is None else str(self.required),
            "online": None if self.online is None else str(self.online),
            "five_year": None if self.five_year is None else str(self.five_year),
        }


class YearClose(models.Model):
    """A closed training year: its policy as it stood, closed by whom and when."""

    year = models.PositiveSmallIntegerField(_("training year"), unique=True)
    closed_at = models.DateTimeField(_("closed"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    policy = models.JSONField(_("policy"), default=dict, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("closed year")
        verbose_name_plural = _("closed years")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class YearFigures(models.Model):
    """One staff member's frozen figures for a closed year (the evaluation cites these)."""

    close = models.ForeignKey(
        YearClose, on_delete=models.CASCADE, related_name="figures"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    figures = models.JSONField(default=dict, encoder=DjangoJSONEncoder)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["close", "user"], name="unique_year_figures"
            )
        ]

    def __str__(self):
        return f"{self.close.year} · {self.user_id}"
