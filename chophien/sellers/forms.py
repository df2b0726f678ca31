from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chophien.places.forms import WardPickerForm

from .models import SellerKind


class ShopForm(WardPickerForm):
    """Opening a shop; the address fields and their checks come from ``WardPickerForm``."""

    kind = forms.ChoiceField(
        label=_("Bạn là"), choices=SellerKind.choices, widget=forms.RadioSelect, initial=SellerKind.HOUSEHOLD
    )
    name = forms.CharField(label=_("Tên cửa hàng"), max_length=200)
    street = forms.CharField(label=_("Thôn, bản, số nhà"), max_length=200, required=False)
    story = forms.CharField(
        label=_("Câu chuyện của bạn (không bắt buộc)"), widget=forms.Textarea, required=False, max_length=4000
    )


class ShopProfileForm(WardPickerForm):
    """The owner's changes to the shop: what it is, its address, its story and portrait. A form
    without ``kind`` or a commune leaves them as they are."""

    ward_required = False

    kind = forms.ChoiceField(label=_("Bạn là"), choices=SellerKind.choices, widget=forms.RadioSelect, required=False)
    story = forms.CharField(label=_("Câu chuyện của bạn"), widget=forms.Textarea, required=False, max_length=4000)
    street = forms.CharField(label=_("Thôn, bản, số nhà"), max_length=200, required=False)
    photo = forms.FileField(label=_("Ảnh của bạn hoặc cửa hàng"), required=False)


class StaffAddForm(forms.Form):
    phone = forms.CharField(label=_("Số điện thoại của nhân viên"), max_length=32)
