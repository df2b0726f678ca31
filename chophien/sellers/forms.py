from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chophien.places.models import Province, Ward
from chophien.places.selectors import UNKNOWN_WARD_MESSAGE

from .models import SellerKind


class ShopForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Bạn là"), choices=SellerKind.choices, widget=forms.RadioSelect, initial=SellerKind.HOUSEHOLD
    )
    name = forms.CharField(label=_("Tên cửa hàng"), max_length=200)
    province = forms.ModelChoiceField(label=_("Tỉnh"), queryset=Province.objects.all(), empty_label=_("Chọn tỉnh"))
    ward_code = forms.IntegerField(label=_("Xã/phường"), widget=forms.Select)
    street = forms.CharField(label=_("Thôn, bản, số nhà"), max_length=200, required=False)
    story = forms.CharField(
        label=_("Câu chuyện của bạn (không bắt buộc)"), widget=forms.Textarea, required=False, max_length=4000
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        province, ward_code = cleaned.get("province"), cleaned.get("ward_code")
        if province is not None and ward_code is not None:
            ward_province = Ward.objects.filter(code=ward_code).values_list("province_id", flat=True).first()
            if ward_province is None:
                self.add_error("ward_code", UNKNOWN_WARD_MESSAGE)
            elif ward_province != province.pk:
                self.add_error("ward_code", _("Xã/phường này không thuộc tỉnh đã chọn. Vui lòng chọn lại."))
        return cleaned


class ShopProfileForm(forms.Form):
    story = forms.CharField(label=_("Câu chuyện của bạn"), widget=forms.Textarea, required=False, max_length=4000)
    street = forms.CharField(label=_("Thôn, bản, số nhà"), max_length=200, required=False)
    photo = forms.FileField(label=_("Ảnh của bạn hoặc cửa hàng"), required=False)


class StaffAddForm(forms.Form):
    phone = forms.CharField(label=_("Số điện thoại của nhân viên"), max_length=32)
