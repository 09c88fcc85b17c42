from django.urls import path, register_converter

from . import credential_views, holder_views, manage_views, views


class SerialConverter:
    regex = r"[0-9]{4}-[0-9]{6}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SerialConverter, "serial")

app_name = "certificates"

# Mounted at the site's root by lms.urls: /verify/… is a stable public interface.
urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path(".well-known/did.json", credential_views.did_document, name="did"),
    path(
        "certificates/status/<str:purpose>/",
        credential_views.status_list,
        name="status_list",
    ),
    path("certificates/", holder_views.my_certificates, name="mine"),
    path("certificates/manage/", manage_views.manage_list, name="manage"),
    path(
        "certificates/manage/staff/<int:pk>/",
        manage_views.staff_eligibility,
        name="staff_eligibility",
    ),
    path(
        "certificates/manage/archives/",
        manage_views.archive_request,
        name="archive_request",
    ),
    path(
        "certificates/manage/archives/<int:pk>/",
        manage_views.archive_status,
        name="archive_status",
    ),
    path(
        "certificates/manage/archives/<int:pk>/download/",
        manage_views.archive_download,
        name="archive_download",
    ),
    path(
        "certificates/<serial:serial>/", holder_views.certificate_detail, name="detail"
    ),
    path(
        "certificates/<serial:serial>/certificate.pdf",
        holder_views.certificate_pdf,
        name="pdf",
    ),
    path(
        "certificates/<serial:serial>/credential.json",
        holder_views.certificate_credential,
        name="credential",
    ),
    path(
        "certificates/<serial:serial>/badge.png",
        holder_views.certificate_badge,
        name="badge",
    ),
    path("certificates/<serial:serial>/revoke/", manage_views.revoke, name="revoke"),
    path("certificates/<serial:serial>/correct/", manage_views.correct, name="correct"),
    path(
        "certificates/<serial:serial>/rerender/", manage_views.rerender, name="rerender"
    ),
]
