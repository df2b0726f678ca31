from ninja import Field, Schema


class SellerBrief(Schema):
    id: int
    name: str
    slug: str


class ProductCardOut(Schema):
    id: int
    slug: str
    name: str
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
    description: str
    price: int
    unit: str
    category: str | None
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


class VariantIn(Schema):
    label: str = ""
    price: int
    stock: int


class ProductCreateIn(Schema):
    name: str
    price: int | None = None
    stock: int | None = None
    unit: str = "kg"
    description: str = ""
    category: str | None = Field(None, description="slug của danh mục")
    variants: list[VariantIn] = []
    ocop_stars: int | None = None
    ocop_year: int | None = None
    ocop_level: str = ""
    certifications: list[str] = []
    origin_ward_code: int | None = None


class ProductUpdateIn(Schema):
    name: str | None = None
    description: str | None = None
    unit: str | None = None
    category: str | None = None
    price: int | None = None
    is_paused: bool | None = None


class StockAdjustIn(Schema):
    delta: int
