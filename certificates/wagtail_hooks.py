"""Certificate templates in the Wagtail admin, as a snippet trainers edit."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CertificateTemplate


class CertificateTemplateViewSet(SnippetViewSet):
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
