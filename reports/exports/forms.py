from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ExportFormat
from .services import ExportChoice

MASKED, FULL = "masked", "full"


class ExportForm(forms.Form):
    """The format, and whether names and IDs are masked (the default) or in full.

    The full form needs a stated purpose, which the audit log keeps.
    """

    format = forms.ChoiceField(
        label=_("Format"), choices=ExportFormat.choices, initial=ExportFormat.XLSX
    )
    identity = forms.ChoiceField(
        label=_("Names and employee IDs"),
        choices=[
            (MASKED, _("Partly hidden (recommended)")),
            (FULL, _("In full, for a stated purpose")),
        ],
        initial=MASKED,
        widget=forms.RadioSelect,
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        max_length=300,
        help_text=_(
            "Why this export needs full names and IDs, e.g. the annual evaluation "
            "of 2026. Kept in the audit log."
        ),
    )

    def clean(self):
        data = super().clean()
        data["purpose"] = (data.get("purpose") or "").strip()
        if data.get("identity") == FULL and not data["purpose"]:
            self.add_error(
                "purpose", _("Say why the names and IDs are needed in full.")
            )
        return data

    def choice(self) -> ExportChoice:
        data = self.cleaned_data
        full = data["identity"] == FULL
        return ExportChoice(
            format=data["format"],
            full_identity=full,
            purpose=data["purpose"] if full else "",
        )
