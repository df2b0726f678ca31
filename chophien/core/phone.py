"""Vietnamese phone numbers: '0912 345 678', '+84912345678' and '84912345678' are one number."""

from __future__ import annotations

import phonenumbers
from django.utils.translation import gettext_lazy

from .errors import ValidationError

INVALID_PHONE_MESSAGE = gettext_lazy("Số điện thoại không đúng. Ví dụ đúng: 0912 345 678.")
# 1800/1900 service numbers are valid numbers but nobody's phone, and have no leading 0.
_PERSONAL_NUMBER_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
)


def normalize_phone(raw: str) -> str:
    """Return the national form '0912345678' of a Vietnamese mobile or landline number.

    Raises ValidationError (code ``invalid_phone``) when the text is not a valid Vietnamese number.
    """
    text = (raw or "").strip()
    # The library reads letters as keypad digits ('0912ABCDEF' -> 0912222333): a typo must not reach a stranger.
    if not text or len(text) > 32 or any(ch.isalpha() for ch in text):
        raise ValidationError("invalid_phone", INVALID_PHONE_MESSAGE, field="phone")
    digits = "".join(ch for ch in text if ch.isdigit())
    # People write the country code without the plus ('84912345678'); the library would read
    # that as a national number, so give it back its plus.
    if not text.startswith("+") and digits.startswith("84") and len(digits) in (11, 12):
        text = "+" + digits
    try:
        parsed = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError("invalid_phone", INVALID_PHONE_MESSAGE, field="phone") from exc
    if (
        parsed.country_code != 84
        or not phonenumbers.is_valid_number(parsed)
        or phonenumbers.number_type(parsed) not in _PERSONAL_NUMBER_TYPES
    ):
        raise ValidationError("invalid_phone", INVALID_PHONE_MESSAGE, field="phone")
    return "0" + str(parsed.national_number)


def to_e164(national: str) -> str:
    """'0912345678' -> '+84912345678'."""
    return "+84" + normalize_phone(national)[1:]


def display_phone(national: str) -> str:
    """'0912345678' -> '0912 345 678', the way people read a number aloud."""
    if len(national) == 10:
        return f"{national[:4]} {national[4:7]} {national[7:]}"
    return national
