"""Product pictures drawn with Pillow: one small illustration per kind of product, no text, no network.

Every drawing works in a 1000 × 1000 space on a canvas twice as large, then is reduced: ImageDraw
has no anti-aliasing, and the reduction gives smooth edges for the cost of one resize. The same seed
always draws the same picture; the hue lets one motif serve several products (an orange, a plum).
"""

from __future__ import annotations

import colorsys
import io
import math
import random
from collections.abc import Callable, Sequence
from functools import partial

from PIL import Image, ImageDraw

SIZE = 1000
SCALE = 2

Point = tuple[float, float]
Color = tuple[int, int, int, int]


class Pen:
    """ImageDraw in 1000 × 1000 coordinates on a canvas SCALE times larger."""

    def __init__(self, image: Image.Image) -> None:
        self._draw = ImageDraw.Draw(image, "RGBA")

    @staticmethod
    def _box(box: Sequence[float]) -> list[float]:
        return [v * SCALE for v in box]

    @staticmethod
    def _points(points: Sequence[Point]) -> list[tuple[float, float]]:
        return [(x * SCALE, y * SCALE) for x, y in points]

    def ellipse(
        self, box: Sequence[float], fill: Color | None = None, outline: Color | None = None, width: int = 0
    ) -> None:
        self._draw.ellipse(self._box(box), fill=fill, outline=outline, width=width * SCALE)

    def rectangle(self, box: Sequence[float], fill: Color, radius: float = 0) -> None:
        self._draw.rounded_rectangle(self._box(box), radius=radius * SCALE, fill=fill)

    def polygon(self, points: Sequence[Point], fill: Color) -> None:
        self._draw.polygon(self._points(points), fill=fill)

    def line(self, points: Sequence[Point], fill: Color, width: int) -> None:
        self._draw.line(self._points(points), fill=fill, width=width * SCALE, joint="curve")

    def chord(self, box: Sequence[float], start: float, end: float, fill: Color) -> None:
        self._draw.chord(self._box(box), start, end, fill=fill)


def hsv(hue: float, saturation: float, value: float, alpha: int = 255) -> Color:
    r, g, b = colorsys.hsv_to_rgb(hue % 1.0, min(max(saturation, 0.0), 1.0), min(max(value, 0.0), 1.0))
    return round(r * 255), round(g * 255), round(b * 255), alpha


def _vary(
    rng: random.Random, hue: float, saturation: float, value: float, spread: float = 0.06, alpha: int = 255
) -> Color:
    """A colour near the one asked for, so that no two fruits or leaves look printed."""
    return hsv(
        hue + rng.uniform(-0.015, 0.015),
        saturation + rng.uniform(-spread, spread),
        value + rng.uniform(-spread, spread),
        alpha,
    )


def _oval(cx: float, cy: float, rx: float, ry: float, angle: float = 0.0, steps: int = 48) -> list[Point]:
    cos, sin = math.cos(angle), math.sin(angle)
    points = []
    for i in range(steps):
        t = 2 * math.pi * i / steps
        x, y = rx * math.cos(t), ry * math.sin(t)
        points.append((cx + x * cos - y * sin, cy + x * sin + y * cos))
    return points


def _leaf(x: float, y: float, length: float, width: float, angle: float) -> list[Point]:
    """A pointed leaf growing from (x, y) towards ``angle``."""
    cos, sin = math.cos(angle), math.sin(angle)
    upper, lower = [], []
    for i in range(13):
        t = i / 12
        along, across = t * length, width * math.sin(math.pi * t) ** 0.8 / 2
        upper.append((x + along * cos - across * sin, y + along * sin + across * cos))
        lower.append((x + along * cos + across * sin, y + along * sin - across * cos))
    return upper + lower[::-1]


def _blob(rng: random.Random, cx: float, cy: float, rx: float, ry: float, angle: float = 0.0) -> list[Point]:
    """An uneven rounded shape: a root, a dried fruit, a piece of meat."""
    bumps = [rng.uniform(0.85, 1.12) for _ in range(8)]
    points = []
    for i in range(40):
        t = 2 * math.pi * i / 40
        k = bumps[int(i / 5)] * 0.5 + bumps[(int(i / 5) + 1) % 8] * 0.5
        x, y = rx * k * math.cos(t), ry * k * math.sin(t)
        points.append((cx + x * math.cos(angle) - y * math.sin(angle), cy + x * math.sin(angle) + y * math.cos(angle)))
    return points


def _scatter(
    rng: random.Random, count: int, radius: float, centre: Point = (500, 500), spread: float = 330
) -> list[Point]:
    """Up to ``count`` points inside a circle, kept about ``radius`` apart, top to bottom."""
    points: list[Point] = []
    for _ in range(count * 30):
        if len(points) == count:
            break
        a, r = rng.uniform(0, 2 * math.pi), spread * math.sqrt(rng.random())
        p = (centre[0] + r * math.cos(a), centre[1] + r * math.sin(a))
        if all(math.dist(p, q) > radius for q in points):
            points.append(p)
    return sorted(points, key=lambda p: p[1])


# Backdrops ---------------------------------------------------------------------------------------


def _table(pen: Pen, rng: random.Random) -> None:
    """A wooden table under things that stand: jars, bottles, bowls."""
    pen.rectangle((0, 700, SIZE, SIZE), hsv(0.075 + rng.uniform(-0.01, 0.01), 0.38, 0.74))
    for y in range(722, SIZE, 42):
        pen.line([(0, y + rng.uniform(-8, 8)), (SIZE, y + rng.uniform(-8, 8))], hsv(0.07, 0.42, 0.64), 3)


def _tray(pen: Pen, rng: random.Random) -> None:
    """A round flat bamboo basket (mẹt), as highland markets lay out their goods."""
    pen.ellipse((70, 90, 950, 970), fill=hsv(0.08, 0.3, 0.3, 50))
    pen.ellipse((50, 50, 930, 930), fill=hsv(0.11, 0.36, 0.83), outline=hsv(0.09, 0.45, 0.62), width=26)
    for r in range(60, 420, 34):
        pen.ellipse((490 - r, 490 - r, 490 + r, 490 + r), outline=hsv(0.1, 0.4, 0.74, 150), width=3)


def _shadow(pen: Pen, cx: float, y: float, half_width: float) -> None:
    pen.ellipse((cx - half_width, y - 28, cx + half_width, y + 28), fill=(60, 40, 20, 60))


# Motifs -------------------------------------------------------------------------------------------


def _sprig(pen: Pen, rng: random.Random, x: float, y: float, angle: float, length: float, hue: float) -> None:
    """A stem with alternate leaves and a pale bud at its tip: tea, herbs."""
    tip = (x + length * math.cos(angle), y + length * math.sin(angle))
    pen.line([(x, y), tip], hsv(hue - 0.05, 0.5, 0.4), 7)
    for i in range(6):
        t = 0.2 + i * 0.14
        side = 1 if i % 2 else -1
        base = (x + t * length * math.cos(angle), y + t * length * math.sin(angle))
        leaf_angle = angle + side * rng.uniform(0.6, 0.9)
        size = 1.15 - t * 0.6
        pen.polygon(_leaf(*base, 190 * size, 90 * size, leaf_angle), _vary(rng, hue, 0.7, 0.5 + t * 0.2))
        end = (base[0] + 170 * size * math.cos(leaf_angle), base[1] + 170 * size * math.sin(leaf_angle))
        pen.line([base, end], hsv(hue, 0.3, 0.8, 160), 3)
    pen.polygon(_leaf(*tip, 80, 34, angle + rng.uniform(-0.3, 0.3)), hsv(hue - 0.04, 0.35, 0.85))


def _tea(pen: Pen, rng: random.Random, hue: float) -> None:
    """Sprigs of tea leaves and a cup of tea."""
    for _ in range(3):
        _sprig(
            pen, rng, rng.uniform(120, 420), rng.uniform(650, 900), rng.uniform(-1.3, -0.5), rng.uniform(480, 620), hue
        )
    cx, cy = rng.uniform(640, 720), 760
    pen.ellipse((cx - 190, cy + 40, cx + 190, cy + 140), fill=hsv(0.5, 0.08, 0.88))
    pen.chord((cx - 150, cy - 140, cx + 150, cy + 120), 0, 180, hsv(0.5, 0.06, 0.96))
    pen.ellipse((cx - 150, cy - 40, cx + 150, cy + 40), fill=hsv(0.5, 0.06, 0.96))
    pen.ellipse((cx - 130, cy - 28, cx + 130, cy + 28), fill=_vary(rng, 0.13, 0.75, 0.8))


def _coffee(pen: Pen, rng: random.Random, hue: float) -> None:
    """Coffee beans on a basket; roasted brown, or pale green for raw beans."""
    _tray(pen, rng)
    light = hue > 0.12
    for x, y in _scatter(rng, 70, 62):
        angle = rng.uniform(0, math.pi)
        pen.polygon(_oval(x, y, 44, 32, angle), _vary(rng, hue, 0.45 if light else 0.7, 0.72 if light else 0.38))
        crease = [
            (x + t * math.cos(angle) + 6 * math.sin(t / 8) * -math.sin(angle), y + t * math.sin(angle))
            for t in range(-30, 31, 6)
        ]
        pen.line(crease, hsv(hue, 0.6, 0.4 if light else 0.18), 5)


def _jar(pen: Pen, rng: random.Random, hue: float) -> tuple[float, float]:
    """A glass jar full of something coloured, on a table; returns where its foot stands."""
    _table(pen, rng)
    cx = rng.uniform(430, 520)
    _shadow(pen, cx + 20, 870, 230)
    pen.rectangle((cx - 190, 330, cx + 190, 870), _vary(rng, hue, 0.85, 0.82), radius=90)
    pen.rectangle((cx - 150, 390, cx - 90, 800), hsv(hue + 0.03, 0.35, 1.0, 120), radius=30)
    pen.rectangle((cx - 120, 540, cx + 120, 700), hsv(0.12, 0.1, 0.97), radius=18)
    pen.rectangle((cx - 170, 250, cx + 170, 340), _vary(rng, 0.05, 0.55, 0.45), radius=16)
    pen.rectangle((cx - 180, 300, cx + 180, 320), hsv(0.05, 0.5, 0.35), radius=6)
    return cx, 870


def _honey(pen: Pen, rng: random.Random, hue: float) -> None:
    """A jar of honey beside a piece of comb."""
    cx, _ = _jar(pen, rng, hue)
    ox, oy = (cx + 300 if cx < 480 else cx - 330), 810
    for row in range(3):
        for col in range(4 - row):
            x, y = ox + (col - 1.5 + row * 0.5) * 62, oy - row * 54
            pen.polygon(_oval(x, y, 36, 36, math.pi / 6, steps=6), _vary(rng, hue, 0.8, 0.9, 0.04))
            pen.polygon(_oval(x, y, 26, 26, math.pi / 6, steps=6), hsv(hue, 0.9, 0.7))


def _sauce(pen: Pen, rng: random.Random, hue: float) -> None:
    """A jar of chilli sauce with red chillies lying in front."""
    _jar(pen, rng, hue)
    for _ in range(4):
        x, y, angle = rng.uniform(150, 850), rng.uniform(900, 960), rng.uniform(-0.3, 0.3) + math.pi * rng.randint(0, 1)
        pen.polygon(_leaf(x, y, 200, 44, angle), _vary(rng, 0.0, 0.85, 0.8))
        pen.line([(x, y), (x - 40 * math.cos(angle), y - 40 * math.sin(angle) - 10)], hsv(0.3, 0.7, 0.45), 8)


def _bowl(pen: Pen, rng: random.Random, hue: float) -> None:
    """A bowl heaped with grains (rice, seeds), an ear of rice lying in front of it."""
    _table(pen, rng)
    grain_hue, saturation, value = (0.1, 0.12, 0.98) if hue < 0 else (hue, 0.5, 0.55)
    rim_y = 520
    _shadow(pen, 520, 870, 300)
    pen.ellipse((230, rim_y - 60, 810, rim_y + 60), fill=hsv(0.58, 0.18, 0.8))
    pen.chord((250, rim_y - 230, 790, rim_y + 230), 180, 360, hsv(grain_hue, saturation + 0.1, value - 0.2))
    for _ in range(450):
        a, r = rng.uniform(math.pi, 2 * math.pi), 265 * math.sqrt(rng.random())
        x, y = 520 + r * math.cos(a), rim_y + r * math.sin(a) * 0.85
        pen.polygon(
            _oval(x, y, 11, 5, rng.uniform(0, math.pi), steps=10), _vary(rng, grain_hue, saturation, value, 0.05)
        )
    pen.chord((230, rim_y - 330, 810, rim_y + 330), 0, 180, hsv(0.58, 0.22, 0.93))
    pen.line([(280, rim_y + 110), (760, rim_y + 110)], hsv(0.6, 0.6, 0.6), 10)
    for i in range(10):
        x, y = 90 + i * 24, 960 - i * 14
        pen.polygon(_oval(x, y, 20, 9, -0.5), hsv(0.12, 0.6, 0.85))
    pen.line([(80, 975), (330, 835)], hsv(0.12, 0.5, 0.7), 4)


def _hanging(pen: Pen, rng: random.Random, hue: float, *, sausages: bool) -> None:
    """Strips of smoked meat or links of sausage hanging from a bamboo pole over the fire."""
    pen.rectangle((60, 170, 940, 205), hsv(0.15, 0.45, 0.65), radius=16)
    for node in range(140, 940, 170):
        pen.line([(node, 170), (node, 205)], hsv(0.13, 0.5, 0.45), 4)
    for i in range(5):
        x = 150 + i * 175 + rng.uniform(-15, 15)
        pen.line([(x, 190), (x, 260)], hsv(0.1, 0.3, 0.35), 5)
        if sausages:
            for link in range(rng.randint(3, 4)):
                top = 260 + link * 165
                pen.rectangle((x - 38, top, x + 38, top + 150), _vary(rng, hue, 0.75, 0.5), radius=36)
                for _ in range(6):
                    px, py = rng.uniform(x - 22, x + 22), rng.uniform(top + 20, top + 130)
                    pen.ellipse((px - 5, py - 4, px + 5, py + 4), fill=hsv(0.08, 0.2, 0.95, 200))
            continue
        length = rng.uniform(380, 600)
        pen.polygon(_blob(rng, x, 260 + length / 2, 52, length / 2), _vary(rng, hue, 0.7, 0.36))
        for band in range(3):
            y = 300 + (band + 1) * length / 4
            pen.line([(x - 40, y), (x + 40, y + rng.uniform(-10, 10))], hsv(0.06, 0.25, 0.85, 210), 12)


def _fruits(pen: Pen, rng: random.Random, hue: float, *, radius: float) -> None:
    """Round fruits heaped on a basket, each with its light and shade, a few leaves among them."""
    _tray(pen, rng)
    spots = _scatter(rng, 16 if radius > 80 else 45, radius * 1.35, spread=400 - radius)
    for x, y in spots[:3]:
        pen.polygon(_leaf(x, y, 150, 70, rng.uniform(0, 2 * math.pi)), _vary(rng, 0.3, 0.6, 0.5))
    for x, y in spots:
        r = radius * rng.uniform(0.88, 1.1)
        pen.ellipse((x - r, y - r, x + r, y + r), fill=_vary(rng, hue, 0.75, 0.78))
        pen.ellipse((x - r * 0.6, y - r * 0.2, x + r, y + r), fill=hsv(hue, 0.9, 0.3, 60))
        pen.ellipse((x - r * 0.55, y - r * 0.6, x - r * 0.1, y - r * 0.25), fill=(255, 255, 255, 110))
        pen.line([(x, y - r * 0.9), (x + r * 0.15, y - r * 1.1)], hsv(0.08, 0.6, 0.35), max(3, int(r / 12)))


def _dried(pen: Pen, rng: random.Random, hue: float) -> None:
    """Wrinkled pieces of dried fruit or root spread on a basket."""
    _tray(pen, rng)
    for x, y in _scatter(rng, 40, 90):
        angle = rng.uniform(0, math.pi)
        pen.polygon(_blob(rng, x, y, rng.uniform(45, 70), rng.uniform(32, 48), angle), _vary(rng, hue, 0.7, 0.62, 0.1))
        pen.line([(x - 22, y - 6), (x + 4, y + 8), (x + 22, y - 4)], hsv(hue, 0.8, 0.35, 150), 4)


def _nuts(pen: Pen, rng: random.Random, hue: float) -> None:
    """Nuts in their shells on a basket, a few cracked to show the kernel."""
    _tray(pen, rng)
    for x, y in _scatter(rng, 34, 110):
        r = rng.uniform(46, 58)
        pen.polygon(_oval(x, y, r, r * rng.uniform(0.85, 1.0), rng.uniform(0, math.pi)), _vary(rng, hue, 0.65, 0.42))
        if rng.random() < 0.3:
            pen.ellipse((x - r * 0.6, y - r * 0.6, x + r * 0.6, y + r * 0.6), fill=hsv(0.11, 0.3, 0.93))
        else:
            pen.line([(x - r * 0.5, y - r * 0.7), (x - r * 0.2, y), (x - r * 0.4, y + r * 0.7)], hsv(hue, 0.7, 0.25), 4)
            pen.ellipse((x + r * 0.1, y - r * 0.6, x + r * 0.45, y - r * 0.3), fill=(255, 255, 255, 70))


def _stars(pen: Pen, rng: random.Random, hue: float) -> None:
    """Star anise: eight boat-shaped pods around a centre, some with a shining seed."""
    _tray(pen, rng)
    for x, y in _scatter(rng, 13, 200):
        turn = rng.uniform(0, math.pi)
        colour = _vary(rng, hue, 0.75, 0.48)
        for k in range(8):
            angle = turn + k * math.pi / 4
            pen.polygon(_leaf(x, y, 95, 44, angle), colour)
            if k % 3 == 0:
                sx, sy = x + 50 * math.cos(angle), y + 50 * math.sin(angle)
                pen.polygon(_oval(sx, sy, 13, 8, angle), hsv(0.09, 0.5, 0.8))
        pen.ellipse((x - 14, y - 14, x + 14, y + 14), fill=hsv(hue, 0.7, 0.3))


def _sticks(pen: Pen, rng: random.Random, hue: float) -> None:
    """A tied bundle of cinnamon quills or dried bamboo shoots."""
    _table(pen, rng)
    _shadow(pen, 500, 820, 380)
    count = rng.randint(8, 11)
    for i in range(count):
        y = 420 + i * (380 / count)
        tilt = rng.uniform(-20, 20)
        colour = _vary(rng, hue, 0.65, 0.55, 0.08)
        pen.line([(150, y - tilt), (850, y + tilt)], colour, 44)
        pen.line([(160, y - tilt - 10), (840, y + tilt - 10)], hsv(hue, 0.4, 0.8, 120), 8)
        pen.ellipse(
            (828, y + tilt - 22, 872, y + tilt + 22), fill=hsv(hue, 0.6, 0.75), outline=hsv(hue, 0.7, 0.35), width=6
        )
    for x in (360, 640):
        pen.line([(x, 380), (x + 10, 840)], hsv(0.02, 0.7, 0.6), 18)


def _tubers(pen: Pen, rng: random.Random, hue: float) -> None:
    """Roots with their thin hairs, one cut open to show the flesh."""
    _table(pen, rng)
    spots = [(290, 470), (640, 440), (450, 640), (760, 660), (240, 760), (560, 830)]
    rng.shuffle(spots)
    chosen = sorted(spots[: rng.randint(5, 6)], key=lambda p: p[1])
    for i, (x, y) in enumerate(chosen):
        angle, rx, ry = rng.uniform(-0.5, 0.5), rng.uniform(170, 220), rng.uniform(80, 105)
        pen.polygon(_blob(rng, x, y, rx, ry, angle), _vary(rng, hue, 0.5, 0.55))
        for _ in range(4):
            a = rng.uniform(0, 2 * math.pi)
            sx, sy = x + rx * 0.9 * math.cos(a), y + ry * 0.9 * math.sin(a)
            pen.line([(sx, sy), (sx + 40 * math.cos(a), sy + 40 * math.sin(a))], hsv(hue, 0.5, 0.35), 3)
        if i == len(chosen) - 1:
            pen.ellipse(
                (x - 70, y - 60, x + 70, y + 60), fill=hsv(0.13, 0.45, 0.96), outline=hsv(hue, 0.5, 0.5), width=10
            )


def _ginseng(pen: Pen, rng: random.Random, hue: float) -> None:
    """A ginseng root on red cloth, its five-leaflet leaves and a cluster of red berries."""
    pen.rectangle((120, 440, 880, 940), hsv(0.99, 0.75, 0.55), radius=30)
    x = rng.uniform(470, 530)
    pen.line([(x, 440), (x + 10, 300)], hsv(0.3, 0.5, 0.45), 8)
    for k in range(5):
        angle = -math.pi / 2 + (k - 2) * 0.55 + rng.uniform(-0.1, 0.1)
        pen.polygon(_leaf(x + 10, 300, 190, 80, angle), _vary(rng, 0.3, 0.7, 0.5))
    for _ in range(9):
        bx, by = x + 10 + rng.uniform(-30, 30), 170 + rng.uniform(-25, 25)
        pen.ellipse((bx - 16, by - 16, bx + 16, by + 16), fill=_vary(rng, 0.99, 0.85, 0.85, 0.05))
    pen.polygon(_blob(rng, x, 590, 85, 170, 0.1), _vary(rng, hue, 0.35, 0.82))
    for dx in (-1, 1):
        pen.line([(x + dx * 30, 700), (x + dx * 130, 820), (x + dx * 170, 920)], _vary(rng, hue, 0.35, 0.78), 34)
    for _ in range(12):
        sx, sy = x + rng.uniform(-120, 120), rng.uniform(700, 880)
        pen.line([(sx, sy), (sx + rng.uniform(-40, 40), sy + 40)], hsv(hue, 0.3, 0.85), 3)


def _herbs(pen: Pen, rng: random.Random, hue: float) -> None:
    """Bunches of dried or fresh leaves tied with a string."""
    for i in range(3):
        x, y = 230 + i * 270 + rng.uniform(-30, 30), 900
        for _ in range(3):
            _sprig(pen, rng, x, y, -math.pi / 2 + rng.uniform(-0.45, 0.45), rng.uniform(520, 680), hue)
        pen.line([(x - 34, y - 90), (x + 34, y - 80)], hsv(0.02, 0.6, 0.6), 12)


def _mushrooms(pen: Pen, rng: random.Random, hue: float) -> None:
    """Dried shiitake on a basket: cracked brown caps, some upturned to show the gills."""
    _tray(pen, rng)
    for x, y in _scatter(rng, 14, 180):
        r = rng.uniform(70, 95)
        if rng.random() < 0.3:
            pen.ellipse((x - r, y - r, x + r, y + r), fill=hsv(0.11, 0.18, 0.88))
            for k in range(16):
                a = k * math.pi / 8
                pen.line([(x, y), (x + r * 0.95 * math.cos(a), y + r * 0.95 * math.sin(a))], hsv(0.1, 0.25, 0.7), 3)
            pen.ellipse((x - 18, y - 18, x + 18, y + 18), fill=hsv(0.1, 0.3, 0.75))
            continue
        pen.ellipse((x - r, y - r, x + r, y + r), fill=_vary(rng, hue, 0.6, 0.4))
        for _ in range(7):
            a, d = rng.uniform(0, 2 * math.pi), rng.uniform(0.15, 0.75) * r
            cx, cy = x + d * math.cos(a), y + d * math.sin(a)
            pen.line([(cx - 14, cy - 4), (cx + 14, cy + 4)], hsv(0.1, 0.2, 0.9, 200), 4)


def _bottles(pen: Pen, rng: random.Random, hue: float) -> None:
    """Glass bottles of wine, oil or sauce with corks and blank labels."""
    _table(pen, rng)
    count = rng.randint(2, 3)
    clear = hue < 0
    for i in range(count):
        x = 500 + (i - (count - 1) / 2) * 240 + rng.uniform(-12, 12)
        top = rng.uniform(200, 280)
        liquid = hsv(0.5, 0.06, 0.95) if clear else _vary(rng, hue, 0.75, 0.7)
        glass = hsv(0.4, 0.15, 0.55)
        _shadow(pen, x + 20, 880, 110)
        pen.rectangle((x - 95, top + 210, x + 95, 880), glass, radius=40)
        pen.rectangle((x - 85, top + 240, x + 85, 870), liquid, radius=34)
        pen.rectangle((x - 32, top + 40, x + 32, top + 240), glass, radius=14)
        pen.rectangle((x - 26, top + 120, x + 26, top + 260), liquid, radius=10)
        pen.rectangle((x - 30, top, x + 30, top + 60), hsv(0.08, 0.5, 0.5), radius=8)
        pen.rectangle((x - 70, top + 430, x + 70, top + 540), hsv(0.12, 0.12, 0.96), radius=10)
        pen.rectangle((x - 70, top + 260, x - 48, 840), (255, 255, 255, 80), radius=10)


def _weave(pen: Pen, rng: random.Random, hue: float) -> None:
    """A piece of hand-woven brocade: bands of diamonds and zigzags on indigo, with a fringe."""
    colours = [_vary(rng, h, 0.8, 0.85) for h in rng.sample([0.0, 0.13, 0.33, 0.9, 0.08], 4)]
    pen.rectangle((120, 130, 880, 850), hsv(hue, 0.6, 0.32))
    y = 150
    for band in range(7):
        height = rng.choice((70, 90, 110))
        colour = colours[band % len(colours)]
        if band % 2:
            pen.rectangle((120, y + height / 2 - 6, 880, y + height / 2 + 6), colour)
        else:
            for x in range(130, 880 - height, height):
                mid = y + height / 2
                pen.polygon(
                    [(x, mid), (x + height / 2, y + 6), (x + height, mid), (x + height / 2, y + height - 6)], colour
                )
                pen.polygon(_oval(x + height / 2, mid, height / 8, height / 8, steps=4), hsv(hue, 0.6, 0.3))
        y += height
        if y > 780:
            break
    for x in range(130, 880, 18):
        pen.line([(x, 850), (x + rng.uniform(-6, 6), 910)], hsv(hue, 0.5, 0.4), 6)


def _noodles(pen: Pen, rng: random.Random, hue: float) -> None:
    """Skeins of glass noodles (miến dong) tied with a coloured string."""
    _table(pen, rng)
    for i, cy in enumerate((330, 520, 710)):
        cx = 500 + rng.uniform(-40, 40) + (i - 1) * 30
        _shadow(pen, cx + 10, cy + 100, 300)
        for _ in range(70):
            y0 = cy + rng.uniform(-80, 80)
            wave = [(cx - 300 + k * 50, y0 + 9 * math.sin(k * 0.9 + rng.uniform(0, 0.6))) for k in range(13)]
            pen.line(wave, _vary(rng, hue, 0.3, 0.6, 0.1, alpha=200), 3)
        pen.rectangle((cx - 22, cy - 95, cx + 22, cy + 95), hsv(0.98, 0.7, 0.75), radius=8)


Motif = Callable[[Pen, random.Random, float], None]

MOTIFS: dict[str, tuple[Motif, float]] = {
    # name: (drawing, its usual hue)
    "tea": (_tea, 0.28),
    "coffee": (_coffee, 0.07),
    "honey": (_honey, 0.1),
    "sauce": (_sauce, 0.02),
    "grains": (_bowl, -1.0),
    "meat": (partial(_hanging, sausages=False), 0.01),
    "sausages": (partial(_hanging, sausages=True), 0.99),
    "fruits": (partial(_fruits, radius=110), 0.08),
    "small_fruits": (partial(_fruits, radius=46), 0.1),
    "dried": (_dried, 0.07),
    "nuts": (_nuts, 0.07),
    "stars": (_stars, 0.03),
    "sticks": (_sticks, 0.06),
    "tubers": (_tubers, 0.07),
    "ginseng": (_ginseng, 0.12),
    "herbs": (_herbs, 0.3),
    "mushrooms": (_mushrooms, 0.07),
    "bottles": (_bottles, 0.08),
    "weave": (_weave, 0.63),
    "noodles": (_noodles, 0.1),
}

# The motif a product gets when its speciality names none.
CATEGORY_MOTIFS = {
    "che-ca-phe": "tea",
    "mat-ong": "honey",
    "thit-gac-bep": "meat",
    "gao-ngu-coc": "grains",
    "cu-qua": "tubers",
    "trai-cay-say": "dried",
    "hat-gia-vi": "nuts",
    "duoc-lieu": "herbs",
    "ruou-do-uong": "bottles",
    "tho-cam": "weave",
}


def product_picture(*, motif: str, seed: str, hue: float | None = None) -> bytes:
    """A 1000 × 1000 JPEG of ``motif`` (a key of MOTIFS); the same arguments draw the same bytes.

    ``hue`` (0-1) recolours the main subject; a negative hue means colourless (white rice, clear
    wine). Raises KeyError for an unknown motif.
    """
    draw, usual_hue = MOTIFS[motif]
    rng = random.Random(seed)
    canvas = Image.new("RGB", (SIZE * SCALE, SIZE * SCALE), hsv(rng.uniform(0.08, 0.14), rng.uniform(0.06, 0.12), 0.97))
    draw(Pen(canvas), rng, usual_hue if hue is None else hue)
    picture = canvas.reduce(SCALE)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=86)
    return buffer.getvalue()
