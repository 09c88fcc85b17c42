import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    # Assertions read the English source strings, whatever the catalogues hold.
    with translation.override("en"):
        yield
