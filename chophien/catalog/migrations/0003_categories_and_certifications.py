"""The platform's categories and the certifications a listing can show."""

from django.db import migrations

CATEGORIES = [
    ("che-ca-phe", "Chè, cà phê", "🍵"),
    ("mat-ong", "Mật ong", "🍯"),
    ("thit-gac-bep", "Thịt sấy, gác bếp", "🥩"),
    ("gao-ngu-coc", "Gạo, ngũ cốc", "🌾"),
    ("cu-qua", "Củ, quả tươi", "🍠"),
    ("trai-cay-say", "Trái cây sấy, mứt", "🍑"),
    ("hat-gia-vi", "Hạt, gia vị", "🌰"),
    ("duoc-lieu", "Dược liệu, sâm", "🌿"),
    ("ruou-do-uong", "Đồ uống", "🍶"),
    ("tho-cam", "Thổ cẩm, thủ công", "🧵"),
]
CERTIFICATIONS = [
    ("vietgap", "VietGAP"),
    ("organic", "Hữu cơ"),
    ("gi", "Chỉ dẫn địa lý"),
]


def load(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    Certification = apps.get_model("catalog", "Certification")
    for position, (slug, name, icon) in enumerate(CATEGORIES):
        Category.objects.update_or_create(slug=slug, defaults={"name": name, "icon": icon, "position": position})
    for code, name in CERTIFICATIONS:
        Certification.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_product_seller_links_and_constraints")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
