"""Publishing a reviewed course with the lesson drafts its reviewer approved."""

from django.db import transaction

from ..models import CoursePage, LessonPage


@transaction.atomic
def publish_course_drafts(*, course: CoursePage, user) -> list[LessonPage]:
    """Publish the latest revision of every lesson of ``course`` that has unpublished changes.

    Called when the course's review is approved, in the same transaction, so
    the course and its lessons go live together or not at all. Returns the
    lessons published; lessons without changes are left as they are.
    """
    published = []
    lessons = LessonPage.objects.child_of(course).filter(has_unpublished_changes=True)
    for lesson in lessons.order_by("path"):
        revision = lesson.get_latest_revision()
        if revision is not None:
            revision.publish(user=user)
            published.append(lesson)
    return published
