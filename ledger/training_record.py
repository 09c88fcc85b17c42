"""The annual training record (培训档案): one person's year, printed and signed.

It is the ledger page on paper, for the annual evaluation: the same entries
with the same rule texts, the same totals against the same targets, and for
a closed year the figures frozen at the close rather than today's. The PDF
goes through the certificates' renderer (fonts, 生僻字) and is signed with
the organisation's key like a certificate, so a copy handed on can be
checked.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from certificates.rendering import render_document, sign_pdf
from people.models import Department, StaffMember

from .models import StudyHourEntry, YearClose
from .selectors import Summary, year_summary

TEMPLATE = "ledger/pdf/training_record.html"
STYLESHEET = Path(__file__).resolve().parent / "templates/ledger/pdf/record.css"
TARGETS = ("total", "required", "online", "five_year")


@dataclass(frozen=True)
class TargetRow:
    """One target of the year: what was credited, what is owed, what still lacks."""

    key: str
    credited: object
    owed: object
    lacking: object


def target_rows(summary: Summary) -> list[TargetRow]:
    """Return the year's targets as the ledger page shows them; frozen if closed.

    The total always shows; the required, online and five-year rows only
    where the year's target sets them.
    """
    if summary.frozen:
        figures = summary.frozen
        credited = {**figures["totals"], "five_year": figures["five_year_total"]}
        owed, lacking = figures["target"], figures["lacking"]
    else:
        totals, target = summary.totals, summary.target
        credited = {
            "total": totals.total,
            "required": totals.required,
            "online": totals.online,
            "five_year": summary.five_year_total,
        }
        owed = {key: getattr(target, key) for key in TARGETS}
        lacking = summary.lacking
    return [
        TargetRow(key, credited[key], owed[key], lacking.get(key))
        for key in TARGETS
        if key == "total" or owed[key] is not None
    ]


def _notes(summary: Summary) -> dict:
    if summary.frozen:
        totals = summary.frozen["totals"]
        return {
            "carried_in": totals.get("carried_in", "0"),
            "elective_capped": totals.get("elective_capped", "0"),
        }
    return {
        "carried_in": summary.totals.carried_in,
        "elective_capped": summary.totals.elective_capped,
    }


def _nonzero(value) -> bool:
    return bool(value) and str(value).strip("0.") != ""


def organisation_name() -> str:
    """Return the organisation the record is issued by (as on certificates)."""
    return settings.CERTIFICATE_ISSUER_NAME or str(settings.WAGTAIL_SITE_NAME)


def record_context(staff: StaffMember, year: int, language: str) -> dict:
    """Return the template's context for ``staff``'s ``year`` (a fixed number of queries)."""
    summary = year_summary(staff.user, year)
    reversed_later = set(
        StudyHourEntry.objects.filter(reverses__in=summary.entries).values_list(
            "reverses_id", flat=True
        )
    )
    close = YearClose.objects.filter(year=year).first() if summary.closed else None
    notes = _notes(summary)
    grade = staff.grade
    return {
        "lang": "zh-Hans" if language.startswith("zh") else language,
        "organisation": organisation_name(),
        "staff": staff,
        "department": Department.objects.name_paths([staff.department])[
            staff.department_id
        ],
        "grade": (grade.name_en or grade.name) if language == "en" else grade.name,
        "year": year,
        "summary": summary,
        "entries": [(entry, entry.pk in reversed_later) for entry in summary.entries],
        "targets": target_rows(summary),
        "carried_in": notes["carried_in"] if _nonzero(notes["carried_in"]) else None,
        "elective_capped": notes["elective_capped"]
        if _nonzero(notes["elective_capped"])
        else None,
        "close": close,
        "generated_on": timezone.localdate(),
    }


def training_record_pdf(*, staff: StaffMember, year: int, language: str) -> bytes:
    """Return ``staff``'s annual training record for ``year`` as a signed PDF.

    Worded in ``language`` (zh-hans or en), dates in its locale formats. The
    caller checks who may read it; rendering takes about a second once the
    process has its fonts. Raises ``SigningKeyMissing`` without a signing key.
    """
    with translation.override(language):
        context = record_context(staff, year, language)
        html = render_to_string(TEMPLATE, context)
    return sign_pdf(render_document(html, stylesheet=STYLESHEET, text=staff.name))
