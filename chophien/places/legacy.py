"""The names from before the reform of 1 July 2025, and what each became, read from the data the
`vietnamadminunits` package maintains (its dataset of the 63 provinces and 10,040 old communes, and
its conversion table to the 34 provinces and 3,321 communes). Nothing here is typed by hand.

The package names today's units by its own keys and codes; its codes differ from those of
`vietnam-provinces` (which our tables hold) for about a hundred communes renamed or renumbered late,
so new units are matched to ours by province and folded name, which agree for all 3,321.

Nothing is kept here: `places.search` reads this once per process into its index, and the package's
tables (tens of MB as Python objects) are freed after.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from importlib import resources
from typing import Any

from chophien.core.text import fold


@dataclass(frozen=True)
class OldWard:
    """A commune, ward or town of before the reform, and the commune(s) it is part of now.

    ``new_wards`` holds (province code, folded name of today's commune), the commune that took the
    whole old one or, for an old commune split between several, the one the data names as the main
    heir first.
    """

    name: str  # "Phường Dịch Vọng Hậu"
    short_name: str  # "Dịch Vọng Hậu"
    district: str  # "Quận Cầu Giấy"
    province: str  # "Hà Nội"
    new_wards: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class OldProvince:
    name: str  # "Tỉnh Hà Giang"
    short_name: str  # "Hà Giang"
    new_province_code: int


def _data_path(name: str) -> str:
    return str(resources.files("vietnamadminunits") / "data" / name)


def _rows(sql: str) -> list[tuple[object, ...]]:
    # Read-only: the package's file lives in site-packages and is never ours to write.
    connection = sqlite3.connect(f"file:{_data_path('dataset.db')}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _conversion() -> dict[str, Any]:
    # DICT_PROVINCE: new province key -> old province keys; DICT_PROVINCE_WARD_NO_DIVIDED: new
    # province key -> new ward key -> old "province_district_ward" keys; DICT_PROVINCE_WARD_DIVIDED:
    # new province key -> old key -> the new wards it was split between, one marked the default.
    with open(_data_path("converter_2025.json"), encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _new_units() -> tuple[dict[str, int], dict[tuple[str, str], tuple[int, str]]]:
    """The package's keys of today's units: province key -> code, (province key, ward key) ->
    (province code, folded ward name)."""
    provinces: dict[str, int] = {}
    wards: dict[tuple[str, str], tuple[int, str]] = {}
    for province_key, ward_key, province_code, ward_name in _rows(
        "SELECT provinceKey, wardKey, provinceCode, ward FROM admin_units"
    ):
        code = int(str(province_code))
        provinces[str(province_key)] = code
        wards[(str(province_key), str(ward_key))] = (code, fold(str(ward_name)))
    return provinces, wards


def old_wards() -> tuple[OldWard, ...]:
    """Every old commune the conversion table knows, with today's commune(s) it became part of.

    The five island districts that had no communes (Lý Sơn, Côn Đảo, Bạch Long Vĩ…) are listed under
    the district's own name: each became a special zone (đặc khu).
    """
    _, new_wards = _new_units()
    heirs: dict[str, list[tuple[int, str]]] = {}
    conversion = _conversion()
    for province_key, wards in conversion["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            heir = new_wards.get((province_key, ward_key))
            if heir is None:
                continue
            for old_key in old_keys:
                heirs.setdefault(old_key, []).append(heir)
    for province_key, divided in conversion["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in divided.items():
            ordered = sorted(parts, key=lambda part: not part["isDefaultNewWard"])
            for part in ordered:
                heir = new_wards.get((province_key, part["newWardKey"]))
                if heir is not None:
                    heirs.setdefault(old_key, []).append(heir)
    result: list[OldWard] = []
    for old_province_key, district_key, old_ward_key, province, district, ward, ward_short in _rows(
        "SELECT provinceKey, districtKey, wardKey, provinceShort, district, ward, wardShort FROM admin_units_legacy"
    ):
        old_key = f"{old_province_key}_{district_key}_{old_ward_key or ''}"
        found = tuple(dict.fromkeys(heirs.get(old_key, ())))
        if not found:
            continue
        name, short = (str(ward), str(ward_short)) if old_ward_key else (str(district), _without_type(str(district)))
        result.append(
            OldWard(name=name, short_name=short, district=str(district), province=str(province), new_wards=found)
        )
    return tuple(result)


def old_provinces() -> tuple[OldProvince, ...]:
    """The provinces that were merged into another on 1 July 2025 ("Hà Giang" into Tuyên Quang);
    a province that kept its name is not listed."""
    new_codes, _ = _new_units()
    names = {
        str(key): (str(name), str(short))
        for key, name, short in _rows("SELECT DISTINCT provinceKey, province, provinceShort FROM admin_units_legacy")
    }
    result = []
    for new_key, old_keys in _conversion()["DICT_PROVINCE"].items():
        for old_key in old_keys:
            if old_key == new_key or old_key not in names or new_key not in new_codes:
                continue
            name, short = names[old_key]
            result.append(OldProvince(name=name, short_name=short, new_province_code=new_codes[new_key]))
    return tuple(result)


def _without_type(name: str) -> str:
    for prefix in ("Huyện ", "Thị xã ", "Thành phố ", "Quận "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
