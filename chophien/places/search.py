"""Finding a commune or a province by what a person types: with or without diacritics, today's
name or the one from before the reform of 1 July 2025.

The index is built once per process from the `places` tables and the old names of `legacy`
(about 13,400 entries, a few MB); a search is a scan of it in memory, a few milliseconds, with no
query. The units change only with a migration (a new reform), which a deploy restarts with.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from chophien.core.text import fold

from . import legacy
from .models import Province, Ward

MAX_QUERY_LENGTH = 100
MIN_QUERY_LENGTH = 2
DEFAULT_LIMIT = 10


@dataclass(frozen=True)
class WardMatch:
    """A commune of today that a search found, by its name or by an old name that is now part of it.

    ``old_name`` is set when the match came from a name before the reform ("Dịch Vọng Hậu");
    ``is_part`` when only part of that old commune went to this one (it was split).
    """

    code: int
    name: str  # "Phường Cầu Giấy"
    short_name: str  # "Cầu Giấy"
    division_type: str  # "phường"
    province_code: int
    province_name: str  # "Hà Nội"
    old_name: str = ""  # "Dịch Vọng Hậu"
    old_place: str = ""  # "Quận Cầu Giấy, Hà Nội"
    is_part: bool = False

    @property
    def new_name_lower(self) -> str:
        """ "phường Cầu Giấy", as it reads after "nay thuộc"."""
        return f"{self.division_type} {self.short_name}"


@dataclass(frozen=True)
class ProvinceMatch:
    code: int
    name: str  # "Tuyên Quang"
    old_name: str = ""  # "Hà Giang"


@dataclass(frozen=True)
class _Entry:
    haystack: str  # " xa sin ho sin ho lai chau " : every word the entry may be found by, space-framed
    names: tuple[str, ...]  # folded names compared whole: "sin ho", "xa sin ho"
    match: WardMatch


@dataclass(frozen=True)
class _Index:
    entries: tuple[_Entry, ...]


def _frame(*parts: str) -> str:
    return " " + " ".join(part for part in parts if part) + " "


@functools.cache
def _index() -> _Index:
    provinces = {p.code: p for p in Province.objects.all()}
    by_name: dict[tuple[int, str], Ward] = {}
    entries: list[_Entry] = []
    for ward in Ward.objects.order_by("code"):
        province = provinces[ward.province_id]
        by_name.setdefault((ward.province_id, fold(ward.name)), ward)
        match = WardMatch(
            code=ward.code,
            name=ward.name,
            short_name=ward.short_name,
            division_type=ward.division_type,
            province_code=province.code,
            province_name=province.short_name,
        )
        entries.append(
            _Entry(
                haystack=_frame(fold(ward.name), province.name_folded),
                names=(ward.name_folded, fold(ward.name)),
                match=match,
            )
        )
    for old in legacy.old_wards():
        old_place = f"{old.district}, {old.province}"
        for position, heir in enumerate(old.new_wards):
            heir_ward = by_name.get(heir)
            if heir_ward is None or fold(old.short_name) == heir_ward.name_folded:
                continue  # an old name that is also today's ("Sìn Hồ" is still Xã Sìn Hồ) says nothing new
            province = provinces[heir_ward.province_id]
            match = WardMatch(
                code=heir_ward.code,
                name=heir_ward.name,
                short_name=heir_ward.short_name,
                division_type=heir_ward.division_type,
                province_code=province.code,
                province_name=province.short_name,
                old_name=old.short_name,
                old_place=old_place,
                is_part=len(old.new_wards) > 1 and position > 0,
            )
            entries.append(
                _Entry(
                    haystack=_frame(fold(old.name), fold(old.district), fold(old.province), province.name_folded),
                    names=(fold(old.short_name), fold(old.name)),
                    match=match,
                )
            )
    return _Index(entries=tuple(entries))


@functools.cache
def _provinces() -> tuple[tuple[str, ProvinceMatch], ...]:
    """Today's provinces and the merged ones by their folded names, in order. Kept apart from the
    communes' index: every address form lists provinces, and the first one a process renders should
    not wait for the communes' index, which only a search needs."""
    provinces = {p.code: p for p in Province.objects.all()}
    entries = [(p.name_folded, ProvinceMatch(code=p.code, name=p.short_name)) for p in provinces.values()]
    for old_province in legacy.old_provinces():
        new = provinces.get(old_province.new_province_code)
        if new is not None:
            entries.append(
                (
                    fold(old_province.short_name),
                    ProvinceMatch(code=new.code, name=new.short_name, old_name=old_province.short_name),
                )
            )
    entries.sort(key=lambda item: item[0])
    return tuple(entries)


def query_fold(query: str) -> str:
    """The folded words of a query, or "" when there is too little or too much to search for."""
    if not isinstance(query, str) or len(query) > MAX_QUERY_LENGTH:
        return ""
    folded = fold(query)
    return folded if len(folded) >= MIN_QUERY_LENGTH else ""


def is_whole_name(match: WardMatch, query: str) -> bool:
    """Whether ``query`` is the whole name of the match ("xa sin ho", "Sìn Hồ", "dich vong hau"),
    not only the beginning of a name or words found elsewhere."""
    folded = query_fold(query)
    names = (match.short_name, match.name) if not match.old_name else (match.old_name,)
    return bool(folded) and any(folded in (fold(name), fold(f"{match.division_type} {name}")) for name in names)


def ward_matches(
    *, query: str, province_code: int | None = None, prefer_province_code: int | None = None, limit: int = DEFAULT_LIMIT
) -> list[WardMatch]:
    """Today's communes a person may mean by ``query``: those of ``prefer_province_code`` first,
    then best first (the whole name, then names that begin with it, then names that hold its
    words), today's names before old ones. ``province_code`` keeps to one province."""
    folded = query_fold(query)
    if not folded:
        return []
    words = [f" {word}" for word in folded.split()]
    phrase = f" {folded}"
    found: list[tuple[tuple[bool, int, int, str], WardMatch]] = []
    for entry in _index().entries:
        if province_code and entry.match.province_code != province_code:
            continue
        if not all(word in entry.haystack for word in words):
            continue
        if folded in entry.names:
            closeness = 0
        elif any(name.startswith(folded) for name in entry.names):
            closeness = 1
        elif any(f" {name}".find(phrase) >= 0 for name in entry.names):
            closeness = 2
        else:
            closeness = 3  # the words are there, some in the district or province
        elsewhere = bool(prefer_province_code) and entry.match.province_code != prefer_province_code
        found.append(((elsewhere, closeness, 1 if entry.match.old_name else 0, entry.match.name), entry.match))
    found.sort(key=lambda item: item[0])
    result: list[WardMatch] = []
    seen: set[tuple[int, str, str]] = set()
    for _, match in found:
        key = (match.code, match.old_name, match.old_place)
        if key not in seen:
            seen.add(key)
            result.append(match)
            if len(result) >= limit:
                break
    return result


def province_matches(*, query: str) -> list[ProvinceMatch]:
    """Provinces whose name, today's or a merged one's, has a word beginning with ``query``."""
    folded = query_fold(query)
    if not folded:
        return []
    words = [f" {word}" for word in folded.split()]
    found = [
        (0 if name == folded else 1 if name.startswith(folded) else 2, name, match)
        for name, match in _provinces()
        if all(word in f" {name}" for word in words)
    ]
    return [match for *_, match in sorted(found, key=lambda item: item[:2])]


def province_choices() -> tuple[ProvinceMatch, ...]:
    """The 34 provinces and the 29 merged ones ("Hà Giang → Tuyên Quang"), in alphabetical order
    of the name read, for a plain list a person scrolls to the name they know."""
    return tuple(match for _, match in _provinces())
