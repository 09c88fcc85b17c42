import base64

import pytest

from xapi.auth import create_client


def basic(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


@pytest.fixture
def lrs(db, client):
    """A Django test client that speaks to the LRS with full-scope credentials."""
    credentials = create_client(name="test client", scopes=["all"])
    return LRS(client, basic(credentials.key, credentials.secret))


class LRS:
    def __init__(self, client, authorization, version="1.0.3"):
        self.client = client
        self.authorization = authorization
        self.version = version

    def headers(self, **extra):
        headers = {
            "HTTP_AUTHORIZATION": self.authorization,
            "HTTP_X_EXPERIENCE_API_VERSION": self.version,
        }
        headers.update(extra)
        return {k: v for k, v in headers.items() if v is not None}

    def get(self, path, params=None, **extra):
        return self.client.get(path, params or {}, **self.headers(**extra))

    def post(self, path, data, content_type="application/json", **extra):
        return self.client.generic(
            "POST", path, data, content_type=content_type, **self.headers(**extra)
        )

    def put(self, path, data, content_type="application/json", **extra):
        return self.client.generic(
            "PUT", path, data, content_type=content_type, **self.headers(**extra)
        )
