import re

import pytest
from django.test import Client

from chophien.accounts.models import PlatformRole
from chophien.accounts.tests.factories import UserFactory
from chophien.catalog.models import Product, ProductStatus
from chophien.catalog.tests.factories import product_listed
from chophien.core.testing.images import jpeg_upload
from chophien.sellers.tests.factories import seller_with_owner

pytestmark = pytest.mark.django_db


def _texts(html: str, tag: str, css_class: str) -> list[str]:
    """What a reader sees in each <tag class="css_class"> (not nested in its own kind): tags dropped, spaces folded."""
    blocks = re.findall(rf'<{tag} class="{css_class}"[^>]*>(.*?)</{tag}>', html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", block).split()) for block in blocks]


@pytest.fixture
def shop():
    return seller_with_owner(name="HTX Chè Tả Phìn")


@pytest.fixture
def many_products(shop, django_capture_on_commit_callbacks):
    seller, owner = shop
    with django_capture_on_commit_callbacks(execute=True):
        return [
            product_listed(
                seller,
                owner,
                name=f"Chè Shan tuyết loại {i}",
                price=100000 + i,
                category_slug="che-ca-phe",
                ocop_stars=3 + i % 3,
                photos=[jpeg_upload(width=400, height=400)],
            )
            for i in range(12)
        ]


def test_home_page_shows_ocop_products_in_vietnamese(client: Client, many_products):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Sản phẩm OCOP nổi bật" in html
    assert "Chè Shan tuyết loại" in html
    assert "100.011\u00a0₫" in html or "100.010\u00a0₫" in html


def test_search_page_finds_without_diacritics(client: Client, many_products):
    response = client.get("/tim-kiem/", {"q": "che shan tuyet loai 7"})
    assert response.status_code == 200
    assert "Chè Shan tuyết loại 7" in response.content.decode()


def test_search_page_answers_htmx_with_the_results_fragment_only(client: Client, many_products):
    response = client.get("/tim-kiem/", {"q": "che"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'class="results"' in html


def test_search_page_with_a_5000_character_query_shows_a_message(client: Client):
    response = client.get("/tim-kiem/", {"q": "x" * 5000})
    assert response.status_code == 200
    assert "Từ khoá tìm kiếm quá dài" in response.content.decode()


def test_search_page_bad_filters_show_a_message_not_a_500(client: Client):
    response = client.get("/tim-kiem/", {"price_min": "abc", "province": "-1"})
    assert response.status_code == 200
    assert 'class="msg error"' in response.content.decode()


def test_category_page_and_unknown_category(client: Client, many_products):
    assert client.get("/danh-muc/che-ca-phe/").status_code == 200
    assert client.get("/danh-muc/khong-co/").status_code == 404


def test_product_page_escapes_html_in_the_description(client: Client, shop):
    seller, owner = shop
    product = product_listed(seller, owner, description="<script>alert('x')</script> ngon")
    html = client.get(f"/san-pham/{product.slug}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; ngon" in html


def test_hidden_product_page_is_gone_and_the_seller_sees_why(client: Client, shop):
    seller, owner = shop
    product = product_listed(seller, owner)
    moderator = UserFactory(platform_role=PlatformRole.MODERATOR)
    client.force_login(moderator)
    client.post(f"/kiem-duyet/san-pham/{product.id}/an/", {"reason": "Ảnh mờ, chụp lại giúp"})
    assert Product.objects.get(pk=product.pk).status == ProductStatus.HIDDEN
    client.logout()
    assert client.get(f"/san-pham/{product.slug}/").status_code == 404
    client.force_login(owner)
    assert "Ảnh mờ, chụp lại giúp" in client.get("/ban-hang/").content.decode()


def test_shop_page_lists_ocop_products_first(client: Client, shop):
    seller, owner = shop
    product_listed(seller, owner, name="Chè thường")
    product_listed(seller, owner, name="Chè OCOP", ocop_stars=4)
    html = client.get(f"/cua-hang/{seller.slug}/").content.decode()
    assert html.index("Chè OCOP") < html.index("Chè thường")


def test_product_page_query_count_is_fixed(client: Client, many_products, django_assert_max_num_queries):
    product = many_products[0]
    client.get(f"/san-pham/{product.slug}/")  # warm the session and caches
    with django_assert_max_num_queries(8):
        assert client.get(f"/san-pham/{product.slug}/").status_code == 200


def test_search_page_query_count_does_not_grow_with_results(
    client: Client, many_products, django_assert_max_num_queries
):
    client.get("/tim-kiem/", {"q": "che"})
    with django_assert_max_num_queries(7):
        assert client.get("/tim-kiem/", {"q": "che shan"}).status_code == 200


def test_new_household_lists_a_product_from_the_form(client: Client, shop, django_capture_on_commit_callbacks):
    _, owner = shop
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ban-hang/san-pham/moi/",
            {
                "name": "Khoai sâm Sìn Hồ",
                "unit": "kg",
                "price": "45.000",
                "stock": "200",
                "description": "Khoai sâm trồng trên nương.",
                "photos": [jpeg_upload()],
            },
        )
    assert response.status_code == 302
    product = Product.objects.get(name="Khoai sâm Sìn Hồ")
    assert (product.price, product.variants.get().stock, product.photos.count()) == (45000, 200, 1)


def test_product_form_errors_keep_what_was_typed(client: Client, shop):
    _, owner = shop
    client.force_login(owner)
    response = client.post("/ban-hang/san-pham/moi/", {"name": "Mật ong", "unit": "chai", "price": "-5", "stock": "3"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Giá phải" in html and 'value="Mật ong"' in html
    assert Product.objects.count() == 0


def test_seller_pages_need_login(client: Client):
    response = client.get("/ban-hang/san-pham/moi/")
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_english_is_the_second_language(client: Client, many_products):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html


def test_search_page_pages_through_results(client: Client, shop):
    seller, owner = shop
    for i in range(26):
        product_listed(seller, owner, name=f"Gạo Séng Cù túi {i:02d}", category_slug="gao-ngu-coc")
    first = client.get("/tim-kiem/", {"q": "gao seng cu"}).content.decode()
    second = client.get("/tim-kiem/", {"q": "gao seng cu", "page": "2"}).content.decode()
    assert "Trang 1/2" in first and "Trang 2/2" in second
    assert second.count('class="card"') == 2


def test_a_product_in_sizes_says_what_the_shown_price_buys(client: Client, shop):
    from chophien.catalog.services import VariantInput

    seller, owner = shop
    product = product_listed(
        seller,
        owner,
        name="Mắc ca Tam Đường",
        unit="túi",
        variants=[
            VariantInput(label="1 kg", price=380000, stock=5),
            VariantInput(label="500 g", price=200000, stock=9),
        ],
    )

    card = client.get("/tim-kiem/?q=mac+ca").content.decode()
    page = client.get(f"/san-pham/{product.slug}/").content.decode()

    assert '200.000\xa0₫</span> <span class="unit">/ túi 500 g</span>' in card
    # The headline price is the cheapest size's, so it says "từ"; each size says what it costs.
    assert _texts(page, "p", "product-price") == ["từ 200.000 ₫ / túi"]
    assert _texts(page, "label", "choice") == ["1 kg 380.000 ₫ · Còn 5", "500 g 200.000 ₫ · Còn 9"]


def test_a_product_in_one_size_shows_its_price_without_tu(client: Client, shop):
    seller, owner = shop
    product = product_listed(seller, owner, name="Mật ong bạc hà", unit="chai", price=250000, stock=4)

    page = client.get(f"/san-pham/{product.slug}/").content.decode()

    assert _texts(page, "p", "product-price") == ["250.000 ₫ / chai · Còn 4 chai"]
    assert _texts(page, "label", "choice") == []


def _size_radios(html: str) -> dict[str, str]:
    """Each size radio of the buy form: its label's text -> "checked", "disabled" or ""."""
    radios = re.findall(
        r'<label class="choice"><input type="radio" name="variant" value="\d+"([^>]*)>(.*?)</label>', html
    )
    return {
        " ".join(re.sub(r"<[^>]+>", " ", text).split()): " ".join(re.findall(r"\b(checked|disabled)\b", attributes))
        for attributes, text in radios
    }


def test_product_page_picks_the_first_size_in_stock(client: Client, shop):
    from chophien.catalog.services import VariantInput

    seller, owner = shop
    product = product_listed(
        seller,
        owner,
        name="Mắc ca Tam Đường",
        unit="túi",
        variants=[
            VariantInput(label="1 kg", price=380000, stock=0),
            VariantInput(label="500 g", price=200000, stock=9),
            VariantInput(label="250 g", price=110000, stock=3),
        ],
    )

    page = client.get(f"/san-pham/{product.slug}/").content.decode()

    assert _size_radios(page) == {
        "1 kg 380.000 ₫ · Hết hàng": "disabled",
        "500 g 200.000 ₫ · Còn 9": "checked",
        "250 g 110.000 ₫ · Còn 3": "",
    }
    assert "Mua ngay" in page and 'class="panel sold-out"' not in page


def test_product_page_sold_out_in_every_size_says_so_instead_of_a_buy_button(client: Client, shop):
    from chophien.catalog.services import VariantInput

    seller, owner = shop
    product = product_listed(
        seller,
        owner,
        name="Mắc ca Tam Đường",
        unit="túi",
        variants=[
            VariantInput(label="1 kg", price=380000, stock=0),
            VariantInput(label="500 g", price=200000, stock=0),
        ],
    )

    page = client.get(f"/san-pham/{product.slug}/").content.decode()

    assert "Mua ngay" not in page and "Thêm vào giỏ" not in page and 'name="variant"' not in page
    assert _texts(page, "div", "panel sold-out") == [
        "Hết hàng · Cửa hàng đã bán hết sản phẩm này. Hãy quay lại sau, hoặc xem các sản phẩm khác của cửa hàng. "
        "Xem cửa hàng HTX Chè Tả Phìn"
    ]
    assert f'<a class="btn btn-light" href="/cua-hang/{seller.slug}/">' in page
    # each size still says its price and that it is sold out
    assert _texts(page, "ul", "variants") == ["1 kg · 380.000 ₫ Hết hàng 500 g · 200.000 ₫ Hết hàng"]


def test_product_page_sold_out_in_its_one_size_has_no_buy_button(client: Client, shop):
    seller, owner = shop
    product = product_listed(seller, owner, name="Mật ong bạc hà", unit="chai", price=250000, stock=0)

    page = client.get(f"/san-pham/{product.slug}/").content.decode()

    assert _texts(page, "p", "product-price") == ["250.000 ₫ / chai · Hết hàng"]
    assert "Mua ngay" not in page and 'name="variant"' not in page and 'class="panel sold-out"' in page
    assert 'class="variants"' not in page  # one size: the price line already says it


def test_an_english_visitor_reads_the_english_name_on_cards(client: Client, shop):
    seller, owner = shop
    product_listed(seller, owner, name="Hồng trà Tân Uyên", name_en="Tan Uyen black tea", ocop_stars=4)
    product_listed(seller, owner, name="Chè Shan tuyết Tả Phìn", ocop_stars=4)  # no English name

    searched = client.get("/en/tim-kiem/", {"q": "tra"}).content.decode()
    home = client.get("/en/").content.decode()
    vietnamese = client.get("/tim-kiem/", {"q": "tra"}).content.decode()

    english_card = '<h3>Tan Uyen black tea</h3><small class="name-vi" lang="vi">Hồng trà Tân Uyên</small>'
    assert english_card in searched
    assert home.count(english_card) == 2  # "OCOP" and "new on the market"
    assert "<h3>Chè Shan tuyết Tả Phìn</h3>" in home and 'lang="vi">Chè Shan' not in home
    assert "<h3>Hồng trà Tân Uyên</h3>" in vietnamese and "Tan Uyen black tea" not in vietnamese
