"""Attempts: one learner's try at a quiz or exam, its drawn questions, extra attempts."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import shown
from .assessments import Assessment
from .questions import QuestionVersion


class AttemptQuerySet(models.QuerySet):
    def for_learner(self, user) -> "AttemptQuerySet":
        return self.filter(user=user)


class Attempt(models.Model):
    """One learner's attempt at a quiz or exam, with its drawn questions."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Attempt in progress")
        GRADED = "graded", _("Graded")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField()
    registration = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    max_score = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    percent = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    passed = models.BooleanField(null=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["assessment", "user", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user", "number"], name="unique_attempt_number"
            ),
        ]
        indexes = [models.Index(fields=["user", "assessment", "status"])]

    def __str__(self):
        return f"{self.assessment} · {self.user} · {self.number}"

    @property
    def is_graded(self) -> bool:
        return self.status == self.Status.GRADED

    def is_past_deadline(self, now=None) -> bool:
        return bool(self.deadline and (now or timezone.now()) >= self.deadline)


class AttemptQuestion(models.Model):
    """A question as drawn into an attempt, with the learner's saved answer."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    version = models.ForeignKey(
        QuestionVersion, on_delete=models.PROTECT, related_name="+"
    )
    # Authoring choice ids in the order this learner sees them (server side only).
    choice_order = models.JSONField(default=list)
    # What the page shows and the learner sends instead: {token: authoring id},
    # drawn for this question of this attempt (``assessments.shown``).
    choice_tokens = models.JSONField(default=dict)
    response = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The learner's "flag for review" mark, kept with the answers it goes with.
    flagged = models.BooleanField(default=False)
    score = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    correct = models.BooleanField(null=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="unique_attempt_position"
            ),
        ]

    def __str__(self):
        return f"{self.attempt_id} #{self.position}"

    @property
    def kind(self) -> str:
        return self.version.content["type"]

    @property
    def is_answered(self) -> bool:
        """Whether a response is saved: an empty list or blank text is no answer."""
        return self.response not in (None, "", [])

    def shown_choices(self) -> list[tuple[str, str]]:
        """Return ``(token, authoring id)`` per choice, in the order shown."""
        token_of = {cid: token for token, cid in self.choice_tokens.items()}
        return [(token_of.get(cid, ""), cid) for cid in self.choice_order]

    def authored_response(self, sent):
        """Return what the learner sent in authoring ids (``shown.authored``)."""
        return shown.authored(self.kind, self.choice_tokens, sent)

    def shown_response(self):
        """Return the saved response in the tokens the page shows."""
        return shown.as_shown(self.kind, self.choice_tokens, self.response)


class AttemptGrant(models.Model):
    """One more attempt for one learner, granted by a trainer with a reason."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="grants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("extra attempt")
        verbose_name_plural = _("extra attempts")

    def __str__(self):
        return f"{self.user} · {self.assessment} · {self.created_at:%Y-%m-%d}"
