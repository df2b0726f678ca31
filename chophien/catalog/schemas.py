from typing import Annotated

from ninja import Field, Schema

from chophien.core.schemas import DbInt, Id, InputSchema

from .services import MAX_DESCRIPTION


class SellerBrief(Schema):
    id: int
    name: str
    slug: str


class ProductCardOut(Schema):
    id: int
    slug: str
    name: str
    name_en: str = Field(description="Tên tiếng Anh, rỗng nếu người bán không ghi")
    price: int = Field(description="Giá thấp nhất, đồng")
    unit: str
    ocop_stars: int | None
    seller: SellerBrief
    province: str
    thumbnail_url: str | None


class ProductListOut(Schema):
    items: list[ProductCardOut]
    count: int
    page: int
    pages: int


class VariantOut(Schema):
    id: int
    label: str
    price: int
    stock: int


class ProductDetailOut(Schema):
    id: int
    slug: str
    name: str
    name_en: str = Field(description="Tên tiếng Anh, rỗng nếu người bán không ghi")
    description: str
    price: int
    unit: str
    category: str | None
    category_en: str | None = Field(description="Tên tiếng Anh của danh mục")
    ocop_stars: int | None
    ocop_year: int | None
    ocop_level: str
    certifications: list[str]
    seller: SellerBrief
    province: str
    origin_ward: str | None
    status: str
    hidden_reason: str
    variants: list[VariantOut]
    photos: list[str]


class VariantIn(InputSchema):
    label: str = Field("", max_length=60)
    price: DbInt
    stock: DbInt


class ProductCreateIn(InputSchema):
    name: str = Field(max_length=120)
    name_en: str = Field("", max_length=120, description="Tên tiếng Anh (không bắt buộc)")
    price: DbInt | None = None
    stock: DbInt | None = None
    unit: str = Field("kg", max_length=10)
    description: str = Field("", max_length=MAX_DESCRIPTION)
    category: str | None = Field(None, max_length=80, description="slug của danh mục")
    variants: list[VariantIn] = Field([], max_length=50)
    ocop_stars: DbInt | None = None
    ocop_year: DbInt | None = None
    ocop_level: str = Field("", max_length=10)
    certifications: list[Annotated[str, Field(max_length=30)]] = Field([], max_length=20)
    origin_ward_code: Id | None = None


class ProductUpdateIn(InputSchema):
    name: str | None = Field(None, max_length=120)
    name_en: str | None = Field(None, max_length=120, description="Tên tiếng Anh; chuỗi rỗng để xoá")
    description: str | None = Field(None, max_length=MAX_DESCRIPTION)
    unit: str | None = Field(None, max_length=10)
    category: str | None = Field(None, max_length=80)
    price: DbInt | None = None
    is_paused: bool | None = None


class StockAdjustIn(InputSchema):
    delta: DbInt
