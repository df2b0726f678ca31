"""Show how comments are read: one JSON object per input line, for sellers to check and us to measure.

    .venv/bin/python manage.py live_parse_comments --pins PINS.json < comments.txt

PINS.json: [{"code": "A1", "name": "Khoai sâm Sìn Hồ", "unit": "kg"}, ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chophien.live.comments import CommentReader, Pin


def pins_load(path: str) -> list[Pin]:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(f"Không đọc được tệp sản phẩm ghim {path}: {error.strerror}.") from None
    except json.JSONDecodeError as error:
        raise CommandError(f"Tệp sản phẩm ghim không phải JSON đúng (dòng {error.lineno}).") from None
    if not isinstance(raw, list) or not all(isinstance(entry, dict) and entry.get("code") for entry in raw):
        raise CommandError('Tệp sản phẩm ghim phải là danh sách [{"code": "A1", "name": "...", "unit": "kg"}, ...].')
    return [Pin(str(entry["code"]), str(entry.get("name", "")), str(entry.get("unit", ""))) for entry in raw]


class Command(BaseCommand):
    help = "Đọc bình luận (mỗi dòng một bình luận) và in cách hiểu từng bình luận dưới dạng JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--pins", required=True, help="tệp JSON các sản phẩm đang ghim")

    def handle(self, *args: Any, **options: Any) -> None:
        reader = CommentReader(pins_load(options["pins"]))
        out = self.stdout
        for line in sys.stdin:
            out.write(json.dumps(reader.read(line.rstrip("\n")).as_dict(), ensure_ascii=False))
