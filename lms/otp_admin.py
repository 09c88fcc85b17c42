"""The administrators' side of the second factor: resetting a lost authenticator."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django.views.defaults import permission_denied
from django_otp import devices_for_user
from wagtail.admin.widgets import ListingButton

from audit.addresses import client_address

from . import otp


@require_http_methods(["GET", "POST"])
def reset_second_factor(request, pk: int):
    """Ask to confirm, then (POST) remove the user's authenticators and recovery codes."""
    user = get_object_or_404(get_user_model(), pk=pk)
    if not otp.may_reset_second_factor(actor=request.user, user=user):
        # A plain 403, where Wagtail would turn PermissionDenied into a redirect.
        return permission_denied(request, PermissionDenied())
    if request.method == "POST":
        removed = otp.reset_second_factor(
            user=user, by=request.user, address=client_address(request)
        )
        messages.success(
            request,
            _(
                "Two-step verification of %(user)s was reset (%(count)d devices "
                "removed). They set up a new authenticator at their next sign-in."
            )
            % {"user": user.get_username(), "count": removed},
        )
        return redirect("wagtailusers_users:edit", user.pk)
    devices = list(devices_for_user(user, confirmed=None))
    return TemplateResponse(
        request,
        "otp/admin_reset.html",
        {"account": user, "devices": devices},
    )


def reset_button(user, request_user):
    """The user listing's "Reset two-step verification", for those who may."""
    if otp.may_reset_second_factor(actor=request_user, user=user):
        yield ListingButton(
            gettext_lazy("Reset two-step verification"),
            reverse("otp_admin_reset", args=[user.pk]),
            priority=50,
        )
