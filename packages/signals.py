"""Keep storage in step with the packages table."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from .models import Package, delete_package_files
from .unpacking import package_folder


@receiver(post_delete, sender=Package, dispatch_uid="packages.delete_package_files")
def remove_package_files(sender, instance, **kwargs):
    folder, zip_name = package_folder(instance.uuid), instance.file.name
    # After commit: a rolled-back delete must leave the files in place.
    transaction.on_commit(lambda: delete_package_files(folder, zip_name))


# Sent, inside the transaction, when an AU of a cmi5 course is satisfied in a
# session the learner launched: by the AU's own statements meeting its moveOn,
# or by opening an AU whose moveOn is NotApplicable. Arguments: ``session``
# (a ``Cmi5Session``). A waiver is not sent: an administrator's waiver is not
# the learner's work, and what listens (``courses``) counts only that.
cmi5_au_satisfied = Signal()
