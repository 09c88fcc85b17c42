from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from courses import creation as page_creation
from courses import routing as course_pages
from courses.api import api_router
from people.activation_views import activate
from people.forms import StaffPasswordResetForm

from . import documents, otp_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/activate/", activate, name="activate"),
    path("accounts/two-step/", otp_views.verify, name="otp_verify"),
    path("accounts/two-step/setup/", otp_views.setup, name="otp_setup"),
    path(
        "accounts/two-step/recovery-codes/",
        otp_views.recovery_codes,
        name="otp_recovery_codes",
    ),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(form_class=StaffPasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("people/", include("people.urls")),
    path("learning/", include("courses.urls")),
    path("learning/assessments/", include("assessments.urls")),
    path("courses/", course_pages.serve),
    path("courses/<path:path>", course_pages.serve),
    path("content/", include("packages.urls")),
    path("api/v2/", api_router.urls),
    path("xapi/", include("xapi.urls")),
    path("ledger/", include("ledger.urls")),
    path("reports/exports/", include("reports.export_urls")),
    path("api/reports/", include("reports.api.urls")),
    # Reminders (issue 15): notifications, preferences, HR's chase.
    path("reports/reminders/", include(("reports.reminder_urls", "reminders"))),
    path("reports/", include("reports.urls")),
    path("", include("certificates.urls")),
    # Before Wagtail's own: the same view, once per create form (courses.creation).
    path(
        "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>"
        "/<int:parent_page_id>/",
        page_creation.create_page,
        name="create_page_once",
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's own: the same view, with byte ranges (lms.documents).
    path(
        "documents/<int:document_id>/<str:document_filename>",
        documents.serve_ranged,
        name="wagtaildocs_serve",
    ),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
