"""The platform in the Wagtail admin: scope rules (see admin_scope), second-factor reset.

Scope rules apply to every model with ``visible_to``.

The policies are registered when this module is imported: Wagtail looks up
(and otherwise creates) a model's policy when its viewset is registered,
which comes after every app's ``wagtail_hooks`` has been imported.
"""

from django.urls import path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import otp_admin
from .admin_scope import ScopedLogEntry, ScopedPermissionPolicy, scoped_models

for _model in scoped_models():
    register_permission_policy(_model, ScopedPermissionPolicy(_model), exact_class=True)


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
