from django.urls import path

from . import views

app_name = "reports_api"

urlpatterns = [
    path("schema/", views.openapi, name="schema"),
    path("<slug:name>", views.report_rows, name="report"),
]
