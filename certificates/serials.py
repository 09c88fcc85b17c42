"""Serials that are unique and gap-free per year (``2026-000123``).

The next number is taken by locking the year's counter row inside the issuing
transaction: two certificates issued at once queue on the lock, and a
transaction that rolls back gives its number back with it, so no number is
ever skipped. A year's first certificate creates the row; two first
certificates racing for it are told apart by the primary key and retried.
"""

from django.db import IntegrityError, transaction

from . import codes
from .models import SerialCounter, StatusListCounter


def next_serial(year: int) -> tuple[int, str]:
    """Return (number, serial) for the next certificate of ``year``; call inside a transaction."""
    counter = _locked(SerialCounter, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number, f"{year}-{counter.last_number:06d}"


def new_identity(year: int) -> dict:
    """The fields that make a new certificate itself: serial, code, status index.

    For a first issue and a correction's replacement alike; call inside the
    issuing transaction.
    """
    number, serial = next_serial(year)
    code = codes.new_code()
    return {
        "serial": serial,
        "year": year,
        "number": number,
        "code_digest": codes.digest(code),
        "code_sealed": codes.seal(code),
        "status_index": next_status_index(),
    }


def next_status_index() -> int:
    """Return the next free position in the site's revocation status list."""
    counter = _locked(StatusListCounter, name="revocation")
    counter.last_index += 1
    counter.save(update_fields=["last_index"])
    return counter.last_index


def _locked(model, **key):
    try:
        with transaction.atomic():
            model.objects.get_or_create(**key)
    except IntegrityError:
        pass  # created meanwhile by a concurrent transaction: lock that row
    return model.objects.select_for_update().get(**key)
