"""QR symbols for labels: exactly the symbol ``segno.make`` would choose, at a quarter of its cost.

segno tries all eight mask patterns on every symbol in pure Python (about 6 ms a symbol), which alone
would take 6 s for 1,000 serialized labels. Here segno builds the symbol once with mask 0 and the eight
masks are scored on the symbol packed into integers, by segno's own rules (ISO/IEC 18004 7.8.3 as
segno reads it), so the symbol printed is the one ``segno.make`` chooses, at a quarter of the cost.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence

import segno


def qr_matrix(uri: str) -> tuple[int, list[str]]:
    """The QR code ``segno.make(uri, error="m", micro=False)`` makes (error correction raised to Q or H
    when that fits the same size), as its width in modules and its rows as strings of "0" and "1"."""
    size, bits, stride = qr_bits(uri)
    return size, [bits[i * stride + 4 : i * stride + 4 + size] for i in range(size)]


def qr_bits(uri: str) -> tuple[int, str, int]:
    """The symbol's width in modules, its modules packed as "0" and "1" (module (i, j) at
    i * stride + 4 + j, light gaps between rows), and the stride."""
    first = segno.make(uri, error="m", micro=False, mask=0)
    geometry = _geometry(first.version)
    n, stride = geometry.size, geometry.stride
    rows = _pack(first.matrix)
    columns = _pack([bytes(column) for column in zip(*first.matrix, strict=True)])
    data_rows = (rows ^ geometry.mask_rows[0]) & geometry.data_rows
    data_columns = (columns ^ geometry.mask_columns[0]) & geometry.data_columns
    fixed_rows = rows & geometry.fixed_rows
    fixed_columns = columns & geometry.fixed_columns
    best_mask = min(
        range(8),
        key=lambda mask: _penalty(
            fixed_rows | (data_rows ^ geometry.mask_rows[mask]),
            fixed_columns | (data_columns ^ geometry.mask_columns[mask]),
            geometry,
        ),
    )
    final = rows
    if best_mask:
        format_rows = geometry.format_rows
        final = (
            (rows & ~(geometry.data_rows | format_rows))
            | (data_rows ^ geometry.mask_rows[best_mask])
            | _format_bits(geometry.version, first.error, best_mask)
        )
    return n, format(final, f"0{geometry.total_bits}b")[::-1], stride


# The symbol is scored packed into one integer, row after row (and once more column after column):
# module (i, j) is bit i * stride + 4 + j, and four light bits before every row and after the last
# keep runs and patterns from crossing rows, and stand for the light quiet zone in the N3 rule.


def _pack(rows: Sequence[bytes | bytearray]) -> int:
    gap = b"\0\0\0\0"
    packed = gap + gap.join(rows) + gap
    return int(packed.translate(_AS_DIGITS)[::-1], 2)


_AS_DIGITS = bytes.maketrans(b"\0\1", b"01")


@dataclasses.dataclass(frozen=True)
class _Geometry:
    """Where one QR version's masks apply, and the bit masks its scoring needs, all packed."""

    version: int
    size: int
    stride: int
    total_bits: int
    data_rows: int  # the encoding region, which masks change
    data_columns: int
    fixed_rows: int  # patterns left as they are while masks are scored (format and version areas blank)
    fixed_columns: int
    format_rows: int
    mask_rows: tuple[int, ...]  # each mask pattern within the encoding region
    mask_columns: tuple[int, ...]
    all_bits: int  # modules and gaps
    pairs: int  # modules with a right-hand neighbour in their row
    upper: int  # modules with a neighbour below
    pattern_starts: int  # modules with six more to their right


_MASKS = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
)


@functools.cache
def _geometry(version: int) -> _Geometry:
    n = version * 4 + 17
    stride = n + 4
    function: set[tuple[int, int]] = set()  # finders, separators, timing, alignment, dark module
    for top, left in ((0, 0), (0, n - 8), (n - 8, 0)):
        function.update((top + i, left + j) for i in range(8) for j in range(8))
    function.update((6, k) for k in range(n))
    function.update((k, 6) for k in range(n))
    centres = _alignment_centres(version)
    corners = {(6, 6), (6, n - 7), (n - 7, 6)}
    for ci in centres:
        for cj in centres:
            if (ci, cj) not in corners:
                function.update((ci + i, cj + j) for i in range(-2, 3) for j in range(-2, 3))
    format_cells = {(i, 8) for i in range(9) if i != 6} | {(8, j) for j in range(9) if j != 6}
    format_cells |= {(n - 1 - k, 8) for k in range(7)} | {(8, n - 1 - k) for k in range(8)}
    dark_module = (n - 8, 8)
    version_cells: set[tuple[int, int]] = set()
    if version >= 7:
        version_cells = {(i, n - 11 + k) for i in range(6) for k in range(3)}
        version_cells |= {(n - 11 + k, i) for i in range(6) for k in range(3)}
    reserved = format_cells | version_cells | {dark_module}
    data = {(i, j) for i in range(n) for j in range(n)} - function - reserved

    def packed(cells: set[tuple[int, int]], *, transposed: bool = False) -> int:
        value = 0
        for i, j in cells:
            if transposed:
                i, j = j, i
            value |= 1 << (i * stride + 4 + j)
        return value

    everything = {(i, j) for i in range(n) for j in range(n)}
    masks = [{cell for cell in data if _MASKS[mask](*cell)} for mask in range(8)]
    return _Geometry(
        version=version,
        size=n,
        stride=stride,
        total_bits=n * stride + 4,
        data_rows=packed(data),
        data_columns=packed(data, transposed=True),
        fixed_rows=packed(everything - data - reserved),
        fixed_columns=packed(everything - data - reserved, transposed=True),
        format_rows=packed(format_cells),
        mask_rows=tuple(packed(cells) for cells in masks),
        mask_columns=tuple(packed(cells, transposed=True) for cells in masks),
        all_bits=(1 << (n * stride + 4)) - 1,
        pairs=packed({(i, j) for i, j in everything if j < n - 1}),
        upper=packed({(i, j) for i, j in everything if i < n - 1}),
        pattern_starts=packed({(i, j) for i, j in everything if j <= n - 7}),
    )


def _alignment_centres(version: int) -> list[int]:
    """ISO/IEC 18004 annex E, as the spacing rule every encoder computes it from."""
    if version == 1:
        return []
    count = version // 7 + 2
    n = version * 4 + 17
    step = 26 if version == 32 else (version * 4 + count * 2 + 1) // (count * 2 - 2) * 2
    return [6, *sorted(n - 7 - k * step for k in range(count - 1))]


_ERROR_BITS = {"L": 1, "M": 0, "Q": 3, "H": 2}


@functools.cache
def _format_bits(version: int, error: str, mask: int) -> int:
    """The 15-bit format information (BCH, ISO/IEC 18004 7.9.1) placed as segno places it, packed."""
    data = (_ERROR_BITS[error] << 3) | mask
    remainder = data << 10
    for shift in range(4, -1, -1):
        if remainder & (1 << (shift + 10)):
            remainder ^= 0x537 << shift
    info = ((data << 10) | remainder) ^ 0x5412
    n = version * 4 + 17
    stride = n + 4
    cells = []
    for k in range(8):
        low, high = (info >> k) & 1, (info >> (14 - k)) & 1
        cells += [((k if k < 6 else k + 1), 8, low), (8, (k if k < 6 else k + 1), high), (8, n - 1 - k, low)]
        if k < 7:  # the eighth is the dark module's place
            cells.append((n - 1 - k, 8, high))
    packed = 0
    for i, j, bit in cells:  # (8, 8) is set twice, to the same bit
        packed |= bit << (i * stride + 4 + j)
    return packed


def _penalty(rows: int, columns: int, geometry: _Geometry) -> int:
    """segno's mask score (N1 + N2 + N3 + N4) of a symbol packed both ways."""
    stride = geometry.stride
    same = ~(rows ^ (rows >> 1)) & geometry.pairs
    blocks = same & (same >> stride) & ~(rows ^ (rows >> stride)) & geometry.upper
    dark_share = float(rows.bit_count()) / geometry.size**2
    return (
        _runs_score(same)
        + _runs_score(~(columns ^ (columns >> 1)) & geometry.pairs)
        + 3 * blocks.bit_count()
        + _finder_like_score(rows, geometry)
        + _finder_like_score(columns, geometry)
        + 10 * int(abs(dark_share * 100 - 50) / 5)
    )


def _runs_score(same: int) -> int:
    """N1: a run of 5 + k modules of one colour scores 3 + k. ``same`` marks modules equal to the
    next one, so a run of L modules is L - 1 marks in a row."""
    four = same & (same >> 1) & (same >> 2) & (same >> 3)
    return four.bit_count() + 2 * (four & ~(four >> 1)).bit_count()


def _finder_like_score(packed: int, geometry: _Geometry) -> int:
    """N3: 40 for each dark-light-dark-dark-dark-light-dark with four light modules (or the edge) on
    one side. Like segno, the search resumes 7 modules after a pattern that counted, so a pattern
    overlapping it is not counted."""
    light = ~packed & geometry.all_bits
    found = (
        packed
        & (light >> 1)
        & (packed >> 2)
        & (packed >> 3)
        & (packed >> 4)
        & (light >> 5)
        & (packed >> 6)
        & geometry.pattern_starts
    )
    if not found:
        return 0
    before = (light << 1) & (light << 2) & (light << 3) & (light << 4)
    after = (light >> 7) & (light >> 8) & (light >> 9) & (light >> 10)
    counted = found & (before | after)
    if not found & ((found >> 4) | (found >> 6)):
        return 40 * counted.bit_count()
    score = 0
    resume = 0
    while found:
        lowest = found & -found
        found ^= lowest
        position = lowest.bit_length() - 1
        if position >= resume and counted >> position & 1:
            score += 40
            resume = position + 7
    return score
