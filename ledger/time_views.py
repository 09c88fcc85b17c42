"""The endpoints of the lesson page's study clock: heartbeats and video events.

They answer JSON to the page's script. They are exempt from Django's CSRF
check because the signed ticket in the request serves as one: only the
lesson page the learner was served holds it, and a ticket names its learner,
so another site cannot forge a beat and another learner cannot use it.
"""

import math

from django.http import JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import timekeeping as tk
from .services.studytime import VideoRefused, missing_seconds, record_beat
from .services.videos import record_video_event


def _refused(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _ticket(request):
    """The page's ticket and session id, or (None, None) for anyone else."""
    if not request.user.is_authenticated:
        return None, None
    try:
        ticket = tk.read_ticket(request.POST.get("ticket", ""), user_id=request.user.pk)
        return ticket, tk.read_session(request.POST.get("session", ""))
    except tk.TicketError:
        return None, None


def _number(value, *, integer=False):
    try:
        number = int(value) if integer else float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@csrf_exempt
@require_POST
def beat(request):
    ticket, session = _ticket(request)
    if ticket is None:
        return _refused(_("Open the lesson again to count study time."), 403)
    claimed = _number(request.POST.get("active", "0"), integer=True)
    if claimed is None or not 0 <= claimed <= 3600:
        return _refused(_("The study time sent is not valid."), 400)
    outcome = record_beat(
        user=request.user,
        ticket=ticket,
        session=session,
        claimed=claimed,
        end=request.POST.get("end") == "1",
        language=get_language(),
    )
    return JsonResponse(
        {
            "counting": outcome.counting,
            "credited": outcome.credited,
            "seconds": outcome.seconds,
            "left": missing_seconds(ticket.estimated_minutes, outcome.seconds),
        }
    )


@csrf_exempt
@require_POST
def video(request):
    ticket, session = _ticket(request)
    if ticket is None:
        return _refused(_("Open the lesson again to record the video."), 403)
    data = request.POST
    position = _number(data.get("position", "0"))
    to = _number(data["to"]) if "to" in data else None
    length = _number(data["length"]) if "length" in data else None
    if position is None or ("to" in data and to is None):
        return _refused(_("The video position is not valid."), 400)
    try:
        viewing = record_video_event(
            user=request.user,
            ticket=ticket,
            session=session,
            block=data.get("block", ""),
            event=data.get("event", ""),
            position=position,
            to=to,
            length=length,
            language=get_language(),
        )
    except VideoRefused as refusal:
        return _refused(str(refusal), 409, furthest=refusal.furthest)
    return JsonResponse(
        {
            "furthest": tk.furthest(viewing.segments),
            "progress": tk.progress(viewing.segments, viewing.length),
            "completed": viewing.completed_at is not None,
        }
    )
