"""The live viewer's delivery fields use the commune picker (places/_ward_picker.html)."""

import pytest
from django.test import Client

from chophien.live.tests.factories import live_with_pins

pytestmark = pytest.mark.django_db


def test_the_viewers_delivery_fields_search_communes_and_keep_the_posted_names(client: Client):
    session, _, _ = live_with_pins(units=(5,))

    html = client.get(f"/live/{session.pk}/", {"province": "12"}).content.decode()

    assert 'id="d_ward_q" name="ward_q"' in html
    assert 'hx-vals=\'{"for": "d"}\'' in html
    assert '<select id="d_ward_code" name="ward_code" required>' in html
    assert '<option value="3478">Xã Sìn Hồ</option>' in html  # the province asked for in the address
    assert '<option value="12" selected>Lai Châu</option>' in html
    assert 'name="ward_search"' not in html  # this page's view answers no search button
