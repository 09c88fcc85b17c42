"""Verified study time: the learner's clock, time per lesson, and videos watched.

``StudyClock`` is session state (which of a learner's pages holds the clock);
``LessonStudyTime`` and ``VideoViewing`` say what a learner has done and are
projected from the statements the heartbeat and video endpoints record
(``ledger.projection``). ``VideoViewing`` also keeps the cursor of the play in
progress, the state the next event is checked against.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StudyClock(models.Model):
    """The one page of a learner whose time counts now (one row per learner)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    session = models.UUIDField(null=True, blank=True)
    last_beat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("study clock")
        default_permissions = ()

    def __str__(self):
        return f"{self.user_id} · {self.session}"


class LessonStudyTime(models.Model):
    """The verified seconds a learner has spent on a lesson, capped."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    lesson_key = models.UUIDField()
    course_key = models.UUIDField(db_index=True)
    seconds = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("verified study time")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson_key"], name="unique_lesson_study_time"
            )
        ]

    def __str__(self):
        return f"{self.user_id} · {self.lesson_key} · {self.seconds}s"


class VideoViewing(models.Model):
    """How much of one video a learner has watched: the union of played segments."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    lesson_key = models.UUIDField()
    block = models.CharField(max_length=64)
    length = models.FloatField(default=0)
    segments = models.JSONField(default=list)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The play in progress: where it started and when (server time).
    playing_from = models.FloatField(null=True, blank=True)
    played_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("video viewing")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson_key", "block"], name="unique_video_viewing"
            )
        ]

    def __str__(self):
        return f"{self.user_id} · {self.lesson_key} · {self.block}"
