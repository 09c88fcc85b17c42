from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from . import audit_events

        audit_events.connect()
        from django.db.models.signals import post_delete, post_save

        from courses.caching import bump_content_version
        from courses.extensions import (
            register_authoring_links,
            register_course_links,
            register_lesson_links,
            register_next_step,
        )
        from courses.services import register_completion_requirement
        from xapi.projectors import register_projector

        from . import authoring, links
        from .models import Assessment
        from .projection import complete_courses_of_passed_exams
        from .services import exam_passed

        register_completion_requirement(exam_passed)
        # A passed exam completes its course through its statement, not a call.
        register_projector(complete_courses_of_passed_exams)
        register_lesson_links(links.lesson_links)
        register_course_links(links.course_links)
        register_next_step(links.next_step)
        register_authoring_links(authoring.authoring_links)
        # A new or changed quiz changes the lesson pages that link to it.
        for signal in (post_save, post_delete):
            signal.connect(
                bump_content_version,
                sender=Assessment,
                dispatch_uid=f"assessments.cache.{signal}",
            )
