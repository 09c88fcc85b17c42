"""Build course trees for tests: a course with lessons under the catalogue, published."""

from wagtail.models import Locale

from courses.models import CataloguePage, CoursePage, LessonPage
from courses.setup import ensure_site_structure


def catalogue(language: str = "zh-hans") -> CataloguePage:
    ensure_site_structure()
    return CataloguePage.objects.get(locale__language_code=language)


def make_course(
    title: str = "网上政务服务概论",
    *,
    lessons: int = 3,
    language: str = "zh-hans",
    parent: CataloguePage | None = None,
    body=None,
    **fields,
) -> CoursePage:
    """Create a live course with ``lessons`` live lessons."""
    parent = parent or catalogue(language)
    fields.setdefault("summary", f"{title}的课程简介")
    course = CoursePage(title=title, locale=parent.locale, **fields)
    parent.add_child(instance=course)
    for number in range(1, lessons + 1):
        add_lesson(course, f"{title} 第{number}课", body=body)
    return course


def add_lesson(course: CoursePage, title: str, *, body=None, live=True) -> LessonPage:
    lesson = LessonPage(
        title=title,
        locale=course.locale,
        live=live,
        body=body or [("rich_text", f"<p>{title}的正文。</p>")],
    )
    course.add_child(instance=lesson)
    return lesson


def translate(page, language: str = "en", title: str | None = None):
    """Copy ``page`` (and missing parents) into ``language`` and publish the copy."""
    locale = Locale.objects.get(language_code=language)
    translated = page.copy_for_translation(locale, copy_parents=True)
    translated.title = title or f"{page.title} (EN)"
    translated.awaiting_translation = False  # translated, as it stands
    translated.slug = page.slug
    translated.save_revision().publish()
    return translated.specific
