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
