from __future__ import annotations

from ninja import Schema


class ReceiptOut(Schema):
    status: str  # the message's status after the report: sent, delivered, failed


class ErrorOut(Schema):
    code: str
    message: str
