from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("staff/", views.staff_list, name="staff_list"),
    path("roster/import/", views.roster_upload, name="roster_upload"),
    path("roster/template.csv", views.roster_template, name="roster_template"),
    path("roster/import/<int:pk>/", views.roster_preview, name="roster_preview"),
]
