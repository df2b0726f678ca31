"""Product pictures drawn with Pillow, one small illustration per category; no network, no fonts."""

from __future__ import annotations

import colorsys
import io
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter

SIZE = 1000
Draw = ImageDraw.ImageDraw


def _shade(rng: random.Random, hue: float, saturation: float, value: float) -> tuple[int, int, int]:
    h = (hue + rng.uniform(-0.03, 0.03)) % 1.0
    r, g, b = colorsys.hsv_to_rgb(h, saturation, value)
    return int(r * 255), int(g * 255), int(b * 255)


def _leaves(draw: Draw, rng: random.Random) -> None:
    for _ in range(14):
        x, y = rng.randint(150, 850), rng.randint(200, 850)
        w, h = rng.randint(90, 150), rng.randint(40, 70)
        draw.ellipse((x - w, y - h, x + w, y + h), fill=_shade(rng, 0.3, 0.65, rng.uniform(0.35, 0.6)))
        draw.line((x - w + 10, y, x + w - 10, y), fill=(225, 240, 210), width=4)


def _jar(draw: Draw, rng: random.Random) -> None:
    amber = _shade(rng, 0.1, 0.85, 0.85)
    draw.rounded_rectangle((300, 330, 700, 860), radius=70, fill=amber)
    draw.rounded_rectangle((340, 380, 420, 800), radius=30, fill=(255, 226, 150))
    draw.rectangle((330, 250, 670, 330), fill=_shade(rng, 0.05, 0.6, 0.45))
    draw.rounded_rectangle((380, 520, 620, 680), radius=16, fill=(250, 245, 225))


def _grains(draw: Draw, rng: random.Random) -> None:
    draw.ellipse((170, 520, 830, 900), fill=_shade(rng, 0.08, 0.5, 0.45))
    draw.ellipse((190, 470, 810, 640), fill=(245, 240, 225))
    for _ in range(260):
        x, y = rng.randint(240, 760), rng.randint(490, 610)
        draw.ellipse((x, y, x + 14, y + 7), fill=(255, 252, 240) if rng.random() < 0.8 else (205, 160, 120))


def _smoked_meat(draw: Draw, rng: random.Random) -> None:
    draw.rectangle((100, 190, 900, 215), fill=(150, 110, 60))
    for i in range(5):
        x = 160 + i * 150
        length = rng.randint(420, 620)
        draw.line((x + 35, 215, x + 35, 260), fill=(90, 70, 40), width=6)
        draw.rounded_rectangle(
            (x, 260, x + 80, 260 + length), radius=18, fill=_shade(rng, 0.01, 0.75, rng.uniform(0.3, 0.45))
        )
        draw.rectangle((x + 10, 300, x + 70, 320), fill=(235, 220, 200))


def _round_fruits(draw: Draw, rng: random.Random) -> None:
    hue = rng.choice([0.08, 0.12, 0.95, 0.22])
    for _ in range(11):
        x, y, r = rng.randint(200, 800), rng.randint(330, 800), rng.randint(80, 120)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_shade(rng, hue, 0.75, rng.uniform(0.6, 0.9)))
        draw.ellipse((x - r // 2, y - r // 2, x - r // 5, y - r // 5), fill=(255, 255, 255, 90))


def _nuts(draw: Draw, rng: random.Random) -> None:
    for _ in range(26):
        x, y, r = rng.randint(170, 830), rng.randint(300, 830), rng.randint(45, 70)
        draw.ellipse((x - r, y - r, x + r, y + int(r * 0.9)), fill=_shade(rng, 0.07, 0.6, rng.uniform(0.3, 0.55)))
        draw.arc((x - r + 12, y - r + 12, x + r - 12, y + r - 20), 200, 320, fill=(240, 215, 170), width=5)


def _roots(draw: Draw, rng: random.Random) -> None:
    for _ in range(6):
        x, y = rng.randint(220, 780), rng.randint(350, 780)
        draw.ellipse((x - 150, y - 75, x + 150, y + 75), fill=_shade(rng, 0.07, 0.55, rng.uniform(0.5, 0.75)))
        draw.line((x + 140, y, x + 210, y - 30), fill=(110, 80, 50), width=6)


def _bottles(draw: Draw, rng: random.Random) -> None:
    for i in range(3):
        x = 230 + i * 200
        liquid = _shade(rng, rng.choice([0.1, 0.06, 0.15]), 0.55, 0.85)
        draw.rounded_rectangle((x, 420, x + 150, 860), radius=40, fill=liquid)
        draw.rectangle((x + 50, 300, x + 100, 430), fill=liquid)
        draw.rectangle((x + 45, 270, x + 105, 310), fill=(120, 80, 40))


def _weave(draw: Draw, rng: random.Random) -> None:
    colors = [_shade(rng, h, 0.8, 0.75) for h in (0.0, 0.6, 0.15, 0.85)]
    for row in range(10):
        for col in range(10):
            x, y = 100 + col * 80, 100 + row * 80
            color = colors[(row * 3 + col) % len(colors)] if (row + col) % 2 else (30, 40, 90)
            draw.polygon([(x + 40, y), (x + 80, y + 40), (x + 40, y + 80), (x, y + 40)], fill=color)


DRAWERS: dict[str, Callable[[Draw, random.Random], None]] = {
    "che-ca-phe": _leaves,
    "mat-ong": _jar,
    "gao-ngu-coc": _grains,
    "thit-gac-bep": _smoked_meat,
    "cu-qua": _roots,
    "trai-cay-say": _round_fruits,
    "hat-gia-vi": _nuts,
    "duoc-lieu": _roots,
    "ruou-do-uong": _bottles,
    "tho-cam": _weave,
}


def product_picture(*, category_slug: str, seed: str) -> bytes:
    """A 1000×1000 JPEG for a product of this category; the same seed draws the same picture."""
    rng = random.Random(seed)
    background = _shade(rng, rng.choice([0.1, 0.12, 0.3]), 0.12, 0.97)
    image = Image.new("RGB", (SIZE, SIZE), background)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.ellipse((80, 160, 920, 960), fill=(*_shade(rng, 0.1, 0.2, 0.9), 120))
    DRAWERS.get(category_slug, _roots)(draw, rng)
    image = image.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()
