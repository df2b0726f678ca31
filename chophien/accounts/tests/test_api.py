import pytest
from django.test import Client

from chophien.accounts.models import ApiToken, User
from chophien.accounts.services import api_token_issue
from chophien.accounts.tests.factories import UserFactory
from chophien.messaging.backends import MemoryBackend

pytestmark = pytest.mark.django_db

PHONE = "0912345678"
NOT_AUTHENTICATED = {
    "code": "not_authenticated",
    "message": "Bạn cần đăng nhập (gửi mã thông báo Bearer) để làm việc này.",
}


def post(client: Client, path: str, body: dict, **extra):
    return client.post(path, body, content_type="application/json", **extra)


def test_the_api_login_flow_gives_a_bearer_token_that_works(client: Client, django_capture_on_commit_callbacks, codes):
    # given
    codes.append(123456)

    # when: ask for a code
    with django_capture_on_commit_callbacks(execute=True):
        sent = post(client, "/api/auth/otp", {"phone": "0912 345 678"})

    # then
    assert sent.status_code == 200
    assert sent.json() == {"phone": PHONE, "message": "Đã gửi mã đăng nhập qua tin nhắn."}
    assert [m.params["otp"] for m in MemoryBackend.outbox] == ["123456"]

    # when: trade it for a token
    issued = post(client, "/api/auth/token", {"phone": PHONE, "code": "123456", "full_name": "Giàng A Páo"})

    # then
    assert issued.status_code == 200
    body = issued.json()
    assert sorted(body) == ["phone", "token"] and body["phone"] == PHONE
    user = User.objects.get(phone=PHONE)
    assert user.full_name == "Giàng A Páo"

    # when: the token opens a shop and reads its listings (through HTTP: accounts sits below sellers and catalog)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {body['token']}"}
    opened = post(client, "/api/seller", {"kind": "household", "name": "Hộ Giàng A Páo", "ward_code": 3478}, **auth)
    mine = client.get("/api/seller/products", **auth)

    # then
    assert opened.status_code == 201
    assert (mine.status_code, mine.json()) == (200, [])
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_a_token_for_someone_without_a_shop_authenticates_but_is_refused_the_shop(client: Client):
    key = api_token_issue(user=UserFactory())
    answer = client.get("/api/seller/products", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 403
    assert answer.json() == {"code": "no_shop", "message": "Tài khoản này chưa có cửa hàng. Hãy mở cửa hàng trước."}


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Bearer ", "Token abc", "Bearer " + "x" * 300])
def test_without_a_valid_token_the_answer_is_401_not_authenticated(client: Client, authorization):
    extra = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
    answer = client.get("/api/seller/products", **extra)
    assert (answer.status_code, answer.json()) == (401, NOT_AUTHENTICATED)


def test_the_token_of_a_deactivated_account_no_longer_works(client: Client):
    # given
    user = UserFactory()
    key = api_token_issue(user=user)
    User.objects.filter(pk=user.pk).update(is_active=False)

    # when
    answer = client.get("/api/seller/products", HTTP_AUTHORIZATION=f"Bearer {key}")

    # then
    assert (answer.status_code, answer.json()) == (401, NOT_AUTHENTICATED)


def test_a_wrong_code_is_422_wrong_code(client: Client, django_capture_on_commit_callbacks, codes):
    codes.append(123456)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "/api/auth/otp", {"phone": PHONE})

    answer = post(client, "/api/auth/token", {"phone": PHONE, "code": "654321"})

    assert answer.status_code == 422
    assert answer.json() == {
        "code": "wrong_code",
        "message": "Mã không đúng hoặc đã hết hạn. Vui lòng thử lại.",
        "field": "code",
    }
    assert not User.objects.exists()


def test_a_wrong_phone_is_422_invalid_phone(client: Client):
    answer = post(client, "/api/auth/otp", {"phone": "12345"})
    assert answer.status_code == 422
    assert answer.json() == {
        "code": "invalid_phone",
        "message": "Số điện thoại không đúng. Ví dụ đúng: 0912 345 678.",
        "field": "phone",
    }


def test_a_missing_phone_is_invalid_input(client: Client):
    answer = post(client, "/api/auth/otp", {})
    assert answer.status_code == 422
    assert (answer.json()["code"], answer.json()["message"]) == (
        "invalid_input",
        "Dữ liệu gửi lên không đúng định dạng: phone",
    )


def test_the_sixth_code_in_an_hour_is_429_rate_limited(client: Client):
    # given
    for _ in range(5):
        assert post(client, "/api/auth/otp", {"phone": PHONE}).status_code == 200

    # when
    answer = post(client, "/api/auth/otp", {"phone": "+84912345678"})

    # then
    assert answer.status_code == 429
    assert answer.json() == {
        "code": "rate_limited",
        "message": "Bạn đã xin mã quá nhiều lần. Vui lòng đợi một giờ rồi thử lại.",
    }


def test_one_machine_may_ask_for_thirty_codes_an_hour(client: Client):
    # given: thirty different phones from one address
    for n in range(30):
        assert post(client, "/api/auth/otp", {"phone": f"09123456{n:02d}"}, REMOTE_ADDR="10.0.0.1").status_code == 200

    # when
    refused = post(client, "/api/auth/otp", {"phone": "0912345699"}, REMOTE_ADDR="10.0.0.1")
    other_machine = post(client, "/api/auth/otp", {"phone": "0912345699"}, REMOTE_ADDR="10.0.0.2")

    # then
    assert refused.status_code == 429
    assert refused.json() == {"code": "rate_limited", "message": "Quá nhiều yêu cầu từ máy này. Vui lòng thử lại sau."}
    assert other_machine.status_code == 200
