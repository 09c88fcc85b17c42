"""API tokens in the Wagtail admin: made by the token service, shown once."""

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic

from people.models import Department

from .models import ReportToken
from .tokens import issue_token, revoke_token


class TokenForm(WagtailAdminModelForm):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all()
    )
    revoke = forms.BooleanField(
        label=_("Revoke this token"),
        required=False,
        help_text=_("A revoked token is refused for good."),
    )

    class Meta:
        model = ReportToken
        fields = ["name", "department", "full_identity", "purpose", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["revoke"]
        else:
            # A token's reach is fixed when it is made: make a new one instead.
            for name in ("department", "full_identity", "purpose"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("full_identity") and not (data.get("purpose") or "").strip():
            self.add_error(
                "purpose", _("Say why the names and IDs are needed in full.")
            )
        return data


class TokenCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        token = self.form.save(commit=False)
        issued = issue_token(
            name=data["name"],
            department=data["department"],
            created_by=self.request.user,
            full_identity=data["full_identity"],
            purpose=data["purpose"],
            request=self.request,
            token=token,
        )
        messages.warning(
            self.request,
            _("Token: %(token)s. Copy it now: it is not shown again.")
            % {"token": issued.secret},
        )
        return issued.token


class TokenEditView(generic.EditView):
    def save_instance(self):
        token = self.form.save()
        if self.form.cleaned_data.get("revoke"):
            revoke_token(token=token, by=self.request.user, request=self.request)
        return token
