"""The page tree, locales, review workflow and page permissions every site needs.

``ensure_site_structure`` runs after every ``migrate`` (and from ``load_curriculum``),
so a new site gets them and an existing one is brought into step; it never
overwrites what an administrator has changed, it only adds what is missing.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
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

from .models import CataloguePage

CATALOGUE_SLUG = "courses"
WORKFLOW_NAME = "Course review"
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
            _ensure_translation(home, locale)
            catalogues.append(_ensure_translation(catalogue, locale))
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


def _ensure_workflow(catalogues: list[Page]) -> None:
    reviewers = Group.objects.get(name=roles.REVIEWER)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(name="Reviewer approval")
        task.groups.set([reviewers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for catalogue in catalogues:
        WorkflowPage.objects.get_or_create(
            page=catalogue, defaults={"workflow": workflow}
        )


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
