from __future__ import annotations

from ninja import Field, Schema


class ReceiptOut(Schema):
    status: str  # the message's status after the report: sent, delivered, failed


class ErrorOut(Schema):
    code: str
    message: str


class EsmsReportIn(Schema):
    """The query eSMS adds to the report address (https://developers.esms.vn/en/esms-api/callback-url);
    parameters it adds beyond these (TypeId, telcoid, phonenumber...) are ignored."""

    SMSID: str = Field("", max_length=100)
    SendStatus: str = Field("", max_length=2, description="1, 2, 4, 5 or 7")
    SendSuccess: str = Field("", max_length=9)
    SendFailed: str = Field("", max_length=9)
    TotalPrice: str = Field("", max_length=20)
