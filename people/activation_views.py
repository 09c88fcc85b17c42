"""HR issues first-sign-in codes on paper; staff redeem one to set a password."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from audit.addresses import client_address
from common.ratelimit import hit

from .activation import issue_codes, normalise, redeem_code, staff_awaiting_codes
from .activation_forms import ActivateForm, IssueCodesForm
from .models import Department

# Attempts per minute, per client address and per employee ID, to redeem a
# code; the ACTIVATION_RATE_PER_MINUTE setting overrides it.
RATE_PER_MINUTE = 10


@login_required
@permission_required("people.import_roster", raise_exception=True)
@require_http_methods(["GET", "POST"])
@never_cache
def activation_codes(request):
    """Issue codes to the staff in scope who have no password; show them once."""
    form = IssueCodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = issue_codes(issued_by=request.user, days=form.cleaned_data["days"])
        labels = Department.objects.name_paths(
            {item.staff.department for item in issued}
        )
        rows = [(item, labels.get(item.staff.department_id, "")) for item in issued]
        return render(request, "people/activation_codes_issued.html", {"rows": rows})
    waiting = staff_awaiting_codes(request.user).count()
    return render(
        request, "people/activation_codes.html", {"form": form, "waiting": waiting}
    )


def _limited(request, employee_id: str) -> bool:
    limit = getattr(settings, "ACTIVATION_RATE_PER_MINUTE", RATE_PER_MINUTE)
    by_address = hit(f"activate:{client_address(request)}", limit=limit)
    by_person = hit(f"activate-id:{normalise(employee_id)}", limit=limit)
    return not (by_address and by_person)


@sensitive_post_parameters("code", "new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
@never_cache
def activate(request):
    """Set a first password with the employee ID and the code HR handed out."""
    form = ActivateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _limited(request, request.POST.get("employee_id", "")):
            form.errors.clear()
            form.add_error(None, _("Too many attempts. Wait a minute and try again."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            user = redeem_code(
                employee_id=data["employee_id"],
                code=data["code"],
                password=data["new_password1"],
                request=request,
            )
            if user is not None:
                messages.success(
                    request,
                    _("Your password is set. Log in with your employee ID %s.")
                    % user.username,
                )
                return redirect("login")
            form.add_error(
                None,
                _(
                    "This employee ID and code do not match a valid code. Check "
                    "both, or ask your HR office for a new code."
                ),
            )
    return render(request, "people/activate.html", {"form": form}, status=status)
