import pytest

from chophien.catalog.selectors import SearchFilters, product_search
from chophien.catalog.tests.factories import product_listed
from chophien.core.errors import ValidationError
from chophien.sellers.tests.factories import seller_with_owner

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    seller, owner = seller_with_owner(name="HTX Chè Shan Tuyết Tả Phìn")
    return {
        "tea": product_listed(
            seller, owner, name="Chè Shan tuyết cổ thụ", price=350000, category_slug="che-ca-phe", ocop_stars=4
        ),
        "honey": product_listed(
            seller, owner, name="Mật ong bạc hà Mèo Vạc", price=450000, category_slug="mat-ong", ocop_stars=5
        ),
        "buffalo": product_listed(
            seller, owner, name="Thịt trâu sấy gác bếp", price=900000, category_slug="thit-gac-bep"
        ),
        "khoai": product_listed(
            seller, owner, name="Khoai sâm Sìn Hồ", price=45000, category_slug="cu-qua", ocop_stars=3
        ),
        "rice": product_listed(
            seller, owner, name="Gạo Séng Cù Mường Khương", price=35000, category_slug="gao-ngu-coc"
        ),
    }


def names(query, **filters):
    return [card.name for card in product_search(filters=SearchFilters(query=query, **filters)).items]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("che shan tuyet", "Chè Shan tuyết cổ thụ"),
        ("mat ong bac ha", "Mật ong bạc hà Mèo Vạc"),
        ("thit trau say", "Thịt trâu sấy gác bếp"),
        ("khoai sam", "Khoai sâm Sìn Hồ"),
        ("khaoi sam", "Khoai sâm Sìn Hồ"),
        ("CHÈ SHAN TUYẾT", "Chè Shan tuyết cổ thụ"),
        ("gao seng cu", "Gạo Séng Cù Mường Khương"),
    ],
)
def test_search_finds_products_typed_without_diacritics_or_with_a_typo(shelf, typed, expected):
    assert names(typed)[0] == expected


def test_search_ranks_ocop_first_when_nothing_else_tells_them_apart(shelf):
    # Every product of the shop matches the shop's name; OCOP stars decide the order.
    assert names("shan tuyet ta phin")[:3] == ["Mật ong bạc hà Mèo Vạc", "Chè Shan tuyết cổ thụ", "Khoai sâm Sìn Hồ"]


def test_search_filters_by_category_price_and_stars(shelf):
    assert names("", category_slug="mat-ong") == ["Mật ong bạc hà Mèo Vạc"]
    assert names("", price_max=50000) == ["Khoai sâm Sìn Hồ", "Gạo Séng Cù Mường Khương"]
    assert names("", ocop_min_stars=4) == ["Mật ong bạc hà Mèo Vạc", "Chè Shan tuyết cổ thụ"]


def test_search_pages_through_results(shelf):
    first = product_search(filters=SearchFilters(), page=1, page_size=2)
    third = product_search(filters=SearchFilters(), page=3, page_size=2)
    assert (first.count, first.pages, len(first.items), len(third.items)) == (5, 3, 2, 1)


def test_search_refuses_a_5000_character_query(shelf):
    with pytest.raises(ValidationError) as error:
        product_search(filters=SearchFilters(query="a" * 5000))
    assert error.value.code == "query_too_long"
