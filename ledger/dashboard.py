"""The ledger's section of the learner's dashboard (``courses.extensions``)."""

from django.template.loader import render_to_string

from .models import ExternalClaim


def dashboard_section(request) -> str:
    pending = ExternalClaim.objects.filter(user=request.user).pending().count()
    return render_to_string(
        "ledger/dashboard_section.html", {"pending": pending}, request=request
    )
