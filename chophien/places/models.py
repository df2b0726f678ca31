"""The 34 provinces and their communes/wards after the reform of 1 July 2025.

Rows are loaded from the `vietnam-provinces` package by a data migration, never typed by hand.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.PositiveIntegerField(primary_key=True)
    name = models.CharField(max_length=80)  # "Lai Châu", "Thành phố Hà Nội"
    short_name = models.CharField(max_length=80)  # "Lai Châu", "Hà Nội"
    codename = models.SlugField(max_length=80, unique=True)
    division_type = models.CharField(max_length=40)
    name_folded = models.CharField(max_length=80, db_index=True)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = _("tỉnh/thành phố")

    def __str__(self) -> str:
        return self.short_name


class Ward(models.Model):
    code = models.PositiveIntegerField(primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="wards")
    name = models.CharField(max_length=120)  # "Xã Sìn Hồ"
    short_name = models.CharField(max_length=120)  # "Sìn Hồ"
    division_type = models.CharField(max_length=40)  # xã, phường, đặc khu
    name_folded = models.CharField(max_length=120, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("xã/phường")
        verbose_name_plural = _("xã/phường")

    def __str__(self) -> str:
        return f"{self.name}, {self.province.short_name}"
