import unicodedata

import pytest

from chophien.core.text import fold, fold_words


def test_a_name_with_and_without_diacritics_folds_alike():
    assert fold("Chè Shan Tuyết") == "che shan tuyet"
    assert fold("che shan tuyet") == "che shan tuyet"
    assert fold("CHÈ SHAN TUYẾT") == "che shan tuyet"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đồng Văn", "dong van"),
        ("ĐỒNG VĂN", "dong van"),
        ("đồng văn", "dong van"),
        ("Đ", "d"),
        ("đ", "d"),
        ("Điện Biên", "dien bien"),
    ],
)
def test_d_with_stroke_folds_to_d(text, folded):
    assert fold(text) == folded


def test_every_vietnamese_vowel_loses_its_marks():
    # given: a, ă, â, e, ê, i, o, ô, ơ, u, ư, y with each of the five tones
    vowels = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

    # when / then
    expected = "a" * 17 + "e" * 11 + "i" * 5 + "o" * 17 + "u" * 11 + "y" * 5
    assert fold(vowels) == expected
    assert fold(vowels.upper()) == expected


def test_decomposed_input_folds_like_composed_input():
    composed = "Mật ong bạc hà Đồng Văn"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert fold(decomposed) == fold(composed) == "mat ong bac ha dong van"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đồng Văn, ĐẶC SẢN!", "dong van dac san"),
        ("Mật ong bạc hà – Mèo Vạc", "mat ong bac ha meo vac"),
        ("  Sìn   Hồ  ", "sin ho"),
        ("gạo/nếp...(tú lệ)", "gao nep tu le"),
        ("Quận 1", "quan 1"),
        ("a\tb\nc", "a b c"),
        ("!!!", ""),
        ("", ""),
        ("   ", ""),
    ],
)
def test_punctuation_and_space_collapse_to_single_spaces(text, folded):
    assert fold(text) == folded


def test_fold_words_splits_the_folded_text():
    assert fold_words("Chè  Shan-Tuyết, Hà Giang") == ["che", "shan", "tuyet", "ha", "giang"]
    assert fold_words(" – ") == []
