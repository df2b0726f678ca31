from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chophien.core.errors import DomainError
from chophien.core.phone import normalize_phone
from chophien.places.forms import WardPickerForm

from .models import CodRule


class CheckoutForm(WardPickerForm):
    """The buyer and the delivery address; ``province``, ``ward_code`` and the commune search come
    from ``WardPickerForm`` (after a valid form, ``province`` is the commune's)."""

    name = forms.CharField(label=_("Họ tên người nhận"), max_length=120)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=32)
    street = forms.CharField(label=_("Số nhà, đường, thôn/bản"), max_length=200)
    note = forms.CharField(label=_("Ghi chú cho người bán (không bắt buộc)"), max_length=500, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)

    def clean_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data["phone"])
        except DomainError as error:
            raise forms.ValidationError(error.message) from None


class OrderLookupForm(forms.Form):
    # An order's code (K7MQ-4XT9) or the checkout's reference (CP…), with spaces or dashes as typed.
    code = forms.CharField(label=_("Mã đơn hoặc mã đặt hàng"), max_length=40)
    phone = forms.CharField(label=_("Số điện thoại đặt hàng"), max_length=32)


class CodPolicyForm(forms.Form):
    rule = forms.ChoiceField(label=_("Với số điện thoại hay bom hàng"), choices=CodRule.choices)
    refusal_threshold = forms.IntegerField(label=_("Từ bao nhiêu lần từ chối nhận hàng"), min_value=1, max_value=20)
    deposit_percent = forms.IntegerField(label=_("Tiền cọc, phần trăm giá trị đơn"), min_value=1, max_value=100)
