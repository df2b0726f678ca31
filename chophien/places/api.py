"""Provinces and wards, for address pickers and partner clients."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from chophien.core.errors import NotFound, ValidationError

from . import selectors
from .models import Province, Ward
from .schemas import ProvinceOut, ResolvedPlaceOut, WardOut

router = Router(tags=["places"])


@router.get("/provinces", response=list[ProvinceOut])
def list_provinces(request: HttpRequest) -> list[Province]:
    return selectors.province_list()


@router.get("/provinces/{code}/wards", response=list[WardOut])
def list_wards(request: HttpRequest, code: int) -> list[Ward]:
    wards = selectors.ward_list(province_code=code)
    if not wards:
        raise NotFound("unknown_province", _("Không tìm thấy tỉnh/thành phố này."))
    return wards


@router.get("/places/resolve", response=ResolvedPlaceOut, summary="Hiểu một địa chỉ viết bằng chữ (cả địa chỉ cũ)")
def resolve_place(request: HttpRequest, text: str) -> dict[str, object]:
    """ "Sìn Hồ, Lai Châu" or "Thị trấn Mèo Vạc, huyện Mèo Vạc, tỉnh Hà Giang" to today's province and ward."""
    if len(text) > 300:
        raise ValidationError(
            "text_too_long", _("Địa chỉ quá dài (tối đa %(limit)s ký tự).") % {"limit": 300}, field="text"
        )
    place = selectors.place_resolve(text)
    return {"province": place.province, "ward": place.ward, "ward_candidates": list(place.ward_candidates)}
