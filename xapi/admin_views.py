"""LRS clients in the Wagtail admin: the secret is shown once, at creation."""

import secrets

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic

from .auth import hash_secret
from .models import Client, Scope


class ClientForm(WagtailAdminModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "What the client may do, as in the xAPI specification's scope list."
        ),
    )

    class Meta:
        model = Client
        fields = ["name", "scopes", "is_active", "expires_at"]


class ClientCreateView(generic.CreateView):
    def save_instance(self):
        client = self.form.save(commit=False)
        secret = secrets.token_urlsafe(32)
        client.key = secrets.token_hex(16)
        client.secret_hash = hash_secret(secret)
        client.save()
        messages.warning(
            self.request,
            _(
                "Key: %(key)s — secret: %(secret)s. Copy the secret now: it is not shown again."
            )
            % {"key": client.key, "secret": secret},
        )
        return client
