"""The address picker's pages and API, and the form fields every address form shares."""

import re

import pytest
from django.test import Client

from chophien.places.forms import (
    CHOOSE_FROM_LIST_MESSAGE,
    CHOOSE_FROM_MATCHES_MESSAGE,
    CHOOSE_WARD_MESSAGE,
    NO_MATCH_MESSAGE,
    TYPE_TO_SEARCH_MESSAGE,
    WRONG_PROVINCE_MESSAGE,
    WardPickerForm,
)
from chophien.places.selectors import UNKNOWN_WARD_MESSAGE

pytestmark = pytest.mark.django_db

HA_NOI, LAI_CHAU = 1, 12
CAU_GIAY, NGHIA_DO, SIN_HO = 167, 160, 3478
OPTION = re.compile(r'<li role="option"[^>]*data-code="(\d+)"')


def test_the_search_fragment_lists_the_ward_an_old_name_is_part_of_now_and_says_so(client: Client):
    answer = client.get("/dia-chi/tim-xa-phuong/", {"ward_q": "Dịch Vọng Hậu", "for": "id"})

    html = answer.content.decode()
    assert answer.status_code == 200
    assert OPTION.findall(html) == [str(CAU_GIAY), str(NGHIA_DO)]
    assert "Dịch Vọng Hậu → nay thuộc phường Cầu Giấy" in html
    assert "Dịch Vọng Hậu → một phần nay thuộc phường Nghĩa Đô" in html
    assert 'id="id-match-1"' in html
    assert "<html" not in html


def test_the_search_fragment_ranks_the_chosen_province_first_without_hiding_the_others(client: Client):
    in_lai_chau = client.get("/dia-chi/tim-xa-phuong/", {"q": "son", "province": str(LAI_CHAU)})
    elsewhere = client.get("/dia-chi/tim-xa-phuong/", {"q": "dich vong hau", "province": str(LAI_CHAU)})

    assert 'data-province="12"' in in_lai_chau.content.decode().split("</li>")[0]
    assert OPTION.findall(elsewhere.content.decode()) == [str(CAU_GIAY), str(NGHIA_DO)]


def test_a_search_that_finds_nothing_says_so(client: Client):
    answer = client.get("/dia-chi/tim-xa-phuong/", {"q": "qqqqzzz"})

    assert (answer.status_code, OPTION.findall(answer.content.decode())) == (200, [])
    assert "Không tìm thấy xã/phường nào có tên này" in answer.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "\x00"},
        {"q": "dich\x00vong"},
        {"q": "sin ho", "province": "99999999999999999999999"},
        {"q": "sin ho", "province": "-1"},
        {"q": "sin ho", "province": "abc"},
        {"q": "sin ho", "for": '"><script>'},
        {"q": "a"},
    ],
)
def test_odd_input_to_the_search_fragment_is_never_a_server_error(client: Client, params):
    answer = client.get("/dia-chi/tim-xa-phuong/", params)

    # a NUL is refused before any view (core.middleware, 400); the rest find what they find
    assert answer.status_code == (400 if "\x00" in "".join(params.values()) else 200)
    assert "<script>" not in answer.content.decode()


def test_a_huge_query_to_the_search_fragment_is_a_400_with_the_limit(client: Client):
    answer = client.get("/dia-chi/tim-xa-phuong/", {"q": "x" * 5000})

    assert answer.status_code == 400
    assert "tối đa 100 ký tự" in answer.content.decode()


def test_the_options_of_a_province_mark_the_chosen_ward(client: Client):
    answer = client.get("/dia-chi/xa-phuong-cua-tinh/", {"province": str(LAI_CHAU), "selected": str(SIN_HO)})

    html = answer.content.decode()
    assert answer.status_code == 200
    assert f'<option value="{SIN_HO}" selected>Xã Sìn Hồ</option>' in html
    assert html.count("<option") == 1 + 38  # the prompt and Lai Châu's 38 communes


@pytest.mark.parametrize("province", ["", "abc", "99999999999999999999", "\x00"])
def test_the_options_of_no_province_are_only_the_prompt(client: Client, province):
    answer = client.get("/dia-chi/xa-phuong-cua-tinh/", {"province": province})

    assert answer.status_code == (400 if "\x00" in province else 200)
    assert answer.content.decode().count("<option") == (0 if "\x00" in province else 1)


def test_the_api_searches_wards_with_the_note(client: Client):
    answer = client.get("/api/places/wards/search", {"q": "dich vong hau"})

    assert answer.status_code == 200
    assert answer.json()[0] == {
        "code": CAU_GIAY,
        "name": "Phường Cầu Giấy",
        "province_code": HA_NOI,
        "province_name": "Hà Nội",
        "old_name": "Dịch Vọng Hậu",
        "old_place": "Quận Cầu Giấy, Hà Nội",
        "is_part": False,
        "note": "Dịch Vọng Hậu → nay thuộc phường Cầu Giấy",
    }


def test_the_api_searches_provinces_with_the_note(client: Client):
    answer = client.get("/api/places/provinces/search", {"q": "Hà Giang"})

    assert answer.json()[0] == {
        "code": 8,
        "name": "Tuyên Quang",
        "old_name": "Hà Giang",
        "note": "Hà Giang → Tuyên Quang",
    }


@pytest.mark.parametrize("path", ["/api/places/wards/search", "/api/places/provinces/search"])
def test_the_api_refuses_a_query_over_the_limit(client: Client, path):
    answer = client.get(path, {"q": "x" * 101})

    assert answer.status_code == 422
    assert answer.json() == {"code": "query_too_long", "message": "Tên quá dài (tối đa 100 ký tự).", "field": "q"}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00"},
        {"q": "a"},
        {"q": ""},
        {"q": "qqqqzzz", "province": "99999999999999999999"},
        {"q": "x", "province": "-5"},
    ],
)
def test_the_api_answers_odd_input_with_an_empty_list_or_a_400(client: Client, params):
    answer = client.get("/api/places/wards/search", params)

    if "\x00" in "".join(params.values()):
        assert (answer.status_code, answer.json()["code"]) == (400, "invalid_text")
    elif answer.status_code == 422:  # a number past 64 bits is refused by the API's integer parsing
        assert answer.json()["code"] == "invalid_input"
    else:
        assert (answer.status_code, answer.json()) == (200, [])


def test_the_api_refuses_a_province_that_is_not_a_number(client: Client):
    answer = client.get("/api/places/wards/search", {"q": "sin ho", "province": "abc"})

    assert (answer.status_code, answer.json()["code"]) == (422, "invalid_input")


# The form fields


def form(**data) -> WardPickerForm:
    bound = WardPickerForm(data)
    bound.is_valid()
    return bound


def test_a_chosen_ward_gives_its_province():
    bound = form(ward_code=str(SIN_HO))

    assert bound.errors == {}
    assert (bound.cleaned_data["ward_code"], bound.cleaned_data["province"].pk) == (SIN_HO, LAI_CHAU)


def test_a_ward_of_another_province_is_refused():
    bound = form(province=str(HA_NOI), ward_code=str(SIN_HO))

    assert bound.errors == {"ward_code": [str(WRONG_PROVINCE_MESSAGE)]}


def test_typed_text_that_names_one_ward_is_enough():
    bound = form(ward_q="xã sìn hồ", province=str(LAI_CHAU))

    assert bound.errors == {}
    assert bound.cleaned_data["ward_code"] == SIN_HO
    assert bound.picker.selected == SIN_HO


def test_typed_text_that_names_several_wards_asks_to_choose_and_lists_them():
    bound = form(ward_q="dich vong hau")

    assert bound.errors == {"ward_code": [str(CHOOSE_FROM_MATCHES_MESSAGE)]}
    assert [code for code, _ in bound.picker.options] == [CAU_GIAY, NGHIA_DO]
    assert bound.picker.options[0][1] == "Phường Cầu Giấy, Hà Nội (Dịch Vọng Hậu)"
    assert bound.picker.query == "dich vong hau"


def test_the_search_button_lists_matches_and_never_passes():
    bound = form(ward_q="xa sin ho", ward_search="1", ward_code=str(SIN_HO))

    assert bound.errors == {"ward_code": [str(CHOOSE_FROM_MATCHES_MESSAGE)]}
    assert bound.picker.options[0] == (SIN_HO, "Xã Sìn Hồ, Lai Châu")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, CHOOSE_WARD_MESSAGE),
        ({"ward_q": "qqqqzzz"}, NO_MATCH_MESSAGE),
        ({"ward_code": "999999"}, UNKNOWN_WARD_MESSAGE),
        ({"ward_code": "99999999999999999999999"}, UNKNOWN_WARD_MESSAGE),
        ({"ward_code": "-3"}, UNKNOWN_WARD_MESSAGE),
        ({"ward_code": "abc"}, UNKNOWN_WARD_MESSAGE),
    ],
)
def test_a_missing_or_unknown_ward_is_a_clear_message(data, message):
    assert form(**data).errors == {"ward_code": [str(message)]}


@pytest.mark.parametrize("province", ["99999999999999999999999", "abc", "12\x00", "-1"])
def test_an_unknown_province_is_a_clear_message(province):
    assert list(form(province=province, ward_code=str(SIN_HO)).errors) == ["province"]


def test_nul_and_overlong_text_are_form_errors():
    assert list(form(ward_q="sin\x00ho").errors) == ["ward_q"]
    assert list(form(ward_q="x" * 101).errors) == ["ward_q"]


def test_an_unbound_form_draws_its_initial_choice():
    picker = WardPickerForm(initial={"province": str(LAI_CHAU), "ward_code": str(SIN_HO)}).picker

    assert (picker.province_code, picker.selected, len(picker.options)) == (LAI_CHAU, SIN_HO, 38)


def test_matches_outside_the_chosen_province_leave_the_province_to_the_commune_picked():
    bound = form(province=str(LAI_CHAU), ward_q="dich vong hau", ward_search="1")

    assert [code for code, _ in bound.picker.options] == [CAU_GIAY, NGHIA_DO]
    assert bound.picker.province_code is None


def test_a_whole_name_in_the_chosen_province_is_enough_where_other_provinces_have_it_too():
    # "Phường 1" was a name in many towns; today's "Xã Tân Hòa"-like names repeat across provinces
    anywhere = form(ward_q="xa tan hoa")
    assert "ward_code" in anywhere.errors

    province = anywhere.ward_matches[0].province_code
    chosen = form(ward_q="xa tan hoa", province=str(province))
    assert chosen.errors == {}
    assert chosen.cleaned_data["province"].pk == province


def test_the_search_button_without_text_lists_the_provinces_communes():
    # a phone without JavaScript: the province's communes come with the page after "Tìm"
    bound = form(province=str(LAI_CHAU), ward_search="1")

    assert bound.errors == {"ward_code": [str(CHOOSE_FROM_LIST_MESSAGE)]}
    assert (bound.picker.province_code, len(bound.picker.options)) == (LAI_CHAU, 38)


def test_the_search_button_without_text_or_province_says_what_to_do():
    assert form(ward_search="1").errors == {"ward_code": [str(TYPE_TO_SEARCH_MESSAGE)]}
