"""A household that never sold online opens a shop and lists its first product on a 3G phone, timed as a
person types: the 6 MB camera photo is made small on the phone and sent while the seller types, the
price is written "35k" and the stock "50 kg", one mistake is reported next to its field and the photo
stays chosen."""

import io
import random
import time

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from chophien.catalog.models import PendingPhoto, Product
from chophien.messaging.backends import MemoryBackend
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# A person typing on a phone keyboard: about 3 characters a second, and a pause to read each screen.
KEY_DELAY_MS = 300
READ_PAUSE_S = 2.0
# A slow 3G link, as Chrome's DevTools "Slow 3G" preset was first defined (400 kbit/s each way, 400 ms
# round trip), applied by CDP Network.emulateNetworkConditions to every request of the page.
SLOW_3G = {
    "offline": False,
    "latency": 400,  # ms added to each request
    "downloadThroughput": 400_000 / 8,  # bytes per second
    "uploadThroughput": 400_000 / 8,
}

# Test-only instruments: when the photo was chosen, when it started to be sent, when it was ready,
# and the progress bar's values on the way.
WATCH_PHOTO = """() => {
  const watch = (window.photoWatch = {progress: []});
  document.querySelector("#id_photos").addEventListener("change", () => { watch.chosen = performance.now(); }, true);
  new MutationObserver(() => {
    const item = document.querySelector(".photo-item");
    if (!item) return;
    const state = item.getAttribute("data-state");
    if (!watch[state]) watch[state] = performance.now();
    const bar = item.querySelector("progress");
    if (bar && bar.hasAttribute("value") && !bar.hidden) watch.progress.push(Number(bar.value));
    watch.bytes = Number(item.getAttribute("data-bytes") || 0);
  }).observe(document.querySelector(".photo-list"), {subtree: true, attributes: true, childList: true});
}"""


def phone_photo(path) -> int:
    """A 4000×3000 camera photo (a field with tubers, sensor noise, JPEG quality 92: about 6.6 MB), whose
    EXIF says to turn it a quarter clockwise, as a phone held upright writes it."""
    width, height = 4000, 3000
    shade = Image.linear_gradient("L").resize((width, height))
    image = Image.merge(
        "RGB",
        (shade.point(lambda v: 60 + v // 2), shade.point(lambda v: 110 + v // 3), shade.point(lambda v: 40 + v // 4)),
    )
    draw, rng = ImageDraw.Draw(image), random.Random(7)
    for _ in range(60):
        x, y, w, h = rng.randrange(width), rng.randrange(height), rng.randrange(150, 700), rng.randrange(100, 400)
        draw.ellipse(
            (x, y, x + w, y + h), fill=(rng.randrange(120, 200), rng.randrange(70, 120), rng.randrange(40, 80))
        )
    image = image.filter(ImageFilter.GaussianBlur(3))
    noise = Image.merge("RGB", [Image.effect_noise((width, height), 20) for _ in range(3)])
    image = ImageChops.add(image, noise, scale=1.0, offset=-128)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=92, exif=exif.tobytes())
    path.write_bytes(buffer.getvalue())
    return len(buffer.getvalue())


def test_new_household_lists_its_first_product_on_3g_in_under_two_minutes(phone, tmp_path):
    photo = tmp_path / "IMG_20260412_081522.jpg"
    photo_size = phone_photo(photo)
    assert 6_000_000 < photo_size < 8_000_000
    network = phone.context.new_cdp_session(phone)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", SLOW_3G)
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
    phone.get_by_role("button", name="Mở cửa hàng").click()

    phone.wait_for_url("**/ban-hang/san-pham/moi/")
    phone.wait_for_load_state("load")  # the photo script is deferred: the person sees the page first
    time.sleep(READ_PAUSE_S)
    phone.evaluate(WATCH_PHOTO)
    phone.get_by_label("Tên sản phẩm").type("Khoai sâm Sìn Hồ", delay=KEY_DELAY_MS)
    phone.get_by_label("Ảnh sản phẩm").set_input_files(str(photo))

    # The photo is made small here and sent at once: preview and progress while the seller types on.
    phone.wait_for_selector(".photo-item[data-state=uploading] img[src^='blob:']")
    phone.wait_for_function("() => window.photoWatch.progress.some((value) => value > 0 && value < 100)")
    screenshot(phone, "first-product-photo-sending")
    phone.get_by_label("Bán theo").select_option("kg")
    phone.get_by_label("Giá (đồng)").type("35k", delay=KEY_DELAY_MS)
    phone.get_by_label("Số lượng có").type("50 kh", delay=KEY_DELAY_MS)  # a slip of the thumb: h for g
    phone.wait_for_selector(".photo-item[data-state=ready]", timeout=60_000)
    watch = phone.evaluate("() => window.photoWatch")
    ready_s = (watch["ready"] - watch["chosen"]) / 1000
    shrink_s = (watch["uploading"] - watch["chosen"]) / 1000
    send_s = (watch["ready"] - watch["uploading"]) / 1000
    print(
        f"\nphoto: {photo_size / 1e6:.1f} MB chosen, {watch['bytes'] / 1e3:.0f} KB sent; ready in {ready_s:.1f} s "
        f"(made small in {shrink_s:.1f} s, sent in {send_s:.1f} s = {watch['bytes'] * 8 / send_s / 1e3:.0f} kbit/s) "
        f"on {SLOW_3G['uploadThroughput'] * 8 / 1e3:.0f} kbit/s up, {SLOW_3G['latency']} ms latency"
    )
    assert watch["bytes"] < 500_000  # a few hundred KB, not 6 MB
    assert watch["bytes"] * 8 / send_s < 1.1 * SLOW_3G["uploadThroughput"] * 8  # the link really was throttled
    assert max(watch["progress"]) == 100 and len(set(watch["progress"])) >= 3  # the bar moved on the way
    assert ready_s < 10
    screenshot(phone, "first-product-photo-ready")
    phone.get_by_label("Mô tả").type("Khoai sâm trồng trên nương, củ to, ăn ngọt.", delay=KEY_DELAY_MS // 3)
    phone.get_by_role("button", name="Đăng bán").click()

    # The mistake is said next to its field, what was typed stays, and so does the photo.
    stock_error = phone.locator("#id_stock-error")
    stock_error.wait_for()
    assert stock_error.inner_text() == "Sản phẩm này bán theo kg, không phải “kh”: ghi số kg, ví dụ 50 hoặc 50 kg."
    assert phone.get_by_label("Giá (đồng)").input_value() == "35k"
    assert phone.get_by_label("Tên sản phẩm").input_value() == "Khoai sâm Sìn Hồ"
    phone.wait_for_function("() => document.querySelector('.photo-item[data-state=ready] img').naturalWidth === 240")
    assert phone.locator("input[name=photo_tokens]").count() == 1
    screenshot(phone, "first-product-error-keeps-photo")
    time.sleep(READ_PAUSE_S)
    stock = phone.get_by_label("Số lượng có")
    stock.fill("")
    stock.type("50 kg", delay=KEY_DELAY_MS)
    phone.get_by_role("button", name="Đăng bán").click()

    phone.wait_for_url("**/ban-hang/")
    elapsed = time.monotonic() - started
    assert phone.get_by_text("Đã đăng “Khoai sâm Sìn Hồ”").is_visible()
    screenshot(phone, "dashboard-after-first-product")
    print(f"first product listed in {elapsed:.1f} s on slow 3G (typing at {KEY_DELAY_MS} ms a key)")
    assert elapsed < 120

    product = Product.objects.get(name="Khoai sâm Sìn Hồ")
    photo_row = product.photos.get()
    assert (product.price, product.variants.get().stock, product.seller.name) == (35_000, 50, "Hộ chị Lò Thị Hoa")
    assert (photo_row.width, photo_row.height) == (1200, 1600)  # made small on the phone, upright as the EXIF said
    assert photo_row.thumb_small.size < 40_000
    with Image.open(photo_row.original) as original:
        assert not original.getexif()
    assert not PendingPhoto.objects.exists()
    phone.goto(f"/san-pham/{product.slug}/")
    assert phone.locator("h1").inner_text() == "Khoai sâm Sìn Hồ"
    screenshot(phone, "first-product-page")


def test_a_photo_not_sent_is_retried_or_removed_and_saving_waits_for_one_on_its_way(browser, live_server, tmp_path):
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.test import Client

    from chophien.core.testing.images import jpeg_bytes
    from chophien.sellers.tests.factories import seller_with_owner
    from tests.browser.conftest import PHONE

    _, owner = seller_with_owner(name="Hộ anh Giàng A Dình")
    client = Client()
    client.force_login(owner)
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN", base_url=live_server.url
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": urlsplit(live_server.url).hostname,
                "path": "/",
            }
        ]
    )
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    photos = []
    for number, color in enumerate([(150, 90, 40), (60, 120, 70), (200, 180, 60)]):
        path = tmp_path / f"anh-{number}.jpg"
        path.write_bytes(jpeg_bytes(2400, 1800, color))
        photos.append(str(path))
    network = context.new_cdp_session(phone)
    network.send("Network.enable")
    phone.goto("/ban-hang/san-pham/moi/")
    phone.wait_for_load_state("load")
    phone.get_by_label("Tên sản phẩm").fill("Mật ong bạc hà")
    phone.get_by_label("Giá (đồng)").fill("350k")
    phone.get_by_label("Số lượng có").fill("20")
    phone.get_by_label("Bán theo").select_option("chai")

    # when two photos are chosen with the phone off the network
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    phone.get_by_label("Ảnh sản phẩm").set_input_files(photos[:2])
    phone.wait_for_function("() => document.querySelectorAll('.photo-item[data-state=failed]').length === 2")
    first, second = phone.locator(".photo-item").nth(0), phone.locator(".photo-item").nth(1)
    assert first.locator(".photo-status").inner_text() == "Mất mạng, chưa gửi được ảnh."
    assert first.get_by_role("button", name="Thử lại").is_visible()
    phone.get_by_role("button", name="Đăng bán").click()  # nothing is posted while a photo is not sent
    assert phone.locator(".photo-wait").inner_text() == "Có ảnh chưa gửi được: bấm “Thử lại” hoặc “Xoá” ảnh đó."
    screenshot(phone, "photo-not-sent-retry")
    assert not Product.objects.exists()

    # then back on the network: one is sent again, the other taken back (on the server too)
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    first.get_by_role("button", name="Thử lại").click()
    second.get_by_role("button", name="Thử lại").click()
    phone.wait_for_function("() => document.querySelectorAll('.photo-item[data-state=ready]').length === 2")
    assert PendingPhoto.objects.count() == 2
    second.get_by_role("button", name="Xoá ảnh này").click()
    assert phone.locator(".photo-item").count() == 1
    deadline = time.monotonic() + 10
    while PendingPhoto.objects.count() != 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert PendingPhoto.objects.count() == 1

    # when a third is chosen on slow 3G and "Đăng bán" pressed at once, saving waits for it to arrive
    network.send("Network.emulateNetworkConditions", SLOW_3G)
    phone.get_by_label("Ảnh sản phẩm").set_input_files(photos[2])
    phone.get_by_role("button", name="Đăng bán").click()
    waiting = phone.locator(".photo-wait")
    waiting.wait_for()
    assert waiting.inner_text() == "Đang chờ gửi xong ảnh, sản phẩm sẽ được lưu ngay sau đó…"
    screenshot(phone, "photo-saving-waits")
    phone.wait_for_url("**/ban-hang/", timeout=60_000)
    product = Product.objects.get()
    assert (product.price, product.unit, product.photos.count()) == (350_000, "chai", 2)
    assert not PendingPhoto.objects.exists()
    context.close()
