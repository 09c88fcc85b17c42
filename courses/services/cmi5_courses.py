"""A cmi5 course in the catalogue: a course page with one lesson per AU.

``import_into_catalogue`` stores the cmi5 course (``packages.cmi5_import``)
and builds its pages in one transaction: the course page under a catalogue,
and, in the AUs' document order, a lesson holding the ``cmi5_au`` block.

The lesson completes when its AU is satisfied in a session the learner
opened from that lesson (``packages.signals.cmi5_au_satisfied``): the AU's
statements met its moveOn, or its moveOn is NotApplicable. The platform then
records the lesson's ``completed`` through the LRS, and the projector moves
the progress, as for every lesson. The cmi5 course's own ``satisfied`` never
completes the course page, and a waiver never completes a lesson: the
course's completion rule and its exam stay the platform's.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from packages.cmi5_import import import_course
from packages.cmi5_models import Cmi5Course
from people.agents import agent_for
from xapi.agents import ifi
from xapi.services import record_statements

from .. import statements
from ..activities import activity_ref
from ..cmi5_blocks import BLOCK_TYPE
from ..models import CataloguePage, CompletionRule, CoursePage, LessonPage

MINUTES_PER_LESSON = 15
MAX_COURSE_MINUTES = 100 * 60


@transaction.atomic
def import_into_catalogue(
    data: bytes,
    content_type: str,
    *,
    catalogue: CataloguePage,
    filename: str = "",
    user=None,
    publish: bool = False,
) -> CoursePage:
    """Import a cmi5 course and build its pages; raise ``PackageError`` if invalid."""
    cmi5_course = import_course(data, content_type, filename=filename, user=user)
    return build_course(cmi5_course, catalogue, user=user, publish=publish)


def build_course(
    cmi5_course: Cmi5Course, catalogue: Page, *, user=None, publish: bool = False
) -> CoursePage:
    """Make the course page and its lessons; drafts for review unless ``publish``."""
    course_node = cmi5_course.structure["course"]
    title = _plain(cmi5_course.title or course_node["id"])[:255]
    aus = cmi5_course.aus
    course = CoursePage(
        title=title,
        slug=_free_slug(catalogue, title),
        locale=catalogue.locale,
        summary=_plain(course_node.get("description") or title)[:600],
        completion_rule=CompletionRule.LESSONS,
        estimated_minutes=min(MINUTES_PER_LESSON * len(aus), MAX_COURSE_MINUTES),
        source_note=course_node["id"][:2000],
        live=publish,
        owner=user,
    )
    catalogue.add_child(instance=course)
    _save(course, user, publish)
    for index, au in enumerate(aus):
        lesson = LessonPage(
            title=_plain(au["title"] or au["id"])[:255],
            slug=f"au-{index + 1}",
            locale=catalogue.locale,
            summary=_plain(au.get("description") or "")[:600],
            estimated_minutes=MINUTES_PER_LESSON,
            body=[(BLOCK_TYPE, {"course": str(cmi5_course.uuid), "au_index": index})],
            live=publish,
            owner=user,
        )
        course.add_child(instance=lesson)
        _save(lesson, user, publish)
    return course


def _plain(text: str) -> str:
    # A langstring keeps the XML's line breaks and indentation; a page title
    # or summary is one paragraph.
    return " ".join(text.split())


def _save(page: Page, user, publish: bool) -> None:
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)


def _free_slug(parent: Page, title: str) -> str:
    base = slugify(title, allow_unicode=True)[:200] or "cmi5-course"
    taken = set(
        Page.objects.child_of(parent)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def complete_satisfied_lesson(sender, session, **kwargs) -> None:
    """Record the lesson's completion for an AU satisfied in a lesson's launch.

    The session must belong to the registration the lesson launch makes for
    this learner and course page (``launch.course_registration``), with the
    learner as actor: a launch through the administrators' cmi5 API, or for
    another course page holding the same AU, completes nothing here.
    """
    from ..launch import course_registration

    registration = session.registration
    user = registration.user
    if user is None or not user.is_active:
        return
    agent = agent_for(user)
    if ifi(registration.actor) != ifi(agent):
        return
    lessons = LessonPage.objects.live().filter(package_activity_id=session.activity_id)
    for lesson in lessons:
        course = lesson.get_parent().specific
        expected = course_registration(user, course, registration.course)
        if str(registration.registration) != expected:
            continue
        record_statements(
            [
                statements.lesson_completed(
                    actor=agent,
                    lesson=activity_ref(lesson),
                    course=activity_ref(course),
                    when=timezone.now(),
                    registration=expected,
                )
            ]
        )
