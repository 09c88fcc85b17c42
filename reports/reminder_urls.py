from django.urls import path

from .reminders import views

urlpatterns = [
    path("", views.notifications, name="list"),
    path("read/", views.mark_read, name="mark_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("remind-overdue/", views.remind_overdue, name="remind_overdue"),
]
