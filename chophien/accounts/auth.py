from django.http import HttpRequest
from ninja.security import HttpBearer

from .models import User
from .selectors import user_by_api_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>`` with a key from POST /api/auth/token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token or len(token) > 200:
            return None
        return user_by_api_token(key=token)
