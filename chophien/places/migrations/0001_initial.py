from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="Province",
            fields=[
                ("code", models.PositiveIntegerField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=80)),
                ("short_name", models.CharField(max_length=80)),
                ("codename", models.SlugField(max_length=80, unique=True)),
                ("division_type", models.CharField(max_length=40)),
                ("name_folded", models.CharField(db_index=True, max_length=80)),
            ],
            options={"ordering": ["short_name"], "verbose_name": "tỉnh/thành phố", "verbose_name_plural": "tỉnh/thành phố"},
        ),
        migrations.CreateModel(
            name="Ward",
            fields=[
                ("code", models.PositiveIntegerField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=120)),
                ("short_name", models.CharField(max_length=120)),
                ("division_type", models.CharField(max_length=40)),
                ("name_folded", models.CharField(db_index=True, max_length=120)),
                ("province", models.ForeignKey(on_delete=models.deletion.PROTECT, related_name="wards", to="places.province")),
            ],
            options={"ordering": ["name"], "verbose_name": "xã/phường", "verbose_name_plural": "xã/phường"},
        ),
    ]
