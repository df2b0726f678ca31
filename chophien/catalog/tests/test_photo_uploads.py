"""Photos sent on their own as soon as they are chosen, before the product form is saved."""

import io
import threading
import time
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from PIL import Image

from chophien.accounts.tests.factories import UserFactory
from chophien.catalog import services
from chophien.catalog.models import PendingPhoto, Product
from chophien.catalog.tests.factories import product_listed
from chophien.core.errors import DomainError, ValidationError
from chophien.core.testing.images import jpeg_upload
from chophien.sellers.tests.factories import seller_with_owner

pytestmark = pytest.mark.django_db

FORM = {"name": "Khoai sâm Sìn Hồ", "unit": "kg", "price": "35k", "stock": "50 kg", "description": ""}


def turned_jpeg(width=400, height=300, orientation=6) -> SimpleUploadedFile:
    """A landscape JPEG whose EXIF says "turn me 90° clockwise", as a phone held upright writes it."""
    image = Image.new("RGB", (width, height), (90, 140, 60))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90, exif=exif.tobytes())
    return SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), content_type="image/jpeg")


def upload(client: Client, photo) -> dict:
    response = client.post("/ban-hang/anh/", {"photo": photo})
    assert response["Content-Type"] == "application/json", response.content[:200]
    return {"status": response.status_code, **response.json()}


def test_a_chosen_photo_is_kept_for_the_form_with_a_small_preview(seller_client, shop):
    # when
    answer = upload(seller_client, jpeg_upload(width=1600, height=1200))

    # then
    assert answer["status"] == 201
    pending = PendingPhoto.objects.get(token=answer["token"])
    assert pending.seller_id == shop[0].id
    assert answer["preview_url"] == pending.preview.url
    with Image.open(pending.preview) as preview:
        assert (preview.format, preview.size) == ("WEBP", (240, 240))
    assert len(answer["token"]) >= 20 and answer["token"] in pending.original.name


def test_the_form_attaches_a_sent_photo_then_it_is_resized_without_exif(
    seller_client, shop, django_capture_on_commit_callbacks
):
    # given a photo sent first (a phone held upright: EXIF says turn it)
    token = upload(seller_client, turned_jpeg())["token"]
    pending = PendingPhoto.objects.get(token=token)
    pending_original, pending_preview = pending.original.name, pending.preview.name

    # when the form is saved naming it
    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post("/ban-hang/san-pham/moi/", {**FORM, "photo_tokens": [token]})

    # then
    assert response.status_code == 302
    product = Product.objects.get()
    photo = product.photos.get()
    assert (product.price, product.variants.get().stock) == (35_000, 50)
    assert (photo.width, photo.height) == (300, 400)  # turned as the EXIF said
    with Image.open(photo.original) as original:
        assert original.size == (300, 400) and not original.getexif()
    assert photo.thumb_small.name.endswith("-360.webp")
    assert not PendingPhoto.objects.exists()
    assert not default_storage.exists(pending_original) and not default_storage.exists(pending_preview)


def test_another_shop_cannot_attach_my_photo(client: Client, shop):
    # given my photo
    client.force_login(shop[1])
    token = upload(client, jpeg_upload())["token"]
    other_seller, other_owner = seller_with_owner(name="HTX khác")

    # when another shop names it in its form
    client.force_login(other_owner)
    response = client.post("/ban-hang/san-pham/moi/", {**FORM, "photo_tokens": [token]})

    # then it is refused as unknown, nothing is listed, and the photo is still mine
    assert response.status_code == 422
    assert "Không tìm thấy một ảnh bạn đã gửi" in response.content.decode()
    assert token not in response.content.decode()
    assert not Product.objects.exists()
    assert PendingPhoto.objects.get(token=token).seller_id == shop[0].id
    with pytest.raises(ValidationError) as error:
        product_listed(other_seller, other_owner, photo_tokens=[token])
    assert error.value.code == "photo_not_found"


def test_a_form_error_keeps_the_photo_sent_before(seller_client, django_capture_on_commit_callbacks):
    # given
    token = upload(seller_client, jpeg_upload())["token"]

    # when the price is wrong
    response = seller_client.post("/ban-hang/san-pham/moi/", {**FORM, "price": "35kk", "photo_tokens": [token]})

    # then the page shown again still names the photo, with its preview
    html = response.content.decode()
    assert response.status_code == 422
    assert f'name="photo_tokens" value="{token}"' in html
    assert PendingPhoto.objects.get(token=token).preview.url in html
    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post("/ban-hang/san-pham/moi/", {**FORM, "photo_tokens": [token]})
    assert response.status_code == 302 and Product.objects.get().photos.count() == 1


def test_without_javascript_a_photo_posted_with_a_wrong_form_is_kept(seller_client, django_capture_on_commit_callbacks):
    # when the form is posted with its photo file and a wrong stock
    response = seller_client.post(
        "/ban-hang/san-pham/moi/", {**FORM, "stock": "50 túi", "photos": [jpeg_upload(width=4000, height=3000)]}
    )

    # then the photo is kept as a pending one the page names
    html = response.content.decode()
    pending = PendingPhoto.objects.get()
    assert response.status_code == 422
    assert f'name="photo_tokens" value="{pending.token}"' in html
    assert "Sản phẩm này bán theo kg, không phải “túi”" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post("/ban-hang/san-pham/moi/", {**FORM, "photo_tokens": [pending.token]})
    photo = Product.objects.get().photos.get()
    assert (photo.width, photo.height) == (2000, 1500)  # made small on the server, as before


def test_without_javascript_a_photo_posted_with_a_right_form_is_listed(
    seller_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post("/ban-hang/san-pham/moi/", {**FORM, "photos": [jpeg_upload()]})
    assert response.status_code == 302
    assert Product.objects.get().photos.count() == 1 and not PendingPhoto.objects.exists()


def test_what_is_not_a_photo_or_too_large_is_refused_with_a_code(seller_client, settings):
    not_a_photo = SimpleUploadedFile("a.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    assert upload(seller_client, not_a_photo) == {
        "status": 422,
        "code": "not_an_image",
        "message": "Tệp này không phải là ảnh. Vui lòng chọn ảnh JPG hoặc PNG.",
        "field": "photos",
    }
    cut_off = SimpleUploadedFile("b.jpg", turned_jpeg().read()[:600], content_type="image/jpeg")
    assert upload(seller_client, cut_off)["code"] == "not_an_image"
    settings.MAX_PHOTO_UPLOAD_BYTES = 10_000
    assert upload(seller_client, jpeg_upload(width=2000, height=2000))["code"] == "photo_too_large"
    missing = seller_client.post("/ban-hang/anh/", {})
    assert (missing.status_code, missing.json()["code"]) == (422, "photo_missing")
    assert not PendingPhoto.objects.exists()


def test_only_a_seller_may_send_photos(client: Client, shop):
    assert client.post("/ban-hang/anh/", {"photo": jpeg_upload()}).status_code == 302  # to the login page
    client.force_login(UserFactory())  # signed in, but no shop
    answer = upload(client, jpeg_upload())
    assert (answer["status"], answer["code"]) == (403, "no_shop")
    assert client.get("/ban-hang/anh/").status_code == 405


def test_a_photo_taken_back_is_deleted_and_only_by_its_shop(client: Client, shop, django_capture_on_commit_callbacks):
    client.force_login(shop[1])
    token = upload(client, jpeg_upload())["token"]
    original = PendingPhoto.objects.get(token=token).original.name
    client.force_login(seller_with_owner()[1])
    assert client.post(f"/ban-hang/anh/{token}/xoa/").status_code == 404
    client.force_login(shop[1])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/ban-hang/anh/{token}/xoa/").status_code == 204
    assert not PendingPhoto.objects.exists() and not default_storage.exists(original)
    assert client.post(f"/ban-hang/anh/{token}/xoa/").status_code == 404


def test_photos_never_attached_are_cleaned_on_the_next_save_and_by_the_command(
    seller_client, shop, django_capture_on_commit_callbacks
):
    # given two stale photos of this shop, one of another shop, and a fresh one
    seller, owner = shop
    stale = [upload(seller_client, jpeg_upload())["token"] for _ in range(2)]
    fresh = upload(seller_client, jpeg_upload())["token"]
    other_seller, other_owner = seller_with_owner()
    other = services.pending_photo_add(seller=other_seller, by=other_owner, upload=jpeg_upload())
    day_ago = timezone.now() - timedelta(hours=services.PENDING_PHOTO_HOURS + 1)
    PendingPhoto.objects.filter(token__in=[*stale, other.token]).update(created_at=day_ago)
    stale_files = [p.original.name for p in PendingPhoto.objects.filter(token__in=stale)]

    # when this shop saves a product: its own stale photos go, the fresh one and the other shop's stay
    with django_capture_on_commit_callbacks(execute=True):
        product_listed(seller, owner)
    assert set(PendingPhoto.objects.values_list("token", flat=True)) == {fresh, other.token}
    assert not any(default_storage.exists(name) for name in stale_files)

    # when the command runs (cron): every shop's stale photos go
    out = io.StringIO()
    call_command("catalog_clean_pending_photos", stdout=out)
    assert out.getvalue().strip() == "Đã xoá 1 ảnh chưa dùng."
    assert list(PendingPhoto.objects.values_list("token", flat=True)) == [fresh]


def test_too_many_photos_waiting_are_refused(seller_client, settings, monkeypatch):
    monkeypatch.setattr(services, "MAX_PENDING_PHOTOS", 2)
    assert [upload(seller_client, jpeg_upload())["status"] for _ in range(2)] == [201, 201]
    answer = upload(seller_client, jpeg_upload())
    assert (answer["status"], answer["code"]) == (422, "too_many_pending_photos")


def test_a_photo_cannot_be_attached_twice(shop, django_capture_on_commit_callbacks):
    seller, owner = shop
    pending = services.pending_photo_add(seller=seller, by=owner, upload=jpeg_upload())
    stale_copy = PendingPhoto.objects.get(pk=pending.pk)
    product = product_listed(seller, owner, photo_tokens=[pending.token])
    # a second save that read the same pending row before the first one took it
    with pytest.raises(Exception) as error:
        services._pending_attach(product, stale_copy, 1)
    assert getattr(error.value, "code", None) == "photo_taken"
    assert product.photos.count() == 1


def test_sent_photos_count_toward_eight_per_product(shop):
    seller, owner = shop
    tokens = [services.pending_photo_add(seller=seller, by=owner, upload=jpeg_upload()).token for _ in range(3)]
    with pytest.raises(ValidationError) as error:
        product_listed(seller, owner, photo_tokens=tokens, photos=[jpeg_upload() for _ in range(6)])
    assert error.value.code == "too_many_photos"
    assert PendingPhoto.objects.count() == 3  # nothing taken by the refused save


def test_the_edit_form_adds_sent_photos_after_the_ones_there(seller_client, shop, django_capture_on_commit_callbacks):
    seller, owner = shop
    with django_capture_on_commit_callbacks(execute=True):
        product = product_listed(seller, owner, photos=[jpeg_upload()])
    token = upload(seller_client, jpeg_upload())["token"]
    variant = product.variants.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post(
            f"/ban-hang/san-pham/{product.id}/sua/",
            {**FORM, "stock": "100", "stock_seen": variant.stock, "photo_tokens": [token]},
        )
    assert response.status_code == 302
    assert list(product.photos.values_list("position", flat=True)) == [0, 1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_racing_for_one_sent_photo_attach_it_once(shop):
    # given one photo sent and two products being saved at the same moment, both naming it
    seller, owner = shop
    token = services.pending_photo_add(seller=seller, by=owner, upload=jpeg_upload()).token
    products = [product_listed(seller, owner, name=f"Mật ong {i}") for i in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(product) -> None:
        try:
            barrier.wait()
            services.product_add_photos(product=product, by=owner, photo_tokens=[token])
            outcomes.append("attached")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(product,)) for product in products]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then exactly one product has it; the other is told, whichever way the race went
    assert sorted(outcomes) in (["attached", "photo_not_found"], ["attached", "photo_taken"])
    assert sum(product.photos.count() for product in products) == 1
    assert not PendingPhoto.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_photos_sent_at_the_same_moment_never_pass_the_cap(shop, monkeypatch):
    # given a shop one photo short of its cap, and four photos sent at once from two phones
    seller, owner = shop
    monkeypatch.setattr(services, "MAX_PENDING_PHOTOS", 3)
    for _ in range(2):
        services.pending_photo_add(seller=seller, by=owner, upload=jpeg_upload())
    barrier = threading.Barrier(4)
    outcomes: list[str] = []
    real_token = services.secrets.token_urlsafe

    def token_after_a_pause(size: int) -> str:
        time.sleep(0.3)  # between the shop's count and its insert: every sender has counted by now
        return real_token(size)

    monkeypatch.setattr(services.secrets, "token_urlsafe", token_after_a_pause)

    def send() -> None:
        try:
            upload = jpeg_upload()
            barrier.wait()
            services.pending_photo_add(seller=seller, by=owner, upload=upload)
            outcomes.append("kept")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then exactly one is kept and three are told the shop has too many waiting
    assert sorted(outcomes) == ["kept", "too_many_pending_photos", "too_many_pending_photos", "too_many_pending_photos"]
    assert PendingPhoto.objects.filter(seller=seller).count() == 3
