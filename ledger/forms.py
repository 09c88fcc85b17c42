"""The ledger's forms: a learner's claim, HR's decision, classes and attendance."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from people.models import Department

from .exceptions import InvalidEvidence
from .models import ExternalClaim, OfflineClass
from .services import check_evidence


class ClaimForm(forms.ModelForm):
    class Meta:
        model = ExternalClaim
        fields = ["title", "organiser", "finished_on", "hours", "evidence"]
        widgets = {
            "finished_on": forms.DateInput(attrs={"type": "date"}),
            "evidence": forms.ClearableFileInput(
                attrs={"accept": "application/pdf,image/png,image/jpeg"}
            ),
        }

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        try:
            check_evidence(evidence)
        except InvalidEvidence as error:
            raise ValidationError(
                _("Evidence must be a PDF, PNG or JPEG file of at most 5 MB.")
            ) from error
        return evidence


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Reject"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)

    def clean(self):
        data = super().clean()
        if data.get("approve") is False and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the claim is rejected."))
        return data


class OfflineClassForm(forms.ModelForm):
    class Meta:
        model = OfflineClass
        fields = [
            "title",
            "organiser",
            "department",
            "starts_on",
            "ends_on",
            "hours",
            "days",
            "bucket",
            "source",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        if (data.get("hours") is None) == (data.get("days") is None):
            raise ValidationError(_("Give the class's length in hours or in days."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day comes before the first."))
        return data


class AttendanceForm(forms.Form):
    employee_id = forms.CharField(label=_("Employee ID"), max_length=32)
    missed = forms.DecimalField(
        label=_("Missed (hours or days, as the class)"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        initial=0,
    )


class AttendanceFileForm(forms.Form):
    file = forms.FileField(label=_("Attendance file (CSV or XLSX)"))


class AttendanceListForm(forms.Form):
    rows = forms.CharField(
        label=_("Attendance list"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=100_000,
        help_text=_(
            "One staff member a line: employee ID, then what they missed "
            "(e.g. D1001,0.5); an ID alone means attended in full."
        ),
    )
