from ninja import Field, Schema

from chophien.core.schemas import Id, InputSchema


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


class SellerRegisterIn(InputSchema):
    kind: str = Field(max_length=20)
    name: str = Field(max_length=120)
    ward_code: Id
    street: str = Field("", max_length=200)
    story: str = Field("", max_length=4000)
