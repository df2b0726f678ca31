from ninja import Schema


class ProvinceOut(Schema):
    code: int
    name: str
    short_name: str


class WardOut(Schema):
    code: int
    name: str
    division_type: str
