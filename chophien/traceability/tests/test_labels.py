"""Trace labels as PDF, read back as a phone and a person would: pages rendered by pdfium, QR codes
decoded by zxing-cpp (not by segno, which made them), text taken from the PDF's text layer."""

import dataclasses
import datetime
import math
import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import segno
import zxingcpp

from chophien.traceability.labels import MAX_LABELS, Label, LabelLayout, labels_pdf
from chophien.traceability.qr import qr_matrix

MM = 72 / 25.4  # points in a millimetre
GS1_URI = "https://chophien.vn/01/08934567890128/10/LO-2611A"
PLATFORM_URI = "https://chophien.vn/t/LC7K2Q/7H3K9QZ2M1"
LONG_NAME = "Chè Shan Tuyết cổ thụ Hoàng Su Phì hái một tôm hai lá, sao tay"

HONEY = Label(
    uri=GS1_URI,
    product_name="Mật ong bạc hà Mèo Vạc",
    batch_code="LO-2611A",
    seller_name="HTX Mật ong bạc hà Mèo Vạc",
    short_code="LC7K2Q",
    ocop_stars=4,
    best_before=datetime.date(2026, 12, 31),
)
LABELS = [
    HONEY,
    Label(
        uri=PLATFORM_URI,
        product_name="Khoai sâm Sìn Hồ",
        batch_code="KS-0412",
        seller_name="Hộ bà Lò Thị Mai",
        short_code="LC7K2Q-7H3K9QZ2M1",
    ),
    Label(
        uri="https://chophien.vn/01/08934567890128/10/CST-26X/21/4M8T1V6B0Q",
        product_name=LONG_NAME,
        batch_code="CST-26X",
        seller_name="Hợp tác xã Chè Shan Tuyết Tả Sử Choóng",
        short_code="CST26X-4M8T1V6B0Q",
        ocop_stars=5,
        best_before=datetime.date(2027, 6, 1),
    ),
    Label(
        uri="https://chophien.vn/t/PX3M9A",
        product_name="Gạo Séng Cù Bát Xát",
        batch_code="SC-01",
        seller_name="Hộ ông Vàng A Dế",
        short_code="PX3M9A",
        ocop_stars=0,
    ),
    HONEY,  # a lot's labels share one link: its symbol is written once and drawn twice
]


def render(pdf: bytes, *, dpi: int):
    document = pdfium.PdfDocument(pdf)
    return document, [page.render(scale=dpi / 72).to_pil() for page in document]


def qr_texts(image, *, label_height_px: float | None = None) -> list[str]:
    """Decoded texts; with ``label_height_px``, in reading order of a sheet (rows, then left to right)."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))

    def centre(barcode):
        corners = (barcode.position.top_left, barcode.position.top_right, barcode.position.bottom_left)
        return sum(p.x for p in corners) / 3, sum(p.y for p in corners) / 3

    if label_height_px is not None:
        found = sorted(found, key=lambda b: (int(centre(b)[1] // label_height_px), centre(b)[0]))
    return [barcode.text for barcode in found]


def page_text(page) -> str:
    return " ".join(page.get_textpage().get_text_range().split())


def test_the_roll_has_one_50_by_30_mm_page_per_label_whose_qr_code_reads_as_its_uri():
    document, images = render(labels_pdf(LABELS, layout=LabelLayout.ROLL), dpi=300)

    assert len(document) == len(LABELS)
    for page, image, label in zip(document, images, LABELS, strict=True):
        width, height = page.get_size()
        assert (round(width / MM, 2), round(height / MM, 2)) == (50.0, 30.0)
        assert qr_texts(image) == [label.uri]


def test_a4_holds_24_labels_a_sheet_whose_qr_codes_read_in_order():
    labels = [*LABELS, *(dataclasses.replace(HONEY, uri=f"{PLATFORM_URI[:-10]}{n:010d}") for n in range(21))]
    document, images = render(labels_pdf(labels, layout=LabelLayout.A4), dpi=200)

    assert len(document) == 2
    assert [tuple(round(side) for side in page.get_size()) for page in document] == [(595, 842), (595, 842)]
    read = [text for image in images for text in qr_texts(image, label_height_px=37 / 25.4 * 200)]
    assert read == [label.uri for label in labels]


@pytest.mark.parametrize("layout", list(LabelLayout))
def test_names_codes_and_dates_print_with_their_diacritics(layout):
    document = pdfium.PdfDocument(labels_pdf(LABELS, layout=layout))
    text = " ".join(page_text(page) for page in document)

    for label in LABELS:
        assert label.product_name in text
        assert label.seller_name in text
        assert f"Lô: {label.batch_code}" in text
        assert label.short_code in text
    assert "HSD 31/12/2026" in text
    assert "HSD 01/06/2027" in text
    assert text.count("OCOP") == 3  # honey twice and the tea; not the khoai sâm (None) nor the rice (0)


def test_a_name_typed_decomposed_prints_as_if_typed_composed():
    # given: a + dot below + circumflex, as some phone keyboards send "ậ"
    decomposed = dataclasses.replace(HONEY, product_name=unicodedata.normalize("NFD", HONEY.product_name))
    assert decomposed.product_name != HONEY.product_name

    # when / then: the same PDF, byte for byte (reportlab does not shape: loose marks would misprint)
    assert labels_pdf([decomposed], layout=LabelLayout.ROLL) == labels_pdf([HONEY], layout=LabelLayout.ROLL)


def test_ocop_stars_are_drawn_one_shape_a_star():
    document = pdfium.PdfDocument(labels_pdf(LABELS[:4], layout=LabelLayout.ROLL))

    stars = []
    for page in document:
        paths = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH])
        small = [path for path in paths if path.get_bounds()[2] - path.get_bounds()[0] < 3 * MM]
        stars.append(len(small))
    assert stars == [4, 0, 5, 0]


ABSURD = Label(
    uri="https://chophien.vn/01/08934567890128/10/WWWWWWWWWWWWWWWWWWWW/21/WWWWWWWWWWWWWWWWWWWW",
    product_name="Chè Shan Tuyết cổ thụ Hoàng Su Phì đặc biệt hảo hạng hái một tôm hai lá sao tay chảo gang "
    "vụ xuân năm hai nghìn không trăm hai mươi sáu của đồng bào Dao đỏ",
    batch_code="W" * 20,
    seller_name="Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp Tả Sử Choóng huyện Hoàng Su Phì tỉnh Tuyên Quang",
    short_code="W" * 20,
    ocop_stars=5,
    best_before=datetime.date(2027, 1, 5),
)


@pytest.mark.parametrize(
    ("layout", "blank"),
    [(LabelLayout.ROLL, 1.5 * MM), (LabelLayout.A4, 5 * MM)],
)
def test_nothing_leaves_its_label_however_long_the_text(layout, blank):
    document = pdfium.PdfDocument(labels_pdf([ABSURD] * 3, layout=layout))
    page = document[0]
    label_width, label_height = (50 * MM, 30 * MM) if layout == LabelLayout.ROLL else (70 * MM, 37 * MM)
    grid_top = page.get_height() - (0 if layout == LabelLayout.ROLL else 0.5 * MM)
    slack = 0.2 * MM  # pdfium's glyph boxes are a little looser than the outlines

    def inside_one_label(left, bottom, right, top):
        column = math.floor(left / label_width)
        row = math.floor((grid_top - top) / label_height)
        box_left, box_top = column * label_width + blank, grid_top - row * label_height - blank
        box_right, box_bottom = box_left + label_width - 2 * blank, box_top - label_height + 2 * blank
        return (
            left >= box_left - slack
            and right <= box_right + slack
            and top <= box_top + slack
            and bottom >= box_bottom - slack
        )

    textpage = page.get_textpage()
    boxes = [textpage.get_charbox(index) for index in range(textpage.count_chars())]
    boxes = [box for box in boxes if box[2] > box[0]]  # spaces and line ends have no box
    shapes = [obj.get_bounds() for obj in page.get_objects(max_depth=0) if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT]
    shapes = [box for box in shapes if box[2] - box[0] < 60 * MM and box[3] - box[1] < 60 * MM]  # not guides
    assert len(boxes) > 150
    assert len(shapes) >= 6  # a QR code and five stars at least
    assert [box for box in boxes + shapes if not inside_one_label(*box)] == []
    text = page_text(page)
    assert "…" in text  # the name and the seller were cut short
    assert "W" * 20 in text.replace(" ", "")  # the codes never are


def test_the_qr_code_of_an_absurd_label_still_reads():
    _, images = render(labels_pdf([ABSURD], layout=LabelLayout.ROLL), dpi=300)

    assert qr_texts(images[0]) == [ABSURD.uri]


def test_no_labels_and_too_many_labels_are_refused():
    with pytest.raises(ValueError, match="no labels"):
        labels_pdf([], layout=LabelLayout.A4)
    with pytest.raises(ValueError, match="at most 5000"):
        labels_pdf([HONEY] * (MAX_LABELS + 1), layout=LabelLayout.ROLL)


def test_a_uri_too_long_for_a_readable_qr_code_is_refused():
    label = dataclasses.replace(HONEY, uri="https://chophien.vn/t/" + "K" * 400)

    with pytest.raises(ValueError, match="URI too long"):
        labels_pdf([label], layout=LabelLayout.ROLL)


@pytest.mark.parametrize("stars", [1, 2, 6, -1])
def test_ocop_stars_are_none_or_3_to_5(stars):
    with pytest.raises(ValueError, match="OCOP"):
        dataclasses.replace(HONEY, ocop_stars=stars)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("uri", ""),
        ("uri", "https://chophien.vn/t/A B"),
        ("product_name", " "),
        ("seller_name", ""),
        ("batch_code", "X" * 21),
        ("short_code", "X" * 21),
        ("short_code", "MẬT-01"),
    ],
)
def test_a_label_without_what_it_must_show_is_refused(field, value):
    with pytest.raises(ValueError):
        dataclasses.replace(HONEY, **{field: value})


def test_the_symbol_is_the_one_segno_chooses_for_every_mask_level_and_version():
    # given: links that make segno choose each of the eight masks, raise M to Q and H, and reach
    # versions with version information (7 and up)
    uris = [f"https://chophien.vn/t/{n:06d}" for n in range(7)]
    uris += [f"https://chophien.vn/01/08934567890128/10/LO-{lot}" for lot in (0, 15, 32, 100)]
    uris += ["A", "https://chophien.vn/t/k", *("https://chophien.vn/t/" + "k" * n for n in (80, 120, 160))]
    symbols = [segno.make(uri, error="m", micro=False) for uri in uris]
    assert {symbol.mask for symbol in symbols} == set(range(8))
    assert {symbol.error for symbol in symbols} == {"M", "Q", "H"}
    assert max(int(symbol.version) for symbol in symbols) >= 10

    # when / then
    for uri, symbol in zip(uris, symbols, strict=True):
        expected = ["".join(str(bit) for bit in row) for row in symbol.matrix]
        assert qr_matrix(uri) == (len(expected), expected), uri
