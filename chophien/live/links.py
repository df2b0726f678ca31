"""Links sent to viewers: the signed hold link that lets a viewer known only by a platform name
finish their order, and absolute addresses for messages (which leave the site)."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from chophien.core.errors import NotFound
from chophien.core.links import site_url

from .models import Claim

CLAIM_LINK_SALT = "chophien.live.claim"


def claim_link_token(*, claim: Claim) -> str:
    return signing.dumps(claim.pk, salt=CLAIM_LINK_SALT, compress=True)


def claim_link(*, claim: Claim) -> str:
    return site_url(reverse("live:claim_finish", args=[claim_link_token(claim=claim)]))


def claim_from_link(*, token: str) -> Claim:
    """The claim a link names. Raises NotFound ``claim_link_invalid`` for a forged or mangled token."""
    try:
        claim_id = signing.loads(token, salt=CLAIM_LINK_SALT)
    except signing.BadSignature:
        raise NotFound("claim_link_invalid", _("Đường dẫn giữ hàng không đúng.")) from None
    claim = (
        Claim.objects.select_related("pin__variant__product", "pin__session__seller", "viewer")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        raise NotFound("claim_link_invalid", _("Đường dẫn giữ hàng không đúng."))
    return claim
