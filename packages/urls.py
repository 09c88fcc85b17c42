from django.urls import path

from . import views

app_name = "packages"

urlpatterns = [
    path("packages/<str:token>/", views.package_file, name="package_root"),
    path("packages/<str:token>/<path:path>", views.package_file, name="package_file"),
    path("scorm/<str:token>/", views.scorm_player, name="scorm_player"),
]
