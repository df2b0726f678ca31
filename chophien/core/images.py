"""Photos from phones: checked on upload, re-encoded without EXIF, resized for phones.

Phones upload 5-10 MB JPEGs carrying EXIF (the household's GPS position among it). Product photos
are turned into two light WebP thumbnails by a background task; a shop's portrait is one small
square made at once.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from chophien.core.errors import ValidationError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
SMALL_WIDTH = 360
LARGE_WIDTH = 800
ORIGINAL_MAX_SIDE = 2000
PORTRAIT_SIDE = 240
# Pillow refuses to open images above this many pixels (decompression bombs).
Image.MAX_IMAGE_PIXELS = 60_000_000


def photo_check(upload: UploadedFile, *, field: str = "photos") -> None:
    """Refuse what is not a photo, or a photo too large to be one taken by a phone."""
    size = upload.size or 0
    if size > settings.MAX_PHOTO_UPLOAD_BYTES:
        mb = settings.MAX_PHOTO_UPLOAD_BYTES // (1024 * 1024)
        raise ValidationError(
            "photo_too_large", _("Ảnh quá lớn (tối đa %(mb)s MB). Vui lòng chọn ảnh khác.") % {"mb": mb}, field=field
        )
    if size == 0:
        raise ValidationError("photo_empty", _("Tệp ảnh bị trống."), field=field)
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            "not_an_image", _("Tệp này không phải là ảnh. Vui lòng chọn ảnh JPG hoặc PNG."), field=field
        ) from exc
    finally:
        upload.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError("not_an_image", _("Chỉ nhận ảnh JPG, PNG hoặc WebP."), field=field)


def _encode(image: Image.Image, *, width: int, image_format: str, quality: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((width, width * 4), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, format=image_format, quality=quality, method=4) if image_format == "WEBP" else copy.save(
        buffer, format=image_format, quality=quality, optimize=True, progressive=True
    )
    return buffer.getvalue(), copy.width, copy.height


def render_variants(raw: bytes) -> dict[str, tuple[bytes, int, int]]:
    """Return the cleaned original (JPEG, no EXIF) and the small and large WebP thumbnails."""
    with Image.open(io.BytesIO(raw)) as opened:
        image = ImageOps.exif_transpose(opened).convert("RGB")
    return {
        "original": _encode(image, width=ORIGINAL_MAX_SIDE, image_format="JPEG", quality=85),
        "small": _encode(image, width=SMALL_WIDTH, image_format="WEBP", quality=68),
        "large": _encode(image, width=LARGE_WIDTH, image_format="WEBP", quality=72),
    }


def as_content(data: bytes) -> ContentFile[bytes]:
    return ContentFile(data)


def portrait_render(upload: UploadedFile, *, side: int = PORTRAIT_SIDE) -> bytes:
    """A square WebP of ``side`` pixels cut from the middle of a checked photo, without EXIF."""
    upload.seek(0)
    with Image.open(upload) as opened:
        opened.draft("RGB", (side * 2, side * 2))  # JPEG decodes at a fraction of its size: fast
        image = ImageOps.exif_transpose(opened).convert("RGB")
    square = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    square.save(buffer, format="WEBP", quality=75, method=4)
    return buffer.getvalue()
