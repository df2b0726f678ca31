"""A household that never sold online opens a shop and lists its first product, timed as a person types."""

import io
import random
import time

import pytest
from PIL import Image

from chophien.catalog.models import Product
from chophien.messaging.backends import MemoryBackend
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# A person typing on a phone keyboard: about 3 characters a second, and a pause to read each screen.
KEY_DELAY_MS = 300
READ_PAUSE_S = 2.0


def phone_photo(path) -> int:
    """A 4000×3000 photo with noise, the size a phone camera writes (5-10 MB)."""
    rng = random.Random(7)
    image = Image.frombytes("RGB", (4000, 3000), rng.randbytes(4000 * 3000 * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=92)
    path.write_bytes(buffer.getvalue())
    return len(buffer.getvalue())


def test_new_household_lists_its_first_product_in_under_two_minutes(phone, tmp_path):
    photo = tmp_path / "khoai-sam.jpg"
    photo_size = phone_photo(photo)
    assert photo_size > 5_000_000
    MemoryBackend.outbox.clear()
    started = time.monotonic()

    phone.goto("/")
    phone.get_by_role("link", name="Bắt đầu bán hàng").click()
    time.sleep(READ_PAUSE_S)
    phone.get_by_label("Số điện thoại của bạn").type("0912 345 678", delay=KEY_DELAY_MS)
    phone.get_by_role("button", name="Gửi mã").click()
    phone.wait_for_url("**/tai-khoan/nhap-ma/**")
    code = MemoryBackend.outbox[-1].params["otp"]
    time.sleep(READ_PAUSE_S)  # the person reads the code from the SMS
    phone.get_by_label("Mã 6 số").type(code, delay=KEY_DELAY_MS)
    phone.get_by_role("button", name="Đăng nhập").click()

    phone.wait_for_url("**/ban-hang/mo-cua-hang/")
    time.sleep(READ_PAUSE_S)
    phone.get_by_label("Hộ sản xuất").check()
    phone.get_by_label("Tên cửa hàng").type("Hộ chị Lò Thị Hoa", delay=KEY_DELAY_MS)
    phone.get_by_label("Tỉnh").select_option(label="Lai Châu")
    phone.wait_for_selector("#id_ward_code option:has-text('Xã Sìn Hồ')", state="attached")
    phone.get_by_label("Xã/phường").select_option(label="Xã Sìn Hồ")
    screenshot(phone, "open-shop")
    phone.get_by_role("button", name="Mở cửa hàng").click()

    phone.wait_for_url("**/ban-hang/san-pham/moi/")
    time.sleep(READ_PAUSE_S)
    phone.get_by_label("Tên sản phẩm").type("Khoai sâm Sìn Hồ", delay=KEY_DELAY_MS)
    phone.get_by_label("Ảnh sản phẩm").set_input_files(str(photo))
    phone.get_by_label("Bán theo").select_option("kg")
    phone.get_by_label("Giá (đồng)").type("45000", delay=KEY_DELAY_MS)
    phone.get_by_label("Số lượng có").type("200", delay=KEY_DELAY_MS)
    phone.get_by_label("Mô tả").type("Khoai sâm trồng trên nương, củ to, ăn ngọt.", delay=KEY_DELAY_MS // 3)
    screenshot(phone, "first-product-form")
    phone.get_by_role("button", name="Đăng bán").click()

    phone.wait_for_url("**/ban-hang/")
    elapsed = time.monotonic() - started
    assert phone.get_by_text("Đã đăng “Khoai sâm Sìn Hồ”").is_visible()
    screenshot(phone, "dashboard-after-first-product")
    print(f"\nfirst product listed in {elapsed:.1f} s (typing at {KEY_DELAY_MS} ms a key)")
    assert elapsed < 120

    product = Product.objects.get(name="Khoai sâm Sìn Hồ")
    photo_row = product.photos.get()
    assert (product.price, product.variants.get().stock, product.seller.name) == (45000, 200, "Hộ chị Lò Thị Hoa")
    assert photo_row.thumb_small.size < 40_000  # the 5-10 MB photo became a light thumbnail
    phone.goto(f"/san-pham/{product.slug}/")
    assert phone.locator("h1").inner_text() == "Khoai sâm Sìn Hồ"
    screenshot(phone, "first-product-page")
