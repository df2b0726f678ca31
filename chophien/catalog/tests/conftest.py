"""Fixtures the seller's pages share: a household's shop and a browser signed in as its owner."""

import pytest
from django.test import Client

from chophien.sellers.tests.factories import seller_with_owner


@pytest.fixture
def shop():
    return seller_with_owner(name="Hộ chị Lò Thị Hoa")


@pytest.fixture
def seller_client(client: Client, shop) -> Client:
    client.force_login(shop[1])
    return client
