"""Load the 34 provinces and 3,321 communes/wards from the `vietnam-provinces` package.

Upserts by code, so running it again after a package upgrade changes names and adds new units
without touching addresses that point at existing codes.
"""

import json
import re
import unicodedata

from django.db import migrations


def _fold(text):
    # A copy of core.text.fold: migrations must not import app code.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z0-9]+", " ", stripped.lower()).strip()


def _short(name, division_type):
    for prefix in ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def load(apps, schema_editor):
    import vietnam_provinces

    Province = apps.get_model("places", "Province")
    Ward = apps.get_model("places", "Ward")
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as handle:
        divisions = json.load(handle)
    provinces, wards = [], []
    for item in divisions:
        short = _short(item["name"], item["division_type"])
        provinces.append(Province(code=item["code"], name=item["name"], short_name=short, codename=item["codename"],
                                  division_type=item["division_type"], name_folded=_fold(short)))
        for ward in item["wards"]:
            ward_short = _short(ward["name"], ward["division_type"])
            wards.append(Ward(code=ward["code"], province_id=item["code"], name=ward["name"], short_name=ward_short,
                              division_type=ward["division_type"], name_folded=_fold(ward_short)))
    Province.objects.bulk_create(provinces, update_conflicts=True, unique_fields=["code"],
                                 update_fields=["name", "short_name", "codename", "division_type", "name_folded"])
    Ward.objects.bulk_create(wards, batch_size=500, update_conflicts=True, unique_fields=["code"],
                             update_fields=["province", "name", "short_name", "division_type", "name_folded"])


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
