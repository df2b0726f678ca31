"""Reads of provinces, wards and addresses."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chophien.core.errors import ValidationError
from chophien.core.text import fold

from . import search
from .models import Province, Ward
from .search import ProvinceMatch, WardMatch

UNKNOWN_WARD_MESSAGE = gettext_lazy("Không tìm thấy xã/phường này. Vui lòng chọn lại từ danh sách.")
MAX_STREET_LENGTH = 200


def province_list() -> list[Province]:
    return list(Province.objects.all())


def ward_list(*, province_code: int) -> list[Ward]:
    return list(Ward.objects.filter(province_id=province_code).order_by("name_folded"))


def ward_get(*, code: int | str) -> Ward:
    """The ward with this code, its province joined. Raises ValidationError ``unknown_ward``."""
    try:
        ward_code = int(code)
    except (TypeError, ValueError):
        raise ValidationError("unknown_ward", UNKNOWN_WARD_MESSAGE, field="ward_code") from None
    ward = _ward_cached(ward_code)
    if ward is None:
        raise ValidationError("unknown_ward", UNKNOWN_WARD_MESSAGE, field="ward_code")
    return ward


@functools.lru_cache(maxsize=4096)
def _ward_cached(code: int) -> Ward | None:
    # Wards change only with a migration (a new administrative reform), so a process keeps what it
    # read: every checkout and address check names one, and a query each time is wasted.
    return Ward.objects.select_related("province").filter(code=code).first()


@dataclass(frozen=True)
class Address:
    """A delivery or origin address since the 2025 reform: a commune/ward plus a street line."""

    ward: Ward
    street: str

    def __str__(self) -> str:
        parts = [self.street, self.ward.name, self.ward.province.name]
        return ", ".join(part for part in parts if part)


def address_build(*, ward_code: int | str, street: str) -> Address:
    """Check a ward code and a street line. Raises ValidationError for an unknown ward or a bad street."""
    ward = ward_get(code=ward_code)
    street_line = " ".join((street or "").split())
    if not street_line:
        raise ValidationError("empty_street", _("Vui lòng ghi số nhà, thôn/bản hoặc đường."), field="street")
    if len(street_line) > MAX_STREET_LENGTH:
        raise ValidationError(
            "street_too_long",
            _("Địa chỉ quá dài (tối đa %(limit)s ký tự).") % {"limit": MAX_STREET_LENGTH},
            field="street",
        )
    return Address(ward=ward, street=street_line)


@dataclass(frozen=True)
class ResolvedPlace:
    """What an address written in words tells us: the province, and the ward where the data allows.

    ``ward_candidates`` are wards the text may mean when it names only an old district (huyện).
    """

    province: Province | None
    ward: Ward | None
    ward_candidates: tuple[Ward, ...] = ()


def place_resolve(text: str) -> ResolvedPlace:
    """Understand an address in words, new ("Xã Sìn Hồ, Lai Châu") or old ("Sìn Hồ, Lai Châu",
    "Thị trấn Mèo Vạc, huyện Mèo Vạc, tỉnh Hà Giang": Hà Giang merged into Tuyên Quang).

    Old addresses are converted with the `vietnamadminunits` package; a district-only address
    resolves to its new province and the communes that carry the old district's name.
    """
    cleaned = " ".join((text or "").split())[:300]
    if not cleaned:
        return ResolvedPlace(province=None, ward=None)
    parts = [part.strip() for part in cleaned.split(",") if part.strip()]
    province = _province_by_name(parts[-1]) if parts else None
    if province is not None and len(parts) >= 2:
        ward = _ward_by_name(province, parts[-2])
        if ward is not None:
            return ResolvedPlace(province=province, ward=ward)
    converted = _convert_legacy(cleaned)
    if converted.ward is not None:
        return converted
    province = converted.province or province
    if province is None:
        return ResolvedPlace(province=None, ward=None)
    candidates: tuple[Ward, ...] = ()
    if len(parts) >= 2:
        # "Quản Bạ" folds to "quan ba", which also reads as "Quận Ba": try the whole name first.
        for name in dict.fromkeys((fold(parts[-2]), _strip_division_word(parts[-2]))):
            candidates = tuple(Ward.objects.filter(province=province, name_folded=name).select_related("province"))
            if candidates:
                break
    return ResolvedPlace(province=province, ward=None, ward_candidates=candidates)


_DIVISION_WORDS = (
    "thanh pho ",
    "tinh ",
    "huyen ",
    "quan ",
    "thi xa ",
    "thi tran ",
    "xa ",
    "phuong ",
    "dac khu ",
    "tp ",
)


def _strip_division_word(part: str) -> str:
    folded = fold(part)
    for word in _DIVISION_WORDS:
        if folded.startswith(word):
            return folded[len(word) :]
    return folded


def _province_by_name(part: str) -> Province | None:
    return Province.objects.filter(name_folded=_strip_division_word(part)).first()


def _ward_by_name(province: Province, part: str) -> Ward | None:
    folded = fold(part)
    if not folded.startswith(("xa ", "phuong ", "dac khu ")):
        return None  # a bare name may be an old district: let the legacy converter decide
    matches = list(
        Ward.objects.filter(province=province, name_folded=_strip_division_word(part)).select_related("province")[:2]
    )
    return matches[0] if len(matches) == 1 else None


def _convert_legacy(text: str) -> ResolvedPlace:
    # Imported here: the package loads a 10 MB dataset that only this path needs.
    from vietnamadminunits import convert_address

    try:
        converted = convert_address(text)
    except Exception:  # noqa: BLE001 - the package raises bare ValueError/KeyError for text it cannot read
        return ResolvedPlace(province=None, ward=None)
    province = Province.objects.filter(code=int(converted.province_code)).first() if converted.province_code else None
    ward = None
    if converted.ward_code:
        ward = Ward.objects.select_related("province").filter(code=int(converted.ward_code)).first()
    return ResolvedPlace(province=province, ward=ward)


def ward_search(
    *,
    query: str,
    province_code: int | None = None,
    prefer_province_code: int | None = None,
    limit: int = search.DEFAULT_LIMIT,
) -> list[WardMatch]:
    """Today's communes that ``query`` names, by today's name or a name from before 1 July 2025,
    with or without diacritics: within ``province_code`` when given, those of
    ``prefer_province_code`` first. A query under 2 letters or over 100 characters finds nothing
    (never an error: the picker asks as the person types)."""
    return search.ward_matches(
        query=query,
        province_code=province_code,
        prefer_province_code=prefer_province_code,
        limit=max(1, min(limit, 50)),
    )


def province_search(*, query: str) -> list[ProvinceMatch]:
    """Provinces named by ``query``: today's, and merged ones with the province they are now part of."""
    return search.province_matches(query=query)


def province_choices() -> tuple[ProvinceMatch, ...]:
    """Every province a person may know, today's and merged ones, for a plain select."""
    return search.province_choices()
