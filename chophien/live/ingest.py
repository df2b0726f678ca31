"""Comments in: read each one, remember it, and turn orders into claims and cancels into releases.

A webhook batch is one transaction with a fixed handful of statements: the comments written in
one insert, the claims placed together (``claims.claims_place``). A flood of a thousand comments a
second is a few dozen batches, not thousands of transactions.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.core.errors import DomainError, ValidationError
from chophien.core.text import text_storable
from chophien.sellers.services import seller_check

from . import claims, comments
from .models import Claim, Comment, LiveSession, Pin, Platform, SessionStatus, Viewer
from .sessions import pins_with_reader
from .viewers import viewers_for

INVALID = "invalid"  # a comment we could not take (no platform or user id): not read at all
IMPORT_BATCH = 200  # lines of a pasted export placed per transaction
IMPORT_MAX_LINES = 5000
DEADLOCK_RETRIES = 3
DEADLOCK_DETECTED = "40P01"  # PostgreSQL's SQLSTATE

logger = logging.getLogger("chophien.live")


@dataclass(frozen=True)
class IncomingComment:
    platform: str
    user_id: str
    text: str
    name: str = ""
    received_at: datetime | None = None  # when the platform received it; now if unknown


@dataclass
class CommentOutcome:
    """What one comment did: how it was read, the claims it made or ended, and why not, if not."""

    reading: comments.ReadComment
    claims: list[Claim] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)  # reasons for the console, in the user's language


def not_a_comment(reason: str) -> CommentOutcome:
    """The outcome of something a platform sent that is not a comment at all."""
    return CommentOutcome(comments.ReadComment(INVALID), refusals=[reason])


def comments_ingest(*, session: LiveSession, incoming: Sequence[IncomingComment]) -> list[CommentOutcome]:
    """Take a batch of comments in arrival order; one outcome per comment, in the same order.

    Never raises for what viewers wrote: refusals (a paused pin, a quantity of 0, over the limit,
    a blocked viewer, an ended session, an unknown code) come back as reasons for the console.
    A NUL or a broken character a platform passed on is dropped or replaced: one such comment must
    not make the database refuse the batch's insert.
    """
    incoming = [
        IncomingComment(
            c.platform, text_storable(c.user_id), text_storable(c.text), text_storable(c.name), c.received_at
        )
        for c in incoming
    ]
    pins, reader = pins_with_reader(session)
    outcomes = [CommentOutcome(reader.read(comment.text)) for comment in incoming]
    if session.status != SessionStatus.LIVE:
        for outcome in outcomes:
            outcome.refusals.append(_("Phiên live không đang diễn ra."))
        return outcomes
    now = timezone.now()
    arrivals = [comment.received_at or now for comment in incoming]
    viewers = viewers_for(session=session, incoming=[(c.platform, c.user_id, c.name) for c in incoming])
    for outcome, viewer in zip(outcomes, viewers, strict=True):
        if isinstance(viewer, ValidationError):
            outcome.reading = comments.ReadComment(INVALID)
            outcome.refusals.append(viewer.message)
        elif viewer.is_blocked:
            outcome.refusals.append(_("Người xem này đã bị chặn."))

    can_order = _batch_write(session, pins, incoming, outcomes, viewers, arrivals)
    _phones_keep(outcomes, viewers)
    for outcome, viewer in zip(outcomes, viewers, strict=True):
        if isinstance(viewer, Viewer) and viewer.pk in can_order and outcome.claims:
            outcome.claims = [claims.order_if_possible(claim, outcome.refusals) for claim in outcome.claims]
    return outcomes


def _batch_write(
    session: LiveSession,
    pins: dict[str, Pin],
    incoming: Sequence[IncomingComment],
    outcomes: list[CommentOutcome],
    viewers: list[Viewer | ValidationError],
    arrivals: list[datetime],
) -> set[int]:
    """The batch's one transaction: its comments, then its claims. Locks are taken in one order,
    so a deadlock should not happen; if the database ever reports one, the batch was rolled back
    whole and is written again (nothing of it was kept), rather than lost."""
    for attempt in range(1, DEADLOCK_RETRIES + 1):
        trial = [CommentOutcome(o.reading, [], list(o.refusals)) for o in outcomes]
        try:
            with transaction.atomic():
                _comments_store(session, incoming, trial, viewers, arrivals)
                can_order = _claims_act(pins, incoming, trial, viewers, arrivals)
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != DEADLOCK_DETECTED or attempt == DEADLOCK_RETRIES:
                raise
            logger.warning("live batch of %s comments met a deadlock; written again", len(incoming))
            continue
        outcomes[:] = trial
        return can_order
    raise AssertionError("unreachable")


def comment_ingest(
    *,
    session: LiveSession,
    platform: str,
    platform_user_id: str,
    display_name: str = "",
    text: str,
    received_at: datetime | None = None,
) -> CommentOutcome:
    """One comment: ``comments_ingest`` of a batch of one."""
    comment = IncomingComment(platform, platform_user_id, text, display_name, received_at)
    return comments_ingest(session=session, incoming=[comment])[0]


def _comments_store(
    session: LiveSession,
    incoming: Sequence[IncomingComment],
    outcomes: list[CommentOutcome],
    viewers: list[Viewer | ValidationError],
    arrivals: list[datetime],
) -> None:
    Comment.objects.bulk_create(
        [
            Comment(
                session=session,
                viewer=viewer,
                text=comment.text[:500],
                intent=outcome.reading.intent,
                codes=",".join(dict.fromkeys(item.code for item in outcome.reading.items))[:80],
                received_at=at,
            )
            for comment, outcome, viewer, at in zip(incoming, outcomes, viewers, arrivals, strict=True)
            if isinstance(viewer, Viewer)
        ]
    )


def _claims_act(
    pins: dict[str, Pin],
    incoming: Sequence[IncomingComment],
    outcomes: list[CommentOutcome],
    viewers: list[Viewer | ValidationError],
    arrivals: list[datetime],
) -> set[int]:
    """Orders become claims, placed together; a cancel first places the orders before it, so the
    comments act in the order they came. Call inside the batch's transaction. Returns the viewers
    whose holds can become orders at once."""
    pending: list[tuple[CommentOutcome, claims.ClaimRequest]] = []
    by_id = {pin.pk: pin for pin in pins.values()}
    can_order: set[int] = set()
    if any(o.reading.intent == comments.CANCEL for o in outcomes):
        # Several placements in one transaction: take every lock now, in the one order.
        claims.rows_lock(
            viewer_ids=[v.pk for v in viewers if isinstance(v, Viewer)],
            pin_ids=[pins[item.code].pk for o in outcomes for item in o.reading.items if item.code in pins],
        )
    for comment, outcome, viewer, at in zip(incoming, outcomes, viewers, arrivals, strict=True):
        if not isinstance(viewer, Viewer) or viewer.is_blocked:
            continue
        intent = outcome.reading.intent
        if intent == comments.ORDER:
            for item in outcome.reading.items:
                request = claims.ClaimRequest(pins[item.code].pk, viewer.pk, item.quantity, comment.text, at)
                pending.append((outcome, request))
        elif intent == comments.CANCEL:
            can_order |= _place(pending, by_id)
            for item in outcome.reading.items:
                outcome.claims.extend(claims.claims_cancel_by_viewer(pin=pins[item.code], viewer=viewer))
        elif intent == comments.UNKNOWN_CODE:
            codes = ", ".join(item.code for item in outcome.reading.items)
            outcome.refusals.append(_("Mã %(codes)s không có trong phiên này.") % {"codes": codes})
    can_order |= _place(pending, by_id)
    return can_order


def _place(pending: list[tuple[CommentOutcome, claims.ClaimRequest]], pins: dict[int, Pin]) -> frozenset[int]:
    placement = claims.claims_place([request for _outcome, request in pending])
    for (outcome, _request), result in zip(pending, placement.results, strict=True):
        if isinstance(result, DomainError):
            outcome.refusals.append(result.message)
        else:
            if result.pin_id in pins:
                result.pin = pins[result.pin_id]  # the code for the answer, without a query per claim
            outcome.claims.append(result)
    pending.clear()
    return placement.can_order


def _phones_keep(outcomes: list[CommentOutcome], viewers: list[Viewer | ValidationError]) -> None:
    """A phone written in a comment is kept for the viewer who had none (after the batch: a viewer's
    row is only locked in the batch's order)."""
    for outcome, viewer in zip(outcomes, viewers, strict=True):
        phone = outcome.reading.phone
        if phone and isinstance(viewer, Viewer) and not viewer.phone:
            Viewer.objects.filter(pk=viewer.pk, phone="").update(phone=phone)
            viewer.phone = phone


def comments_import(
    *, session: LiveSession, by: User, text: str, platform: str = Platform.TIKTOK
) -> list[CommentOutcome]:
    """A pasted or uploaded comment export, one comment a line: "name: comment" or just the comment.

    For a seller whose platform cannot reach us; lines are taken in order, as they arrived.
    """
    seller_check(seller=session.seller, by=by)
    incoming = []
    for number, line in enumerate((text or "").splitlines()[:IMPORT_MAX_LINES], start=1):
        if not line.strip():
            continue
        name, _sep, comment = line.partition(":") if ":" in line[:60] else ("", "", line)
        who = name.strip() or f"dong-{number}"
        incoming.append(IncomingComment(platform, who, comment.strip(), who))
    outcomes: list[CommentOutcome] = []
    for start in range(0, len(incoming), IMPORT_BATCH):
        outcomes.extend(comments_ingest(session=session, incoming=incoming[start : start + IMPORT_BATCH]))
    return outcomes
