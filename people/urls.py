from django.urls import path

from . import activation_views, views

app_name = "people"

urlpatterns = [
    path("staff/", views.staff_list, name="staff_list"),
    path("roster/import/", views.roster_upload, name="roster_upload"),
    path("roster/template.csv", views.roster_template, name="roster_template"),
    path("roster/import/<int:pk>/", views.roster_preview, name="roster_preview"),
    path(
        "activation-codes/",
        activation_views.activation_codes,
        name="activation_codes",
    ),
]
