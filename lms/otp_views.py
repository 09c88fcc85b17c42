"""Pages of the second factor: set up an authenticator, enter a code, recovery codes."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from audit.actions import Action
from audit.services import record_event
from common.totp import secret_text

from . import otp


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True}
        ),
    )


def _redirect_keeping_next(request, page: str):
    return redirect(f"{reverse(page)}?{urlencode({'next': _next_url(request)})}")


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else settings.LOGIN_REDIRECT_URL


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Show a new authenticator's QR code and key; confirm it with its first code."""
    if otp.has_confirmed_totp(request.user):
        return _redirect_keeping_next(request, "otp_verify")
    device = otp.pending_totp(user=request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if otp.confirm_totp(device=device, token=form.cleaned_data["code"]):
            otp_login(request, device)
            record_event(
                action=Action.OTP_ENROLLED, actor=request.user, request=request
            )
            return _show_new_recovery_codes(request)
        form.add_error(
            "code",
            _(
                "That code is not right. Check the time on your phone and try the newest code."
            ),
        )
    context = {
        "form": form,
        "qr_code": otp.qr_code_svg(device),
        "secret": secret_text(device),
        "next": _next_url(request),
    }
    return render(request, "otp/setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Ask for a code from the authenticator, or one of the recovery codes."""
    if not otp.has_confirmed_totp(request.user):
        return _redirect_keeping_next(request, "otp_setup")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = otp.verify_second_factor(
            user=request.user, token=form.cleaned_data["code"]
        )
        if device is not None:
            return _verified(request, device)
        record_event(action=Action.OTP_FAILED, actor=request.user, request=request)
        form.add_error("code", _("That code is not right, or was used already."))
    return render(
        request, "otp/verify.html", {"form": form, "next": _next_url(request)}
    )


def _verified(request, device):
    otp_login(request, device)
    if otp.is_recovery_device(device):
        left = otp.recovery_codes_left(request.user)
        record_event(
            action=Action.RECOVERY_CODE_USED,
            actor=request.user,
            request=request,
            details={"codes_left": left},
        )
        messages.warning(
            request,
            _(
                "You signed in with a recovery code; %(left)d are left. Set up new ones if you lost your phone."
            )
            % {"left": left},
        )
    return redirect(_next_url(request))


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """Issue a new set of recovery codes (the old ones stop working)."""
    if not (otp.has_confirmed_totp(request.user) and request.user.is_verified()):
        return _redirect_keeping_next(request, "otp_verify")
    if request.method == "POST":
        return _show_new_recovery_codes(request)
    left = otp.recovery_codes_left(request.user)
    return render(request, "otp/recovery_codes_left.html", {"left": left})


def _show_new_recovery_codes(request):
    codes = otp.issue_recovery_codes(user=request.user)
    record_event(
        action=Action.RECOVERY_CODES_ISSUED, actor=request.user, request=request
    )
    context = {"codes": codes, "next": _next_url(request)}
    return render(request, "otp/recovery_codes.html", context)
