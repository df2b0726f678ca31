"""The comment reader over a corpus of comments as buyers write them, with the exact reading expected."""

import pytest

from chophien.live.comments import CommentReader, Pin

PINS = [
    Pin("A1", "Khoai sâm Sìn Hồ", "kg"),
    Pin("A2", "Chè Shan tuyết Tả Phìn", "gói"),
    Pin("A3", "Mật ong bạc hà Mèo Vạc", "chai"),
    Pin("B1", "Thịt trâu sấy", "gói"),
]
NUMBERED = [Pin("1", "Hạt mắc ca", "kg"), Pin("2", "Nhãn sấy Sông Mã", "kg"), Pin("5", "Ba chỉ gác bếp", "kg")]


def o(*items, phone=None):
    return {"intent": "order", "items": [{"code": c, "quantity": q} for c, q in items], "phone": phone}


def q(*codes, phone=None):
    return {"intent": "question", "items": [{"code": c, "quantity": None} for c in codes], "phone": phone}


def c(*codes, phone=None):
    return {"intent": "cancel", "items": [{"code": code, "quantity": None} for code in codes], "phone": phone}


OTHER = {"intent": "other", "items": [], "phone": None}

CORPUS = [
    ("chốt A1", o(("A1", 1))),
    ("chot a1 x2", o(("A1", 2))),
    ("CHỐT A1 X 4", o(("A1", 4))),
    ("A1 2", o(("A1", 2))),
    ("A1 sl 2", o(("A1", 2))),
    ("A2*2", o(("A2", 2))),
    ("a2x3", o(("A2", 3))),
    ("Chốt 2 A1", o(("A1", 2))),
    ("chốt A1 2kg", o(("A1", 2))),
    ("A1 3 cân nhé shop", o(("A1", 3))),
    ("chốt a3 2 chai", o(("A3", 2))),
    ("em lấy hai gói A2", o(("A2", 2))),
    ("chốt mười túi B1", o(("B1", 10))),
    ("chốt A1 x2, A2 x1", o(("A1", 2), ("A2", 1))),
    ("A1 2 A3 1", o(("A1", 2), ("A3", 1))),
    ("chốt A1 0912 345 678", o(("A1", 1), phone="0912345678")),
    ("0912345678 chốt a2 x 2", o(("A2", 2), phone="0912345678")),
    ("A1x2 sdt +84 912 345 678", o(("A1", 2), phone="0912345678")),
    ("lấy 2kg khoai sâm", o(("A1", 2))),
    ("cho em 3 gói thịt trâu sấy nhé", o(("B1", 3))),
    ("A1", o(("A1", 1))),
    ("huỷ A1", c("A1")),
    ("hủy đơn a2 nha shop", c("A2")),
    ("bỏ A1", c("A1")),
    ("A1 còn không shop?", q("A1")),
    ("giá A2 bao nhiêu", q("A2")),
    ("a3 con ko", q("A3")),
    ("ship về Hà Nội bao lâu?", q()),
    ("chào shop ạ", OTHER),
    ("đẹp quá 😍😍😍", OTHER),
    ("thịt bò khô ngon lắm", OTHER),
    ("", OTHER),
    ("mình ở Sìn Hồ nè", OTHER),
    ("chốt A1 9999", o(("A1", 9999))),
    ("chốt A1 x0", o(("A1", 0))),
    ("shop ơi chốt cho em 1 hũ mật ong", o(("A3", 1))),
    ("Chốt A1 nhé, sđt 0987.654.321", o(("A1", 1), phone="0987654321")),
    ("chốt A1 sdt 0123", o(("A1", 1))),
    ("chốt B7", {"intent": "unknown_code", "items": [{"code": "B7", "quantity": 1}], "phone": None}),
    ("C2 x3", {"intent": "unknown_code", "items": [{"code": "C2", "quantity": 3}], "phone": None}),
]

NUMBERED_CORPUS = [
    ("chốt 5", o(("5", 1))),
    ("mã 5", o(("5", 1))),
    ("lấy hai túi mã 2", o(("2", 2))),
    ("chốt 1 x3", o(("1", 3))),
    ("5", o(("5", 1))),
    ("2 kg mắc ca", o(("1", 2))),
    ("hủy mã 5", c("5")),
    ("mã 2 còn không", q("2")),
]


@pytest.mark.parametrize(("comment", "expected"), CORPUS, ids=[text or "empty" for text, _ in CORPUS])
def test_coded_pins(comment, expected):
    assert CommentReader(PINS).read(comment).as_dict() == expected


@pytest.mark.parametrize(("comment", "expected"), NUMBERED_CORPUS, ids=[t for t, _ in NUMBERED_CORPUS])
def test_numbered_pins(comment, expected):
    assert CommentReader(NUMBERED).read(comment).as_dict() == expected


def test_a_flood_of_emoji_or_a_10000_character_comment_is_read_quickly_and_safely():
    reader = CommentReader(PINS)
    assert reader.read("😍" * 10_000).intent == "other"
    assert reader.read("chốt A1 " + "a" * 10_000).as_dict() == o(("A1", 1))
