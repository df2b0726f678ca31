"""Search in English: glossary words become the Vietnamese words they mean, on SQLite and PostgreSQL alike
(the suite runs on both; every expectation here is exact, so both databases give the same answer)."""

import pytest
from django.db import connection
from django.test import Client

from chophien.catalog import services
from chophien.catalog.glossary import glossary
from chophien.catalog.models import Product
from chophien.catalog.search import glossary_split, query_words, search_filter, typed_words
from chophien.catalog.selectors import SearchFilters, product_search, visible_products
from chophien.catalog.tests.factories import product_listed
from chophien.core.errors import ValidationError
from chophien.sellers.tests.factories import seller_with_owner

pytestmark = pytest.mark.django_db

# (name, category, OCOP stars, English name)
LISTINGS = [
    ("Chè Shan tuyết Tả Phìn", "che-ca-phe", 4, ""),
    ("Hồng trà Tân Uyên", "che-ca-phe", None, "Tan Uyen black tea"),
    ("Cà phê Arabica Sơn La", "che-ca-phe", None, ""),
    ("Mật ong bạc hà Mèo Vạc", "mat-ong", 5, ""),
    ("Mật ong rừng Than Uyên", "mat-ong", None, ""),
    ("Sâm Lai Châu", "duoc-lieu", 5, ""),
    ("Tam thất Bát Xát", "duoc-lieu", None, ""),
    ("Thịt trâu gác bếp", "thit-gac-bep", None, ""),
    ("Thịt bò gác bếp Đồng Văn", "thit-gac-bep", None, ""),
    ("Ba chỉ gác bếp Lai Châu", "thit-gac-bep", None, ""),
    ("Lạp xưởng gác bếp", "thit-gac-bep", None, ""),
    ("Hạt mắc ca Điện Biên", "hat-gia-vi", 3, ""),
    ("Thảo quả khô Bát Xát", "hat-gia-vi", None, ""),
    ("Hạt dổi rừng", "hat-gia-vi", None, ""),
    ("Gạo Séng Cù Mường Khương", "gao-ngu-coc", None, ""),
    ("Gạo nương Sìn Hồ", "gao-ngu-coc", None, ""),
    ("Miến dong Nguyên Bình", "gao-ngu-coc", None, ""),
    ("Cốm Tú Lệ", "gao-ngu-coc", None, "Tu Le young rice flakes"),
    ("Nấm hương rừng Sa Pa", "cu-qua", None, ""),
    ("Khoai sâm Sìn Hồ", "cu-qua", None, ""),
    ("Măng khô Tả Phìn", "cu-qua", None, ""),
    ("Mận hậu Mộc Châu", "cu-qua", None, ""),
    ("Gừng Xín Mần", "cu-qua", None, ""),  # "Mần" folds to "man", as "mận" (plum) does
]


@pytest.fixture
def market():
    # A shop whose name holds no product word, so that only the products' own words are matched.
    seller, owner = seller_with_owner(name="Hộ Giàng Páo")
    return {
        name: product_listed(
            seller, owner, name=name, category_slug=category, ocop_stars=stars, name_en=name_en, price=100000
        )
        for name, category, stars, name_en in LISTINGS
    }


def names(query, **filters):
    return [card.name for card in product_search(filters=SearchFilters(query=query, **filters)).items]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # Names holding the words first (OCOP stars, then the shorter name), then what matches by its
        # category ("Chè, cà phê", "Dược liệu, sâm", "Gạo, ngũ cốc"), as a Vietnamese query does.
        ("honey", ["Mật ong bạc hà Mèo Vạc", "Mật ong rừng Than Uyên"]),
        ("tea", ["Chè Shan tuyết Tả Phìn", "Hồng trà Tân Uyên", "Cà phê Arabica Sơn La"]),
        ("Shan tuyet tea", ["Chè Shan tuyết Tả Phìn"]),
        ("ginseng", ["Sâm Lai Châu", "Khoai sâm Sìn Hồ", "Tam thất Bát Xát"]),
        ("dried buffalo meat", ["Thịt trâu gác bếp"]),
        ("macadamia", ["Hạt mắc ca Điện Biên"]),
        ("smoked pork", ["Ba chỉ gác bếp Lai Châu"]),
        ("black cardamom", ["Thảo quả khô Bát Xát"]),
        ("rice", ["Gạo nương Sìn Hồ", "Gạo Séng Cù Mường Khương", "Cốm Tú Lệ", "Miến dong Nguyên Bình"]),
        ("mushroom", ["Nấm hương rừng Sa Pa"]),
        ("Mushrooms", ["Nấm hương rừng Sa Pa"]),
        ("dried bamboo shoots", ["Măng khô Tả Phìn"]),
        ("doi seeds", ["Hạt dổi rừng"]),
        ("glass noodles", ["Miến dong Nguyên Bình"]),
        ("black tea", ["Hồng trà Tân Uyên"]),
        ("beef jerky", ["Thịt bò gác bếp Đồng Văn"]),
        ("MACADAMYA", ["Hạt mắc ca Điện Biên"]),  # a typo of a glossary word
    ],
)
def test_english_words_find_the_vietnamese_products_they_mean(market, typed, expected):
    assert names(typed) == expected


def test_a_name_that_starts_with_the_word_comes_before_one_that_has_it_further_on(market):
    assert names("plum") == ["Mận hậu Mộc Châu", "Gừng Xín Mần"]


def test_an_english_query_with_a_place_the_glossary_does_not_know_narrows_to_it(market):
    # "Meo Vac" and "Than Uyen" are not English: they are matched as typed, at words' starts.
    assert names("Meo Vac honey") == ["Mật ong bạc hà Mèo Vạc"]
    assert names("honey from Than Uyen") == ["Mật ong rừng Than Uyên"]


def test_an_english_word_no_product_has_is_left_out_rather_than_finding_nothing(market):
    assert names("pure honey") == ["Mật ong bạc hà Mèo Vạc", "Mật ong rừng Than Uyên"]
    assert names("organic tea") == ["Chè Shan tuyết Tả Phìn", "Hồng trà Tân Uyên", "Cà phê Arabica Sơn La"]


def test_the_english_name_is_searched_too(market):
    # "flakes" is only in an English name; "rice" is a glossary word that also starts a word of it.
    assert names("rice flakes") == ["Cốm Tú Lệ"]
    assert names("Tan Uyen black tea") == ["Hồng trà Tân Uyên"]


def test_an_english_name_given_later_is_found_at_once(market):
    product = market["Lạp xưởng gác bếp"]
    assert names("sausage") == ["Lạp xưởng gác bếp"]
    assert names("chorizo") == []

    services.product_update(product=product, by=product.seller.members.get().user, name_en="Smoked chorizo")

    assert names("chorizo") == ["Lạp xưởng gác bếp"]
    assert names("smoked sausage") == ["Lạp xưởng gác bếp"]


def test_english_search_keeps_the_filters(market):
    assert names("tea", ocop_min_stars=4) == ["Chè Shan tuyết Tả Phìn"]
    assert names("honey", category_slug="che-ca-phe") == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("mat ong", ["Mật ong bạc hà Mèo Vạc", "Mật ong rừng Than Uyên"]),
        ("mật ong rừng", ["Mật ong rừng Than Uyên"]),
        ("thit trau", ["Thịt trâu gác bếp"]),
        ("chè", ["Chè Shan tuyết Tả Phìn", "Hồng trà Tân Uyên", "Cà phê Arabica Sơn La"]),
        ("gao", ["Gạo nương Sìn Hồ", "Gạo Séng Cù Mường Khương", "Cốm Tú Lệ", "Miến dong Nguyên Bình"]),
    ],
)
def test_a_vietnamese_query_is_searched_as_before(market, typed, expected):
    assert names(typed) == expected


def test_a_vietnamese_query_builds_the_same_sql_as_before(market):
    from chophien.catalog.search import _vietnamese_filter, correct_words, query_words

    for typed in ("che shan tuyet", "Mật ong bạc hà", "khaoi sam", "thit trau gac bep"):
        expected = _vietnamese_filter(visible_products(), correct_words(query_words(typed)))
        assert str(search_filter(visible_products(), typed).query) == str(expected.query)


def test_a_word_typed_with_vietnamese_letters_is_never_translated(market):
    assert [item.phrases for item in glossary_split(["tea"], glossary())] == [("che", "tra")]
    assert glossary_split(["tea"], glossary(), vietnamese=[True]) == ["tea"]
    assert glossary_split(["black", "tea"], glossary(), vietnamese=[True, False])[0] == "black"
    # A buyer who copies the Vietnamese name and adds an English word.
    assert names("Shan tuyết tea") == ["Chè Shan tuyết Tả Phìn"]


@pytest.mark.parametrize("typed", ["Chè Shan tuyết, cổ thụ!", "mật-ong  rừng", "tea;honey", "a b c d e f g h i j"])
def test_typed_words_are_the_words_searched(typed):
    assert [word for word, _ in typed_words(typed)] == query_words(typed)


def test_the_english_search_page_spends_no_more_queries_than_a_vietnamese_one(
    client: Client, market, django_assert_max_num_queries
):
    client.get("/tim-kiem/", {"q": "tea"})
    # The same limit as test_views.test_search_page_query_count_does_not_grow_with_results.
    with django_assert_max_num_queries(7):
        response = client.get("/tim-kiem/", {"q": "pure shan tuyet tea"})
    assert response.status_code == 200
    assert "Chè Shan tuyết Tả Phìn" in response.content.decode()


def test_the_search_api_answers_english_queries_with_the_english_name(client: Client, market):
    body = client.get("/api/products", {"q": "black tea"}).json()
    assert [(item["name"], item["name_en"]) for item in body["items"]] == [("Hồng trà Tân Uyên", "Tan Uyen black tea")]


def test_a_too_long_english_name_is_refused_with_the_limit():
    seller, owner = seller_with_owner()
    with pytest.raises(ValidationError) as error:
        product_listed(seller, owner, name_en="x" * 121)
    assert (error.value.code, error.value.field) == ("name_en_too_long", "name_en")
    assert "120" in error.value.message


@pytest.mark.postgres
def test_an_english_query_is_served_by_the_trigram_index(market):
    # All products, not the visible ones: on a table this small the planner would rather walk the
    # status index, which says nothing about the search condition.
    queryset = search_filter(Product.objects.all(), "dried buffalo meat").values_list("id")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "catalog_product_search_trgm" in plan, plan
    assert "~ '\\m(dried buffalo meat|thit trau say\\M|" in plan


def test_an_english_visitor_reads_the_english_names_on_the_product_page(client: Client, market):
    product = market["Hồng trà Tân Uyên"]

    english = client.get(f"/en/san-pham/{product.slug}/").content.decode()
    vietnamese = client.get(f"/san-pham/{product.slug}/").content.decode()

    assert '<h1>Tan Uyen black tea <small class="meta" lang="vi">Hồng trà Tân Uyên</small></h1>' in english
    assert ">Tea &amp; coffee</a></li>" in english
    assert "<h1>Hồng trà Tân Uyên</h1>" in vietnamese
    assert "Tan Uyen black tea" not in vietnamese and ">Chè, cà phê</a></li>" in vietnamese


def test_a_product_without_an_english_name_keeps_its_name_for_an_english_visitor(client: Client, market):
    html = client.get(f"/en/san-pham/{market['Thịt trâu gác bếp'].slug}/").content.decode()
    assert "<h1>Thịt trâu gác bếp</h1>" in html
    assert ">Smoked &amp; dried meat</a></li>" in html


def test_english_pages_name_the_categories_in_english(client: Client, market):
    home = client.get("/en/").content.decode()
    category = client.get("/en/danh-muc/mat-ong/").content.decode()
    assert "&nbsp;Honey</a>" in home and "&nbsp;Mật ong</a>" not in home
    assert "<h1>Honey</h1>" in category


def test_the_seller_writes_the_english_name_in_the_product_form(client: Client, django_capture_on_commit_callbacks):
    seller, owner = seller_with_owner()
    client.force_login(owner)
    form = client.get("/ban-hang/san-pham/moi/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ban-hang/san-pham/moi/",
            {"name": "Thịt trâu gác bếp", "name_en": "  Smoked   buffalo jerky ", "unit": "kg", "price": "900000",
             "stock": "10"},
        )  # fmt: skip
    product = seller.products.get()
    edit = client.get(f"/ban-hang/san-pham/{product.id}/sua/").content.decode()

    assert "Tên tiếng Anh (không bắt buộc)" in form
    assert response.status_code == 302
    assert product.name_en == "Smoked buffalo jerky"
    assert 'value="Smoked buffalo jerky"' in edit
    assert names("buffalo jerky") == ["Thịt trâu gác bếp"]


def test_a_too_long_english_name_in_the_form_is_shown_next_to_it_and_nothing_typed_is_lost(client: Client):
    seller, owner = seller_with_owner()
    client.force_login(owner)
    response = client.post(
        "/ban-hang/san-pham/moi/",
        {"name": "Mật ong rừng", "name_en": "Wild honey " * 12, "unit": "chai", "price": "300000", "stock": "5"},
    )
    html = response.content.decode()

    assert response.status_code == 422
    assert 'value="Mật ong rừng"' in html and "Wild honey Wild honey" in html
    assert html.count('class="error"') == 1
    after_field = html[html.index('name="name_en"') :]
    assert after_field.index('class="error"') < after_field.index("</form>")
    assert "120" in after_field[: after_field.index("</form>")]
    assert seller.products.count() == 0


def test_the_api_writes_and_reads_the_english_name(client: Client):
    from chophien.accounts.services import api_token_issue

    _, owner = seller_with_owner()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=owner)}"}
    created = client.post(
        "/api/seller/products",
        {"name": "Hạt mắc ca Điện Biên", "name_en": "Macadamia nuts", "price": 320000, "stock": 50,
         "category": "hat-gia-vi"},
        content_type="application/json",
        **bearer,
    ).json()  # fmt: skip
    public = client.get(f"/api/products/{created['id']}").json()
    cleared = client.patch(
        f"/api/seller/products/{created['id']}", {"name_en": ""}, content_type="application/json", **bearer
    ).json()
    too_long = client.post(
        "/api/seller/products",
        {"name": "Mắc ca", "name_en": "x" * 121, "price": 1000, "stock": 1},
        content_type="application/json",
        **bearer,
    )

    assert (created["name_en"], created["category"], created["category_en"]) == (
        "Macadamia nuts",
        "Hạt, gia vị",
        "Nuts & spices",
    )
    assert (public["name_en"], public["category_en"]) == ("Macadamia nuts", "Nuts & spices")
    assert cleared["name_en"] == ""
    assert (too_long.status_code, too_long.json()["code"]) == (422, "invalid_input")
    assert "name_en" in too_long.json()["message"]


# Each English example and the folded Vietnamese words of the demo products it means.
DEMO_EXAMPLES = [
    ("honey", "mat ong"),
    ("tea", "che"),
    ("Shan tuyet tea", "shan tuyet"),
    ("ginseng", "sam"),
    ("dried buffalo meat", "thit trau say"),
    ("macadamia", "mac ca"),
    ("smoked pork", "ba chi gac bep"),
    ("black cardamom", "thao qua"),
    ("rice", "gao"),
    ("mushroom", "nam huong"),
]


def test_on_the_demo_data_the_products_named_so_come_first():
    from chophien.catalog.demo.data import product_seeds
    from chophien.catalog.demo.loader import demo_load
    from chophien.core.text import fold

    demo_load(with_photos=False)  # once: 178 products
    for typed, named in DEMO_EXAMPLES:
        expected = sorted(seed.name for seed in product_seeds() if f" {named} " in f" {fold(seed.name)} ")

        found = [card.name for card in product_search(filters=SearchFilters(query=typed), page_size=60).items]

        assert expected, typed
        assert sorted(found[: len(expected)]) == expected, typed
