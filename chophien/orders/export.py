"""The seller's orders as CSV or Excel, one row per order line (what a packer or an accountant needs)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import Order, OrderStatus


def _header() -> list[str]:
    return [
        _("Mã đơn"), _("Ngày đặt"), _("Trạng thái"), _("Người nhận"), _("Số điện thoại"), _("Địa chỉ"),
        _("Sản phẩm"), _("Loại"), _("Số lượng"), _("Đơn vị"), _("Đơn giá"), _("Thành tiền"),
        _("Phí vận chuyển"), _("Tổng đơn"), _("Tiền cọc"), _("Cách trả tiền"), _("Ghi chú"),
    ]  # fmt: skip


def order_rows(orders: Iterable[Order]) -> Iterator[list[object]]:
    for order in orders:
        placed = timezone.localtime(order.created_at).strftime("%d/%m/%Y %H:%M")
        address = f"{order.street}, {order.ward.name}, {order.province.name}"
        for line in order.lines.all():
            yield [
                order.code, placed, str(OrderStatus(order.status).label), order.buyer_name, order.buyer_phone, address,
                line.product_name, line.variant_label, line.quantity, line.unit, line.unit_price, line.line_total,
                order.shipping_fee, order.total, order.deposit_required, order.payment_method.upper(), order.note,
            ]  # fmt: skip


def _cell(value: object) -> object:
    # A cell starting with = + - @ is a formula to Excel: a buyer's note must never run as one.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def orders_csv(orders: Iterable[Order]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header())
    for row in order_rows(orders):
        writer.writerow([_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode()  # the BOM makes Excel read UTF-8 Vietnamese right


def orders_xlsx(orders: Iterable[Order]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Đơn hàng"))
    sheet.append(_header())
    for row in order_rows(orders):
        sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
