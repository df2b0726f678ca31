"""Quantities as people write them: "50", "50 kg", "50kg", "1.000 gói" (whole units, with the unit or without).

A seller selling by the kg who types "50 túi" has made a mistake the form must name, not a number to
guess: the unit written must be the unit the product is sold by (or one of its everyday names:
"kí", "ký", "cân" for kg).
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from .errors import ValidationError
from .text import fold

# Everyday names of each selling unit, folded (no diacritics, lower case). Keys are the units'
# codes (catalog.models.Unit), which are also what the page shows.
UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "kg": ("kg", "ki", "ky", "kilo", "kilogram", "can"),
    "g": ("g", "gr", "gam", "gram"),
    "chai": ("chai",),
    "gói": ("goi",),
    "túi": ("tui",),
    "hộp": ("hop",),
    "hũ": ("hu", "lo"),
    "bó": ("bo",),
    "cái": ("cai", "chiec"),
    "lít": ("lit", "l"),
    "tấm": ("tam",),
    "củ": ("cu",),
}
# Digits (dots, commas or spaces only between groups of three), then whatever follows: the unit.
_QUANTITY = re.compile(r"([0-9]{1,3}(?:([., ])[0-9]{3})(?:\2[0-9]{3})*|[0-9]+)\s*(.*)", re.ASCII | re.DOTALL)


def parse_quantity(raw: Any, *, unit: str, limit: int, minimum: int = 0, code: str, field: str) -> int:
    """Read a whole quantity of ``unit`` ("50", "50 kg", "50kg", "1.000 gói") from what was typed.

    Raises ValidationError ``code`` (on ``field``) when it is not a whole number from ``minimum`` to
    ``limit``, or when it names another unit than ``unit``; the message says which unit is expected.
    """
    if isinstance(raw, bool):
        raw = None
    text = str(raw).strip().replace("\u00a0", " ") if raw is not None else ""
    match = _QUANTITY.fullmatch(text) if len(text) <= 40 else None
    if match is None:
        raise ValidationError(
            code,
            _("Số lượng phải là số nguyên từ %(minimum)s trở lên, ví dụ 50 hoặc 50 %(unit)s.")
            % {"minimum": minimum, "unit": unit},
            field=field,
        )
    if re.match(r"[.,]?[0-9]", match.group(3)):  # "1,5 kg": stock is counted in whole units
        raise ValidationError(
            code,
            _("Số lượng phải là số nguyên, không có phần lẻ: ví dụ 50 hoặc 50 %(unit)s.") % {"unit": unit},
            field=field,
        )
    written_unit = fold(match.group(3))
    if written_unit and written_unit not in UNIT_WORDS.get(unit, (fold(unit),)):
        raise ValidationError(
            code,
            _("Sản phẩm này bán theo %(unit)s, không phải “%(written)s”: ghi số %(unit)s, ví dụ 50 hoặc 50 %(unit)s.")
            % {"unit": unit, "written": match.group(3).strip()},
            field=field,
        )
    quantity = int(re.sub(r"[., ]", "", match.group(1)))
    if quantity < minimum:
        raise ValidationError(code, _("Số lượng phải từ %(minimum)s trở lên.") % {"minimum": minimum}, field=field)
    if quantity > limit:
        raise ValidationError(
            code,
            _("Số lượng quá lớn (tối đa %(limit)s). Vui lòng kiểm tra lại.")
            % {"limit": f"{limit:,}".replace(",", ".")},
            field=field,
        )
    return quantity
