"""Question banks, questions and assessments in the Wagtail admin, with statistics."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from common.wagtail_i18n import TranslatedBreadcrumbs

from . import admin_views
from .admin_search import substring_chooser
from .authoring import AssessmentCreateView
from .models import Assessment, Question, QuestionBank


class QuestionBankViewSet(TranslatedBreadcrumbs, SnippetViewSet):
    model = QuestionBank
    icon = "folder-open-inverse"
    menu_label = _("Question banks")
    list_display = ["name", "course"]
    search_fields = ["name"]
    # Substring matches, not the search backend (see ``admin_search``).
    search_backend_name = None
    chooser_viewset_class = substring_chooser(search_fields)


class QuestionViewSet(TranslatedBreadcrumbs, SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["key", "text", "type", "difficulty", "topic", "bank"]
    list_filter = ["bank", "type", "difficulty", "topic"]
    search_fields = ["key", "text", "text_en", "topic"]
    # Substring matches, not the search backend (see ``admin_search``).
    search_backend_name = None
    chooser_viewset_class = substring_chooser(search_fields)


class AssessmentViewSet(TranslatedBreadcrumbs, SnippetViewSet):
    model = Assessment
    icon = "tasks"
    menu_label = _("Quizzes and exams")
    add_view_class = AssessmentCreateView
    list_display = ["title", "kind", "course", "lesson", "pass_mark"]
    list_filter = ["kind"]


class AssessmentGroup(ViewSetGroup):
    menu_label = _("Assessments")
    menu_icon = "tasks"
    menu_order = 240
    items = (QuestionBankViewSet, QuestionViewSet, AssessmentViewSet)


register_snippet(AssessmentGroup)


@hooks.register("register_admin_urls")
def register_statistics_urls():
    return [
        path(
            "assessments/<int:pk>/statistics/",
            admin_views.statistics,
            name="assessment_statistics",
        ),
        path(
            "assessments/<int:pk>/statistics.xlsx",
            admin_views.statistics_export,
            name="assessment_statistics_export",
        ),
        path(
            "assessments/banks/<int:pk>/transfer/",
            admin_views.bank_transfer,
            name="question_bank_transfer",
        ),
        path(
            "assessments/<int:pk>/grant/",
            admin_views.grant,
            name="assessment_grant",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def statistics_button(snippet, user, next_url=None):
    from wagtail.admin.widgets import ListingButton

    if isinstance(snippet, QuestionBank) and user.has_perm(
        "assessments.change_question"
    ):
        yield ListingButton(
            _("Import and export"),
            reverse("question_bank_transfer", args=[snippet.pk]),
            priority=5,
        )
    if isinstance(snippet, Assessment) and user.has_perm("assessments.view_attempt"):
        yield ListingButton(
            _("Statistics"),
            reverse("assessment_statistics", args=[snippet.pk]),
            priority=5,
        )
