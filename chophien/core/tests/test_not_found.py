"""A page that does not exist answers 404 with a page of the site and the way back, in the visitor's
language; under /api/ the JSON error."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_page_of_the_site_with_the_way_back(client):
    answer = client.get("/khong-co-trang-nay/")
    page = answer.content.decode()
    assert answer.status_code == 404 and answer["Content-Type"].startswith("text/html")
    assert "Không tìm thấy trang này" in page
    assert 'href="/"' in page and 'href="/don-hang/"' in page and 'id="q-top"' in page


def test_a_missing_api_path_is_the_json_error(client):
    answer = client.get("/api/khong-co/")
    assert (answer.status_code, answer.json()["code"]) == (404, "not_found")
