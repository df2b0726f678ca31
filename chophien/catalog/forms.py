from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chophien.core.errors import DomainError
from chophien.core.money import parse_price

from .models import Category, Unit
from .selectors import MAX_QUERY_LENGTH, SearchFilters
from .services import parse_stock


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        # The validator fills in %(limit_value)s: one message, shared with selectors.check_query.
        error_messages={"max_length": _("Từ khoá tìm kiếm quá dài (tối đa %(limit_value)s ký tự).")},
    )
    province = forms.IntegerField(required=False, min_value=1, max_value=999_999)  # codes have 2 digits
    category = forms.SlugField(required=False)
    ocop = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Tất cả")), ("3", _("Từ 3 sao")), ("4", _("Từ 4 sao")), ("5", _("5 sao"))],
    )
    price_min = forms.IntegerField(required=False, min_value=0, max_value=1_000_000_000)
    price_max = forms.IntegerField(required=False, min_value=0, max_value=1_000_000_000)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def filters(self, *, category_slug: str | None = None) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            query=data.get("q") or "",
            province_code=data.get("province"),
            category_slug=category_slug or data.get("category") or None,
            ocop_min_stars=data.get("ocop"),
            price_min=data.get("price_min"),
            price_max=data.get("price_max"),
        )

    def page_number(self) -> int:
        return (self.cleaned_data.get("page") if hasattr(self, "cleaned_data") else None) or 1

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input (Django's documented pattern); each is checked by the service."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultiplePhotoField, self).clean(item, initial) for item in files]


class ProductForm(forms.Form):
    name = forms.CharField(
        label=_("Tên sản phẩm"),
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Khoai sâm Sìn Hồ")}),
    )
    photos = MultiplePhotoField(
        label=_("Ảnh sản phẩm"), required=False, widget=MultipleFileInput(attrs={"accept": "image/*"})
    )
    unit = forms.ChoiceField(label=_("Bán theo"), choices=Unit.choices, initial=Unit.KG)
    # Text, not a number pad: "35k", "1tr2", "50 kg" are how people write them (core.money, core.quantities).
    price = forms.CharField(
        label=_("Giá (đồng)"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: 35k hoặc 35000"), "autocomplete": "off"}),
    )
    stock = forms.CharField(
        label=_("Số lượng có"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: 50 hoặc 50 kg"), "autocomplete": "off"}),
    )
    category = forms.ModelChoiceField(
        label=_("Loại"), queryset=Category.objects.all(), required=False, empty_label=_("Chọn loại (không bắt buộc)")
    )
    description = forms.CharField(
        label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    # Last: optional, and a household listing its first product should not stop at it.
    name_en = forms.CharField(
        label=_("Tên tiếng Anh (không bắt buộc)"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Sìn Hồ yacon"), "lang": "en"}),
    )

    def clean_price(self) -> int:
        try:
            return parse_price(self.cleaned_data["price"])
        except DomainError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None

    def clean(self) -> dict[str, Any]:
        """Read the stock in the unit chosen above it, so that every field's error shows at once."""
        data = super().clean() or self.cleaned_data
        if "stock" in data and "unit" in data:
            try:
                data["stock"] = parse_stock(data["stock"], unit=data["unit"])
            except DomainError as exc:
                self.add_error("stock", forms.ValidationError(exc.message, code=exc.code))
        return data
