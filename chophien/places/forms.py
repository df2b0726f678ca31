"""The address fields every form shares: a province, a commune picked from a search or a list, and
what the person typed to find it.

Posted names stay those the forms always had (``province``, ``ward_code``); ``ward_q`` is the text
typed in the search box and ``ward_search`` the search button a phone without JavaScript presses.
The commune decides the province: a province left empty is taken from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chophien.core.errors import ValidationError

from .models import Province, Ward
from .search import MAX_QUERY_LENGTH, WardMatch, is_whole_name
from .selectors import UNKNOWN_WARD_MESSAGE, ward_get, ward_list, ward_search

CHOOSE_WARD_MESSAGE = _("Vui lòng chọn xã/phường.")
CHOOSE_FROM_MATCHES_MESSAGE = _("Chọn xã/phường của bạn trong danh sách.")
NO_MATCH_MESSAGE = _("Không tìm thấy xã/phường nào có tên này. Thử tên khác, hoặc chọn tỉnh rồi chọn trong danh sách.")
CHOOSE_FROM_LIST_MESSAGE = _("Chọn xã/phường trong danh sách của tỉnh.")
TYPE_TO_SEARCH_MESSAGE = _("Gõ tên xã/phường rồi bấm “Tìm”, hoặc chọn tỉnh rồi bấm “Tìm” để có danh sách.")
WRONG_PROVINCE_MESSAGE = _("Xã/phường này không thuộc tỉnh đã chọn. Vui lòng chọn lại.")
_LARGEST_CODE = 2_147_483_647  # a PostgreSQL integer: a bigger number is no code, and must never reach a query


class ProvinceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A province by its code; anything but a short number is an unknown choice, never a query."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text.isdigit() or len(text) > 6:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(text)


@dataclass(frozen=True)
class WardPicker:
    """What the address picker shows: the chosen province and commune, the list of communes to pick
    from, what was typed, and, for a commune found by its old name, the note saying so."""

    province_code: int | None = None
    options: tuple[tuple[int, str], ...] = ()
    selected: int | None = None
    query: str = ""
    matches: tuple[WardMatch, ...] = field(default=())


class WardPickerForm(forms.Form):
    province = ProvinceField(
        label=_("Tỉnh/thành phố"),
        queryset=Province.objects.all(),
        empty_label=_("Chọn tỉnh"),
        required=False,
        error_messages={"invalid_choice": _("Không tìm thấy tỉnh/thành phố này. Vui lòng chọn lại.")},
    )
    ward_code = forms.IntegerField(
        label=_("Xã/phường"),
        required=False,
        min_value=1,
        max_value=_LARGEST_CODE,
        error_messages={
            "invalid": UNKNOWN_WARD_MESSAGE,
            "min_value": UNKNOWN_WARD_MESSAGE,
            "max_value": UNKNOWN_WARD_MESSAGE,
        },
    )
    ward_q = forms.CharField(label=_("Tìm xã, phường"), required=False, max_length=MAX_QUERY_LENGTH, strip=True)

    #: Communes the typed text may mean, when it needs a choice (set by ``clean``).
    ward_matches: tuple[WardMatch, ...] = ()
    #: False where the address is already known and may be left as it is (the shop's settings).
    ward_required = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "province" in self.errors or "ward_code" in self.errors or "ward_q" in self.errors:
            return cleaned
        province: Province | None = cleaned.get("province")
        typed: str = cleaned.get("ward_q") or ""
        if self.data.get("ward_search"):
            # The search button of a page without JavaScript: show what the text finds, or with no
            # text the chosen province's communes in the list (the page's select cannot fetch them),
            # and place nothing.
            if typed:
                self._offer_matches(typed, province)
            else:
                self.add_error("ward_code", CHOOSE_FROM_LIST_MESSAGE if province else TYPE_TO_SEARCH_MESSAGE)
            return cleaned
        code = cleaned.get("ward_code")
        if code is None:
            if not typed:
                if self.ward_required:
                    self.add_error("ward_code", CHOOSE_WARD_MESSAGE)
                return cleaned
            matches = self._offer_matches(typed, province, only_if_many=True)
            if len(_codes_named(matches, typed, province)) != 1:
                return cleaned
            code = matches[0].code
        try:
            ward = ward_get(code=code)
        except ValidationError as error:
            self.add_error("ward_code", error.message)
            return cleaned
        if province is not None and ward.province_id != province.pk:
            self.add_error("ward_code", WRONG_PROVINCE_MESSAGE)
            return cleaned
        cleaned.update(province=ward.province, ward_code=ward.code, ward=ward)
        return cleaned

    def _offer_matches(self, typed: str, province: Province | None, *, only_if_many: bool = False) -> list[WardMatch]:
        matches = ward_search(query=typed, prefer_province_code=province.pk if province else None)
        named = _codes_named(matches, typed, province)
        if only_if_many and len(named) == 1:
            return [match for match in matches if match.code in named]
        self.ward_matches = tuple(matches)
        self.add_error("ward_code", CHOOSE_FROM_MATCHES_MESSAGE if matches else NO_MATCH_MESSAGE)
        return matches

    @property
    def picker(self) -> WardPicker:
        """The picker's state to draw: from what was posted, or from the initial values."""
        source = self.data if self.is_bound else self.initial
        province_code = _small_int(source.get("province"))
        selected = _small_int(source.get("ward_code"))
        query = str(source.get("ward_q") or "")[:MAX_QUERY_LENGTH]
        chosen = getattr(self, "cleaned_data", {}).get("ward")
        if isinstance(chosen, Ward):
            province_code, selected = chosen.province_id, chosen.code
        if self.ward_matches:
            options = tuple((match.code, _match_label(match)) for match in _unique_codes(self.ward_matches))
            if any(match.province_code != province_code for match in self.ward_matches):
                province_code = None  # the commune picked from the list will name its province
            return WardPicker(province_code, options, selected, query, self.ward_matches)
        options = (
            tuple((ward.code, ward.name) for ward in ward_list(province_code=province_code)) if province_code else ()
        )
        return WardPicker(province_code, options, selected, query)


def _codes_named(matches: list[WardMatch], typed: str, province: Province | None) -> set[int]:
    """The communes the text names: those it is the whole name of (today's name before an old one,
    in the chosen province before elsewhere), or else all it found."""
    whole = [match for match in matches if is_whole_name(match, typed)]
    today = [match for match in whole if not match.old_name]
    for named in (today, whole):
        in_province = [match for match in named if province is not None and match.province_code == province.pk]
        if in_province or named:
            return {match.code for match in in_province or named}
    return {match.code for match in matches}


def _small_int(value: Any) -> int | None:
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


def _unique_codes(matches: tuple[WardMatch, ...]) -> list[WardMatch]:
    first: dict[int, WardMatch] = {}
    for match in matches:
        first.setdefault(match.code, match)
    return list(first.values())


def _match_label(match: WardMatch) -> str:
    label = f"{match.name}, {match.province_name}"
    return f"{label} ({match.old_name})" if match.old_name else label
