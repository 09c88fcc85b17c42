"""Drive the cmi5 course API and the LRS as ADL's CATAPULT adapter and an AU do."""

import base64
import json
import uuid
from urllib.parse import parse_qs, urlsplit

from django.test import Client

from xapi.auth import create_client

ACTOR = {"account": {"homePage": "https://lms.test/people", "name": "zhangsan"}}
EXT = "https://w3id.org/xapi/cmi5/context/extensions/"


class Cmi5Api:
    def __init__(self, key: str):
        self.client = Client()
        self.key = key
        reader = create_client(name="reader", scopes=["all"])
        self.reader = "Basic " + base64.b64encode(
            f"{reader.key}:{reader.secret}".encode()
        ).decode("ascii")

    def post(self, path: str, data=b"", content_type="application/json", key=None):
        return self.client.generic(
            "POST",
            f"/content/cmi5/{path}",
            data,
            content_type=content_type,
            HTTP_AUTHORIZATION=f"Bearer {key or self.key}",
        )

    def import_course(self, data: bytes, content_type="application/zip"):
        return self.post("courses/", data, content_type)

    def course(self, data: bytes, content_type="application/zip") -> str:
        response = self.import_course(data, content_type)
        assert response.status_code == 201, response.content
        return response.json()["id"]

    def launch(self, course_id: str, index=0, **body) -> "Launch":
        body = {"actor": ACTOR, **body}
        response = self.post(
            f"courses/{course_id}/aus/{index}/launch-url/", json.dumps(body)
        )
        assert response.status_code == 200, response.content
        return Launch(self, response.json())

    def statements(self, registration: str) -> list[dict]:
        response = self.client.get(
            "/xapi/statements",
            {"registration": registration, "ascending": "true"},
            HTTP_AUTHORIZATION=self.reader,
            HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
        )
        assert response.status_code == 200
        return response.json()["statements"]

    def verbs(self, registration: str) -> list[str]:
        return [
            s["verb"]["id"].rsplit("/", 1)[1] for s in self.statements(registration)
        ]


class Launch:
    """One launched AU: its URL's parameters and, once fetched, its credential."""

    def __init__(self, api: Cmi5Api, answer: dict):
        self.api = api
        self.url = answer["url"]
        self.session_id = answer["sessionId"]
        self.registration = answer["registration"]
        self.params = {k: v[0] for k, v in parse_qs(urlsplit(self.url).query).items()}
        self.activity_id = self.params["activityId"]
        self.auth = None

    def fetch(self):
        path = urlsplit(self.params["fetch"]).path
        return self.api.client.post(path)

    def start(self, read_preferences=True):
        self.auth = "Basic " + self.fetch().json()["auth-token"]
        if read_preferences:
            self.xapi("GET", "agents/profile", profileId="cmi5LearnerPreferences")
        return self

    def xapi(self, method, resource, body=None, content_type="application/json", **q):
        if resource in ("agents/profile", "activities/state"):
            q.setdefault("agent", json.dumps(ACTOR))
        if resource == "activities/state":
            q.setdefault("activityId", self.activity_id)
            q.setdefault("registration", self.registration)
        query = "&".join(f"{k}={v}" for k, v in q.items())
        return self.api.client.generic(
            method,
            f"/xapi/{resource}?{query}" if query else f"/xapi/{resource}",
            json.dumps(body) if body is not None else b"",
            content_type=content_type,
            HTTP_AUTHORIZATION=self.auth,
            HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
        )

    def statement(self, verb: str, **fields) -> dict:
        """Return a cmi5 statement of this session, as the cmi5.js library makes one."""
        defined = verb in ("initialized", "completed", "passed", "failed", "terminated")
        categories = [{"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5"}]
        if verb in ("completed", "passed", "failed"):
            categories.append(
                {"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"}
            )
        statement = {
            "id": str(uuid.uuid4()),
            "actor": ACTOR,
            "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
            "object": {"id": self.activity_id},
            "timestamp": "2026-12-03T08:00:00.000Z",
            "context": {
                "registration": self.registration,
                "contextActivities": {"category": categories} if defined else {},
                "extensions": {EXT + "sessionid": self.session_id},
            },
        }
        if verb != "initialized" and defined:
            statement["result"] = {"duration": "PT10S"}
        if verb == "completed":
            statement["result"]["completion"] = True
        if verb in ("passed", "failed"):
            statement["result"]["success"] = verb == "passed"
        for key, value in fields.items():
            statement[key] = value
        return statement

    def send(self, verb_or_statement, **fields):
        statement = verb_or_statement
        if isinstance(statement, str):
            statement = self.statement(statement, **fields)
        return self.xapi("POST", "statements", statement)
