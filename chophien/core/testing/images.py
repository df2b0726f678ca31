"""Photos for tests: real JPEG bytes made with Pillow."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_bytes(width: int = 1200, height: int = 900, color: tuple[int, int, int] = (60, 120, 70)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def jpeg_upload(
    name: str = "anh.jpg", width: int = 1200, height: int = 900, color: tuple[int, int, int] = (60, 120, 70)
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(width, height, color), content_type="image/jpeg")
