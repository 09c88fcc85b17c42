"""Certificate templates: what a certificate says and how it looks, per language."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model_string
from wagtail.models import PreviewableMixin

from .. import placeholders


def validate_placeholders(text: str) -> None:
    """Refuse unknown placeholders and unmatched braces in a template's body."""
    try:
        placeholders.parse(text)
    except placeholders.PlaceholderError as error:
        raise ValidationError(str(error), code="placeholders") from error


class CertificateTemplateQuerySet(models.QuerySet):
    def for_language(self, language: str) -> "CertificateTemplateQuerySet":
        """Return the language's templates, its default first."""
        return self.filter(language=language).order_by("-is_default", "pk")

    def default_for(self, language: str) -> "CertificateTemplate | None":
        """Return the default template of ``language``, or None if it has none."""
        return self.filter(language=language, is_default=True).first()


def _image(verbose_name, help_text):
    return models.ForeignKey(
        get_image_model_string(),
        verbose_name=verbose_name,
        help_text=help_text,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class CertificateTemplate(PreviewableMixin, models.Model):
    """The wording and look of a certificate of completion, edited by trainers.

    ``body`` holds named placeholders (``{name}``, ``{course}``, …, see
    ``certificates.placeholders``) filled in from a certificate's snapshot
    when its PDF is rendered. A language has at most one default template (a
    database constraint); saving a template as the default makes the
    language's previous default an ordinary template, in the same transaction.
    ``save()`` raises ``ValidationError`` for a body with unknown placeholders
    or unmatched braces.
    The admin's preview shows the PDF of a sample certificate.
    """

    class Language(models.TextChoices):
        ZH_HANS = "zh-hans", "简体中文"
        EN = "en", "English"

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("Landscape")
        PORTRAIT = "portrait", _("Portrait")

    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("For the admin only: certificates do not show it."),
    )
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(
        _("body text"),
        validators=[validate_placeholders],
        help_text=_(
            "Placeholders in braces are filled in for each certificate: {name} "
            "(the holder), {course}, {hours} (study hours), {date} (of issue), "
            "{serial} (certificate number), {employee_id}, {department}, {score}. "
            "A blank line starts a new paragraph."
        ),
    )
    issuing_organisation = models.CharField(
        _("issuing organisation"),
        max_length=200,
        blank=True,
        help_text=_("Left blank, the site's configured issuing organisation."),
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=100, blank=True)
    signatory_title = models.CharField(
        _("signatory's title"), max_length=100, blank=True
    )
    seal_image = _image(
        _("seal"),
        _("A red seal on a transparent background. Without one, a seal is drawn."),
    )
    signature_image = _image(
        _("signature"), _("The signatory's signature on a transparent background.")
    )
    background_image = _image(
        _("background"), _("Fills the page behind the text, inside the border.")
    )
    orientation = models.CharField(
        _("orientation"),
        max_length=10,
        choices=Orientation.choices,
        default=Orientation.LANDSCAPE,
    )
    is_default = models.BooleanField(
        _("default for its language"),
        default=False,
        help_text=_(
            "Certificates in this language use the default template. Making this "
            "template the default replaces the previous one."
        ),
    )

    objects = CertificateTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["language", "-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["language"],
                condition=Q(is_default=True),
                name="certificates_one_default_template_per_language",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A body the renderer cannot fill must never be stored, whichever code
        # saves it (the admin's form has shown the error on the field already).
        validate_placeholders(self.body)
        with transaction.atomic():
            if self.is_default:
                others = CertificateTemplate.objects.filter(
                    language=self.language, is_default=True
                )
                if self.pk is not None:
                    others = others.exclude(pk=self.pk)
                others.update(is_default=False)
            super().save(*args, **kwargs)

    def issuer_name(self) -> str:
        """Return the organisation that issues certificates with this template."""
        return self.issuing_organisation or settings.CERTIFICATE_ISSUER_NAME

    @property
    def default_preview_size(self):
        return "desktop"

    def serve_preview(self, request, mode_name):
        """Return the unsigned PDF of a sample certificate set in this template."""
        from ..default_templates import sample_snapshot
        from ..rendering import render_pdf

        verify_url = f"{settings.SITE_BASE_URL}/verify/PREVIEW/"
        pdf = render_pdf(sample_snapshot(self), self, verify_url)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="preview.pdf"'
        return response
