"""The platform in the Wagtail admin: scoped history (see admin_scope), second-factor reset.

The scoped permission policies are registered in ``LmsConfig.ready``.
"""

from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks

from . import otp_admin
from .admin_scope import ScopedLogEntry, scoped_models


@hooks.register("register_log_actions")
def keep_scoped_history_apart(actions):
    for model in scoped_models():
        actions.register_model(model, ScopedLogEntry)


@hooks.register("register_admin_urls")
def register_second_factor_reset():
    return [
        path(
            "users/<int:pk>/two-step/reset/",
            otp_admin.reset_second_factor,
            name="otp_admin_reset",
        )
    ]


hooks.register("register_user_listing_buttons", otp_admin.reset_button)


@hooks.register("insert_global_admin_js")
def accessibility_fixes():
    """Fixes to Wagtail's own admin markup that axe-core finds (see the script)."""
    return format_html('<script src="{}" defer></script>', static("lms/admin-a11y.js"))
