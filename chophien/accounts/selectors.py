from __future__ import annotations

import hashlib

from django.utils import timezone

from .models import ApiToken, User


def user_by_api_token(*, key: str) -> User | None:
    digest = hashlib.sha256(key.encode()).hexdigest()
    token = ApiToken.objects.select_related("user").filter(key_hash=digest, user__is_active=True).first()
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
