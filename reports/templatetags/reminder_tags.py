"""The bell in the site header: a link to the notifications with the unread count.

One query per page for a signed-in person, none for a visitor. A lesson page
is cached whole per learner (``courses.routing``) for minutes, so a count
there would go stale: on lesson pages the bell is shown without a count.
"""

from django import template

from courses.models import LessonPage

from ..reminders.models import Notification

register = template.Library()
MOST_SHOWN = 99


@register.inclusion_tag("reports/reminders/_bell.html", takes_context=True)
def notification_bell(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"visible": False}
    if isinstance(context.get("page"), LessonPage):
        return {"visible": True, "count": None}
    # Counting at most one past what is shown keeps the query bounded.
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    count = unread[: MOST_SHOWN + 1].count()
    shown = f"{MOST_SHOWN}+" if count > MOST_SHOWN else str(count)
    return {"visible": True, "count": count, "shown": shown}
