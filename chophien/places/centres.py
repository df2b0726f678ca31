"""Where each province's administrative centre lies (after the 2025 merger), to tell how far apart
two provinces are: a label scanned in Lai Châu and Cà Mau within a day was copied.

Coordinates are the centres' approximate latitude and longitude in degrees (to about 0.05°), which
is all a distance between provinces needs.
"""

from __future__ import annotations

import math

PROVINCE_CENTRES: dict[int, tuple[float, float]] = {
    1: (21.03, 105.85),  # Hà Nội
    4: (22.67, 106.26),  # Cao Bằng
    8: (21.82, 105.21),  # Tuyên Quang
    11: (21.39, 103.02),  # Điện Biên
    12: (22.40, 103.46),  # Lai Châu
    14: (21.33, 103.91),  # Sơn La
    15: (21.72, 104.91),  # Lào Cai (centre at Yên Bái)
    19: (21.59, 105.85),  # Thái Nguyên
    20: (21.85, 106.76),  # Lạng Sơn
    22: (20.95, 107.08),  # Quảng Ninh
    24: (21.27, 106.19),  # Bắc Ninh (centre at Bắc Giang)
    25: (21.32, 105.40),  # Phú Thọ
    31: (20.86, 106.68),  # Hải Phòng
    33: (20.45, 106.34),  # Hưng Yên (centre at Thái Bình)
    37: (20.25, 105.97),  # Ninh Bình
    38: (19.81, 105.78),  # Thanh Hóa
    40: (18.68, 105.68),  # Nghệ An
    42: (18.34, 105.91),  # Hà Tĩnh
    44: (17.47, 106.62),  # Quảng Trị (centre at Đồng Hới)
    46: (16.46, 107.59),  # Huế
    48: (16.05, 108.20),  # Đà Nẵng
    51: (15.12, 108.80),  # Quảng Ngãi
    52: (13.78, 109.22),  # Gia Lai (centre at Quy Nhơn)
    56: (12.24, 109.19),  # Khánh Hòa
    66: (12.67, 108.04),  # Đắk Lắk
    68: (11.94, 108.44),  # Lâm Đồng
    75: (10.95, 106.82),  # Đồng Nai
    79: (10.78, 106.70),  # Hồ Chí Minh
    80: (10.54, 106.41),  # Tây Ninh (centre at Tân An)
    82: (10.36, 106.36),  # Đồng Tháp (centre at Mỹ Tho)
    86: (10.25, 105.97),  # Vĩnh Long
    91: (10.01, 105.08),  # An Giang (centre at Rạch Giá)
    92: (10.03, 105.78),  # Cần Thơ
    96: (9.18, 105.15),  # Cà Mau
}
EARTH_RADIUS_KM = 6371.0


def province_distance_km(first: int, second: int) -> float | None:
    """Great-circle distance between two provinces' centres; None if either code is unknown."""
    if first not in PROVINCE_CENTRES or second not in PROVINCE_CENTRES:
        return None
    (lat1, lon1), (lat2, lon2) = PROVINCE_CENTRES[first], PROVINCE_CENTRES[second]
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(half))
