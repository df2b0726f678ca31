"""Live selling's background work: answering holds on platforms that push to us (Zalo)."""

from __future__ import annotations

from django_tasks import task

from .models import Claim, ZaloAccount
from .pushed import ZaloOAReplies
from .replies import HoldReplier


@task()
def zalo_holds_answer(*, account_id: int, to: str, claim_ids: list[int]) -> str:
    """Send a Zalo person the link for their holds; a failure leaves the reply to paste in the console."""
    account = ZaloAccount.objects.filter(pk=account_id).first()
    if account is None or not account.access_token:
        return "no-account"
    claims = list(Claim.objects.filter(pk__in=claim_ids))
    posted = HoldReplier(ZaloOAReplies(access_token=account.access_token)).answer([(to, claims)])
    if not posted:
        return "nothing-to-answer"
    return posted[0].reply_id or f"failed: {posted[0].error}"
