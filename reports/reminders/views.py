"""The notification list, marking read, preferences, and HR's "remind the overdue"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reports.filters import FilterError, ReportFilters
from reports.scope import Scope

from . import services
from .forms import PreferencesForm
from .kinds import OPTIONAL, Kind
from .models import Notification

PER_PAGE = 30


@login_required
@require_GET
def notifications(request):
    """The signed-in person's notifications, newest first."""
    rows = Notification.objects.for_recipient(request.user)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/reminders/list.html",
        {"page": page, "unread": rows.unread().exists()},
    )


@login_required
@require_POST
def mark_read(request):
    """Mark one notification (``notification``) or all (``all``) read."""
    chosen = request.POST.get("notification", "")
    if request.POST.get("all"):
        services.mark_read(user=request.user)
    elif chosen.isdigit() and int(chosen) < 2**63:
        if not services.mark_read(user=request.user, notification_id=int(chosen)):
            messages.error(request, _("No such unread notification."))
    else:
        return render(
            request,
            "reports/reminders/error.html",
            {"error": _("Choose a notification to mark as read.")},
            status=400,
        )
    return redirect("reminders:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The person's language for reminders and the optional kinds they want."""
    chosen = services.preferences_for(request.user)
    form = PreferencesForm(request.POST or None, instance=chosen)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your reminder preferences are saved."))
        return redirect("reminders:preferences")
    required = [label for kind, label in Kind.choices if kind not in OPTIONAL]
    return render(
        request,
        "reports/reminders/preferences.html",
        {"form": form, "required": required},
        status=400 if form.errors else 200,
    )


@login_required
@permission_required("reports.send_reminders", raise_exception=True)
@require_POST
def remind_overdue(request):
    """Remind every overdue person the report's filters select, in scope only."""
    scope = Scope.for_user(request.user)
    try:
        filters = ReportFilters.from_query(request.POST, scope)
    except FilterError as error:
        return render(
            request,
            "reports/reminders/error.html",
            {"error": error.message},
            status=400,
        )
    result = services.remind_overdue(
        officer=request.user, scope=scope, filters=filters, request=request
    )
    messages.success(request, _summary(result))
    return redirect(_back(request))


def _summary(result) -> str:
    if not result.people:
        return _("Nobody in these filters is overdue.")
    sent = ngettext(
        "Reminder sent to %(count)d overdue person.",
        "Reminders sent to %(count)d overdue people.",
        result.sent,
    ) % {"count": result.sent}
    if result.already:
        sent += " " + ngettext(
            "%(count)d had already been reminded today.",
            "%(count)d had already been reminded today.",
            result.already,
        ) % {"count": result.already}
    return sent


def _back(request) -> str:
    for candidate in (request.POST.get("next"), request.headers.get("referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=False
        ):
            return candidate
    return "reminders:list"
