"""The English glossary file: it loads, it covers the demo's categories and products, it never takes a
Vietnamese word for an English one, and a mistake in it is reported where it is."""

import pytest

from chophien.catalog.demo.data import SPECIALITIES, product_seeds
from chophien.catalog.glossary import (
    GLOSSARY_PATH,
    GlossaryError,
    glossary,
    glossary_check,
    glossary_load,
    glossary_parse,
    key_words,
    singular,
)
from chophien.catalog.models import Category
from chophien.catalog.search import glossary_split
from chophien.core.text import fold
from chophien.places.models import Province, Ward


def test_the_glossary_in_the_repository_loads_and_is_the_one_search_uses():
    shipped = glossary_load()

    assert shipped == glossary()
    assert shipped.meanings[("tea",)] == ("che", "tra")
    assert shipped.meanings[("dried", "buffalo", "meat")][:2] == ("thit trau say", "thit trau gac bep")
    assert len(shipped.meanings) >= 100
    assert glossary_check() == []


@pytest.mark.django_db
def test_every_category_has_an_english_name():
    slugs = set(Category.objects.values_list("slug", flat=True))

    assert set(glossary().category_names) == slugs
    assert Category.objects.get(slug="mat-ong").name_en == "Honey"


def test_every_demo_speciality_has_a_glossary_word_and_an_english_name():
    def whole_words_in(phrase: str, text: str) -> bool:
        return f" {phrase} " in f" {text} "

    phrases = [phrase for meanings in glossary().meanings.values() for phrase in meanings]
    for key, speciality in SPECIALITIES.items():
        name = fold(speciality.name)
        assert any(whole_words_in(phrase, name) for phrase in phrases), key
        assert speciality.name_en, key
    assert all(seed.name_en for seed in product_seeds())


@pytest.mark.django_db
def test_no_glossary_key_is_found_in_vietnamese_text():
    # What decides that a query without diacritics is English is holding a key of the glossary: a key
    # found in Vietnamese names would change how a Vietnamese query is searched.
    seeds = product_seeds()
    texts = [seed.name for seed in seeds] + [seed.seller_slug.replace("-", " ") for seed in seeds]
    texts += list(Category.objects.values_list("name", flat=True))
    texts += list(Province.objects.values_list("name", flat=True))
    texts += list(Ward.objects.values_list("name", flat=True))

    found = {
        (text, item.start)
        for text in texts
        for item in glossary_split(fold(text).split(), glossary())
        if not isinstance(item, str)
    }

    assert len(texts) > 3000
    assert found == set()


@pytest.mark.parametrize(
    ("plural", "one"),
    [("teas", "tea"), ("chillies", "chilly"), ("mangoes", "mango"), ("peaches", "peach"), ("glass", "glass")],
)
def test_plurals_are_read_as_the_singular(plural, one):
    assert singular(plural) == one
    assert key_words(f"Dried {plural.upper()}") == ("dried", one)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[words]\n"tea" = ["chè"\n', "sai cú pháp TOML"),
        ('[words]\n"tea" = []\n', '[words] "tea": cần ít nhất một từ tiếng Việt'),
        ('[words]\n"tea" = ["chè"]\n"teas" = ["trà"]\n', '[words] "teas": trùng với "tea"'),
        ('[words]\n"trà" = ["chè"]\n', '[words] "trà": từ tiếng Anh chỉ gồm chữ a-z'),
        ('[words]\n"tea" = ["chè", 3]\n', "3 không phải là một từ tiếng Việt"),
        ('[words]\n"a b c d e" = ["chè"]\n', "tối đa 4 từ tiếng Anh"),
        ('[word]\n"tea" = ["chè"]\n', "không có mục [word]"),
        ('[categories]\nmat-ong = "Honey"\n', "thiếu mục [words]"),
        ('[categories]\nmat-ong = ""\n[words]\n', '[categories] "mat-ong": tên tiếng Anh'),
        ('[words]\n[ignore]\nwords = ["of the"]\n', "[ignore]: 'of the' phải là đúng một từ"),
    ],
)
def test_a_mistake_in_the_glossary_is_reported_with_where_it_is(text, message):
    with pytest.raises(GlossaryError) as error:
        glossary_parse(text, source="glossary_en.toml")
    assert message in str(error.value)
    assert str(error.value).startswith("glossary_en.toml")


def test_the_system_check_refuses_a_broken_glossary_file(tmp_path):
    broken = tmp_path / GLOSSARY_PATH.name
    broken.write_text('[words]\n"honey" = "mật ong"\n"tea" = \n', encoding="utf-8")

    errors = glossary_check(path=broken)

    assert [error.id for error in errors] == ["catalog.E001"]
    assert "sai cú pháp TOML" in errors[0].msg


def test_a_single_vietnamese_word_may_be_written_without_a_list():
    parsed = glossary_parse('[words]\n"honey" = "Mật ong"\n')
    assert parsed.meanings == {("honey",): ("mat ong",)}
