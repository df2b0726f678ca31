"""Template filters for Vietnamese display: money and phone numbers."""

from django import template

from chophien.core.money import format_vnd
from chophien.core.phone import display_phone

register = template.Library()


@register.filter(name="vnd")
def vnd(value: int | None) -> str:
    if value is None:
        return ""
    return format_vnd(int(value))


@register.filter(name="phone")
def phone(value: str) -> str:
    return display_phone(value or "")


@register.filter(name="stars")
def stars(value: int | None) -> str:
    return "★" * int(value or 0)
