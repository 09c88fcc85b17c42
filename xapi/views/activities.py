from django.http import JsonResponse

from common import jsonsafe

from ..agents import ifi, person
from ..auth import enforce_launch_limits, require_scope
from ..exceptions import BadRequest
from ..http import Resource, XAPIRequest
from ..models import Activity, Scope
from ..validation import XAPIValidationError, validate_activity_id, validate_agent


class ActivitiesResource(Resource):
    """``/xapi/activities``: the canonical definition of one activity (Communication 2.5)."""

    def x_get(self, xreq: XAPIRequest):
        require_scope(xreq.client, write=False, scopes={Scope.DEFINE, Scope.PROFILE})
        activity_id = xreq.params.get("activityId")
        if not activity_id or set(xreq.params) != {"activityId"}:
            raise BadRequest("GET activities takes the activityId parameter only.")
        try:
            validate_activity_id(activity_id, "activityId")
        except XAPIValidationError as error:
            raise BadRequest(str(error)) from error
        enforce_launch_limits(xreq.client, activity_id=activity_id)
        row = Activity.objects.filter(activity_id=activity_id).first()
        activity = {"objectType": "Activity", "id": activity_id}
        if row is not None and row.definition:
            activity["definition"] = row.definition
        return JsonResponse(activity)


class AgentsResource(Resource):
    """``/xapi/agents``: the Person object for an agent (Communication 2.6)."""

    def x_get(self, xreq: XAPIRequest):
        require_scope(xreq.client, write=False, scopes={Scope.PROFILE})
        if set(xreq.params) != {"agent"}:
            raise BadRequest("GET agents takes the agent parameter only.")
        try:
            agent = jsonsafe.loads(xreq.params["agent"])
            validate_agent(agent, xreq.version, path="agent")
        except (ValueError, XAPIValidationError) as error:
            raise BadRequest(
                f"The agent parameter is not a valid Agent: {error}"
            ) from error
        if agent.get("objectType") == "Group" or ifi(agent) is None:
            raise BadRequest(
                "The agent parameter must be an Agent with one identifier."
            )
        # Without a store of which identifiers belong to one person, the Person
        # object holds the identifiers of the agent asked about.
        return JsonResponse(person([agent]))
