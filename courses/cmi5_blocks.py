"""The lesson block that plays one AU of an imported cmi5 course.

A cmi5 course imported into the catalogue (``services.cmi5_courses``)
becomes a course page with one lesson per AU, each lesson holding this
block. The lesson's ``package_activity_id`` is then the AU's activity ID,
so that the AU's satisfaction finds its lesson with one indexed query.
"""

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

BLOCK_TYPE = "cmi5_au"


def button_label_block():
    """The optional label of the button that opens an activity in its own window."""
    return blocks.CharBlock(
        label=_("Button label"),
        required=False,
        max_length=100,
        help_text=_("Leave empty for “Open the activity”."),
    )


class Cmi5AuBlock(blocks.StructBlock):
    """One AU of an imported cmi5 course, opened in its own window."""

    course = blocks.CharBlock(
        label=_("cmi5 course"),
        max_length=36,
        help_text=_("The ID of an imported cmi5 course; set by the import."),
    )
    au_index = blocks.IntegerBlock(
        label=_("AU number"), min_value=0, help_text=_("0 is the course's first AU.")
    )
    button_label = button_label_block()

    class Meta:
        icon = "upload"
        label = _("cmi5 AU")
        description = _("A button that opens one AU of an imported cmi5 course.")
        template = "courses/blocks/cmi5_au.html"

    def clean(self, value):
        value = super().clean(value)
        course = course_for(value)
        if course is None:
            raise ValidationError(_("There is no imported cmi5 course with this ID."))
        if not value["au_index"] < len(course.aus):
            raise ValidationError(_("The cmi5 course has no AU with this number."))
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        course = course_for(value)
        index = value["au_index"]
        valid = course is not None and index < len(course.aus)
        context["au"] = course.aus[index] if valid else None
        context["cmi5_course"] = course
        context["launch_url"] = (parent_context or {}).get("package_launch_url")
        return context


def course_for(value):
    """Return the imported ``Cmi5Course`` a block value names, or None."""
    # Imported here: page models import this module while apps load.
    from packages.models import Cmi5Course

    try:
        key = uuid.UUID(str(value["course"]))
    except ValueError:
        return None
    return Cmi5Course.objects.filter(uuid=key).first()


def au_block(lesson):
    """Return the value of the lesson's first cmi5 AU block, or None."""
    return next(
        (block.value for block in lesson.body if block.block_type == BLOCK_TYPE), None
    )


def au_activity_id(lesson) -> str:
    """Return the LMS's activity ID of the lesson's AU, or "" without one."""
    value = au_block(lesson)
    course = course_for(value) if value else None
    if course is None or value["au_index"] >= len(course.aus):
        return ""
    return course.activity_id("au", value["au_index"])
