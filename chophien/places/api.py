"""Provinces and wards, for address pickers and partner clients."""

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router

from chophien.core.errors import NotFound, ValidationError
from chophien.core.schemas import DbInt

from . import selectors
from .models import Province, Ward
from .schemas import ProvinceMatchOut, ProvinceOut, ResolvedPlaceOut, WardMatchOut, WardOut
from .search import MAX_QUERY_LENGTH, ProvinceMatch, WardMatch

router = Router(tags=["places"])

# Longer is query_too_long (422): declared for the OpenAPI document.
SearchText = Annotated[str, Field(json_schema_extra={"maxLength": MAX_QUERY_LENGTH})]


@router.get("/provinces", response=list[ProvinceOut])
def list_provinces(request: HttpRequest) -> list[Province]:
    return selectors.province_list()


@router.get("/provinces/{code}/wards", response=list[WardOut])
def list_wards(request: HttpRequest, code: DbInt) -> list[Ward]:
    wards = selectors.ward_list(province_code=code)
    if not wards:
        raise NotFound("unknown_province", _("Không tìm thấy tỉnh/thành phố này."))
    return wards


@router.get("/places/resolve", response=ResolvedPlaceOut, summary="Hiểu một địa chỉ viết bằng chữ (cả địa chỉ cũ)")
def resolve_place(
    request: HttpRequest, text: Annotated[str, Field(json_schema_extra={"maxLength": 300})]
) -> dict[str, object]:
    """ "Sìn Hồ, Lai Châu" or "Thị trấn Mèo Vạc, huyện Mèo Vạc, tỉnh Hà Giang" to today's province and ward."""
    if len(text) > 300:
        raise ValidationError(
            "text_too_long", _("Địa chỉ quá dài (tối đa %(limit)s ký tự).") % {"limit": 300}, field="text"
        )
    place = selectors.place_resolve(text)
    return {"province": place.province, "ward": place.ward, "ward_candidates": list(place.ward_candidates)}


def _check_query(q: str) -> None:
    if len(q) > MAX_QUERY_LENGTH:
        raise ValidationError(
            "query_too_long", _("Tên quá dài (tối đa %(limit)s ký tự).") % {"limit": MAX_QUERY_LENGTH}, field="q"
        )


def ward_match_note(match: WardMatch) -> str:
    if not match.old_name:
        return ""
    if match.is_part:
        return _("%(old)s → một phần nay thuộc %(new)s") % {"old": match.old_name, "new": match.new_name_lower}
    return _("%(old)s → nay thuộc %(new)s") % {"old": match.old_name, "new": match.new_name_lower}


@router.get(
    "/places/wards/search",
    response=list[WardMatchOut],
    summary="Tìm xã/phường theo tên, có dấu hay không, cả tên trước 1/7/2025",
)
def search_wards(request: HttpRequest, q: SearchText = "", province: DbInt | None = None) -> list[dict[str, object]]:
    """ "dich vong hau" finds Phường Cầu Giấy (Hà Nội), with the note "Dịch Vọng Hậu → nay thuộc phường
    Cầu Giấy". At most 10, best first; under 2 letters finds nothing; over 100 characters is a 422."""
    _check_query(q)
    province_code = province if province is not None and 0 < province < 1_000_000 else None
    return [
        {**vars(match), "note": ward_match_note(match)}
        for match in selectors.ward_search(query=q, province_code=province_code)
    ]


@router.get("/places/provinces/search", response=list[ProvinceMatchOut], summary="Tìm tỉnh, cả tỉnh đã sáp nhập")
def search_provinces(request: HttpRequest, q: SearchText = "") -> list[dict[str, object]]:
    """ "Hà Giang" finds Tuyên Quang, with the note "Hà Giang → Tuyên Quang"."""
    _check_query(q)
    return [{**vars(match), "note": _province_note(match)} for match in selectors.province_search(query=q)]


def _province_note(match: ProvinceMatch) -> str:
    return f"{match.old_name} → {match.name}" if match.old_name else ""
