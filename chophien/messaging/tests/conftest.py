import copy
from datetime import timedelta

import pytest
from django.utils import timezone

from chophien.messaging.models import ZaloToken


@pytest.fixture
def zns_ids(settings):
    """Every message has an approved ZNS template: 250000 + its position."""
    templates = copy.deepcopy(settings.MESSAGING_TEMPLATES)
    for number, template in enumerate(templates.values()):
        template["zns_id"] = str(250000 + number)
    settings.MESSAGING_TEMPLATES = templates
    return {name: template["zns_id"] for name, template in templates.items()}


@pytest.fixture
def providers(settings, zns_ids):
    """The production settings of the providers, with made-up keys."""
    settings.ZALO_APP_ID = "4291763606161179100"
    settings.ZALO_APP_SECRET_KEY = "app-secret"
    settings.ESMS_API_KEY = "esms-api-key"
    settings.ESMS_SECRET_KEY = "esms-secret-key"
    settings.ESMS_BRANDNAME = "CHOPHIEN"
    settings.ESMS_UNICODE = False
    settings.ESMS_SANDBOX = False
    settings.MESSAGING_WEBHOOK_SECRET = "webhook-secret"
    settings.SITE_URL = "https://chophien.vn"
    settings.MESSAGING_ZNS_PRICE = 300
    settings.MESSAGING_SMS_PRICE = 800
    return settings


@pytest.fixture
def zalo_token(providers, db):
    """Tokens set a while ago: the access token has 20 hours left."""
    return ZaloToken.objects.create(
        app_id=providers.ZALO_APP_ID,
        access_token="stored-access-token",
        refresh_token="stored-refresh-token",
        expires_at=timezone.now() + timedelta(hours=20),
    )
