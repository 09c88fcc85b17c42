"""A warm learner page reads its user and tokens from the shared cache in one round trip."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY

from courses import services
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory

pytestmark = pytest.mark.django_db

BACKEND = "people.backends.CachedUserBackend"


class Reads:
    """Count the shared cache's reads, the real calls passed through.

    Only calls from outside the cache count: the local cache's ``get_many``
    is a loop of ``get``, where Redis answers one ``MGET``.
    """

    def __init__(self, monkeypatch, shared):
        self.calls = []
        self.depth = 0
        for name in ("get", "get_many"):
            original = getattr(shared, name)
            monkeypatch.setattr(shared, name, self._counted(name, original))

    def _counted(self, name, original):
        def read(*args, **kwargs):
            if not self.depth:
                self.calls.append((name, args[0]))
            self.depth += 1
            try:
                return original(*args, **kwargs)
            finally:
                self.depth -= 1

        return read


def session(key) -> bool:
    # Deployed (CACHE_URL), sessions live in the shared cache too: their read
    # is the one round trip before the MGET.
    return isinstance(key, str) and key.startswith("django.contrib.sessions")


@pytest.fixture
def learner_on_lesson(client, shared_cache):
    learner = StaffMemberFactory().user
    course = make_course("政务数据安全", lessons=2)
    services.start_course(user=learner, course=course)
    client.force_login(learner, backend=BACKEND)
    assert client.session[BACKEND_SESSION_KEY] == BACKEND
    lesson = course.lessons().first()
    for _warm in range(2):
        assert client.get(lesson.url).status_code == 200
    return learner, lesson


def test_a_warm_lesson_reads_user_and_tokens_in_one_round_trip(
    client, shared_cache, monkeypatch, learner_on_lesson
):
    learner, lesson = learner_on_lesson
    reads = Reads(monkeypatch, shared_cache)
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert response.context is None  # served whole from the cache, not rendered
    many = [keys for name, keys in reads.calls if name == "get_many"]
    assert len(many) == 1 and f"auth-user:{learner.pk}" in many[0]
    assert not [key for name, key in reads.calls if name == "get" and not session(key)]


def test_the_catalogue_of_a_learner_is_read_the_same_way(
    client, shared_cache, monkeypatch, learner_on_lesson
):
    learner, _lesson = learner_on_lesson
    for _warm in range(2):
        client.get("/courses/")
    reads = Reads(monkeypatch, shared_cache)
    assert client.get("/courses/").status_code == 200
    calls = [name for name, key in reads.calls if not session(key)]
    assert calls == ["get_many"]


def test_a_deactivated_learner_is_refused_at_once(
    client, shared_cache, learner_on_lesson
):
    learner, lesson = learner_on_lesson
    learner.is_active = False
    learner.save()  # drops the cached user
    response = client.get(lesson.url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_user_swapped_into_the_cache_must_still_match_the_session(
    client, shared_cache, learner_on_lesson
):
    """Attack: another account's row under this user's key is refused by Django's hash check."""
    learner, lesson = learner_on_lesson
    other = StaffMemberFactory().user
    other.pk = learner.pk  # same id, another password hash
    shared_cache.set(f"auth-user:{learner.pk}", other, 60)
    response = client.get(lesson.url)
    assert response.status_code == 302 and "/login/" in response["Location"]
