from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("<int:pk>/", views.assessment, name="assessment"),
    path("<int:pk>/start/", views.start, name="start"),
    path("attempts/<int:pk>/", views.attempt, name="attempt"),
    path("attempts/<int:pk>/answers/", views.answer, name="answer"),
    path("attempts/<int:pk>/result/", views.result, name="result"),
]
