from django import forms

from .models import ReminderPreferences


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = ReminderPreferences
        fields = ["language", "due_soon", "certificate_expiring", "claim_decided"]
