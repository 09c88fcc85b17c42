from datetime import date

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Certificate

STATES = [
    ("", _("All")),
    ("valid", _("Valid")),
    ("expired", _("Expired")),
    ("revoked", _("Revoked")),
    ("superseded", _("Superseded")),
]


def _department_choices(departments: dict[int, str], empty):
    return [("", empty)] + sorted(departments.items(), key=lambda item: item[1])


class CertificateFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Serial, employee ID or name."),
    )
    department = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None
    )
    state = forms.ChoiceField(label=_("Status"), required=False, choices=STATES)

    def __init__(self, *args, departments: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = _department_choices(
            departments, _("All departments")
        )


def filter_certificates(rows, data, departments):
    if data["q"]:
        q = data["q"].strip()
        rows = rows.filter(
            Q(serial=q)
            | Q(snapshot__employee_id=q)
            | Q(snapshot__holder_name__icontains=q)
        )
    if data["department"]:
        chosen = next(d for d in departments if d.pk == data["department"])
        rows = rows.filter(department__tree_path__startswith=chosen.tree_path)
    today = timezone.localdate()
    state = data["state"]
    if state == "valid":
        rows = rows.filter(pk__in=Certificate.objects.valid(today).values("pk"))
    elif state == "expired":
        rows = rows.current().filter(expires_on__lte=today)
    elif state in (Certificate.Status.REVOKED, Certificate.Status.SUPERSEDED):
        rows = rows.filter(status=state)
    return rows


class RevocationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CorrectionForm(forms.Form):
    name = forms.CharField(label=_("Holder's name as it should read"), max_length=100)


class ArchiveForm(forms.Form):
    department = forms.TypedChoiceField(label=_("Department"), coerce=int)
    issued_from = forms.DateField(
        label=_("Issued from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    issued_to = forms.DateField(
        label=_("Issued until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, departments: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = sorted(
            departments.items(), key=lambda item: item[1]
        )
        today = timezone.localdate()
        self.fields["issued_from"].initial = date(today.year, 1, 1)
        self.fields["issued_to"].initial = today
