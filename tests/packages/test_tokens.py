"""Package file tokens: pure, no database."""

import uuid

import pytest

from packages.exceptions import InvalidPackageToken
from packages.tokens import Grant, make_token, read_token

PACKAGE = uuid.UUID("6f1c2a52-0d4e-4c1b-9a57-8d1f3e2b7c10")


def test_token_reads_back_as_its_grant():
    assert read_token(make_token(PACKAGE, user_id=7)) == Grant(PACKAGE, 7)


@pytest.mark.parametrize("token", ["", "garbage", "a:b:c", "W10:1abc:xyz"])
def test_malformed_tokens_are_invalid(token):
    with pytest.raises(InvalidPackageToken):
        read_token(token)


def test_token_signed_with_another_key_is_invalid(settings):
    token = make_token(PACKAGE, user_id=7)
    settings.SECRET_KEY = "another-secret-key-" * 4
    with pytest.raises(InvalidPackageToken):
        read_token(token)
