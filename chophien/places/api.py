"""Provinces and wards, for address pickers and partner clients."""

from django.http import HttpRequest
from ninja import Router

from chophien.core.errors import NotFound

from . import selectors
from .models import Province, Ward
from .schemas import ProvinceOut, WardOut

router = Router(tags=["places"])


@router.get("/provinces", response=list[ProvinceOut])
def list_provinces(request: HttpRequest) -> list[Province]:
    return selectors.province_list()


@router.get("/provinces/{code}/wards", response=list[WardOut])
def list_wards(request: HttpRequest, code: int) -> list[Ward]:
    wards = selectors.ward_list(province_code=code)
    if not wards:
        raise NotFound("unknown_province", "Không tìm thấy tỉnh/thành phố này.")
    return wards
