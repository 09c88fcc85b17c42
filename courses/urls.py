from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("assignments/", views.assignments, name="assignments"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("course/<int:page_id>/start/", views.start, name="start"),
    path("course/<int:page_id>/enrol/", views.enrol, name="enrol"),
    path("lesson/<int:page_id>/complete/", views.complete, name="complete"),
    path("lesson/<int:page_id>/launch/", views.launch_package, name="launch_package"),
    path("cmi5/fetch/<str:nonce>/", views.cmi5_fetch, name="cmi5_fetch"),
]
