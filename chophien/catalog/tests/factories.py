from chophien.catalog import services
from chophien.catalog.models import Category, Product


def product_listed(
    seller, owner, *, name="Khoai sâm Sìn Hồ", price=45000, stock=100, category_slug="cu-qua", ocop_stars=None, **kwargs
) -> Product:
    """A product listed through the same service a seller uses, so its search columns are real."""
    return services.product_create(
        seller=seller,
        by=owner,
        name=name,
        price=price,
        stock=stock,
        category=Category.objects.get(slug=category_slug) if category_slug else None,
        ocop_stars=ocop_stars,
        **kwargs,
    )
