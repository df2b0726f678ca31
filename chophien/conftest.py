from collections.abc import Iterator

import pytest
from django.core.cache import cache

from chophien.messaging.backends import MemoryBackend


@pytest.fixture(autouse=True)
def _fresh_cache_and_outbox() -> Iterator[None]:
    """Rate-limit counters and sent messages never leak from one test into the next."""
    cache.clear()
    MemoryBackend.outbox.clear()
    yield
    cache.clear()
