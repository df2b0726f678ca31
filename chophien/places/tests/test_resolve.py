import pytest

from chophien.places.selectors import ResolvedPlace, place_resolve

pytestmark = pytest.mark.django_db


def summary(place: ResolvedPlace) -> tuple:
    """(province code, ward code, candidate ward codes) of a resolved place."""
    return (
        place.province.code if place.province else None,
        place.ward.code if place.ward else None,
        [ward.code for ward in place.ward_candidates],
    )


LAI_CHAU, TUYEN_QUANG, LAO_CAI, THANH_HOA, HA_NOI = 12, 8, 15, 38, 1
SIN_HO, MEO_VAC, LUC_YEN, QUAN_BA, QUAN_SON_THANH_HOA, BA_DINH = 3478, 769, 4303, 874, 15016, 4


@pytest.mark.parametrize(
    "text",
    ["Xã Sìn Hồ, Lai Châu", "xa sin ho, lai chau", "XÃ SÌN HỒ, TỈNH LAI CHÂU", "Bản Nậm Tăm, Xã Sìn Hồ, Lai Châu"],
)
def test_a_new_style_address_resolves_to_its_ward(text):
    # when
    place = place_resolve(text)

    # then
    assert summary(place) == (LAI_CHAU, SIN_HO, [])
    assert (place.province.short_name, place.ward.name) == ("Lai Châu", "Xã Sìn Hồ")


def test_an_old_district_name_gives_the_province_and_the_communes_named_after_it():
    # when
    place = place_resolve("Sìn Hồ, Lai Châu")

    # then
    assert (place.province.short_name, place.ward) == ("Lai Châu", None)
    assert [ward.name for ward in place.ward_candidates] == ["Xã Sìn Hồ"]
    assert summary(place) == (LAI_CHAU, None, [SIN_HO])


def test_an_old_address_in_merged_ha_giang_resolves_to_tuyen_quang():
    # when
    place = place_resolve("Thị trấn Mèo Vạc, huyện Mèo Vạc, tỉnh Hà Giang")

    # then
    assert (place.province.short_name, place.ward.name) == ("Tuyên Quang", "Xã Mèo Vạc")
    assert summary(place) == (TUYEN_QUANG, MEO_VAC, [])


def test_an_old_district_of_merged_yen_bai_resolves_to_lao_cai():
    place = place_resolve("Lục Yên, Yên Bái")
    assert place.province.short_name == "Lào Cai"
    assert summary(place) == (LAO_CAI, None, [LUC_YEN])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # district names that fold to a division word followed by a name ("quan ba" reads as "quận Ba")
        ("Quản Bạ, Hà Giang", (TUYEN_QUANG, None, [QUAN_BA])),
        ("Quan Sơn, Thanh Hóa", (THANH_HOA, None, [QUAN_SON_THANH_HOA])),
        # a real division word is still dropped
        ("Quận Ba Đình, Hà Nội", (HA_NOI, None, [BA_DINH])),
        ("Huyện Sìn Hồ, Tỉnh Lai Châu", (LAI_CHAU, None, [SIN_HO])),
    ],
)
def test_district_names_that_begin_like_a_division_word(text, expected):
    assert summary(place_resolve(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lai Châu", (LAI_CHAU, None, [])),
        ("Hà Giang", (TUYEN_QUANG, None, [])),
        ("Xã Không Có, Lai Châu", (LAI_CHAU, None, [])),
    ],
)
def test_a_province_alone_or_an_unknown_commune_gives_only_the_province(text, expected):
    assert summary(place_resolve(text)) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", None, ",", ",,,", "@@@###", "12345", "\x00", "a, b, c", "Không phải địa chỉ", "x" * 5000, "🙂, 🙂"],
)
def test_empty_or_garbage_text_resolves_to_nothing_without_an_error(text):
    assert summary(place_resolve(text)) == (None, None, [])
