"""GS1 identifiers and Digital Link URIs: GTINs with their check digit, lot and serial numbers in
the characters GS1 allows, and the ``/01/<GTIN>/10/<lot>/21/<serial>`` paths labels carry.

Sellers without a GTIN get the platform's own short links, ``/t/<batch code>`` and
``/t/<batch code>/<serial>``, which resolve the same way.
"""

from __future__ import annotations

import re
import secrets
import urllib.parse
from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum import ean
from stdnum.exceptions import ValidationError as NumberInvalid

from chophien.core.errors import ValidationError

# GS1 General Specifications, figure 7.11-1: the 82 characters allowed in AI (10) and (21), less
# "/": a web server decodes %2F before routing, so a lot with a slash could not be resolved.
GS1_CHARACTERS = re.compile(r"""[!"%&'()*+,\-.0-9:;<=>?A-Z_a-z]{1,20}""")
CANONICAL_BASE = "https://id.gs1.org"  # where EPCIS names GTIN-based things, whoever resolves them
# Crockford's base 32: no I, L, O or U, so a code read aloud or typed from a label is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PUBLIC_CODE_LENGTH = 6
SERIAL_LENGTH = 10  # 50 bits: a copier cannot guess a serial that was issued
# What a Digital Link path segment may hold unencoded (RFC 3986 pchar less the few DL reserves).
_SEGMENT_SAFE = "-._~!$'()*+,;=:@"


def gtin_normalize(raw: str) -> str:
    """A GTIN-8, -12, -13 or -14 as the 14 digits GS1 Digital Link uses. Raises ValidationError
    ``gtin_invalid`` for anything else, naming a wrong check digit as such."""
    digits = "".join((raw or "").split())
    if not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
        raise ValidationError(
            "gtin_invalid", _("Mã GTIN gồm 8, 12, 13 hoặc 14 chữ số (số dưới mã vạch)."), field="gtin"
        )
    try:
        ean.validate(digits)
    except NumberInvalid:
        expected = ean.calc_check_digit(digits[:-1])
        raise ValidationError(
            "gtin_check_digit",
            _("Mã GTIN %(gtin)s sai số kiểm tra: số cuối phải là %(digit)s. Vui lòng xem lại mã vạch.")
            % {"gtin": digits, "digit": expected},
            field="gtin",
        ) from None
    return digits.zfill(14)


def gs1_text_check(raw: str, *, field: str, what: str) -> str:
    """A lot or serial number in GS1's characters (letters without diacritics, digits, a few signs;
    at most 20). Raises ValidationError ``gs1_characters``."""
    value = (raw or "").strip()
    if not GS1_CHARACTERS.fullmatch(value):
        raise ValidationError(
            "gs1_characters",
            _(
                "%(what)s chỉ được dùng chữ không dấu, số và các dấu - . _ (tối đa 20 ký tự), "
                "theo quy định GS1. Ví dụ: LO-2611A."
            )
            % {"what": what},
            field=field,
        )
    return value


def lot_check(raw: str) -> str:
    return gs1_text_check(raw, field="lot", what=_("Số lô"))


def code_new(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _segment(value: str) -> str:
    return urllib.parse.quote(value, safe=_SEGMENT_SAFE)


def digital_link_path(*, gtin: str, lot: str = "", serial: str = "") -> str:
    """``/01/<gtin>[/10/<lot>][/21/<serial>]``, values percent-encoded as GS1 Digital Link asks."""
    path = f"/01/{gtin}"
    if lot:
        path += f"/10/{_segment(lot)}"
    if serial:
        path += f"/21/{_segment(serial)}"
    return path


def platform_path(*, public_code: str, serial: str = "") -> str:
    return f"/t/{public_code}/{serial}" if serial else f"/t/{public_code}"


@dataclass(frozen=True)
class LabelKey:
    """What a scanned label names: a GTIN with a lot and/or serial, or a platform batch code."""

    gtin: str = ""
    lot: str = ""
    serial: str = ""
    public_code: str = ""


# Digital Link key qualifiers of a GTIN, in the order GS1 requires: (22) then (10) then (21).
_QUALIFIERS = ("22", "10", "21")


def digital_link_parse(path: str, *, is_decoded: bool = False) -> LabelKey:
    """Read ``/01/<gtin>/…`` (an 8 to 14 digit GTIN is padded to 14); ``is_decoded`` when the web
    server already decoded its percent-escapes. Raises ValidationError ``digital_link_invalid`` for
    a path GS1 Digital Link does not allow, ``gtin_*`` for a bad GTIN."""
    parts = [part if is_decoded else urllib.parse.unquote(part) for part in path.strip("/").split("/")]
    if len(parts) < 2 or len(parts) % 2 or parts[0] != "01":
        raise ValidationError("digital_link_invalid", _("Đường dẫn tem không đúng chuẩn GS1 Digital Link."))
    gtin = gtin_normalize(parts[1])
    values: dict[str, str] = {}
    last = -1
    for ai, value in zip(parts[2::2], parts[3::2], strict=True):
        if ai not in _QUALIFIERS or _QUALIFIERS.index(ai) <= last or not GS1_CHARACTERS.fullmatch(value):
            raise ValidationError("digital_link_invalid", _("Đường dẫn tem không đúng chuẩn GS1 Digital Link."))
        last = _QUALIFIERS.index(ai)
        values[ai] = value
    return LabelKey(gtin=gtin, lot=values.get("10", ""), serial=values.get("21", ""))
