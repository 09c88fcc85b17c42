import pytest

from tests.reports.exports_world import build_cities


@pytest.fixture
def cities(db):
    return build_cities()
