"""Trace labels as PDF: a QR code of the label's link, the product, its lot, the seller, OCOP stars.

Two layouts (``LabelLayout``): A4 sheets of 3 x 8 stickers of 70 x 37 mm for home printers, and a
50 x 30 mm thermal roll at 203 dpi, one label per page. Text is set in the embedded Noto Sans
(Latin and Vietnamese), so every diacritic prints whatever fonts the printing machine has.

QR codes are segno's symbols (error correction M or better) drawn as vector rectangles, one per run
of dark modules in a row, with a quiet zone of two modules. Modules are a whole number of the
printer's dots (203 dpi on the roll, 600 dpi on A4) and start on a dot, as large as the layout's QR
box allows: 0.5 to 0.68 mm for the platform's links (versions 3 to 5). Only a link too long for
whole dots of 0.4 mm or more gets modules that fill the box instead, and one that would need modules
under 0.3 mm is refused.

The symbols themselves come from ``qr`` (segno's, with its mask chosen faster).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import io
import itertools
import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4 as A4_SIZE
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .qr import qr_bits

# Streams are written as compressed binary, not also in ASCII85: a quarter smaller, and reportlab
# without its C accelerator spent 40 % of a roll's time in its Python ASCII85 encoder. reportlab
# reads this when it writes each stream; nothing else in the project makes PDFs.
rl_config.useA85 = 0

MAX_LABELS = 5000  # per PDF: 209 A4 sheets, or a roll of 5,000; the services refuse more first

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "ChoPhienNotoSans"
BOLD = "ChoPhienNotoSans-Bold"
MAX_BATCH_CODE = 20  # GS1 AI (10), Batch.lot
MAX_SHORT_CODE = 20  # 20 W's (the widest letter) take two lines of 5 points under the narrowest QR code


class LabelLayout(StrEnum):
    A4 = "a4"  # A4 sheet of 3 x 8 stickers of 70 x 37 mm (Avery 3474 and its like), 24 a sheet
    ROLL = "roll"  # 50 x 30 mm thermal roll: one label per page of 50 x 30 mm


@dataclasses.dataclass(frozen=True)
class Label:
    """What one label shows. ``uri`` is what its QR code holds, exactly; ``short_code`` is printed
    under the QR for a person to type when the camera fails. ``ocop_stars`` is None or 0 (no OCOP
    rating) or 3 to 5; ``best_before`` prints as ``HSD dd/mm/yyyy``.

    Raises ValueError for an empty field, a URI with spaces, a batch code over 20 characters, a short
    code over 20 or not printable ASCII (it is typed by hand), or OCOP stars other than None, 0, 3, 4, 5. Long names are not refused: the label
    shrinks, wraps and at worst shortens them with "…".
    """

    uri: str
    product_name: str
    batch_code: str
    seller_name: str
    short_code: str
    ocop_stars: int | None = None
    best_before: datetime.date | None = None

    def __post_init__(self) -> None:
        for field in ("uri", "product_name", "batch_code", "seller_name", "short_code"):
            if not getattr(self, field).strip():
                raise ValueError(f"label {field} is empty")
        if any(ch.isspace() for ch in self.uri):
            raise ValueError(f"label uri has a space: {self.uri!r}")
        if len(self.batch_code.strip()) > MAX_BATCH_CODE:
            raise ValueError(f"batch code longer than {MAX_BATCH_CODE} characters: {self.batch_code!r}")
        if len(self.short_code.strip()) > MAX_SHORT_CODE:
            raise ValueError(f"short code longer than {MAX_SHORT_CODE} characters: {self.short_code!r}")
        if not (self.short_code.isascii() and self.short_code.isprintable()):
            raise ValueError(f"short code is not printable ASCII: {self.short_code!r}")
        if self.ocop_stars not in (None, 0, 3, 4, 5):
            raise ValueError(f"OCOP stars must be None, 0, 3, 4 or 5, not {self.ocop_stars!r}")


def labels_pdf(labels: Sequence[Label], *, layout: LabelLayout) -> bytes:
    """A PDF of ``labels`` in their order: on A4, 24 a page, left to right then top to bottom; on the
    roll, one a page. Each QR code decodes to its label's ``uri`` and nothing else.

    Raises ValueError for no labels, more than MAX_LABELS, an unknown layout, or a URI too long for a
    QR code of modules of 0.3 mm or more (over about 330 characters; the platform's are under 70).
    """
    if not labels:
        raise ValueError("no labels to print")
    if len(labels) > MAX_LABELS:
        raise ValueError(f"{len(labels)} labels asked for, at most {MAX_LABELS} in one PDF")
    sheet = _SHEETS[LabelLayout(layout)]
    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(sheet.page_width, sheet.page_height), pageCompression=1, invariant=1)
    canvas.setTitle("Tem truy xuất nguồn gốc")
    canvas.setCreator("Chợ Phiên")
    # A lot's labels all carry the same link: its symbol is made once, and written once as a form
    # the pages refer to. A serialized label's symbol is its own and is drawn in the page.
    repeated = {uri for uri, count in Counter(label.uri for label in labels).items() if count > 1}
    drawn_qr: dict[str, _QrDrawing] = {}
    per_page = sheet.columns * sheet.rows
    for index, label in enumerate(labels):
        slot = index % per_page
        if slot == 0:
            if index:
                canvas.showPage()
            if sheet.has_cut_guides:
                _draw_cut_guides(canvas, sheet)
        qr = drawn_qr.get(label.uri)
        if qr is None:
            qr = _qr_drawing(label.uri, sheet)
            if label.uri in repeated:
                qr = _as_form(canvas, qr, name=f"qr{len(drawn_qr)}")
            drawn_qr[label.uri] = qr
        left = sheet.grid_left + (slot % sheet.columns) * sheet.label_width
        top = sheet.grid_top + (slot // sheet.columns) * sheet.label_height
        _draw_label(canvas, sheet, label, qr, left=left, top=top)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --- Layouts ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Sheet:
    """A layout's geometry in points, measured from the page's top left corner."""

    page_width: float
    page_height: float
    columns: int
    rows: int
    label_width: float
    label_height: float
    grid_left: float
    grid_top: float
    padding: float  # blank inside each label's edge
    # The largest QR code, quiet zone included: 22.5 mm of 27 leaves two lines of 5 points for the
    # short code under any symbol.
    qr_box: float
    dot: float  # the printer's dot: QR modules are whole dots and start on a dot
    name_sizes: tuple[float, float]  # largest and smallest font size, points
    detail_sizes: tuple[float, float]
    code_sizes: tuple[float, float]
    has_cut_guides: bool


_SHEETS = {
    # 3 x 70 mm fill the width and 8 x 37 mm leave 0.5 mm above and below. Nothing is printed within
    # 5 mm of a label's edge, so home printers' unprintable margins and a sheet fed 1-2 mm askew
    # cut nothing off. Thin light grey guides on the boundaries between labels are for cutting plain
    # decal paper; on die-cut sheets they fall on the cuts, within the blank 5 mm.
    LabelLayout.A4: _Sheet(
        page_width=A4_SIZE[0],
        page_height=A4_SIZE[1],
        columns=3,
        rows=8,
        label_width=70 * mm,
        label_height=37 * mm,
        grid_left=0,
        grid_top=(A4_SIZE[1] - 8 * 37 * mm) / 2,
        padding=5 * mm,
        qr_box=22.5 * mm,
        dot=25.4 / 600 * mm,
        name_sizes=(10, 6),
        detail_sizes=(7.5, 5.5),
        code_sizes=(8, 5),
        has_cut_guides=True,
    ),
    # Thermal printers place a label within about 1 mm, hence 1.5 mm of blank; no guides on a roll.
    LabelLayout.ROLL: _Sheet(
        page_width=50 * mm,
        page_height=30 * mm,
        columns=1,
        rows=1,
        label_width=50 * mm,
        label_height=30 * mm,
        grid_left=0,
        grid_top=0,
        padding=1.5 * mm,
        qr_box=22.5 * mm,
        dot=25.4 / 203 * mm,
        name_sizes=(8.5, 5.5),
        detail_sizes=(6.5, 5),
        code_sizes=(7, 5),
        has_cut_guides=False,
    ),
}

# ISO/IEC 18004 asks for 4 modules of quiet zone; phones read 2, and on the outer sides the label's
# blank margin adds to it. The text and the short code keep out of the 2.
QUIET_MODULES = 2
MIN_MODULE = 0.4 * mm  # on the roll, whole dots of 203 dpi make it 0.5 mm (4 dots) or more
FLOOR_MODULE = 0.3 * mm  # under 2.5 dots of a thermal printer: refuse rather than print a dud
_GAP = 1 * mm  # between the QR code's quiet zone and the text
_GUIDE_GREY = 0.75
_GUIDE_WIDTH = 0.25  # points


def _draw_cut_guides(canvas: Canvas, sheet: _Sheet) -> None:
    """Hairlines on the boundaries between labels, kept 5 mm clear of the paper's edge."""
    edge = 5 * mm
    canvas.saveState()
    canvas.setStrokeGray(_GUIDE_GREY)
    canvas.setLineWidth(_GUIDE_WIDTH)
    lines = []
    for column in range(1, sheet.columns):
        x = sheet.grid_left + column * sheet.label_width
        lines.append((x, edge, x, sheet.page_height - edge))
    for row in range(1, sheet.rows):
        y = sheet.page_height - (sheet.grid_top + row * sheet.label_height)
        lines.append((edge, y, sheet.page_width - edge, y))
    canvas.lines(lines)
    canvas.restoreState()


# --- Fonts and text --------------------------------------------------------------------------------

_ASCENT = 1.069  # Noto Sans, in ems: room for Vietnamese marks stacked on capitals (Ẩ, Ỗ)
_DESCENT = 0.293
_LEADING = 1.25
_SIZE_STEP = 0.5
_ELLIPSIS = "…"
_fonts_lock = threading.Lock()
_WHITESPACE = re.compile(r"\s+")


def _register_fonts() -> None:
    """Register the two faces with reportlab, once per process (registering twice would let two
    renders in different threads hold different font objects under one name)."""
    with _fonts_lock:
        if BOLD in pdfmetrics.getRegisteredFontNames():
            return
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "NotoSans-Regular.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "NotoSans-Bold.ttf")))


@functools.cache
def _printable_characters() -> frozenset[int]:
    regular = pdfmetrics.getFont(REGULAR).face.charToGlyph
    bold = pdfmetrics.getFont(BOLD).face.charToGlyph
    return frozenset(regular.keys() & bold.keys())


def _clean(text: str) -> str:
    """One line of composed text the fonts can draw. Input typed on some phones arrives decomposed
    (a + U+0323 + U+0302): reportlab does no shaping, so marks are composed first. A character the
    fonts lack (an emoji, a Chinese name) is left out rather than printed as an empty box."""
    composed = unicodedata.normalize("NFC", text)
    printable = _printable_characters()
    kept = "".join(ch if ord(ch) in printable else " " for ch in composed)
    return _WHITESPACE.sub(" ", kept).strip()


@dataclasses.dataclass(frozen=True)
class _Block:
    """Lines of text set in one font and size."""

    font: str
    size: float
    lines: tuple[str, ...]
    stars: int = 0  # OCOP stars drawn after the text

    @property
    def height(self) -> float:
        return _block_height(self.size, len(self.lines))


def _block_height(size: float, line_count: int) -> float:
    return size * (_ASCENT + _DESCENT + (line_count - 1) * _LEADING) if line_count else 0


def _width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than the line (a code, a very long name) is cut anywhere."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if _width(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while _width(word, font, size) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and _width(word[:cut], font, size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


@functools.lru_cache(maxsize=4096)
def _fit(
    text: str,
    *,
    font: str,
    width: float,
    height: float,
    sizes: tuple[float, float],
    max_lines: int,
    shorten: bool = False,
    fewest_lines: bool = False,
    balance: bool = False,
) -> _Block | None:
    """``text`` in the largest size from ``sizes`` (largest, smallest) at which it wraps into at most
    ``max_lines`` lines within ``width`` x ``height``; with ``fewest_lines``, one line in a smaller
    size is preferred to two (a code reads best unbroken); with ``balance``, wrapped lines break where
    a reader expects ("Khoai sâm / Sìn Hồ", not "Khoai sâm Sìn / Hồ"). Text that does not
    fit even in the smallest size is cut short with "…" when ``shorten``; otherwise the answer is None.

    Cached: labels of one lot repeat the same texts, and the answer depends on its arguments alone.
    """
    largest, smallest = sizes
    sizes_tried = [largest - k * _SIZE_STEP for k in range(int((largest - smallest) / _SIZE_STEP + 1e-9) + 1)]
    line_limits = range(1, max_lines + 1) if fewest_lines else (max_lines,)
    for line_limit in line_limits:
        for size in sizes_tried:
            lines = _wrap(text, font, size, width)
            if len(lines) <= min(line_limit, _lines_within(height, size)):
                if balance and len(lines) > 1:
                    lines = _pleasing_lines(text, font, size, width, len(lines)) or lines
                return _Block(font, size, tuple(lines))
    room = min(max_lines, _lines_within(height, smallest))
    if not shorten or room < 1:
        return None
    kept = _wrap(text, font, smallest, width)[:room]
    last = kept[-1]
    while last and _width(last + _ELLIPSIS, font, smallest) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + _ELLIPSIS
    return _Block(font, smallest, tuple(kept))


def _pleasing_lines(text: str, font: str, size: float, width: float, line_count: int) -> list[str] | None:
    """``text`` in ``line_count`` lines of whole words within ``width``, broken where a reader expects:
    not inside a run of capitalised words (a place or a variety: Mèo Vạc, Shan Tuyết), before such a
    run where possible (Khoai sâm / Sìn Hồ), then into lines as even as can be. None when a word is
    wider than the line."""
    words = text.split(" ")
    widths = [_width(word, font, size) for word in words]
    space = _width(" ", font, size)
    capital = [word[:1].isupper() for word in words]
    best: tuple[tuple[int, int, float], tuple[int, ...]] | None = None
    for breaks in itertools.combinations(range(1, len(words)), line_count - 1):
        bounds = (0, *breaks, len(words))
        widest = max(sum(widths[a:b]) + space * (b - a - 1) for a, b in itertools.pairwise(bounds))
        if widest > width + 1e-6:
            continue
        inside_names = sum(capital[b - 1] and capital[b] for b in breaks)
        before_names = sum(not capital[b - 1] and capital[b] for b in breaks)
        key = (inside_names, -before_names, widest)
        if best is None or key < best[0]:
            best = (key, bounds)
    if best is None:
        return None
    return [" ".join(words[a:b]) for a, b in itertools.pairwise(best[1])]


def _lines_within(height: float, size: float) -> int:
    spare = height - size * (_ASCENT + _DESCENT)
    return 0 if spare < 0 else int(spare / (size * _LEADING) + 1e-9) + 1


def _draw_block(canvas: Canvas, block: _Block, *, x: float, top: float, centre_width: float | None = None) -> None:
    """Draw ``block`` with its first line's ascent at ``top`` (PDF coordinates, y upwards)."""
    canvas.setFont(block.font, block.size)
    baseline = top - block.size * _ASCENT
    for line in block.lines:
        if centre_width is None:
            canvas.drawString(x, baseline, line)
        else:
            canvas.drawCentredString(x + centre_width / 2, baseline, line)
        baseline -= block.size * _LEADING


# --- One label -------------------------------------------------------------------------------------

# A five-pointed star of outer radius 1 around (0, 0), point up: the fonts have no star glyph.
_STAR_INNER = math.sin(math.radians(18)) / math.sin(math.radians(54))
_STAR_PATH = (
    " ".join(
        "{:.4f} {:.4f} {}".format(
            (1 if k % 2 == 0 else _STAR_INNER) * math.sin(math.radians(36 * k)),
            (1 if k % 2 == 0 else _STAR_INNER) * math.cos(math.radians(36 * k)),
            "m" if k == 0 else "l",
        )
        for k in range(10)
    )
    + " h"
)


def _draw_label(canvas: Canvas, sheet: _Sheet, label: Label, qr: _QrDrawing, *, left: float, top: float) -> None:
    """Draw ``label`` in the label whose top left corner is (left, top) from the page's top left:
    the QR code on the left with its short code under it, the text beside it, both in the middle
    of the label's height."""
    inner_left = left + sheet.padding
    inner_top = top + sheet.padding
    inner_height = sheet.label_height - 2 * sheet.padding
    inner_width = sheet.label_width - 2 * sheet.padding
    module = qr.module
    # The short code starts below the quiet zone. It is ASCII, whose tallest glyphs stand well below
    # the line's ascent, which is kept for Vietnamese marks: the line is raised by the difference.
    smallest_rise = (_ASCENT - _ASCII_TOP) * sheet.code_sizes[1]
    code = _fit(
        _clean(label.short_code),
        font=BOLD,
        width=qr.width,
        height=inner_height - qr.width - _CODE_GAP + smallest_rise,
        sizes=sheet.code_sizes,
        max_lines=2,
        fewest_lines=True,
    )
    if code is None:
        raise ValueError(f"short code {label.short_code!r} does not fit under the QR code")
    column_width = inner_width - qr.width - _GAP
    column = _text_column(label, sheet, width=column_width, height=inner_height)
    code_rise = (_ASCENT - _ASCII_TOP) * code.size
    qr_height = qr.width + _CODE_GAP - code_rise + code.height
    column_height = sum(block.height for block in column) + _block_gap(sheet) * (len(column) - 1)
    block_top = inner_top + (inner_height - max(qr_height, column_height)) / 2

    # The symbol's modules fall on the printer's dots, counted from the top left as printers do.
    qr_left = round(inner_left / sheet.dot) * sheet.dot
    qr_top = round(block_top / sheet.dot) * sheet.dot
    matrix = f"{module:.5f} 0 0 {-module:.5f} {_num(qr_left)} {_num(sheet.page_height - qr_top)}"
    canvas.addLiteral(f"q {matrix} cm")
    if qr.form_name:
        canvas.doForm(qr.form_name)
    else:
        canvas.addLiteral(qr.operators)
    canvas.addLiteral("Q")
    code_top = qr_top + qr.width + _CODE_GAP - code_rise
    _draw_block(canvas, code, x=qr_left, top=sheet.page_height - code_top, centre_width=qr.width)

    x = qr_left + qr.width + _GAP
    y = sheet.page_height - block_top
    for block in column:
        _draw_block(canvas, block, x=x, top=y)
        if block.stars:
            _draw_stars(
                canvas, block.stars, x=x + _width(block.lines[-1] + " ", block.font, block.size), top=y, size=block.size
            )
        y -= block.height + _block_gap(sheet)


_CODE_GAP = 0.2 * mm  # between the quiet zone under the symbol and the short code's tallest glyph
_ASCII_TOP = 0.77  # Noto Sans, in ems: the top of b, d, f, l and ` (Vietnamese capitals reach 1.07)


def _block_gap(sheet: _Sheet) -> float:
    return sheet.detail_sizes[0] * 0.3


def _text_column(label: Label, sheet: _Sheet, *, width: float, height: float) -> list[_Block]:
    """The product's name, then lot, seller, best before and OCOP, fitted into width x height.

    The name comes first: the details shrink, down to their smallest size, while that lets the
    whole name be printed; only then is the name shortened.
    """
    largest, smallest = sheet.detail_sizes
    detail_sizes = [largest - k * _SIZE_STEP for k in range(int((largest - smallest) / _SIZE_STEP + 1e-9) + 1)]
    name_text = _clean(label.product_name)
    gap = _block_gap(sheet)
    for detail_size in detail_sizes:
        details = _details(label, width=width, height=height, size=detail_size, smallest=smallest)
        room = height - sum(block.height + gap for block in details)
        is_last_try = detail_size == detail_sizes[-1]
        name = _fit(
            name_text,
            font=BOLD,
            width=width,
            height=room,
            sizes=sheet.name_sizes,
            max_lines=3,
            shorten=is_last_try,
            balance=True,
        )
        if name is not None:
            return [name, *details]
    raise ValueError(f"no room for the name of {label.product_name!r}")  # the layouts leave room for two lines


def _details(label: Label, *, width: float, height: float, size: float, smallest: float) -> list[_Block]:
    lot = _fit(
        f"Lô: {_clean(label.batch_code)}",
        font=REGULAR,
        width=width,
        height=height,
        sizes=(size, smallest),
        max_lines=3,  # 20 W's take two lines and a bit in the narrowest column
        fewest_lines=True,
    )
    if lot is None:
        raise ValueError(f"batch code {label.batch_code!r} does not fit on the label")
    seller = _fit(
        _clean(label.seller_name),
        font=REGULAR,
        width=width,
        height=height,
        sizes=(size, smallest),
        max_lines=2,
        shorten=True,
        balance=True,
    )
    details = [lot]
    if seller is not None:
        details.append(seller)
    if label.best_before is not None:
        details.append(_Block(REGULAR, size, (f"HSD {label.best_before:%d/%m/%Y}",)))
    if label.ocop_stars:
        details.append(_Block(BOLD, size, ("OCOP",), stars=label.ocop_stars))
    # Both are under 20 mm even in the largest size; the narrowest column is 23.5 mm (roll, version 6).
    return details


def _draw_stars(canvas: Canvas, count: int, *, x: float, top: float, size: float) -> None:
    """``count`` filled stars, each about a capital letter high, on the line whose top is ``top``."""
    radius = size * 0.42
    centre_y = top - size * _ASCENT + size * 0.36  # the middle of a capital on the line's baseline
    stars = [
        f"q {_num(radius)} 0 0 {_num(radius)} {_num(x + radius + k * radius * 2.2)} {_num(centre_y)} cm "
        f"{_STAR_PATH} f Q"
        for k in range(count)
    ]
    canvas.addLiteral("0 g " + " ".join(stars))


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


# --- QR codes --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _QrDrawing:
    """A symbol ready to draw: PDF operators in modules (x right, y down, quiet zone included)."""

    operators: str
    module: float  # points
    width: float  # points, quiet zone included
    form_name: str = ""  # drawn by referring to this form, which holds the operators


def _as_form(canvas: Canvas, qr: _QrDrawing, *, name: str) -> _QrDrawing:
    across = round(qr.width / qr.module)
    canvas.beginForm(name, lowerx=0, lowery=0, upperx=across, uppery=across)
    canvas.addLiteral(qr.operators)
    canvas.endForm()
    return dataclasses.replace(qr, form_name=name)


def _qr_drawing(uri: str, sheet: _Sheet) -> _QrDrawing:
    """Raises ValueError when modules would be under FLOOR_MODULE on this layout."""
    size, bits, stride = qr_bits(uri)
    across = size + 2 * QUIET_MODULES
    fitting = sheet.qr_box / across
    module = math.floor(fitting / sheet.dot + 1e-9) * sheet.dot
    if module < MIN_MODULE:  # too long for whole dots of 0.4 mm: fill the box instead
        module = fitting
    if module < FLOOR_MODULE:
        raise ValueError(f"URI too long for a QR code that scans on this label ({len(uri)} characters): {uri}")
    rects = []
    for row in range(size):
        start = row * stride + 4
        y = f" {row + QUIET_MODULES} "
        for run in _DARK_RUN.finditer(bits, start, start + size):
            first, end = run.span()
            rects.append(f"{first - start + QUIET_MODULES}{y}{end - first} 1 re")
    return _QrDrawing(operators="0 g " + " ".join(rects) + " f", module=module, width=across * module)


_DARK_RUN = re.compile("1+")
