import importlib

import pytest
from django.apps import apps
from django.db.models import Count

from chophien.core.text import fold
from chophien.places.models import Province, Ward

pytestmark = pytest.mark.django_db

load_divisions = importlib.import_module("chophien.places.migrations.0002_load_divisions_from_vietnam_provinces").load


def test_the_data_migration_loaded_the_34_provinces_and_3321_wards_of_2025():
    assert Province.objects.count() == 34
    assert Ward.objects.count() == 3321


def test_lai_chau_has_xa_sin_ho():
    # when
    sin_ho = Ward.objects.select_related("province").get(province__short_name="Lai Châu", name="Xã Sìn Hồ")

    # then
    assert (sin_ho.code, sin_ho.short_name, sin_ho.division_type, sin_ho.name_folded) == (
        3478,
        "Sìn Hồ",
        "xã",
        "sin ho",
    )
    assert (sin_ho.province.code, sin_ho.province.name, sin_ho.province.name_folded) == (12, "Lai Châu", "lai chau")
    assert str(sin_ho) == "Xã Sìn Hồ, Lai Châu"


def test_merged_provinces_are_gone_and_cities_keep_their_title():
    assert not Province.objects.filter(short_name__in=["Hà Giang", "Yên Bái", "Bắc Kạn"]).exists()
    hanoi = Province.objects.get(code=1)
    assert (hanoi.name, hanoi.short_name, str(hanoi)) == ("Thành phố Hà Nội", "Hà Nội", "Hà Nội")


def test_every_province_has_wards_and_every_ward_is_a_commune_ward_or_special_zone():
    assert list(Province.objects.annotate(n=Count("wards")).filter(n=0)) == []
    assert set(Ward.objects.values_list("division_type", flat=True)) == {"xã", "phường", "đặc khu"}


def test_the_migrations_copy_of_fold_agrees_with_core_fold_on_every_name():
    # given: the migration keeps its own copy of fold(); search compares its output with core.text.fold
    provinces = Province.objects.values_list("short_name", "name_folded")
    wards = Ward.objects.values_list("short_name", "name_folded")

    # then
    assert [name for name, folded in provinces if fold(name) != folded] == []
    assert [name for name, folded in wards if fold(name) != folded] == []


def test_short_names_drop_only_the_division_word():
    ba_dinh, sin_ho = Ward.objects.get(code=4), Ward.objects.get(code=3478)
    assert (ba_dinh.name, ba_dinh.short_name) == ("Phường Ba Đình", "Ba Đình")
    assert (sin_ho.name, sin_ho.short_name) == ("Xã Sìn Hồ", "Sìn Hồ")


def test_loading_again_updates_by_code_without_adding_rows():
    # given: a name changed by hand since the load
    Ward.objects.filter(code=3478).update(name="Xã Cũ", short_name="Cũ", name_folded="cu")
    Province.objects.filter(code=12).update(short_name="Tên Cũ", name_folded="ten cu")

    # when
    load_divisions(apps, None)

    # then
    assert (Province.objects.count(), Ward.objects.count()) == (34, 3321)
    sin_ho = Ward.objects.select_related("province").get(code=3478)
    assert (sin_ho.name, sin_ho.short_name, sin_ho.name_folded) == ("Xã Sìn Hồ", "Sìn Hồ", "sin ho")
    assert (sin_ho.province.short_name, sin_ho.province.name_folded) == ("Lai Châu", "lai chau")
