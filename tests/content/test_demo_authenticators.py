"""seed_demo enrols the demo administrator's and HR officer's authenticators."""

import base64
import io

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.totp import demo_key

pytestmark = pytest.mark.django_db


def test_seed_demo_enrols_hr_and_admin_and_prints_their_secrets():
    out = io.StringIO()
    call_command("seed_demo", "--users-only", stdout=out)
    devices = TOTPDevice.objects.filter(confirmed=True)
    assert sorted(devices.values_list("user__username", flat=True)) == ["admin", "hr"]
    for device in devices:
        assert device.key == demo_key(device.user.username)
        secret = base64.b32encode(bytes.fromhex(device.key)).decode()
        assert secret in out.getvalue()
    call_command("seed_demo", "--users-only", stdout=io.StringIO())
    assert TOTPDevice.objects.count() == 2
