"""The SMS provider's delivery reports (eSMS.vn calls the address we gave with each message)."""

from __future__ import annotations

import hmac
import re
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from chophien.core.errors import NotFound, PermissionDenied, ValidationError
from chophien.core.text import text_problem

from .schemas import ErrorOut, EsmsReportIn, ReceiptOut
from .services import message_report_record
from .sms import BadReport, parse_esms_report, receipt_signature

router = Router(tags=["messages"])

_TRACKING_ID = re.compile(r"[0-9a-f]{16}")


@router.get(
    "/messages/esms/{tracking_id}/{signature}",
    response={200: ReceiptOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Báo cáo giao tin SMS của eSMS.vn (callback theo tài liệu eSMS, HTTP GET)",
    description="eSMS gọi địa chỉ đã gửi kèm mỗi tin (CallbackUrl), thêm các tham số SMSID, SendStatus, "
    "SendSuccess, SendFailed, TotalPrice... Địa chỉ được ký riêng cho từng tin (eSMS không ký báo cáo). "
    "Gửi lại cùng báo cáo không thay đổi gì.",
)
def esms_report(request: HttpRequest, tracking_id: str, signature: str, params: Query[EsmsReportIn]) -> dict[str, Any]:
    if not settings.MESSAGING_WEBHOOK_SECRET:
        # No secret, no callback address was ever given out; and an empty key would let anyone sign.
        raise NotFound("reports_off", _("Báo cáo giao tin chưa được bật."))
    if not _TRACKING_ID.fullmatch(tracking_id) or not hmac.compare_digest(
        signature.encode("utf-8", "replace"), receipt_signature(tracking_id).encode()
    ):
        raise PermissionDenied("bad_signature", _("Chữ ký của báo cáo không đúng."))
    query = params.model_dump()
    if any(text_problem(value) for value in query.values()):
        raise ValidationError("bad_report", _("Báo cáo có ký tự không hợp lệ."))
    try:
        report = parse_esms_report(query)
    except BadReport as exc:
        raise ValidationError("bad_report", _("Báo cáo giao tin không đúng định dạng: %(why)s") % {"why": exc}) from exc
    delivery = message_report_record(tracking_id=tracking_id, report=report)
    if delivery is None:
        raise NotFound("message_not_found", _("Không có tin SMS nào khớp với báo cáo này."))
    return {"status": delivery.status}
