"""Storage of the Learning Record Store.

Statements are kept whole (``data``) with index rows for the query parameters
of xAPI 1.0.3 Communication 2.1.3 / IEEE 9274.1.1 ("GET Statements"): the agents
and activities a statement mentions, directly or as related ones.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """OAuth scopes of xAPI 1.0.3 Communication 4.2 (kept for 2.0)."""

    STATEMENTS_WRITE = "statements/write", "statements/write"
    STATEMENTS_READ = "statements/read", "statements/read"
    STATEMENTS_READ_MINE = "statements/read/mine", "statements/read/mine"
    STATE = "state", "state"
    DEFINE = "define", "define"
    PROFILE = "profile", "profile"
    ALL_READ = "all/read", "all/read"
    ALL = "all", "all"


class Client(models.Model):
    """A credential that may call the LRS over HTTP Basic auth.

    The secret is stored as an HMAC-SHA256 keyed with the site's secret: it is
    generated with 256 bits of entropy, so a fast keyed hash is as safe as a
    slow password hash and costs microseconds per request.
    """

    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(_("key"), max_length=64, unique=True)
    secret_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    # A launch credential acts for one learner and one activity only.
    agent = models.JSONField(_("restricted to agent"), null=True, blank=True)
    activity_id = models.CharField(
        _("restricted to activity"), max_length=2048, blank=True
    )

    class Meta:
        verbose_name = _("LRS client")
        verbose_name_plural = _("LRS clients")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Statement(models.Model):
    """One stored statement, immutable once written except for ``voided``."""

    id = models.UUIDField(primary_key=True)
    stored = models.DateTimeField(db_index=True)
    timestamp = models.DateTimeField()
    verb_id = models.CharField(max_length=2048)
    registration = models.UUIDField(null=True, blank=True)
    voided = models.BooleanField(default=False)
    # The statement this one voids, when its verb is "voided".
    voids = models.UUIDField(null=True, blank=True)
    # The statement a StatementRef object points at: queries that match that
    # statement also return this one (Communication 2.1.3, StatementRef filters).
    # Queries find these through StatementTarget, not through this column.
    ref_target = models.UUIDField(null=True, blank=True)
    # No constraint in the database: it would check, and share-lock, the one
    # client row for every statement of every batch (issue 18). Only the LRS
    # writes this column, from the credential it authenticated; deleting a
    # client still clears it, in Django.
    client = models.ForeignKey(
        Client, null=True, on_delete=models.SET_NULL, db_constraint=False
    )
    data = models.JSONField()
    # Set for statements stored in one request, so a page never splits them.
    batch = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["stored", "id"], name="xapi_statement_stored_id"),
            models.Index(fields=["verb_id", "stored"], name="xapi_statement_verb"),
            models.Index(
                fields=["registration", "stored"], name="xapi_statement_registration"
            ),
        ]

    def __str__(self):
        return str(self.id)


class StatementAgent(models.Model):
    """An agent a statement is about: as actor or object, or related (authority, team...)."""

    # The index tables are written only by xapi.storage, in the transaction
    # that writes their statement; a constraint would check each of their
    # rows again at commit (issue 18).
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="agents", db_constraint=False
    )
    ifi = models.CharField(max_length=2048)
    related = models.BooleanField(default=False)
    # The statement's stored time, copied so that "this agent's newest
    # statements" is one ordered index scan instead of a sort of all of them.
    stored = models.DateTimeField()
    # The statement's verb, copied for the same reason: agent+verb is then one
    # index range, with no visit to each of the agent's statements (issue 18).
    verb_id = models.CharField(max_length=2048, default="")

    class Meta:
        indexes = [
            models.Index(fields=["ifi", "stored"], name="xapi_agent_ifi_stored"),
            models.Index(
                fields=["ifi", "verb_id", "stored"], name="xapi_agent_ifi_verb"
            ),
        ]

    def __str__(self):
        return self.ifi


class StatementActivity(models.Model):
    """An activity a statement is about: its object, or related (context, sub-statement)."""

    # Unconstrained in the database, as StatementAgent.statement.
    statement = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        related_name="activities",
        db_constraint=False,
    )
    activity_id = models.CharField(max_length=2048)
    related = models.BooleanField(default=False)
    stored = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["activity_id", "stored"], name="xapi_activity_id_stored"
            )
        ]

    def __str__(self):
        return self.activity_id


class StatementTarget(models.Model):
    """A statement whose object is a StatementRef, and the statement it refers to.

    A table of its own rather than an index on Statement.ref_target: few
    statements refer to another, and PostgreSQL reads a table's size from its
    file, so even before ANALYZE the planner knows this one is small and drives
    the StatementRef query from it. With only a column, an unanalysed planner
    assumes almost every statement refers to one and walks the whole (stored,
    id) index instead (issue 18).
    """

    # Unconstrained in the database, as StatementAgent.statement.
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="targets", db_constraint=False
    )
    # No constraint: a StatementRef may name a statement this LRS never stored.
    target = models.ForeignKey(
        Statement,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="referrers",
    )
    # Deliberately without an index on stored: with one, an unanalysed planner
    # walks it in page order, testing every referring statement in turn;
    # without, it joins the two sets whole and sorts the few that match.
    stored = models.DateTimeField()

    def __str__(self):
        return str(self.target_id)


class Attachment(models.Model):
    """Raw attachment content, shared by every statement that names its SHA-2."""

    sha2 = models.CharField(max_length=128, primary_key=True)
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()

    def __str__(self):
        return self.sha2


class Activity(models.Model):
    """The canonical definition of an activity, merged from the statements that define it."""

    activity_id = models.CharField(max_length=2048, unique=True)
    definition = models.JSONField(default=dict)

    class Meta:
        verbose_name_plural = "activities"

    def __str__(self):
        return self.activity_id


class Document(models.Model):
    """A State, Activity Profile or Agent Profile document (Communication 2.3–2.6)."""

    class Kind(models.TextChoices):
        STATE = "state"
        ACTIVITY_PROFILE = "activity_profile"
        AGENT_PROFILE = "agent_profile"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    activity_id = models.CharField(max_length=2048, blank=True)
    agent_ifi = models.CharField(max_length=2048, blank=True)
    # Empty when the document has no registration (State) or does not take one.
    registration = models.CharField(max_length=36, blank=True)
    document_id = models.CharField(max_length=2048)
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=64)
    updated = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "kind",
                    "activity_id",
                    "agent_ifi",
                    "registration",
                    "document_id",
                ],
                name="xapi_document_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["kind", "activity_id", "agent_ifi", "registration", "updated"],
                name="xapi_document_lookup",
            )
        ]

    def __str__(self):
        return self.document_id


class Outbox(models.Model):
    """A stored statement waiting to be forwarded to another LRS."""

    statement = models.OneToOneField(Statement, on_delete=models.CASCADE)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    def __str__(self):
        return str(self.statement_id)
