from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .activation import MAX_DAYS


class IssueCodesForm(forms.Form):
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=14
    )


class ActivateForm(forms.Form):
    """An employee ID, the code from the paper, and a new password twice."""

    employee_id = forms.CharField(label=_("Employee ID"), max_length=64)
    code = forms.CharField(
        label=_("Activation code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return data
