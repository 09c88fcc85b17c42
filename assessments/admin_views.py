"""Trainer views in the admin: an exam's statistics (and XLSX), and extra attempts."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from people.models import StaffMember

from . import services
from .exceptions import GrantRefused
from .models import Assessment, AttemptGrant


class GrantForm(forms.Form):
    employee_id = forms.CharField(label=_("Employee ID"), max_length=32)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_employee_id(self):
        staff = StaffMember.objects.filter(
            employee_id=self.cleaned_data["employee_id"].strip()
        ).first()
        if staff is None:
            raise forms.ValidationError(_("No staff member has this employee ID."))
        return staff


@permission_required("assessments.view_attempt", raise_exception=True)
def statistics(request, pk: int):
    from .statistics import exam_statistics

    assessment = get_object_or_404(Assessment, pk=pk)
    return TemplateResponse(
        request,
        "assessments/admin/statistics.html",
        {
            "assessment": assessment,
            "stats": exam_statistics(assessment),
            "form": GrantForm(),
            "grants": AttemptGrant.objects.filter(assessment=assessment)
            .select_related("user", "granted_by")
            .order_by("-created_at")[:50],
        },
    )


@permission_required("assessments.view_attempt", raise_exception=True)
def statistics_export(request, pk: int):
    from .statistics import exam_statistics, statistics_workbook

    assessment = get_object_or_404(Assessment, pk=pk)
    response = HttpResponse(
        statistics_workbook(exam_statistics(assessment)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="assessment-{assessment.pk}-statistics.xlsx"'
    )
    return response


@permission_required("assessments.add_attemptgrant", raise_exception=True)
def grant(request, pk: int):
    """Give one learner one more attempt, with the reason logged."""
    assessment = get_object_or_404(Assessment, pk=pk)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        staff = form.cleaned_data["employee_id"]
        try:
            services.grant_attempt(
                assessment=assessment,
                user=staff.user,
                granted_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except GrantRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s may make one more attempt.") % {"name": staff.name},
            )
    elif request.method == "POST":
        messages.error(
            request, " ".join(e for errors in form.errors.values() for e in errors)
        )
    return redirect("assessment_statistics", pk=pk)


class BankImportForm(forms.Form):
    file = forms.FileField(
        label=_("Question file"),
        help_text=_(
            "CSV or XLSX with the columns key, type, difficulty, topic, text_zh, "
            "text_en, choices_zh, choices_en, correct, partial_credit, answers, "
            "explanation_zh, explanation_en."
        ),
    )


@permission_required("assessments.change_question", raise_exception=True)
def bank_transfer(request, pk: int):
    """Import questions into a bank from CSV/XLSX (all or nothing), or export them."""
    from .banks import export_bank, import_bank
    from .exceptions import BankImportError
    from .models import QuestionBank

    bank = get_object_or_404(QuestionBank, pk=pk)
    file_format = request.GET.get("export")
    if file_format in ("csv", "xlsx"):
        response = HttpResponse(export_bank(bank=bank, file_format=file_format))
        response["Content-Type"] = (
            "text/csv; charset=utf-8"
            if file_format == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="question-bank-{bank.pk}.{file_format}"'
        )
        return response
    form = BankImportForm(request.POST or None, request.FILES or None)
    errors, report = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_bank(bank=bank, content=upload.read(), filename=upload.name)
        except BankImportError as error:
            errors = error.errors
    return TemplateResponse(
        request,
        "assessments/admin/bank_transfer.html",
        {"bank": bank, "form": form, "errors": errors, "report": report},
    )
