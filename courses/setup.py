"""The page tree, locales, review workflow and page permissions every site needs.

``ensure_site_structure`` runs after every ``migrate`` (and from ``load_curriculum``),
so a new site gets them and an existing one is brought into step; it never
overwrites what an administrator has changed, it only adds what is missing.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from people import roles

from .models import CataloguePage, CourseReviewTask

CATALOGUE_SLUG = "courses"
# Messages, shown translated (see workflow_names) and stored as they are here.
WORKFLOW_NAME = gettext_noop("Course review")
REVIEW_TASK_NAME = gettext_noop("Reviewer approval")
# What Wagtail's own first migration creates (wagtailcore 0002 and 0049).
WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
# Page permissions on the catalogue subtree, per role. Trainers write and
# submit drafts but cannot publish: that is the reviewer's decision.
PAGE_PERMISSIONS = {
    roles.TRAINER: ["add_page", "change_page"],
    roles.REVIEWER: ["add_page", "change_page", "publish_page"],
    roles.ADMINISTRATOR: [
        "add_page",
        "change_page",
        "publish_page",
        "delete_page",
        "lock_page",
        "unlock_page",
    ],
}


@transaction.atomic
def ensure_site_structure() -> CataloguePage | None:
    """Ensure locales, the catalogue in each language, its workflow and permissions.

    Returns the catalogue in the default language, or None when the site has
    no root page yet (a database being built by a test fixture).
    """
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    locales = [
        Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    ]
    home = site.root_page
    catalogue = _ensure_catalogue(home)
    catalogues = [catalogue]
    for locale in locales:
        if locale.pk != catalogue.locale_id:
            _retitle_welcome_page(_ensure_translation(home, locale))
            catalogues.append(_ensure_translation(catalogue, locale))
    _retitle_welcome_page(home)
    _ensure_workflow(catalogues)
    _ensure_page_permissions(catalogues)
    return catalogue


def _ensure_catalogue(home: Page) -> CataloguePage:
    existing = CataloguePage.objects.child_of(home).first()
    if existing is not None:
        return existing
    with translation.override(home.locale.language_code):
        catalogue = CataloguePage(
            title=gettext("Course catalogue"), slug=CATALOGUE_SLUG, locale=home.locale
        )
    home.add_child(instance=catalogue)
    catalogue.save_revision().publish()
    return catalogue


def _ensure_translation(page: Page, locale: Locale) -> Page:
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing
    translated = page.copy_for_translation(locale, copy_parents=True)
    with translation.override(locale.language_code):
        if isinstance(page, CataloguePage):
            translated.title = gettext("Course catalogue")
            translated.draft_title = translated.title
    translated.save_revision().publish()
    return translated


def _retitle_welcome_page(home: Page) -> None:
    """Give Wagtail's untouched placeholder home the site's own title.

    The placeholder is the site's root page, the catalogues' parent, so it is
    renamed rather than deleted; a home page an administrator has retitled is
    left alone. Runs after its translations are copied, so each gets its own.
    """
    if home.title != WAGTAIL_WELCOME_TITLE:
        return
    with translation.override(home.locale.language_code):
        home.title = home.draft_title = gettext("Home")
    home.save_revision().publish()


def _ensure_workflow(catalogues: list[Page]) -> None:
    """Review courses with ``CourseReviewTask``, and only with it.

    Wagtail's default "Moderators approval" workflow, attached to the root by
    its migrations, is detached and deactivated: a page outside the catalogue
    (the home page) has nothing to review.
    """
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not CourseReviewTask.objects.filter(workflow_tasks__workflow=workflow).exists():
        _use_course_review_task(workflow)
    for catalogue in catalogues:
        WorkflowPage.objects.get_or_create(
            page=catalogue, defaults={"workflow": workflow}
        )
    default = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).first()
    if default is not None and default.pk != workflow.pk:
        WorkflowPage.objects.filter(workflow=default).delete()
        Workflow.objects.filter(pk=default.pk).update(active=False)


def _use_course_review_task(workflow: Workflow) -> None:
    """Make a course review task the workflow's, replacing the plain group approval.

    Sites set up before courses were reviewed as one piece have a
    ``GroupApprovalTask`` of the same name: courses in review on it stay there
    until decided, new submissions go to the new task.
    """
    reviewers = Group.objects.get(name=roles.REVIEWER)
    task = CourseReviewTask.objects.create(name=REVIEW_TASK_NAME)
    task.groups.set([reviewers])
    old = WorkflowTask.objects.filter(
        workflow=workflow,
        task__in=GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME),
    )
    sort_order = old.values_list("sort_order", flat=True).first() or 0
    old.delete()
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=sort_order)


def _ensure_page_permissions(catalogues: list[Page]) -> None:
    for role, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            for catalogue in catalogues:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=catalogue, permission=permission
                )
