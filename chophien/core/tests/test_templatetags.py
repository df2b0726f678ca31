import pytest
from django.template import Context, Template

from chophien.core.templatetags.vn import phone, stars, vnd


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1_250_000, "1.250.000\u00a0₫"),
        (0, "0\u00a0₫"),
        (45_000, "45.000\u00a0₫"),
        ("45000", "45.000\u00a0₫"),
        (None, ""),
    ],
)
def test_vnd_filter(value, shown):
    assert vnd(value) == shown


def test_vnd_filter_is_built_into_every_template():
    # given: no {% load %}, the filter is a builtin of the template engine
    template = Template("Giá: {{ price|vnd }}.")

    # when
    rendered = template.render(Context({"price": 1_250_000}))

    # then
    assert rendered == "Giá: 1.250.000\u00a0₫."


def test_vnd_filter_shows_nothing_for_a_missing_price():
    assert Template("[{{ price|vnd }}]").render(Context({"price": None})) == "[]"


def test_phone_and_stars_filters():
    assert phone("0912345678") == "0912 345 678"
    assert phone(None) == ""
    assert stars(3) == "★★★"
    assert stars(None) == ""
    assert Template("{{ p|phone }} {{ s|stars }}").render(Context({"p": "0912345678", "s": 4})) == "0912 345 678 ★★★★"
