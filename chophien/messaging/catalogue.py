"""Every message the platform sends, the parameters its caller passes, and Zalo's limits on them.

A Zalo ZNS message is a template registered with Zalo and approved before use; each of its
parameters is registered with a type, and Zalo refuses a value longer than the type allows. The
types and limits below are those of Zalo Cloud's guide "Các định dạng dữ liệu khi truyền vào tham số
trên nội dung ZNS" (https://zalo.cloud/zns/guidelines/en/cac-dinh-dang-du-lieu-khi-truyen-vao-tham-so-tren-noi-dung-zns):
"Tên khách hàng (30)", "Số điện thoại (15)", "Địa chỉ (200)", "Mã số (30)", "Nhãn tùy chỉnh (30)",
"Trạng thái giao dịch (30)", "Thông tin liên hệ (50)", "Tên sản phẩm / Thương hiệu (200)",
"Số lượng / Số tiền (20)", "Thời gian (20)". Zalo's review rules put links in a button (CTA), never
in the text; the excerpt we could read gives no figure for a button's link, so links are held to the
200 characters of the longest text type (``URL_LIMIT``), which the site's own links stay far below.

``PLATFORM_MESSAGES`` is the contract between the callers of ``message_send`` and the settings:
``settings.MESSAGING_TEMPLATES`` must give each of these a ZNS template id and the same parameter
names with their ZNS types (``messaging.checks``), and ``message_send`` refuses a call whose
parameters differ from these (a test reads every caller's source for the same).
"""

from __future__ import annotations

from dataclasses import dataclass

URL_LIMIT = 200

# ZNS parameter type -> the most characters Zalo accepts in it.
ZNS_PARAM_LIMITS: dict[str, int] = {
    "customer_name": 30,
    "phone": 15,
    "address": 200,
    "code": 30,
    "label": 30,
    "status": 30,
    "contact": 50,
    "product": 200,
    "amount": 20,
    "time": 20,
    "otp": 10,
    "url": URL_LIMIT,
}

# Types whose value means nothing once shortened: a longer value is not sent by ZNS at all, and the
# message goes by SMS, which carries the whole text.
UNCUTTABLE_TYPES = frozenset({"code", "phone", "otp", "url", "amount", "time"})

# Our name for each message -> the parameter names its caller passes, in the order of the template.
PLATFORM_MESSAGES: dict[str, tuple[str, ...]] = {
    "otp": ("otp",),
    "checkout_placed": ("reference", "orders", "total", "link"),
    "seller_new_order": ("order", "total", "link"),
    "order_confirmed": ("order", "link"),
    "order_shipped": ("order", "link"),
    "order_cancelled_by_seller": ("order", "reason", "link"),
    "staff_added": ("shop", "link"),
    "live_back_in_stock": ("product", "link"),
    "live_waitlist_served": ("quantity", "until", "link"),
    "batch_recalled": ("product", "lot", "order", "link"),
}


@dataclass(frozen=True)
class ZnsTemplate:
    name: str
    zns_id: str
    params: dict[str, str]  # parameter name -> ZNS type


class MessageTemplateError(ValueError):
    """A caller passed parameters its message does not declare, or left one out: a bug, not bad input."""


def check_params(*, template: str, params: dict[str, str]) -> None:
    """Raise MessageTemplateError unless ``params`` are exactly the declared parameters of ``template``,
    each a string."""
    declared = PLATFORM_MESSAGES.get(template)
    if declared is None:
        raise MessageTemplateError(f"{template!r} is not one of the platform's messages (messaging.catalogue)")
    if set(params) != set(declared):
        raise MessageTemplateError(
            f"{template!r} takes parameters {sorted(declared)}, the caller passed {sorted(params)}"
        )
    wrong_type = sorted(name for name, value in params.items() if not isinstance(value, str))
    if wrong_type:
        raise MessageTemplateError(f"{template!r}: ZNS parameters are strings; not {wrong_type}")


def fit_param(*, value: str, zns_type: str) -> str | None:
    """``value`` as ZNS accepts it for ``zns_type``: shortened with "…" when it is text that may be cut,
    None when it is too long and may not be (then the message goes by SMS)."""
    limit = ZNS_PARAM_LIMITS[zns_type]
    if len(value) <= limit:
        return value
    if zns_type in UNCUTTABLE_TYPES:
        return None
    return value[: limit - 1].rstrip() + "…"
