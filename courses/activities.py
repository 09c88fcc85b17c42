"""The xAPI activities of courses and lessons, for the statement builders."""

from xapi import vocabulary as v

from .models import CoursePage, LessonPage
from .statements import ActivityRef


def activity_ref(page) -> ActivityRef:
    """Return what a statement needs of a course or lesson page."""
    kind = v.LESSON if isinstance(page, LessonPage) else v.COURSE
    return ActivityRef(
        id=page.activity_id,
        type=kind,
        name=page.title,
        language=page.locale.language_code,
    )


def course_refs(course_keys) -> dict:
    """Map course keys to the ActivityRef of a live version of each (two queries)."""
    from django.conf import settings

    chosen: dict = {}
    for page in (
        CoursePage.objects.live()
        .filter(translation_key__in=list(course_keys))
        .select_related("locale")
    ):
        default = page.locale.language_code == settings.LANGUAGE_CODE
        if page.translation_key not in chosen or default:
            chosen[page.translation_key] = activity_ref(page)
    return chosen
