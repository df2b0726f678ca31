import pytest

from chophien.places import legacy
from chophien.places.selectors import province_choices, province_search, ward_search

pytestmark = pytest.mark.django_db

HA_NOI, LAI_CHAU, TUYEN_QUANG, BAC_NINH = 1, 12, 8, 24
CAU_GIAY, NGHIA_DO, SIN_HO = 167, 160, 3478


def summary(matches) -> list[tuple]:
    return [(m.code, m.name, m.province_name, m.old_name, m.is_part) for m in matches]


@pytest.mark.parametrize("query", ["Xã Sìn Hồ", "sìn hồ", "sin ho", "SIN HO", "xa sin ho", "  sin   ho "])
def test_a_commune_is_found_with_and_without_diacritics(query):
    matches = ward_search(query=query)

    assert summary(matches)[0] == (SIN_HO, "Xã Sìn Hồ", "Lai Châu", "", False)


def test_an_unaccented_name_from_before_the_merger_finds_the_ward_it_is_part_of_now():
    matches = ward_search(query="dich vong hau")

    assert summary(matches) == [
        (CAU_GIAY, "Phường Cầu Giấy", "Hà Nội", "Dịch Vọng Hậu", False),
        (NGHIA_DO, "Phường Nghĩa Đô", "Hà Nội", "Dịch Vọng Hậu", True),  # a part of it went there
    ]
    assert matches[0].old_place == "Quận Cầu Giấy, Hà Nội"
    assert matches[0].new_name_lower == "phường Cầu Giấy"


def test_dich_vong_finds_both_old_wards_the_exact_name_first():
    matches = ward_search(query="Dịch Vọng")

    assert [(m.old_name, m.code) for m in matches] == [
        ("Dịch Vọng", CAU_GIAY),
        ("Dịch Vọng", NGHIA_DO),
        ("Dịch Vọng Hậu", CAU_GIAY),
        ("Dịch Vọng Hậu", NGHIA_DO),
    ]


def test_todays_name_comes_before_old_names_that_are_now_part_of_it():
    matches = ward_search(query="cau giay")

    assert summary(matches)[0] == (CAU_GIAY, "Phường Cầu Giấy", "Hà Nội", "", False)
    assert {m.old_name for m in matches[1:3]} == {"Dịch Vọng", "Dịch Vọng Hậu"}


def test_an_old_name_that_is_still_todays_is_not_listed_twice():
    matches = ward_search(query="sin ho", province_code=LAI_CHAU)

    assert [m.old_name for m in matches if m.code == SIN_HO] == [""]


def test_the_province_narrows_the_search_or_comes_first():
    assert {m.province_code for m in ward_search(query="son", province_code=LAI_CHAU)} == {LAI_CHAU}
    assert ward_search(query="dich vong hau", province_code=LAI_CHAU) == []
    preferred = ward_search(query="son", prefer_province_code=LAI_CHAU, limit=50)
    codes = [m.province_code for m in preferred]
    assert codes[0] == LAI_CHAU and LAI_CHAU not in codes[codes.index(next(c for c in codes if c != LAI_CHAU)) :]
    assert [m.code for m in ward_search(query="dich vong hau", prefer_province_code=LAI_CHAU)] == [CAU_GIAY, NGHIA_DO]


def test_the_words_may_name_the_old_district_or_province():
    # "Mèo Vạc, Hà Giang" of before: the town and district of Mèo Vạc, now in Tuyên Quang
    matches = ward_search(query="meo vac ha giang")

    assert matches
    assert {m.province_name for m in matches} == {"Tuyên Quang"}


@pytest.mark.parametrize("query", ["", " ", "a", "@@", "\x00", "\x00\x00\x00", "x" * 101, "\ud800", "🙂🙂"])
def test_too_little_or_too_much_finds_nothing(query):
    assert ward_search(query=query) == []


def test_the_number_of_results_is_bounded():
    assert len(ward_search(query="xa")) == 10
    assert len(ward_search(query="xa", limit=10_000)) == 50


def test_a_merged_province_is_found_under_its_old_name():
    # the whole name first; "Hậu Giang" (now Cần Thơ) begins with the same letters
    assert [(m.code, m.name, m.old_name) for m in province_search(query="ha giang")] == [
        (TUYEN_QUANG, "Tuyên Quang", "Hà Giang"),
        (92, "Cần Thơ", "Hậu Giang"),
    ]
    assert [(m.code, m.old_name) for m in province_search(query="Bắc Giang")] == [(BAC_NINH, "Bắc Giang")]
    assert [(m.code, m.old_name) for m in province_search(query="Tuyên Quang")] == [(TUYEN_QUANG, "")]


def test_the_province_list_holds_the_34_provinces_and_the_29_merged_ones_in_alphabetical_order():
    choices = province_choices()

    assert len([c for c in choices if not c.old_name]) == 34
    assert len([c for c in choices if c.old_name]) == 29
    names = [c.old_name or c.name for c in choices]
    ha = names.index("Hà Giang")
    assert names[ha - 1 : ha + 2] == ["Gia Lai", "Hà Giang", "Hà Nam"]


def test_the_old_units_come_from_the_packages_data():
    # 10,040 old communes, every one of them with a commune of today
    assert len(legacy.old_wards()) == 10_040
    assert all(old.new_wards for old in legacy.old_wards())
    assert len(legacy.old_provinces()) == 29
