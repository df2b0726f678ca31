"""Documented-shape samples of the platforms' answers (``samples/``: written from each platform's
documentation, not captured from it) and a stand-in for what urlopen returns."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


class Answer(io.BytesIO):
    """An HTTP answer's body, usable as urlopen's context manager."""

    def __enter__(self) -> Answer:
        return self

    def __exit__(self, *exc: object) -> bool:
        return False


def answer_of(name: str) -> Answer:
    return Answer(json.dumps(sample(name)).encode())
