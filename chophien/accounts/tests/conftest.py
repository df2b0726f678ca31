from collections.abc import Callable

import pytest

from chophien.accounts import services
from chophien.messaging.backends import MemoryBackend


@pytest.fixture
def codes(monkeypatch) -> list[int]:
    """The codes otp_request will issue, in order: append to the list before sending."""
    queue: list[int] = []
    monkeypatch.setattr(services.secrets, "randbelow", lambda upper: queue.pop(0))
    return queue


@pytest.fixture
def send_code(django_capture_on_commit_callbacks) -> Callable[[str], str]:
    """Request a code for a phone, commit, and return the code the person received."""

    def send(phone: str) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            services.otp_request(phone=phone)
        return MemoryBackend.outbox[-1].params["otp"]

    return send
