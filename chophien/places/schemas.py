from ninja import Schema


class ProvinceOut(Schema):
    code: int
    name: str
    short_name: str


class WardOut(Schema):
    code: int
    name: str
    division_type: str


class ResolvedPlaceOut(Schema):
    province: ProvinceOut | None
    ward: WardOut | None
    ward_candidates: list[WardOut]


class WardMatchOut(Schema):
    """A commune of today found by a search; ``old_name`` when found by a name from before 1 July
    2025, with ``note`` saying which commune it is now part of."""

    code: int
    name: str
    province_code: int
    province_name: str
    old_name: str
    old_place: str
    is_part: bool
    note: str


class ProvinceMatchOut(Schema):
    code: int
    name: str
    old_name: str
    note: str
