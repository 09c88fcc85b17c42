from django.urls import path

from . import hr_views, learner_views, record_views, time_views, year_views

app_name = "ledger"

urlpatterns = [
    path("", learner_views.my_ledger, name="mine"),
    path("record/<int:year>.pdf", record_views.my_record, name="record"),
    path("claims/new/", learner_views.new_claim, name="claim_new"),
    path("claims/<int:pk>/evidence/", learner_views.claim_evidence, name="evidence"),
    path("claims/", hr_views.claims_queue, name="claims"),
    path("claims/<int:pk>/decide/", hr_views.decide, name="decide"),
    path("staff/<int:pk>/", hr_views.staff_ledger, name="staff"),
    path(
        "staff/<int:pk>/record/<int:year>.pdf",
        record_views.staff_record,
        name="staff_record",
    ),
    path("entries/<int:pk>/reverse/", hr_views.reverse, name="reverse"),
    path("classes/", hr_views.classes, name="classes"),
    path("classes/<int:pk>/", hr_views.class_detail, name="class_detail"),
    path("years/", year_views.years, name="years"),
    path("time/beat/", time_views.beat, name="beat"),
    path("time/video/", time_views.video, name="video"),
]
