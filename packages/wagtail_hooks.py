"""xAPI packages in the Wagtail admin, as a snippet lessons can choose."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from common.wagtail_i18n import TranslatedBreadcrumbs

from .forms import PackageForm
from .models import Package


class ManifestPanel(MultiFieldPanel):
    """What was read from the uploaded file; nothing to show before the upload."""

    class BoundPanel(MultiFieldPanel.BoundPanel):
        def is_shown(self):
            return bool(self.instance.pk) and super().is_shown()


class PackageViewSet(TranslatedBreadcrumbs, SnippetViewSet):
    model = Package
    icon = "upload"
    menu_label = _("xAPI packages")
    menu_name = "xapi_packages"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["title", "kind", "activity_id", "uploaded_at", "uploaded_by"]
    list_filter = ["kind"]
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("file"),
            ManifestPanel(
                [
                    FieldPanel(name, read_only=True)
                    for name in (
                        "kind",
                        "manifest_title",
                        "activity_id",
                        "launch_path",
                        "au_id",
                        "move_on",
                        "uploaded_at",
                        "uploaded_by",
                    )
                ],
                heading=_("From the manifest"),
            ),
        ],
        base_form_class=PackageForm,
    )


register_snippet(PackageViewSet)
