from __future__ import annotations

from django import forms

from chophien.places.models import Province

from .models import SellerKind


class ShopForm(forms.Form):
    kind = forms.ChoiceField(
        label="Bạn là", choices=SellerKind.choices, widget=forms.RadioSelect, initial=SellerKind.HOUSEHOLD
    )
    name = forms.CharField(label="Tên cửa hàng", max_length=200)
    province = forms.ModelChoiceField(label="Tỉnh", queryset=Province.objects.all(), empty_label="Chọn tỉnh")
    ward_code = forms.IntegerField(label="Xã/phường", widget=forms.Select)
    street = forms.CharField(label="Thôn, bản, số nhà", max_length=200, required=False)
    story = forms.CharField(
        label="Câu chuyện của bạn (không bắt buộc)", widget=forms.Textarea, required=False, max_length=4000
    )
