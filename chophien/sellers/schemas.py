from ninja import Schema


class SellerOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    kind_label: str
    province: str
    ward: str
    story: str
    product_count: int = 0


class SellerRegisterIn(Schema):
    kind: str
    name: str
    ward_code: int
    street: str = ""
    story: str = ""
