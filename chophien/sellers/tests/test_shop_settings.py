"""The owner's shop settings: portrait, story, staff."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from chophien.accounts.models import User
from chophien.accounts.tests.factories import UserFactory
from chophien.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from chophien.core.testing.images import jpeg_upload
from chophien.messaging.backends import MemoryBackend
from chophien.sellers.models import SellerMember, SellerRole
from chophien.sellers.services import seller_add_staff_by_phone, seller_remove_staff, seller_update_profile
from chophien.sellers.tests.factories import seller_with_owner

pytestmark = pytest.mark.django_db


def _jpeg_with_gps() -> SimpleUploadedFile:
    image = Image.new("RGB", (3000, 2000), (90, 140, 60))
    exif = Image.Exif()
    exif[0x8825] = {2: (21.0, 3.0, 0.0)}  # GPSInfo: where the household lives
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("chan-dung.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_owner_sets_a_portrait_cut_to_a_small_square_without_exif():
    seller, owner = seller_with_owner()

    seller_update_profile(seller=seller, by=owner, story="Nhà tôi trồng chè.", street="Bản Lả", photo=_jpeg_with_gps())

    seller.refresh_from_db()
    assert (seller.story, seller.street) == ("Nhà tôi trồng chè.", "Bản Lả")
    with seller.photo.open("rb") as handle, Image.open(handle) as portrait:
        assert (portrait.format, portrait.size) == ("WEBP", (240, 240))
        assert not portrait.getexif()


def test_a_bad_photo_changes_nothing():
    seller, owner = seller_with_owner(story="Câu chuyện cũ")
    seller_update_profile(seller=seller, by=owner, story="Câu chuyện cũ", street="", photo=jpeg_upload())
    first_photo = seller.photo.name

    with pytest.raises(ValidationError) as error:
        seller_update_profile(
            seller=seller, by=owner, story="Mới", street="", photo=SimpleUploadedFile("a.jpg", b"not a photo")
        )

    assert error.value.code == "not_an_image"
    seller.refresh_from_db()
    assert (seller.story, seller.photo.name) == ("Câu chuyện cũ", first_photo)


def test_staff_cannot_change_the_shop_profile():
    seller, owner = seller_with_owner()
    member = seller_add_staff_by_phone(seller=seller, by=owner, phone="0912 000 111")
    with pytest.raises(PermissionDenied):
        seller_update_profile(seller=seller, by=member.user, story="x", street="")


def test_adding_staff_by_phone_creates_their_account_and_tells_them(django_capture_on_commit_callbacks):
    seller, owner = seller_with_owner()

    with django_capture_on_commit_callbacks(execute=True):
        member = seller_add_staff_by_phone(seller=seller, by=owner, phone="+84 912 000 111")

    assert member.role == SellerRole.STAFF
    assert member.user.phone == "0912000111"
    assert not member.user.has_usable_password()
    assert [m.phone for m in MemoryBackend.outbox] == ["0912000111"]
    assert seller.name in MemoryBackend.outbox[0].text


def test_a_wrong_staff_phone_is_a_clear_error_and_creates_nobody():
    seller, owner = seller_with_owner()
    with pytest.raises(ValidationError) as error:
        seller_add_staff_by_phone(seller=seller, by=owner, phone="12345")
    assert error.value.code == "invalid_phone"
    assert User.objects.count() == 1


def test_someone_working_for_another_shop_cannot_be_added():
    _other, other_owner = seller_with_owner()
    seller, owner = seller_with_owner()
    with pytest.raises(Conflict) as error:
        seller_add_staff_by_phone(seller=seller, by=owner, phone=other_owner.phone)
    assert error.value.code == "works_elsewhere"


def test_removing_staff_but_never_the_owner():
    seller, owner = seller_with_owner()
    member = seller_add_staff_by_phone(seller=seller, by=owner, phone="0912000111")
    owner_member = SellerMember.objects.get(user=owner)

    with pytest.raises(Conflict):
        seller_remove_staff(seller=seller, by=owner, member_id=owner_member.pk)
    with pytest.raises(PermissionDenied):
        seller_remove_staff(seller=seller, by=member.user, member_id=member.pk)
    seller_remove_staff(seller=seller, by=owner, member_id=member.pk)
    with pytest.raises(NotFound):
        seller_remove_staff(seller=seller, by=owner, member_id=member.pk)

    assert list(SellerMember.objects.values_list("user", flat=True)) == [owner.pk]


def test_the_settings_page_saves_a_portrait_and_adds_staff(client: Client):
    seller, owner = seller_with_owner()
    client.force_login(owner)

    assert client.get("/ban-hang/thong-tin-cua-hang/").status_code == 200
    saved = client.post(
        "/ban-hang/thong-tin-cua-hang/",
        {"action": "profile", "story": "Chè cổ thụ", "street": "Bản Lả", "photo": jpeg_upload()},
    )
    added = client.post("/ban-hang/thong-tin-cua-hang/", {"action": "add_staff", "phone": "0912000111"})

    assert (saved.status_code, added.status_code) == (302, 302)
    page = client.get("/ban-hang/thong-tin-cua-hang/").content.decode()
    assert "0912 000 111" in page
    seller.refresh_from_db()
    assert seller.photo.name.endswith(".webp")
    assert seller.photo.url in client.get(f"/cua-hang/{seller.slug}/").content.decode()


def test_the_settings_page_shows_errors_in_vietnamese(client: Client):
    _seller, owner = seller_with_owner()
    client.force_login(owner)

    bad_phone = client.post("/ban-hang/thong-tin-cua-hang/", {"action": "add_staff", "phone": "abc"})
    bad_photo = client.post(
        "/ban-hang/thong-tin-cua-hang/",
        {"action": "profile", "story": "x", "photo": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
    )

    assert bad_phone.status_code == 422
    assert "Số điện thoại" in bad_phone.content.decode()
    assert bad_photo.status_code == 422
    assert "không phải là ảnh" in bad_photo.content.decode()


def test_staff_see_the_team_but_no_forms(client: Client):
    seller, owner = seller_with_owner()
    member = seller_add_staff_by_phone(seller=seller, by=owner, phone="0912000111")
    client.force_login(member.user)

    page = client.get("/ban-hang/thong-tin-cua-hang/")
    removed = client.post("/ban-hang/thong-tin-cua-hang/", {"action": "remove_staff", "member": str(member.pk)})

    assert page.status_code == 200
    assert 'name="action" value="profile"' not in page.content.decode()
    assert removed.status_code == 403
    assert SellerMember.objects.filter(pk=member.pk).exists()


def test_a_ward_of_another_province_is_refused_and_the_choice_is_kept(client: Client):
    client.force_login(UserFactory())
    answer = client.post(
        "/ban-hang/mo-cua-hang/",
        {"kind": "household", "name": "Hộ A", "province": "12", "ward_code": "769"},
    )
    assert answer.status_code == 422
    assert "không thuộc tỉnh đã chọn" in answer.content.decode()


def test_the_chosen_ward_is_kept_when_the_form_has_another_error(client: Client):
    client.force_login(UserFactory())
    answer = client.post(
        "/ban-hang/mo-cua-hang/", {"kind": "household", "name": "", "province": "8", "ward_code": "769"}
    )
    assert answer.status_code == 422
    assert '<option value="769" selected>' in answer.content.decode()
