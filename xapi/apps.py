from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class XapiConfig(AppConfig):
    name = "xapi"

    def ready(self):
        from . import audit_events
        from .auth import forget_client
        from .models import Client

        audit_events.connect()
        # A changed or deleted credential is read again, never from the cache.
        post_save.connect(
            forget_client, sender=Client, dispatch_uid="xapi.client.cache"
        )
        post_delete.connect(
            forget_client, sender=Client, dispatch_uid="xapi.client.uncache"
        )
