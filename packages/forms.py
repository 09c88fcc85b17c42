from wagtail.admin.forms import WagtailAdminModelForm


class PackageForm(WagtailAdminModelForm):
    """The package form of the admin; records who uploaded each new file."""

    def save(self, commit=True):
        if "file" in self.changed_data and self.for_user is not None:
            self.instance.uploaded_by = self.for_user
        return super().save(commit=commit)
