import pytest
from django.test import Client

from chophien.accounts.models import User
from chophien.accounts.views import SESSION_PHONE
from chophien.messaging.backends import MemoryBackend

pytestmark = pytest.mark.django_db

PHONE = "0912345678"


@pytest.fixture
def code_sent(client: Client, django_capture_on_commit_callbacks, codes) -> str:
    """A person who typed their phone on the login page and received 123456."""
    codes.append(123456)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/tai-khoan/dang-nhap/", {"phone": PHONE})
    return "123456"


def test_the_login_page_asks_for_a_phone(client: Client):
    page = client.get("/tai-khoan/dang-nhap/")
    assert page.status_code == 200
    assert 'name="phone"' in page.content.decode()
    assert "Số điện thoại của bạn" in page.content.decode()


def test_a_wrong_phone_shows_the_vietnamese_error(client: Client):
    # when
    page = client.post("/tai-khoan/dang-nhap/", {"phone": "abc"})

    # then
    assert page.status_code == 422
    html = page.content.decode()
    assert (
        '<p class="error" id="phone-error" role="alert">Số điện thoại không đúng. Ví dụ đúng: 0912 345 678.</p>' in html
    )
    assert 'value="abc"' in html
    assert SESSION_PHONE not in client.session
    assert MemoryBackend.outbox == []


def test_the_right_phone_sends_a_code_and_goes_to_the_code_page(client: Client, django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post("/tai-khoan/dang-nhap/", {"phone": "+84 912 345 678"})

    # then
    assert (answer.status_code, answer["Location"]) == (302, "/tai-khoan/nhap-ma/")
    assert client.session[SESSION_PHONE] == PHONE
    assert [m.phone for m in MemoryBackend.outbox] == [PHONE]
    code_page = client.get("/tai-khoan/nhap-ma/")
    assert code_page.status_code == 200
    assert "Mã đã gửi tới số <strong>0912 345 678</strong>." in code_page.content.decode()


def test_the_page_asked_for_is_carried_through_both_steps(client: Client, django_capture_on_commit_callbacks, codes):
    # given: a page with a query string of two parameters
    codes.append(123456)
    wanted = "/tim-kiem/?q=chè&province=12"

    # when
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/tai-khoan/dang-nhap/", {"phone": PHONE, "next": wanted})
    logged_in = client.post(sent["Location"], {"code": "123456", "next": wanted})

    # then
    assert sent["Location"] == "/tai-khoan/nhap-ma/?next=%2Ftim-kiem%2F%3Fq%3Dch%C3%A8%26province%3D12"
    assert logged_in.status_code == 302
    assert logged_in["Location"] == "/tim-kiem/?q=ch%C3%A8&province=12"


def test_a_next_page_on_another_site_is_dropped(client: Client, django_capture_on_commit_callbacks, codes):
    codes.append(123456)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/tai-khoan/dang-nhap/", {"phone": PHONE, "next": "https://evil.example/"})
    logged_in = client.post("/tai-khoan/nhap-ma/", {"code": "123456", "next": "//evil.example/"})

    assert sent["Location"] == "/tai-khoan/nhap-ma/"
    assert logged_in["Location"] == "/ban-hang/"


def test_the_english_login_stays_in_english(client: Client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/en/tai-khoan/dang-nhap/", {"phone": PHONE})
    assert (sent.status_code, sent["Location"]) == (302, "/en/tai-khoan/nhap-ma/")


def test_the_code_page_without_a_phone_sends_back_to_the_login_page(client: Client):
    answer = client.get("/tai-khoan/nhap-ma/")
    assert (answer.status_code, answer["Location"]) == (302, "/tai-khoan/dang-nhap/")


def test_a_wrong_code_shows_the_error_and_does_not_log_in(client: Client, code_sent):
    # when
    page = client.post("/tai-khoan/nhap-ma/", {"code": "654321"})

    # then
    assert page.status_code == 422
    assert "Mã không đúng hoặc đã hết hạn. Vui lòng thử lại." in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.session[SESSION_PHONE] == PHONE


def test_the_right_code_logs_in_and_goes_to_the_seller_dashboard(client: Client, code_sent):
    # when
    answer = client.post("/tai-khoan/nhap-ma/", {"code": code_sent})

    # then
    assert (answer.status_code, answer["Location"]) == (302, "/ban-hang/")
    user = User.objects.get(phone=PHONE)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert SESSION_PHONE not in client.session
    dashboard = client.get("/ban-hang/")
    assert (dashboard.status_code, dashboard["Location"]) == (302, "/ban-hang/mo-cua-hang/")  # no shop yet


def test_the_sixth_code_in_an_hour_is_refused_on_the_page(client: Client):
    for _ in range(5):
        assert client.post("/tai-khoan/dang-nhap/", {"phone": PHONE}).status_code == 302

    page = client.post("/tai-khoan/dang-nhap/", {"phone": PHONE})

    assert page.status_code == 429
    assert "Bạn đã xin mã quá nhiều lần. Vui lòng đợi một giờ rồi thử lại." in page.content.decode()


def test_logout_is_a_post(client: Client, code_sent):
    client.post("/tai-khoan/nhap-ma/", {"code": code_sent})

    assert client.get("/tai-khoan/dang-xuat/").status_code == 405
    answer = client.post("/tai-khoan/dang-xuat/")

    assert (answer.status_code, answer["Location"]) == (302, "/")
    assert "_auth_user_id" not in client.session
