"""The address picker, drawn the same in every form that asks for a commune."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from chophien.places.forms import WardPicker
from chophien.places.models import Ward
from chophien.places.selectors import province_choices

register = template.Library()


@register.inclusion_tag("places/_ward_picker.html")
def ward_picker(
    prefix: str = "id",
    state: WardPicker | None = None,
    wards: Iterable[Ward] = (),
    selected: Any = None,
    province_label: str = "",
    ward_errors: Iterable[str] = (),
    province_errors: Iterable[str] = (),
    search_button: bool = True,
) -> dict[str, Any]:
    """A province select (with the provinces merged in 2025 under their old names too), a search box
    for the commune and the plain list of the province's communes it fills.

    Forms built on ``places.forms.WardPickerForm`` pass ``state=form.picker``; a page without such
    a form (the live viewer's delivery fields) passes the province's ``wards`` and
    ``search_button=False``: the search button of a page without JavaScript needs a form that
    answers it (``ward_search``), and its view has none.
    """
    if state is None:
        state = WardPicker(
            province_code=wards[0].province_id if isinstance(wards, list) and wards else None,
            options=tuple((ward.code, ward.name) for ward in wards),
            selected=int(selected) if str(selected or "").isdigit() else None,
        )
    ids = {
        "province": f"{prefix}_province",
        "ward": f"{prefix}_ward_code",
        "query": f"{prefix}_ward_q",
        "list": f"{prefix}_ward_list",
        "note": f"{prefix}_ward_note",
    }
    return {
        "ids": ids,
        "prefix": prefix,
        "state": state,
        "provinces": province_choices(),
        "province_label": province_label,
        "ward_errors": list(ward_errors or ()),
        "province_errors": list(province_errors or ()),
        "search_button": search_button,
    }
