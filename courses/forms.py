from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import (
    Department,
    Grade,
    Position,
    StaffMember,
    sees_whole_organisation,
)

from .models import CourseKind, CoursePage, Programme
from .selectors import HOUR_RANGES, CatalogueFilters


class CatalogueFilterForm(forms.Form):
    """The catalogue's search and filters, read from the query string.

    A value that is not one of a filter's choices (an edited or stale link)
    drops that filter alone, so the page still lists courses.
    """

    q = forms.CharField(required=False, max_length=100, strip=True)
    topic = forms.CharField(required=False, max_length=100)
    kind = forms.ChoiceField(required=False, choices=CourseKind.choices)
    hours = forms.ChoiceField(
        required=False, choices=[(name, name) for name in HOUR_RANGES]
    )
    language = forms.ChoiceField(required=False, choices=())

    def __init__(self, data=None, **kwargs):
        from django.conf import settings

        data = data.copy() if data is not None else {}
        if "q" in data:
            # NUL cannot reach PostgreSQL in a string; it is never a search term.
            data["q"] = data.get("q", "").replace("\x00", "")[:100]
        super().__init__(data, **kwargs)
        self.fields["language"].choices = settings.WAGTAIL_CONTENT_LANGUAGES

    def filters(self) -> CatalogueFilters:
        """Return the valid filters (invalid ones left out)."""
        self.is_valid()
        # Django leaves a field that failed validation out of cleaned_data.
        valid = self.cleaned_data
        return CatalogueFilters(
            query=valid.get("q") or "",
            topic=valid.get("topic") or "",
            kind=valid.get("kind") or "",
            hours=valid.get("hours") or "",
            language=valid.get("language") or "",
        )


class AssignmentForm(forms.Form):
    """Assign a course or a programme, as required training, to a target within scope."""

    course = forms.ModelChoiceField(
        label=_("Course"), queryset=CoursePage.objects.none(), required=False
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.all(), required=False
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    include_subdepartments = forms.BooleanField(
        label=_("Include sub-departments"), required=False, initial=True
    )
    position = forms.ModelChoiceField(
        label=_("Position"), queryset=Position.objects.all(), required=False
    )
    grade = forms.ModelChoiceField(
        label=_("Grade"), queryset=Grade.objects.all(), required=False
    )
    employee_id = forms.CharField(
        label=_("Employee ID"),
        required=False,
        max_length=32,
        help_text=_("To assign one person."),
    )
    due_date = forms.DateField(
        label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["course"].queryset = (
            CoursePage.objects.live().filter(locale__language_code="zh-hans")
            | CoursePage.objects.live().exclude(
                translation_key__in=CoursePage.objects.filter(
                    locale__language_code="zh-hans"
                ).values("translation_key")
            )
        ).order_by("path")
        departments = Department.objects.visible_to(user)
        self.fields["department"].queryset = departments.order_by("tree_path")
        self.fields["department"].label_from_instance = self._department_label(
            departments
        )

    @staticmethod
    def _department_label(departments):
        paths = Department.objects.name_paths(list(departments))
        return lambda department: paths.get(department.pk, department.name)

    def clean_employee_id(self):
        employee_id = self.cleaned_data["employee_id"].strip()
        if not employee_id:
            return None
        staff = (
            StaffMember.objects.visible_to(self.user)
            .filter(employee_id=employee_id)
            .first()
        )
        if staff is None:
            raise forms.ValidationError(
                _("No staff member with this employee ID in your departments.")
            )
        return staff

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due

    def clean(self):
        data = super().clean()
        if bool(data.get("course")) == bool(data.get("programme")):
            raise forms.ValidationError(_("Choose either a course or a programme."))
        targets = [data.get(name) for name in ("department", "position", "grade")]
        if not any(targets) and not data.get("employee_id"):
            raise forms.ValidationError(
                _("Choose whom to assign: a department, position, grade or person.")
            )
        scoped = data.get("department") or data.get("employee_id")
        if not scoped and not sees_whole_organisation(self.user):
            raise forms.ValidationError(
                _(
                    "Choose one of your departments or a person: a position or "
                    "grade alone would reach staff outside your departments."
                )
            )
        return data

    def rule(self) -> dict:
        data = self.cleaned_data
        return {
            "course": data.get("course"),
            "programme": data.get("programme"),
            "department": data.get("department"),
            "include_subdepartments": data.get("include_subdepartments", False),
            "position": data.get("position"),
            "grade": data.get("grade"),
            "staff": data.get("employee_id"),
        }
