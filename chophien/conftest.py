from collections.abc import Iterator
from typing import Any

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


@pytest.fixture(autouse=True)
def _own_media_folder(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test writes photos to its own folder, so no test sees another's files."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _vietnamese_by_default() -> Iterator[None]:
    """A request in English leaves English active in the thread; each test starts in Vietnamese."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")
