"""Readable, unique URL slugs made from Vietnamese names, safe when two requests race for one."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, models, transaction
from django.utils.text import slugify

from .text import fold

M = TypeVar("M", bound=models.Model)
MAX_BASE_LENGTH = 100


def slug_base(text: str, *, fallback: str) -> str:
    """``"Chè Shan Tuyết"`` -> ``"che-shan-tuyet"``; ``fallback`` when nothing readable is left."""
    return slugify(fold(text))[:MAX_BASE_LENGTH].strip("-") or fallback


def _free_slug(queryset: models.QuerySet[M], base: str) -> str:
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def create_with_unique_slug(*, model: type[M], text: str, fallback: str, create: Callable[[str], M]) -> M:
    """Call ``create(slug)`` with a slug of ``text`` not yet used by ``model``.

    The check and the insert cannot be one atomic step, so the insert runs in a savepoint: when a
    concurrent request took the same slug first, the unique constraint refuses it and we try the next
    one (after a few rounds with a random suffix). Any other integrity error is raised unchanged.
    """
    base = slug_base(text, fallback=fallback)
    for attempt in range(6):
        slug = _free_slug(model._default_manager.all(), base)
        if attempt >= 3:
            slug = f"{base}-{secrets.token_hex(3)}"
        try:
            with transaction.atomic():
                return create(slug)
        except IntegrityError:
            if not model._default_manager.filter(slug=slug).exists():
                raise
    raise IntegrityError(f"no free slug for {base!r}")
