from django.urls import path

from .views import drilldown, lists, overview

app_name = "reports"

urlpatterns = [
    path("", overview.overview, name="overview"),
    path("departments/<int:pk>/", drilldown.department, name="department"),
    path("staff/<int:pk>/", drilldown.staff, name="staff"),
    path("annual/", lists.annual, name="annual"),
    path("completions/", lists.completions, name="completions"),
    path("overdue/", lists.overdue, name="overdue"),
]
