from django.urls import path

from . import cmi5_views, views

app_name = "packages"

urlpatterns = [
    path("packages/<str:token>/", views.package_file, name="package_root"),
    path("packages/<str:token>/<path:path>", views.package_file, name="package_file"),
    path("scorm/<str:token>/", views.scorm_player, name="scorm_player"),
    path("cmi5/fetch/<str:nonce>/", cmi5_views.cmi5_fetch, name="cmi5_fetch"),
    path("cmi5/courses/", cmi5_views.import_cmi5_course, name="cmi5_import"),
    path(
        "cmi5/courses/<uuid:course_uuid>/delete/",
        cmi5_views.delete_cmi5_course,
        name="cmi5_delete",
    ),
    path(
        "cmi5/courses/<uuid:course_uuid>/aus/<int:index>/launch-url/",
        cmi5_views.cmi5_launch_url,
        name="cmi5_launch_url",
    ),
    path(
        "cmi5/registrations/<uuid:registration>/aus/<int:index>/waive/",
        cmi5_views.cmi5_waive,
        name="cmi5_waive",
    ),
    path(
        "cmi5/sessions/<uuid:session_id>/abandon/",
        cmi5_views.cmi5_abandon,
        name="cmi5_abandon",
    ),
]
