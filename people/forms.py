from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_(
            "CSV (UTF-8 or GB18030, as Excel saves it) or XLSX, with the columns "
            "Employee ID, Name, Department, Position and Grade, and optionally "
            "Email and Active, named in English or in Chinese. A title above "
            "the column names is skipped."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    deactivate_missing = forms.BooleanField(
        label=_("Deactivate staff in my departments who are not in this file"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.ROSTER_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.")
                % {"size": settings.ROSTER_MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    department = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("active", _("Active")), ("inactive", _("Inactive"))],
    )

    def __init__(self, *args, departments: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments"))] + sorted(
            departments.items(), key=lambda item: item[1]
        )


class StaffPasswordResetForm(PasswordResetForm):
    """Send reset links to staff whose accounts have no password yet.

    Django skips accounts without a usable password; an account created by the
    roster import starts that way, and the reset link is how its owner sets a
    first password.
    """

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(
            email__iexact=email, is_active=True
        )
        return (user for user in users if user.email.lower() == email.lower())
