"""How an order is paid. COD now; the payments issue adds VietQR transfer and e-wallets here.

Each method is a small class registered under its code: checkout asks the registry, never an
if-chain, so adding a method touches this module and the method's own module only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chophien.core.errors import Conflict, ValidationError

from .models import CodPolicy, CodRule, PaymentMethod


@dataclass(frozen=True)
class PhoneHistory:
    """What the platform knows of a buyer's phone: orders placed and COD parcels refused."""

    orders: int
    refused: int


@dataclass(frozen=True)
class PaymentTerms:
    deposit_required: int = 0  # đồng the buyer pays before the seller ships


class PaymentMethodHandler(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def label(self) -> str: ...

    def terms(self, *, total: int, history: PhoneHistory, policy: CodPolicy | None, seller_name: str) -> PaymentTerms:
        """The terms for one seller's order, or a Conflict when this method is refused for it."""
        ...


class CashOnDelivery:
    code: str = PaymentMethod.COD.value
    label: str = gettext_lazy("Trả tiền khi nhận hàng (COD)")  # type: ignore[assignment]

    def terms(self, *, total: int, history: PhoneHistory, policy: CodPolicy | None, seller_name: str) -> PaymentTerms:
        if policy is None or policy.rule == CodRule.ALLOW or history.refused < policy.refusal_threshold:
            return PaymentTerms()
        if policy.rule == CodRule.REFUSE:
            raise Conflict(
                "cod_refused",
                _("%(shop)s không nhận trả tiền khi nhận hàng cho số điện thoại này.") % {"shop": seller_name},
                field="payment_method",
            )
        deposit = -(-total * policy.deposit_percent // 100)  # rounded up to the đồng
        return PaymentTerms(deposit_required=deposit)


PAYMENT_METHODS: dict[str, PaymentMethodHandler] = {CashOnDelivery.code: CashOnDelivery()}


def payment_method_get(code: str) -> PaymentMethodHandler:
    handler = PAYMENT_METHODS.get((code or "").strip().lower())
    if handler is None:
        raise ValidationError(
            "unknown_payment_method", _("Cách trả tiền này chưa có. Vui lòng chọn COD."), field="payment_method"
        )
    return handler
