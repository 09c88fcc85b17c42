"""The admin's "Import a cmi5 course": a zip or cmi5.xml becomes a course page.

The form hands the file to ``services.cmi5_courses.import_into_catalogue``,
which makes the course page and one lesson per AU. Who may use it: an active
user holding ``packages.add_cmi5course`` who may add pages to a catalogue;
the form offers only those catalogues, and "Publish now" only when the user
may publish in one of them (and accepts it only for such a catalogue).
Everyone else is refused: the view raises ``PermissionDenied``, which the
admin answers with Wagtail's permission-denied redirect. An import is an
audit entry, written in the same transaction as the pages, so a refused
package leaves neither.
"""

from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from audit.services import record_event
from packages.cmi5_views import PERMISSION
from packages.exceptions import PackageError
from packages.unpacking import max_bytes

from . import audit_events
from .models import CataloguePage, CoursePage
from .services.cmi5_courses import import_into_catalogue

URL_NAME = "courses_import_cmi5"
CONTENT_TYPES = {".zip": "application/zip", ".xml": "application/xml"}


def allowed_catalogues(user) -> list[CataloguePage]:
    """The catalogues ``user`` may import a cmi5 course into (none: no access)."""
    if not (user.is_authenticated and user.is_active and user.has_perm(PERMISSION)):
        return []
    return [
        catalogue
        for catalogue in CataloguePage.objects.select_related("locale").order_by("path")
        if catalogue.permissions_for_user(user).can_add_subpage()
    ]


class CatalogueField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.locale.get_display_name()})"


class Cmi5ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Course file"),
        help_text=gettext_lazy(
            "A zip file with cmi5.xml at its root, or a bare cmi5.xml file."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.xml"}),
    )
    catalogue = CatalogueField(
        label=gettext_lazy("Catalogue"),
        queryset=CataloguePage.objects.none(),
        empty_label=None,
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publish now"),
        required=False,
        help_text=gettext_lazy(
            "Otherwise the course and its lessons are saved as drafts for review."
        ),
    )

    def __init__(self, *args, user, catalogues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalogue"].queryset = CataloguePage.objects.filter(
            pk__in=[catalogue.pk for catalogue in catalogues]
        ).select_related("locale")
        self.publishable = {
            catalogue.pk
            for catalogue in catalogues
            if catalogue.permissions_for_user(user).can_publish_subpage()
        }
        if not self.publishable:
            # Not offered: the pages are drafts, whatever the request says.
            del self.fields["publish"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if content_type_of(upload.name) is None:
            raise forms.ValidationError(
                _("Choose a .zip file or a cmi5.xml file; this file is neither.")
            )
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.")
                % {"limit": max_bytes() // (1024 * 1024)}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        catalogue = cleaned.get("catalogue")
        if (
            cleaned.get("publish")
            and catalogue is not None
            and catalogue.pk not in self.publishable
        ):
            self.add_error(
                "publish",
                _(
                    "You may not publish pages in this catalogue: leave this "
                    "unticked to save drafts for review."
                ),
            )
        return cleaned


def content_type_of(filename: str) -> str | None:
    return CONTENT_TYPES.get(PurePath(filename or "").suffix.lower())


class ImportCmi5CourseView(WagtailAdminTemplateMixin, FormView):
    template_name = "courses/admin/import_cmi5.html"
    form_class = Cmi5ImportForm
    page_title = gettext_lazy("Import a cmi5 course")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.catalogues = allowed_catalogues(request.user)
        if not self.catalogues:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "catalogues": self.catalogues,
        }

    def get_initial(self):
        language = translation.get_language() or ""
        for catalogue in self.catalogues:
            if catalogue.locale.language_code == language:
                return {"catalogue": catalogue}
        return {"catalogue": self.catalogues[0]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=reverse(URL_NAME),
            submit_button_label=_("Import"),
            submit_button_active_label=_("Importing…"),
            media=context["form"].media,
        )
        return context

    def form_valid(self, form):
        try:
            course = self.import_course(form)
        except PackageError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        messages.success(self.request, success_message(course, form))
        return redirect("wagtailadmin_pages:edit", course.pk)

    @transaction.atomic
    def import_course(self, form) -> CoursePage:
        """Build the pages and record the import; roll both back on refusal."""
        upload = form.cleaned_data["file"]
        catalogue = form.cleaned_data["catalogue"]
        publish = bool(form.cleaned_data.get("publish"))
        course = import_into_catalogue(
            upload.read(),
            content_type_of(upload.name),
            catalogue=catalogue,
            filename=PurePath(upload.name).name,
            user=self.request.user,
            publish=publish,
        )
        record_event(
            action=audit_events.CMI5_COURSE_IMPORTED,
            actor=self.request.user,
            target=course,
            request=self.request,
            details={
                "file": PurePath(upload.name).name[:200],
                "catalogue": catalogue.locale.language_code,
                "lessons": course.get_children().count(),
                "published": publish,
            },
        )
        return course


def success_message(course: CoursePage, form) -> str:
    values = {"title": course.title, "count": course.get_children().count()}
    if form.cleaned_data.get("publish"):
        return (
            _("The course “%(title)s” was imported and published. Lessons: %(count)d.")
            % values
        )
    return (
        _(
            "The course “%(title)s” was imported as drafts for review. "
            "Lessons: %(count)d."
        )
        % values
    )


class ImportCmi5MenuItem(MenuItem):
    def is_shown(self, request):
        return bool(allowed_catalogues(request.user))


def admin_urls():
    return [path("courses/import-cmi5/", ImportCmi5CourseView.as_view(), name=URL_NAME)]


def menu_item():
    return ImportCmi5MenuItem(
        gettext_lazy("Import a cmi5 course"),
        reverse(URL_NAME),
        name="import-cmi5-course",
        icon_name="upload",
        order=311,
    )
