"""A real race on PostgreSQL: 2,000 claims from 500 viewers at once for 150 units over three pins."""

import threading
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection
from django.db.models import Sum
from django.utils import timezone

from chophien.core.errors import DomainError
from chophien.live import claims, ingest
from chophien.live.models import Claim, ClaimStatus, Pin
from chophien.live.tests.factories import live_with_pins

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_thousand_claims_for_150_units_then_expiry_serves_the_waitlist_in_arrival_order():
    session, pins, _ = live_with_pins(units=(50, 50, 50))
    start = timezone.now()
    # 500 viewers, 4 comments each, over the three pins; each comment's arrival time is its place.
    comments = [
        (f"viewer-{n % 500}", f"chốt A{n % 3 + 1} lần {n}", start + timedelta(milliseconds=n)) for n in range(2000)
    ]
    errors: list[str] = []
    barrier = threading.Barrier(40)

    def work(chunk: list[tuple[str, str, object]]) -> None:
        try:
            barrier.wait()
            for who, text, at in chunk:
                try:
                    ingest.comment_ingest(
                        session=session, platform="tiktok", platform_user_id=who, text=text, received_at=at
                    )
                except (DomainError, DatabaseError) as error:
                    errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(comments[i::40],)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Claim.objects.count() == 2000
    for pin in pins:
        held = Claim.objects.filter(pin=pin, status=ClaimStatus.HELD).aggregate(n=Sum("quantity"))["n"]
        assert held == 50
        assert Pin.objects.get(pk=pin.pk).available == 0
    assert Claim.objects.filter(status=ClaimStatus.WAITLISTED).count() == 1850

    # when every hold runs out, the waitlist takes the units, oldest claims first
    waiting_before = {
        pin.pk: list(
            Claim.objects.filter(pin=pin, status=ClaimStatus.WAITLISTED)
            .order_by("received_at", "id")
            .values_list("pk", flat=True)
        )
        for pin in pins
    }
    assert claims.claims_expire(now=timezone.now() + timedelta(hours=1)) == 150
    for pin in pins:
        now_held = list(
            Claim.objects.filter(pin=pin, status=ClaimStatus.HELD)
            .order_by("received_at", "id")
            .values_list("pk", flat=True)
        )
        assert now_held == waiting_before[pin.pk][:50]
        assert Pin.objects.get(pk=pin.pk).available == 0
