"""Closing and reopening training years (administrators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .exceptions import YearClosed, YearNotClosed
from .learner_views import FIRST_YEAR
from .models import YearClose
from .services import close_year, reopen_year


def _year(raw) -> int | None:
    raw = (raw or "").strip()
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= timezone.localdate().year:
        return int(raw)
    return None


@login_required
@permission_required("ledger.add_yearclose", raise_exception=True)
@require_http_methods(["GET", "POST"])
def years(request):
    if request.method == "POST":
        year = _year(request.POST.get("year"))
        if year is None:
            messages.error(request, _("Choose a year that has begun."))
            return render(request, "ledger/years.html", _context(), status=400)
        try:
            if request.POST.get("action") == "reopen":
                reopen_year(year=year, actor=request.user, request=request)
            else:
                close_year(year=year, actor=request.user, request=request)
        except (YearClosed, YearNotClosed):
            messages.error(request, _("That year is already in that state."))
        return redirect("ledger:years")
    return render(request, "ledger/years.html", _context())


def _context() -> dict:
    return {
        "closes": YearClose.objects.select_related("closed_by"),
        "this_year": timezone.localdate().year,
    }
