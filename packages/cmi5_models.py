"""cmi5 courses, their registrations and sessions (cmi5 sections 5, 7 and 8).

A ``Cmi5Course`` is a whole course structure (``cmi5_structure``), its AUs
addressed by their index in document order; its files, when it came as a
zip, are a ``Package``. A registration is one learner's enrolment in the
course (the cmi5 registration UUID), with the state of each of its AUs; a
session is one launch of one AU under a registration.
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xapi.models import Client


class Cmi5Course(models.Model):
    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    publisher_id = models.CharField(_("course ID in cmi5.xml"), max_length=2048)
    title = models.CharField(_("title"), max_length=512, blank=True)
    structure = models.JSONField(_("course structure"), default=dict)
    package = models.ForeignKey(
        "packages.Package",
        verbose_name=_("package"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cmi5_courses",
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("cmi5 course")
        verbose_name_plural = _("cmi5 courses")

    def __str__(self):
        return self.title or self.publisher_id

    @property
    def aus(self) -> list[dict]:
        return self.structure["aus"]

    @property
    def blocks(self) -> list[dict]:
        return self.structure["blocks"]

    def activity_id(self, kind: str = "course", index: int = 0) -> str:
        """Return the LMS's activity ID of the course, a block or an AU.

        cmi5 section 8.1.5: the AU's activity ID is the LMS's, not the
        publisher's ID, and stays the same for every launch of a registration.
        """
        base = f"{settings.SITE_BASE_URL}/xapi/activities/cmi5/{self.uuid}"
        return base if kind == "course" else f"{base}/{kind}/{index}"


class Cmi5Registration(models.Model):
    registration = models.UUIDField(_("registration"), unique=True)
    course = models.ForeignKey(
        Cmi5Course, on_delete=models.CASCADE, related_name="registrations"
    )
    actor = models.JSONField(_("actor"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    satisfied_blocks = models.JSONField(default=list)
    course_satisfied = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cmi5 registration")
        verbose_name_plural = _("cmi5 registrations")

    def __str__(self):
        return str(self.registration)


class Cmi5AuState(models.Model):
    """What one registration has achieved in one AU (cmi5 section 9.3)."""

    registration = models.ForeignKey(
        Cmi5Registration, on_delete=models.CASCADE, related_name="au_states"
    )
    au_index = models.PositiveIntegerField()
    completed = models.BooleanField(default=False)
    passed = models.BooleanField(default=False)
    satisfied = models.BooleanField(default=False)
    waived = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "au_index"], name="cmi5_au_state_once"
            )
        ]

    def __str__(self):
        return f"{self.registration_id}/{self.au_index}"


class Cmi5Session(models.Model):
    """One launch of one AU: its credential, fetch URL and what the AU said in it."""

    class Mode(models.TextChoices):
        NORMAL = "Normal"
        BROWSE = "Browse"
        REVIEW = "Review"

    session_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    registration = models.ForeignKey(
        Cmi5Registration, on_delete=models.CASCADE, related_name="sessions"
    )
    au_index = models.PositiveIntegerField()
    launch_mode = models.CharField(max_length=6, choices=Mode.choices)
    client = models.ForeignKey(
        Client, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_key = models.CharField(max_length=64, db_index=True)
    fetch_nonce = models.CharField(max_length=64, unique=True)
    auth_token = models.CharField(max_length=255, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    launched_at = models.DateTimeField(default=timezone.now)
    prefs_read = models.BooleanField(default=False)
    initialized = models.BooleanField(default=False)
    completed = models.BooleanField(default=False)
    # "passed" or "failed" once the AU has judged itself in this session.
    verdict = models.CharField(max_length=6, blank=True)
    ended = models.CharField(max_length=10, blank=True)  # terminated, abandoned

    class Meta:
        verbose_name = _("cmi5 session")
        verbose_name_plural = _("cmi5 sessions")

    def __str__(self):
        return str(self.session_id)

    @property
    def au(self) -> dict:
        return self.registration.course.aus[self.au_index]

    @property
    def activity_id(self) -> str:
        return self.registration.course.activity_id("au", self.au_index)


def hash_api_key(key: str) -> str:
    return hashlib.sha256(("cmi5-api-key:" + key).encode()).hexdigest()


class Cmi5ApiKey(models.Model):
    """A key for the cmi5 import and launch API, held for one administrator.

    Only its hash is stored; the key is shown once when it is made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cmi5 API key")
        verbose_name_plural = _("cmi5 API keys")

    def __str__(self):
        return f"cmi5 API key {self.pk}"

    @classmethod
    def issue(cls, user) -> str:
        key = "cmi5k_" + secrets.token_urlsafe(32)
        cls.objects.create(user=user, key_hash=hash_api_key(key))
        return key
