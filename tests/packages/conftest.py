import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    # Assertions read the English source strings, whatever the catalogues hold.
    with translation.override("en"):
        yield


@pytest.fixture
def cmi5_api(db):
    """A client of the cmi5 course API, holding an administrator's key."""
    from packages.cmi5_models import Cmi5ApiKey
    from tests.factories.people import UserFactory

    from .cmi5_api import Cmi5Api

    admin = UserFactory(username="cmi5-admin", is_superuser=True, is_staff=True)
    return Cmi5Api(Cmi5ApiKey.issue(admin))
