"""Certificate templates in the Wagtail admin, as a snippet trainers edit."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from common.admin_menu import PermissionMenuItem
from common.wagtail_i18n import TranslatedBreadcrumbs

from .models import CertificateTemplate


class CertificateTemplateViewSet(TranslatedBreadcrumbs, SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate templates")
    menu_name = "certificate_templates"
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "language", "title", "orientation", "is_default"]
    list_filter = ["language", "is_default"]
    search_fields = ["name", "title"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("language")]),
            FieldPanel("is_default"),
            FieldPanel("title"),
            FieldPanel("body"),
            MultiFieldPanel(
                [
                    FieldPanel("issuing_organisation"),
                    FieldRowPanel(
                        [FieldPanel("signatory_name"), FieldPanel("signatory_title")]
                    ),
                ],
                heading=_("Issued by"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("orientation"),
                    FieldPanel("seal_image"),
                    FieldPanel("signature_image"),
                    FieldPanel("background_image"),
                ],
                heading=_("Look"),
            ),
        ]
    )


register_snippet(CertificateTemplateViewSet)


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    # HR works with certificates on the site's own (scoped) pages.
    return PermissionMenuItem(
        _("Certificates"),
        reverse("certificates:manage"),
        icon_name="doc-full-inverse",
        order=262,
        permission="certificates.revoke_certificate",
    )
