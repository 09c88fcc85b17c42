"""What each reminder says, written in the language active when it is called.

``delivery`` calls these inside ``translation.override(recipient's language)``,
so titles, dates and course names come out in that language. Each returns
``(title, text)``.
"""

from datetime import date

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


class CourseTitles:
    """The title of each course in each language it is published in (one query)."""

    def __init__(self, titles: dict):
        self._titles = titles  # {course_key: {language: title}}

    @classmethod
    def load(cls, course_keys) -> "CourseTitles":
        from courses.models import CoursePage

        titles: dict = {}
        rows = (
            CoursePage.objects.live()
            .filter(translation_key__in=list(course_keys))
            .values_list("translation_key", "locale__language_code", "title")
        )
        for key, language, title in rows:
            titles.setdefault(key, {})[language] = title
        return cls(titles)

    def __call__(self, key) -> str:
        versions = self._titles.get(key) or {}
        return (
            versions.get(get_language())
            or versions.get(settings.LANGUAGE_CODE)
            or next(iter(versions.values()), "")
            or _("a course that is no longer published")
        )


def assigned(course: str, due: date) -> tuple[str, str]:
    title = _("New required training: %(course)s") % {"course": course}
    text = _(
        "You have been assigned the required course “%(course)s”. "
        "Please complete it by %(due)s."
    ) % {"course": course, "due": _day(due)}
    return title, text


def due_soon(course: str, due: date, days: int) -> tuple[str, str]:
    title = _("Due soon: %(course)s") % {"course": course}
    text = ngettext(
        "The required course “%(course)s” is due on %(due)s, in %(days)d day.",
        "The required course “%(course)s” is due on %(due)s, in %(days)d days.",
        days,
    ) % {"course": course, "due": _day(due), "days": days}
    return title, text


def overdue(course: str, due: date, days: int) -> tuple[str, str]:
    title = _("Overdue: %(course)s") % {"course": course}
    text = ngettext(
        "The required course “%(course)s” was due on %(due)s and is %(days)d day "
        "overdue. Please complete it as soon as you can.",
        "The required course “%(course)s” was due on %(due)s and is %(days)d days "
        "overdue. Please complete it as soon as you can.",
        days,
    ) % {"course": course, "due": _day(due), "days": days}
    return title, text


def hr_reminder(courses: list[tuple[str, date]]) -> tuple[str, str]:
    title = _("Reminder from HR: required training overdue")
    lines = [
        _("“%(course)s”, due %(due)s") % {"course": course, "due": _day(due)}
        for course, due in courses
    ]
    text = _(
        "Your HR officer reminds you that this required training is overdue: "
        "%(courses)s. Please complete it as soon as you can."
    ) % {"courses": _("; ").join(lines)}
    return title, text


def escalation(person: str, course: str, due: date, days: int) -> tuple[str, str]:
    title = _("Overdue training: %(person)s") % {"person": person}
    text = ngettext(
        "%(person)s has not completed the required course “%(course)s”, due on "
        "%(due)s: it is %(days)d day overdue.",
        "%(person)s has not completed the required course “%(course)s”, due on "
        "%(due)s: it is %(days)d days overdue.",
        days,
    ) % {"person": person, "course": course, "due": _day(due), "days": days}
    return title, text


def certificate_expiring(course: str, serial: str, expires: date) -> tuple[str, str]:
    title = _("Certificate expiring: %(course)s") % {"course": course}
    text = _(
        "Your certificate %(serial)s for “%(course)s” expires on %(expires)s. "
        "Retake the course to renew it."
    ) % {"serial": serial, "course": course, "expires": _day(expires)}
    return title, text


def claim_decided(training: str, approved: bool, hours, reason: str) -> tuple[str, str]:
    if approved:
        title = _("External training claim approved: %(training)s") % {
            "training": training
        }
        text = _(
            "Your claim for “%(training)s” was approved: %(hours)s study hours "
            "are credited to your ledger."
        ) % {"training": training, "hours": hours}
    else:
        title = _("External training claim rejected: %(training)s") % {
            "training": training
        }
        text = _("Your claim for “%(training)s” was rejected.") % {"training": training}
    if reason:
        text += " " + _("Reason: %(reason)s") % {"reason": reason}
    return title, text
