from django.urls import path

from .exports import views

app_name = "exports"

urlpatterns = [
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/status", views.job_status, name="job_status"),
    path("jobs/<int:pk>/download", views.job_download, name="job_download"),
    path("<slug:name>/", views.export, name="export"),
]
