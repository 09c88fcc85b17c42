"""The learner's pages: this year's ledger, and claims for external training."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from .forms import ClaimForm
from .models import ExternalClaim
from .selectors import year_summary
from .services import submit_claim

FIRST_YEAR = 2000


def chosen_year(request) -> int:
    """Return the year asked for (``?year=``), or this year; 404 for nonsense."""
    raw = request.GET.get("year")
    this_year = timezone.localdate().year
    if raw is None:
        return this_year
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= this_year + 1:
        raise Http404
    return int(raw)


@login_required
@require_GET
def my_ledger(request):
    year = chosen_year(request)
    return render(
        request,
        "ledger/my_ledger.html",
        {
            "summary": year_summary(request.user, year),
            "claims": ExternalClaim.objects.filter(user=request.user)[:50],
            "year": year,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_claim(request):
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            submit_claim(user=request.user, **form.cleaned_data)
            return redirect("ledger:mine")
        return render(request, "ledger/claim_form.html", {"form": form}, status=400)
    return render(request, "ledger/claim_form.html", {"form": form})


@login_required
@require_GET
def claim_evidence(request, pk: int):
    """Serve a claim's evidence to its learner or to HR in scope; 404 for anyone else."""
    claims = ExternalClaim.objects.filter(user=request.user)
    if request.user.has_perm("ledger.view_externalclaim"):
        claims = ExternalClaim.objects.visible_to(request.user)
    claim = get_object_or_404(claims, pk=pk)
    try:
        handle = claim.evidence.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    return FileResponse(
        handle, as_attachment=True, filename=claim.evidence.name.rsplit("/", 1)[-1]
    )
