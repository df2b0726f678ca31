"""Answering a hold under the viewer's comment: the text with the hold link, and posting it on the
platform where the platform lets a seller's app write (YouTube chat, Facebook comment replies).
Where it does not (TikTok LIVE, Zalo), or a post fails, the console shows the text to paste.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils import timezone

from . import platforms
from .links import claim_link
from .models import Claim, ClaimStatus, Platform

NAME_MAX = 30  # characters of a viewer's name in a reply: YouTube takes 200 in all

logger = logging.getLogger("chophien.live")


def needs_reply(claim: Claim) -> bool:
    """A held claim of a platform viewer with no address, not answered on the platform yet: they
    need the hold link. A viewer on our own page fills the address there."""
    return (
        claim.status == ClaimStatus.HELD
        and claim.reply_posted_at is None
        and claim.viewer.platform != Platform.OWN
        and not claim.viewer.can_order_at_once
    )


def hold_reply_text(*, claims: Sequence[Claim], link: str, limit: int | None = None) -> str:
    """What the viewer reads under their comment, in Vietnamese, the buyers' language. Within
    ``limit`` characters a shorter wording is used; the link is never cut."""
    viewer, minutes = claims[0].viewer, claims[0].pin.session.hold_minutes
    # Named in a public thread; a message to one person (Zalo: no name given) needs no name.
    name = f"@{viewer.display_name[:NAME_MAX]} " if viewer.display_name else ""
    items = ", ".join(f"{claim.pin.code} x{claim.quantity}" for claim in claims)
    wordings = (
        f"{name}Shop giữ {items} cho bạn {minutes} phút. Điền địa chỉ để đặt hàng (trả tiền khi nhận): {link}",
        f"{name}Giữ {items} {minutes} phút. Đặt hàng: {link}",
        f"{name}Đặt hàng: {link}",
    )
    for text in wordings:
        if limit is None or len(text) <= limit:
            return text
    return link


@dataclass(frozen=True)
class PostedReply:
    comment_id: str
    claim_ids: list[int]
    reply_id: str  # the platform's id of the reply; "" when it was not posted
    error: str = ""


Poster = Callable[[platforms.ReplyTarget, str, str], str]


class HoldReplier:
    """Answers each comment (what the platform answers: the comment's id, or the person's on Zalo;
    the claims it made) whose holds need the link, once per comment, on one platform. A claim answered is marked, so the console stops offering its text to
    paste; a failed post leaves it there. After ``give_up_after`` failures in a row (a token without
    the right to write fails every time) it stops posting: ``active`` turns false."""

    def __init__(
        self, target: platforms.ReplyTarget, *, post: Poster = platforms.reply_post, give_up_after: int = 3
    ) -> None:
        self.target, self.post, self.give_up_after = target, post, give_up_after
        self.failures_in_row = 0

    @property
    def active(self) -> bool:
        return self.failures_in_row < self.give_up_after

    def answer(self, answered: Sequence[tuple[str, Sequence[Claim]]]) -> list[PostedReply]:
        claim_ids = [claim.pk for _comment, claims in answered for claim in claims]
        fresh = Claim.objects.select_related("pin__session", "viewer").in_bulk(claim_ids)
        results = []
        for comment_id, claims in answered:
            holds = [fresh[c.pk] for c in claims if c.pk in fresh and needs_reply(fresh[c.pk])]
            if not holds or not comment_id or not self.active:
                continue
            results.append(self._post(comment_id, holds))
        return results

    def _post(self, comment_id: str, holds: list[Claim]) -> PostedReply:
        ids = [claim.pk for claim in holds]
        text = hold_reply_text(claims=holds, link=claim_link(claim=holds[0]), limit=self.target.reply_limit)
        try:
            reply_id = self.post(self.target, comment_id, text)
        except platforms.PlatformError as error:
            logger.warning("reply to %s comment %s not posted: %s", self.target.platform, comment_id, error)
            self.failures_in_row += 1
            return PostedReply(comment_id, ids, "", str(error))
        self.failures_in_row = 0
        Claim.objects.filter(pk__in=ids, reply_posted_at__isnull=True).update(reply_posted_at=timezone.now())
        return PostedReply(comment_id, ids, reply_id)
