from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

WAGTAIL_EDITORS = gettext_noop("Editors")
WAGTAIL_MODERATORS = gettext_noop("Moderators")


def _sync_roles(sender, **kwargs):
    # post_migrate is sent once per app; permissions are complete only after
    # the last app with models has had its own permissions created.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from django.contrib.auth.models import Group, Permission

    from .roles import sync_roles

    sync_roles(Group, Permission)


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Organisation and staff")

    def ready(self):
        post_migrate.connect(_sync_roles, dispatch_uid="people.sync_roles")
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from . import audit_events
        from .backends import forget_staff_user, forget_user
        from .models import StaffMember

        audit_events.connect()
        # The roles' groups, and the two Wagtail's first migration makes, are
        # named by message: the admin shows them translated.
        from django.contrib.auth.models import Group

        from common.stored_names import translate_names

        from .roles import LABELS

        translate_names(Group, [*LABELS, WAGTAIL_EDITORS, WAGTAIL_MODERATORS])

        for signal in (post_save, post_delete):
            signal.connect(
                forget_user, sender=get_user_model(), dispatch_uid=f"people.{signal}"
            )
            signal.connect(
                forget_staff_user,
                sender=StaffMember,
                dispatch_uid=f"people.staff.{signal}",
            )
