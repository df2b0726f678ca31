"""Viewers: someone commenting in a session, known by their platform id; found or made in bulk."""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.conf import settings
from django.utils.translation import gettext as _

from chophien.core.errors import ValidationError

from .models import LiveSession, Platform, Viewer

ViewerKey = tuple[str, str]  # (platform, platform user id)

_cache: dict[tuple[int, str, str], tuple[float, Viewer]] = {}
CACHE_LIMIT = 50_000


def viewer_key(*, platform: str, platform_user_id: str) -> ViewerKey:
    """Raise ValidationError ``invalid_platform`` or ``unknown_viewer``; else the viewer's key."""
    if platform not in Platform.values:
        raise ValidationError("invalid_platform", _("Nền tảng không đúng."), field="platform")
    user_id = (platform_user_id or "").strip()[:120]
    if not user_id:
        raise ValidationError("unknown_viewer", _("Thiếu mã người xem."), field="platform_user_id")
    return platform, user_id


def viewer_get(*, session: LiveSession, platform: str, platform_user_id: str, display_name: str = "") -> Viewer:
    platform, user_id = viewer_key(platform=platform, platform_user_id=platform_user_id)
    viewer, _created = Viewer.objects.get_or_create(
        session=session,
        platform=platform,
        platform_user_id=user_id,
        defaults={"display_name": (display_name or "").strip()[:120]},
    )
    return viewer


def viewers_for(*, session: LiveSession, incoming: Sequence[tuple[str, str, str]]) -> list[Viewer | ValidationError]:
    """The viewer of each (platform, user id, name), made if new, or why there is none.

    A flood brings the same viewers again and again: a process keeps them LIVE_VIEWERS_CACHE_SECONDS
    (who they are does not change; whether they are blocked or gave an address is read again under
    the lock when they claim). The rest are read in
    one query and the new ones made in one insert; two batches making the same viewer at once
    both end with the one row.
    """
    ttl = float(getattr(settings, "LIVE_VIEWERS_CACHE_SECONDS", 600.0))
    now = time.monotonic()
    keys: list[ViewerKey | ValidationError] = []
    names: dict[ViewerKey, str] = {}
    for platform, user_id, name in incoming:
        try:
            key = viewer_key(platform=platform, platform_user_id=user_id)
        except ValidationError as error:
            keys.append(error)
            continue
        keys.append(key)
        names.setdefault(key, (name or "").strip()[:120])
    found: dict[ViewerKey, Viewer] = {}
    for key in names if ttl > 0 else ():
        cached = _cache.get((session.pk, *key))
        if cached is not None and cached[0] > now:
            found[key] = cached[1]
    missing = [key for key in names if key not in found]
    if missing:
        found.update(_viewers_read(session, missing))
        # In one order: two batches making the same new viewers wait for each other, never deadlock.
        new = sorted(key for key in missing if key not in found)
        if new:
            Viewer.objects.bulk_create(
                [Viewer(session=session, platform=p, platform_user_id=u, display_name=names[(p, u)]) for p, u in new],
                ignore_conflicts=True,
            )
            found.update(_viewers_read(session, new))
        if ttl > 0:
            if len(_cache) > CACHE_LIMIT:
                _cache.clear()
            for key in missing:
                _cache[(session.pk, *key)] = (now + ttl, found[key])
    return [key if isinstance(key, ValidationError) else found[key] for key in keys]


def _viewers_read(session: LiveSession, keys: list[ViewerKey]) -> dict[ViewerKey, Viewer]:
    wanted = set(keys)
    rows = Viewer.objects.filter(
        session=session,
        platform__in={platform for platform, _user in keys},
        platform_user_id__in={user for _platform, user in keys},
    )
    return {(v.platform, v.platform_user_id): v for v in rows if (v.platform, v.platform_user_id) in wanted}


def viewer_forget(viewer: Viewer) -> None:
    """This process reads the viewer afresh next time (they were blocked, or gave an address)."""
    _cache.pop((viewer.session_id, viewer.platform, viewer.platform_user_id), None)
