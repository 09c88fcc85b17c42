"""Administrators and HR officers reach nothing before passing the second factor."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .otp import has_confirmed_totp, needs_second_factor
from .sessions import SECOND_FACTOR

# Besides the sign-in and second-factor pages themselves.
_ALWAYS_OPEN = ("/static/", "/i18n/setlang/", "/healthz", "/favicon.ico")


class SecondFactorMiddleware:
    """Send a signed-in user who needs a second factor, without one, to pass it.

    Applies to every URL (the site's HR pages, the Wagtail admin, the APIs
    that accept a session) except signing in and out, the second-factor pages
    and static files. Does nothing when ``OTP_REQUIRED`` is off.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def __call__(self, request):
        if settings.OTP_REQUIRED and self._held(request):
            return self._send_to_second_factor(request)
        return self.get_response(request)

    def _open_paths(self) -> tuple[str, ...]:
        if self._open is None:
            names = ["login", "logout", "otp_verify", "otp_setup"]
            pages = tuple(reverse(name) for name in names)
            self._open = (*pages, "/admin/login/", "/admin/logout/", *_ALWAYS_OPEN)
        return self._open

    def _held(self, request) -> bool:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        if request.path_info.startswith(self._open_paths()):
            return False
        needed = request.session.get(SECOND_FACTOR)
        if needed is None:
            needed = request.session[SECOND_FACTOR] = needs_second_factor(user)
        return needed

    def _send_to_second_factor(self, request):
        page = "otp_verify" if has_confirmed_totp(request.user) else "otp_setup"
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(page)}?{query}")
