"""Stand-ins for urllib's opener: answer with a documented-shape sample, or fail as a network does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text())


class _Answer:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def __enter__(self) -> _Answer:
        return self

    def __exit__(self, *args: object) -> bool:
        return False

    def read(self) -> bytes:
        return self.body


class SampleOpener:
    """Answers each request with the next body (the last one again when they run out); counts calls."""

    def __init__(self, *bodies: bytes) -> None:
        self.bodies = list(bodies)
        self.calls: list[tuple[Any, float]] = []

    @classmethod
    def of(cls, *names: str) -> SampleOpener:
        return cls(*[(SAMPLES / name).read_bytes() for name in names])

    def open(self, request: Any, timeout: float) -> _Answer:
        self.calls.append((request, timeout))
        body = self.bodies.pop(0) if len(self.bodies) > 1 else self.bodies[0]
        return _Answer(body)


class FailingOpener:
    def __init__(self, error: Exception) -> None:
        self.error = error
        self.calls = 0

    def open(self, request: Any, timeout: float) -> _Answer:
        self.calls += 1
        raise self.error
