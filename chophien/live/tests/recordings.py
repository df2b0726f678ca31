"""The platforms' recorded answers (``recorded/``) and a stand-in for what urlopen returns."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

RECORDED = Path(__file__).parent / "recorded"


def recorded(name: str) -> Any:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


class Answer(io.BytesIO):
    """An HTTP answer's body, usable as urlopen's context manager."""

    def __enter__(self) -> Answer:
        return self

    def __exit__(self, *exc: object) -> bool:
        return False


def answer_of(name: str) -> Answer:
    return Answer(json.dumps(recorded(name)).encode())
