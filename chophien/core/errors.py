"""Domain errors: each carries a stable machine code and a message a Vietnamese user can read.

The API answers them as ``{"code": ..., "message": ...}`` with a 4xx status; pages show the message.
Messages are written in Vietnamese and marked for translation; the code never changes with the language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class DomainError(Exception):
    """Base of every error a user can cause. ``status`` is the HTTP status the API answers with."""

    status = 422

    def __init__(self, code: str, message: str | StrPromise, *, field: str | None = None) -> None:
        # A lazy message (a module constant) is read here, in the language of the request that raised it.
        text = str(message)
        super().__init__(text)
        self.code = code
        self.message = text
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


def text_limit_check(*, text: str, limit: int, code: str, field: str, what: str | StrPromise) -> str:
    """``text`` when it fits in ``limit`` characters; else ValidationError ``code`` naming the limit.

    Text over its limit is refused, never cut: a buyer's note cut at 500 characters loses what the
    buyer wrote last, often the part that mattered ("... gọi trước khi giao").
    """
    if len(text) > limit:
        message = _("%(what)s quá dài: %(length)s ký tự, tối đa %(limit)s.") % {
            "what": what,
            "length": len(text),
            "limit": limit,
        }
        raise ValidationError(code, message, field=field)
    return text
