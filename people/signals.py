"""Signals other apps listen to; people itself depends on none of them."""

from django.dispatch import Signal

# Sent inside the import's transaction with ``staff_ids``: every staff member
# the roster import created or updated (bulk writes send no post_save).
staff_imported = Signal()
