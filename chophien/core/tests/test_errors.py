import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext_lazy

from chophien.core.errors import ValidationError
from chophien.core.images import photo_check
from chophien.core.phone import normalize_phone


def test_a_domain_error_speaks_the_active_language_and_keeps_its_code():
    with translation.override("en"), pytest.raises(ValidationError) as english:
        normalize_phone("0912 abc")
    with translation.override("vi"), pytest.raises(ValidationError) as vietnamese:
        normalize_phone("0912 abc")

    assert english.value.as_dict() == {
        "code": "invalid_phone",
        "message": "The phone number is not valid. A valid example: 0912 345 678.",
        "field": "phone",
    }
    assert vietnamese.value.as_dict() == {
        "code": "invalid_phone",
        "message": "Số điện thoại không đúng. Ví dụ đúng: 0912 345 678.",
        "field": "phone",
    }


def test_a_lazy_message_is_read_once_when_raised_into_plain_text():
    # given: a message constant, marked at import time
    message = gettext_lazy("Giá phải lớn hơn 0 đồng.")

    # when
    with translation.override("en"):
        error = ValidationError("invalid_price", message)

    # then: the language of the raise stays, whatever is active when the message is read
    with translation.override("vi"):
        assert type(error.message) is str
        assert error.message == "The price must be more than 0 đồng."
        assert str(error) == "The price must be more than 0 đồng."


def test_a_message_with_a_placeholder_is_translated_whole_then_filled_in():
    # given: a photo one byte over the limit
    upload = SimpleUploadedFile("big.jpg", b"not read")
    upload.size = settings.MAX_PHOTO_UPLOAD_BYTES + 1
    limit_mb = settings.MAX_PHOTO_UPLOAD_BYTES // (1024 * 1024)

    # when
    with translation.override("en"), pytest.raises(ValidationError) as english:
        photo_check(upload)
    with pytest.raises(ValidationError) as vietnamese:
        photo_check(upload)

    # then
    assert english.value.message == f"The photo is too large (at most {limit_mb} MB). Please choose another photo."
    assert vietnamese.value.message == f"Ảnh quá lớn (tối đa {limit_mb} MB). Vui lòng chọn ảnh khác."
    assert english.value.code == vietnamese.value.code == "photo_too_large"
