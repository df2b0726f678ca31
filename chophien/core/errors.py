"""Domain errors: each carries a stable machine code and a message a Vietnamese user can read.

The API answers them as ``{"code": ..., "message": ...}`` with a 4xx status; pages show the message.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user can cause. ``status`` is the HTTP status the API answers with."""

    status = 422

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, str]:
        body = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        return body


class ValidationError(DomainError):
    """Input that breaks a rule (a wrong phone, an empty name, an absurd price)."""

    status = 422


class NotFound(DomainError):
    status = 404


class PermissionDenied(DomainError):
    status = 403


class Conflict(DomainError):
    """The request is valid but the state of things does not allow it now (stock, transitions)."""

    status = 409


class RateLimited(DomainError):
    status = 429
