from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _ensure_site_structure(sender, **kwargs):
    # After the last app's post_migrate, when roles and permissions exist.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from .setup import ensure_site_structure

    ensure_site_structure()


def _staff_saved(sender, instance, **kwargs):
    from .services import apply_assignments_to_staff

    apply_assignments_to_staff([instance.pk])


def _staff_imported(sender, staff_ids, **kwargs):
    from .services import apply_assignments_to_staff

    apply_assignments_to_staff(staff_ids)


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from . import audit_events, workflow_names

        audit_events.connect()
        workflow_names.connect()
        from people.models import StaffMember
        from people.signals import staff_imported
        from xapi.projectors import register_projector

        from .projection import project_statements

        register_projector(project_statements)
        from wagtail.signals import copy_for_translation_done

        from .models.translation import mark_awaiting_translation

        copy_for_translation_done.connect(
            mark_awaiting_translation, dispatch_uid="courses.awaiting_translation"
        )
        # After people's own post_migrate handler, which creates the roles.
        post_migrate.connect(_ensure_site_structure, dispatch_uid="courses.site")
        post_save.connect(
            _staff_saved, sender=StaffMember, dispatch_uid="courses.staff"
        )
        staff_imported.connect(_staff_imported, dispatch_uid="courses.roster")
        from packages.signals import cmi5_au_satisfied

        from .services.cmi5_courses import complete_satisfied_lesson

        cmi5_au_satisfied.connect(
            complete_satisfied_lesson, dispatch_uid="courses.cmi5_lesson"
        )
        _connect_cache_invalidation()


def _connect_cache_invalidation():
    from django.db.models.signals import post_delete
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .caching import bump_content_version
    from .models import CreditHourSettings

    def page_deleted(sender, instance, **kwargs):
        if isinstance(instance, Page):
            bump_content_version()

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_content_version, dispatch_uid=f"courses.cache.{id(signal)}")
    # weak=False: these handlers are local functions, which a weak reference
    # (Django's default) would let the garbage collector drop at once.
    post_delete.connect(
        page_deleted, dispatch_uid="courses.cache.page_deleted", weak=False
    )
    from .caching import forget_learner_state
    from .models import Enrolment, LessonProgress

    def learner_changed(sender, instance, **kwargs):
        forget_learner_state([(instance.user_id, instance.course_key)])

    for model in (Enrolment, LessonProgress):
        for signal in (post_save, post_delete):
            signal.connect(
                learner_changed,
                sender=model,
                dispatch_uid=f"courses.{signal}.{model}",
                weak=False,
            )
    for model in (PageViewRestriction, Site, CreditHourSettings):
        post_save.connect(
            bump_content_version, sender=model, dispatch_uid=f"courses.cache.{model}"
        )
        post_delete.connect(
            bump_content_version, sender=model, dispatch_uid=f"courses.cache.d{model}"
        )
