from django.urls import path

from .views.about import AboutResource
from .views.activities import ActivitiesResource, AgentsResource
from .views.documents import (
    ActivityProfileResource,
    AgentProfileResource,
    StateResource,
)
from .views.statements import StatementsResource

app_name = "xapi"

urlpatterns = [
    path("about", AboutResource.as_view(), name="about"),
    path("statements", StatementsResource.as_view(), name="statements"),
    path("activities", ActivitiesResource.as_view(), name="activities"),
    path("agents", AgentsResource.as_view(), name="agents"),
    path("activities/state", StateResource.as_view()),
    path("activities/profile", ActivityProfileResource.as_view()),
    path("agents/profile", AgentProfileResource.as_view()),
]
