"""Which page a create form made, so that its second post edits that page."""

from django.conf import settings
from django.db import models


class PageCreation(models.Model):
    """The page one create form's token made (``courses.creation``).

    In the database rather than a cache: the autosave and the "Save draft"
    may reach different processes.
    """

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return str(self.token)
