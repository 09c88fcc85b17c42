"""Uploaded e-learning packages, chosen in lessons through the ``package`` block."""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Exists, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from . import manifest, unpacking
from .exceptions import PackageError


class PackageQuerySet(models.QuerySet):
    def granted(self, grant) -> "PackageQuerySet":
        """Return the package a token grants, if it and the token's user are live."""
        active_user = get_user_model().objects.filter(pk=grant.user_id, is_active=True)
        return self.filter(uuid=grant.package_uuid).filter(Exists(active_user))


class Package(index.Indexed, models.Model):
    """An HTML5 e-learning package (zip): xAPI (TinCan), cmi5 or SCORM.

    Saving a new file reads its manifest into ``kind``, ``activity_id``,
    ``launch_path``, the cmi5 fields and the SCORM ``scos``, gives the package a new ``uuid`` and
    unpacks the zip into ``packages/<uuid>/`` in default storage, so a file is
    never overwritten while a learner may still be using it. ``clean()``
    reports a bad zip as an error on ``file``; ``save()`` raises
    ``PackageError`` for it and stores nothing.
    """

    class Kind(models.TextChoices):
        TINCAN = manifest.TINCAN, _("TinCan (tincan.xml)")
        CMI5 = manifest.CMI5, _("cmi5 (cmi5.xml)")
        SCORM12 = manifest.SCORM12, _("SCORM 1.2 (imsmanifest.xml)")
        SCORM2004 = manifest.SCORM2004, _("SCORM 2004 (imsmanifest.xml)")

    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("package file"),
        upload_to="packages/zips/",
        help_text=_(
            "A zip file with tincan.xml, cmi5.xml or imsmanifest.xml (SCORM 1.2 "
            "or 2004) at its root, as published by the authoring tool."
        ),
    )
    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    # Read from the manifest; blank only until the first file is read, which
    # the check constraint enforces.
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, blank=True, editable=False
    )
    activity_id = models.CharField(
        _("activity ID"),
        max_length=manifest.MAX_ID_LENGTH,
        db_index=True,
        blank=True,
        editable=False,
    )
    launch_path = models.CharField(
        _("launch file"),
        max_length=manifest.MAX_LAUNCH_LENGTH,
        blank=True,
        editable=False,
    )
    manifest_title = models.CharField(
        _("title in the manifest"), max_length=512, blank=True, editable=False
    )
    au_id = models.CharField(
        _("cmi5 AU ID"), max_length=manifest.MAX_ID_LENGTH, blank=True, editable=False
    )
    move_on = models.CharField(
        _("cmi5 moveOn"), max_length=32, blank=True, editable=False
    )
    # SCORM only: the SCOs in the organisation's order (manifest.Sco.as_dict).
    scos = models.JSONField(_("SCORM SCOs"), default=list, blank=True, editable=False)
    uploaded_at = models.DateTimeField(
        _("uploaded at"), default=timezone.now, editable=False
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PackageQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("manifest_title"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("xAPI package")
        verbose_name_plural = _("xAPI packages")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        manifest.TINCAN,
                        manifest.CMI5,
                        manifest.SCORM12,
                        manifest.SCORM2004,
                    ]
                )
                & ~Q(activity_id="")
                & ~Q(launch_path=""),
                name="package_has_manifest",
                violation_error_message=_(
                    "The package has no manifest details: upload its zip file."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.has_new_file():
            return super().save(*args, **kwargs)
        replaced = None if self._state.adding else self._stored_files()
        self.apply_manifest(manifest.read_manifest(self.file))
        self.uploaded_at = timezone.now()
        if replaced:
            self.uuid = uuid.uuid4()
        # Unpacked before the row is written, so that no transaction stays open
        # while a large zip unpacks; nothing serves the folder until the row
        # names it.
        folder = unpacking.package_folder(self.uuid)
        unpacking.extract(self.file, storage=default_storage, folder=folder)
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self._discard(folder)
            raise
        if replaced:
            transaction.on_commit(lambda: delete_package_files(*replaced))

    def clean(self):
        super().clean()
        if self.has_new_file():
            try:
                self.apply_manifest(manifest.read_manifest(self.file))
            except PackageError as error:
                raise ValidationError(
                    {"file": ValidationError(error.message, code="package")}
                ) from error

    def has_new_file(self) -> bool:
        """Return whether ``file`` holds an upload not yet in storage."""
        # FieldFile._committed is False from assignment until pre_save stores
        # the file: the one moment the manifest has to be read.
        return bool(self.file) and not getattr(self.file, "_committed", True)

    def apply_manifest(self, declared: manifest.Manifest) -> None:
        """Copy what the manifest declares onto the package."""
        self.kind = declared.kind
        self.activity_id = declared.activity_id
        self.launch_path = declared.launch_path
        self.manifest_title = declared.title[:512]
        self.au_id = declared.au_id
        self.move_on = declared.move_on
        self.scos = [sco.as_dict() for sco in declared.scos]

    @property
    def is_scorm(self) -> bool:
        return self.kind in manifest.SCORM_KINDS

    def _stored_files(self) -> tuple[str, str]:
        stored = type(self).objects.values_list("uuid", "file").get(pk=self.pk)
        return unpacking.package_folder(stored[0]), stored[1]

    def _discard(self, folder: str) -> None:
        unpacking.delete_folder(default_storage, folder)
        # Only a committed file is ours to delete: before pre_save stores the
        # upload, its name is just the name it was uploaded with.
        if getattr(self.file, "_committed", False):
            self.file.storage.delete(self.file.name)


def delete_package_files(folder: str, zip_name: str) -> None:
    """Delete a package's unpacked folder and its zip from default storage."""
    unpacking.delete_folder(default_storage, folder)
    if zip_name:
        default_storage.delete(zip_name)


# The cmi5 course models live beside this module; Django finds models here.
from .cmi5_models import (  # noqa: E402, F401
    Cmi5ApiKey,
    Cmi5AuState,
    Cmi5Course,
    Cmi5Registration,
    Cmi5Session,
)
