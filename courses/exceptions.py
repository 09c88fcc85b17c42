"""Domain errors of the courses app; views turn them into messages and redirects."""

from django.utils.translation import gettext as _


class CourseError(Exception):
    """Base class: ``str(error)`` is a message fit to show the learner."""


class PrerequisitesNotMet(CourseError):
    def __init__(self, missing):
        self.missing = list(missing)
        titles = "、".join(page.title for page in self.missing)
        super().__init__(
            _("Complete these courses first: %(titles)s") % {"titles": titles}
        )


class CourseNotStarted(CourseError):
    def __init__(self, course):
        self.course = course
        super().__init__(_("Start the course before completing its lessons."))
