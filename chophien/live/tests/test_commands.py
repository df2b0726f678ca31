import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from chophien.live import ingest
from chophien.live.models import Claim
from chophien.live.tests.factories import live_with_pins

pytestmark = pytest.mark.django_db


def test_expired_holds_are_released_by_the_command():
    session, _, _ = live_with_pins(units=(3,), hold_minutes=1)
    ingest.comment_ingest(
        session=session, platform="tiktok", platform_user_id="u", text="chốt A1",
        received_at=timezone.now() - timedelta(minutes=5),
    )  # fmt: skip
    out = io.StringIO()
    call_command("live_expire_holds", stdout=out)
    assert "1" in out.getvalue()
    assert Claim.objects.get().status == "expired"
