"""Scope rules in the Wagtail admin for every model with ``visible_to`` (see admin_scope).

The policies are registered when this module is imported: Wagtail looks up
(and otherwise creates) a model's policy when its viewset is registered,
which comes after every app's ``wagtail_hooks`` has been imported.
"""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_scope import ScopedLogEntry, ScopedPermissionPolicy, scoped_models

for _model in scoped_models():
    register_permission_policy(_model, ScopedPermissionPolicy(_model), exact_class=True)


@hooks.register("register_log_actions")
def keep_scoped_history_apart(actions):
    for model in scoped_models():
        actions.register_model(model, ScopedLogEntry)
