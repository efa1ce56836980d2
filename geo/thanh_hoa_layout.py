"""Hand-made, APPROXIMATE layout of the Thanh Hóa demo pack (input of geo/build_thanh_hoa.py).

Positions are (x, y) in kilometres east/north of the old city centre (19.807 N, 105.776 E) and follow
the orientation table of shared/facts/thanhhoa_geo.md §7 only. No ward boundary, road alignment or
site position below comes from a survey: each is a plausible placement for a demo, nothing more.
Names and GSO codes are real (sources listed in SOURCES).
"""

from __future__ import annotations

from typing import NamedTuple


class Ward(NamedTuple):
    code: str
    short_name: str
    clause: str  # NQ 1686 Điều 1 clause that forms it
    seat_km: tuple[float, float]  # ward office


class FormerUnit(NamedTuple):
    code: str
    name: str  # as of 2025-06-30
    wards: tuple[str, ...]  # two wards for a unit NQ 1686 divides
    seed_km: tuple[float, float]  # approximate centroid
    population: int  # approximate
    district: tuple[str, str]  # (name, GSO code) of its former district
    note: str | None = None


class Road(NamedTuple):
    code: str
    name: str
    short_name: str  # for camera names
    road_class: str
    parts: list[list[tuple[float, float]]]  # polylines (km)


CENTER_LON, CENTER_LAT = 105.776, 19.807
# Outline bounding box: old city polygon (lon 105.723-105.861, lat 19.732-19.884) joined with the former
# Đông Sơn district (lon 105.648-105.755, lat 19.728-19.861); both from daohoangson/dvhcvn data/gis/38.json.
BOUNDS = (105.648, 19.728, 105.861, 19.884)
RNG_SEED = 20250701

# Smoothed (Chaikin) and then stretched to BOUNDS.
OUTLINE_KM = [
    (-13.2, 0.5), (-13.0, 3.5), (-11.5, 6.0), (-9.0, 7.2), (-6.0, 6.6), (-3.2, 7.5), (-1.5, 8.6),
    (1.5, 8.5), (3.0, 6.8), (5.0, 4.6), (7.2, 2.6), (8.9, 1.0), (8.7, -2.0), (7.5, -4.5), (5.5, -6.5),
    (3.0, -7.8), (0.0, -8.3), (-3.0, -8.6), (-6.0, -8.0), (-9.0, -7.5), (-11.5, -5.5), (-13.0, -2.5),
]
# Irregularity of the city limit: a smooth warp (km) applied to the smoothed outline before fitting.
OUTLINE_WARP_KM = {"amplitude_km": 0.45, "wavelength_km": 4.5}
# West of this line (south -> north) the Mã river is the city limit: the north bank there is outside.
NORTH_BANK_LIMIT_KM = [(-3.0, 3.0), (-2.9, 5.0), (-2.4, 7.0), (-1.4, 9.8)]

# Sông Mã, west -> east; passes the Hàm Rồng bridge at about (2.8, 2.8), i.e. ~4 km NE of the centre.
MA_RIVER_KM = [
    (-15.0, 7.3), (-11.0, 6.8), (-8.5, 6.0), (-6.5, 5.25), (-4.0, 4.65), (-1.5, 4.25), (1.0, 3.6),
    (2.8, 2.8), (4.5, 2.2), (6.5, 1.45), (8.0, 0.9), (11.0, 0.1),
]
CANALS_KM = {
    "Sông Nhà Lê": [(4.6, 2.05), (4.4, 0.2), (3.9, -1.8), (3.6, -3.6), (3.2, -5.6), (3.0, -9.0)],
    "Sông Thọ Hạc": [(-0.6, 3.85), (0.0, 2.4), (0.5, 1.0), (1.2, -0.2), (2.0, -1.4), (3.7, -3.2)],
}
CANALS_EN = {"Sông Nhà Lê": "Nha Le canal", "Sông Thọ Hạc": "Tho Hac river"}

PROVINCE_CODE = "38"
WARD_VALID_FROM = "2025-07-01"
FORMER_VALID_TO = "2025-06-30"
NQ_1686 = "NQ 1686/NQ-UBTVQH15"

WARDS = [
    Ward("14797", "Hạc Thành", "k.127", (0.3, 0.5)),
    Ward("16522", "Quảng Phú", "k.128", (6.2, -1.8)),
    Ward("16417", "Đông Quang", "k.129", (-1.8, -5.6)),
    Ward("16378", "Đông Sơn", "k.130", (-7.0, -0.8)),
    Ward("15853", "Đông Tiến", "k.131", (-6.4, 2.8)),
    Ward("14758", "Hàm Rồng", "k.132", (1.8, 2.35)),
    Ward("15925", "Nguyệt Viên", "k.133", (0.4, 5.8)),
]

CITY, DONG_SON_DISTRICT, THIEU_HOA_DISTRICT = ("Thành phố Thanh Hóa", "380"), ("Huyện Đông Sơn", "405"), (
    "Huyện Thiệu Hóa", "398")

# code, full name (as of 2025-06-30), ward code(s), seed (km), approximate population, district, note
_FORMER_UNIT_ROWS = [
    # -> Hạc Thành (centre)
    ("14773", "Phường Lam Sơn", "14797", (0.0, 0.3), 9000, CITY, None),
    ("14776", "Phường Ba Đình", "14797", (-0.8, 1.0), 8500, CITY, None),
    ("14767", "Phường Điện Biên", "14797", (0.8, -0.4), 13000, CITY, None),
    ("14779", "Phường Ngọc Trạo", "14797", (-1.4, -0.1), 14000, CITY, None),
    ("14770", "Phường Phú Sơn", "14797", (-2.4, 0.6), 17000, CITY, None),
    ("14785", "Phường Đông Sơn", "14797", (-1.6, -1.4), 13000, CITY,
     "Former ward of Thanh Hóa city; not the same as the 2025 Phường Đông Sơn (16378)."),
    ("14764", "Phường Trường Thi", "14797", (1.4, 0.8), 15000, CITY, None),
    ("14794", "Phường Đông Hương", "14797", (2.6, -0.2), 16000, CITY, None),
    ("14797", "Phường Đông Hải", "14797", (3.4, -1.2), 17000, CITY, None),
    ("14782", "Phường Đông Vệ", "14797", (0.3, -2.0), 26000, CITY, None),
    ("14758", "Phường Đông Thọ", ("14797", "14758"), (0.6, 2.0), 18000, CITY, None),
    ("16435", "Phường An Hưng", ("14797", "16417"), (-1.5, -3.0), 19000, CITY, None),
    # -> Hàm Rồng (south bank of the Mã)
    ("14755", "Phường Hàm Rồng", "14758", (2.2, 2.3), 11000, CITY, None),
    ("14761", "Phường Nam Ngạn", "14758", (4.0, 1.4), 9000, CITY, None),
    ("14791", "Phường Đông Cương", "14758", (-1.0, 2.9), 14000, CITY, None),
    ("15859", "Phường Thiệu Dương", "14758", (-4.5, 3.6), 11000, CITY, None),
    # -> Nguyệt Viên (north bank)
    ("15913", "Phường Tào Xuyên", "15925", (-1.0, 5.6), 12000, CITY, None),
    ("15922", "Phường Long Anh", "15925", (1.2, 6.6), 13000, CITY, None),
    ("15925", "Phường Hoằng Quang", "15925", (3.4, 4.4), 8000, CITY,
     "Xã until the GSO list of 01/01/2025 (2nd release)."),
    ("15970", "Phường Hoằng Đại", "15925", (6.2, 2.6), 7000, CITY,
     "Xã until the GSO list of 01/01/2025 (2nd release)."),
    # -> Quảng Phú (east / south-east)
    ("14800", "Phường Quảng Hưng", "16522", (5.2, -0.8), 12000, CITY, None),
    ("14806", "Phường Quảng Thành", "16522", (4.4, -2.8), 14000, CITY, None),
    ("16525", "Phường Quảng Tâm", "16522", (6.6, -2.8), 9000, CITY, None),
    ("16459", "Phường Quảng Đông", "16522", (5.6, -4.8), 8000, CITY, None),
    ("16441", "Phường Quảng Thịnh", "16522", (3.6, -5.0), 9000, CITY, None),
    ("16507", "Phường Quảng Cát", "16522", (7.0, 0.2), 8000, CITY, None),
    ("16522", "Phường Quảng Phú", "16522", (7.8, -1.0), 7000, CITY, None),
    # -> Đông Quang (south / south-west)
    ("14803", "Phường Quảng Thắng", "16417", (1.8, -4.4), 13000, CITY, None),
    ("16429", "Xã Đông Vinh", "16417", (-0.2, -6.2), 8000, CITY, None),
    ("16423", "Xã Đông Nam", "16417", (-2.4, -7.6), 5500, DONG_SON_DISTRICT, None),
    ("16417", "Xã Đông Văn", "16417", (-3.4, -5.0), 7500, DONG_SON_DISTRICT, None),
    ("16420", "Xã Đông Phú", "16417", (-5.4, -6.6), 6000, DONG_SON_DISTRICT, None),
    ("16393", "Xã Đông Yên", "16417", (-5.6, -3.8), 6000, DONG_SON_DISTRICT, None),
    ("16426", "Xã Đông Quang", "16417", (-8.0, -6.6), 6500, DONG_SON_DISTRICT, None),
    # -> Đông Sơn (west)
    ("16432", "Phường Đông Tân", "16378", (-3.6, -2.0), 9000, CITY, None),
    ("16390", "Xã Đông Hòa", "16378", (-5.2, -0.2), 6000, DONG_SON_DISTRICT, None),
    ("16378", "Phường Rừng Thông", "16378", (-7.0, -1.2), 9000, DONG_SON_DISTRICT,
     "Thị trấn (district town of Đông Sơn) until the GSO list of 01/01/2025 (2nd release)."),
    ("16399", "Xã Đông Minh", "16378", (-8.8, 0.6), 5500, DONG_SON_DISTRICT, None),
    ("16387", "Xã Đông Khê", "16378", (-11.0, 0.4), 5000, DONG_SON_DISTRICT, None),
    ("16408", "Xã Đông Khê", "16378", (-12.2, -1.8), 4000, DONG_SON_DISTRICT,
     "UNVERIFIED: second unit named Đông Khê in the GSO 2025 list (anomaly); NQ 1686 names one Đông Khê, "
     "mapping to Đông Sơn is assumed."),
    ("16414", "Phường Đông Thịnh", "16378", (-9.0, -2.8), 6500, DONG_SON_DISTRICT, None),
    ("16381", "Xã Đông Hoàng", "16378", (-10.8, -4.4), 5000, DONG_SON_DISTRICT, None),
    ("16384", "Xã Đông Ninh", "16378", (-7.8, -4.2), 7000, DONG_SON_DISTRICT, None),
    # -> Đông Tiến (north-west)
    ("16396", "Phường Đông Lĩnh", "15853", (-4.0, 1.6), 10000, CITY, None),
    ("15856", "Phường Thiệu Khánh", "15853", (-6.8, 4.3), 9000, CITY, None),
    ("16405", "Xã Đông Tiến", "15853", (-6.2, 2.2), 6500, DONG_SON_DISTRICT, None),
    ("16402", "Xã Đông Thanh", "15853", (-8.4, 2.6), 6000, DONG_SON_DISTRICT, None),
    ("15850", "Xã Thiệu Vân", "15853", (-9.0, 4.8), 5000, CITY, None),
    ("16411", "Xã Đông Xuân", "15853", (-10.6, 2.6), 5000, DONG_SON_DISTRICT,
     "UNVERIFIED: not named in NQ 1686; mapped to Đông Tiến as in the LLM-made dvhcvn/20250701 mapping."),
    ("15862", "Xã Tân Châu", "15853", (-11.2, 4.9), 5500, THIEU_HOA_DISTRICT,
     "From Thiệu Hóa district; GSO code from daohoangson/dvhcvn data/dvhcvn.json (Huyện Thiệu Hóa, 398)."),
    ("15853", "Xã Thiệu Giao", "15853", (-12.5, 3.0), 6000, THIEU_HOA_DISTRICT,
     "From Thiệu Hóa district; GSO code from daohoangson/dvhcvn data/dvhcvn.json (Huyện Thiệu Hóa, 398)."),
]
FORMER_UNITS = [FormerUnit(code, name, (wards,) if isinstance(wards, str) else wards, seed, population, district, note)
                for code, name, wards, seed, population, district, note in _FORMER_UNIT_ROWS]
# Mapped although NQ 1686 does not (clearly) name them.
UNVERIFIED_MAPPINGS = {"16408", "16411"}
NORTH_BANK_WARD = "15925"

# Units NQ 1686 divides between two wards: a straight demo cut (km, extended across the city);
# faces left of the line's direction go to the first ward, faces right of it to the second.
SPLITS = {
    "14758": {"line": [(-4.0, 2.25), (5.0, 1.6)], "left": "14758", "right": "14797"},  # Đông Thọ
    "16435": {"line": [(-4.5, 0.0), (1.5, -6.0)], "left": "14797", "right": "16417"},  # An Hưng
}

# code, road name, short name (for camera names), class, parts (km)
_ROAD_ROWS = [
    ("QL1A", "Quốc lộ 1A", "QL1A", "highway", [
        [(1.0, 8.8), (1.3, 6.8), (2.0, 4.6), (2.75, 3.1), (2.85, 2.5), (2.55, 2.1)],
        [(0.55, -2.9), (0.4, -4.6), (0.2, -6.4), (-0.1, -9.0)]]),
    ("QL47", "Quốc lộ 47", "QL47", "highway", [
        [(-14.0, -1.6), (-10.5, -1.45), (-7.0, -1.0), (-5.0, -0.4), (-3.4, 0.3)],
        [(5.6, -1.75), (7.2, -2.4), (9.4, -3.1)]]),
    ("QL45", "Quốc lộ 45", "QL45", "highway", [
        [(-2.3, 1.0), (-4.0, 2.3), (-6.4, 3.1), (-9.0, 3.7), (-14.0, 4.2)],
        [(-2.0, -2.6), (-3.4, -3.9), (-5.2, -5.6), (-7.2, -7.9), (-8.6, -9.6)]]),
    ("LELOI", "Đại lộ Lê Lợi", "Lê Lợi", "arterial", [
        [(-3.4, 0.3), (-1.2, 0.3), (0.0, 0.1), (1.8, -0.4), (3.6, -1.0), (5.6, -1.75)]]),
    ("BATRIEU", "Bà Triệu", "Bà Triệu", "arterial", [[(2.55, 2.1), (1.8, 1.5), (1.0, 0.9), (0.3, 0.02)]]),
    ("QUANGTRUNG", "Quang Trung", "Quang Trung", "arterial", [[(0.3, 0.02), (0.42, -1.3), (0.55, -2.9)]]),
    ("TRANPHU", "Trần Phú", "Trần Phú", "arterial", [[(-2.5, 1.4), (-0.6, 1.3), (1.2, 1.05), (2.9, 0.55)]]),
    ("LEHOAN", "Lê Hoàn", "Lê Hoàn", "arterial", [[(-0.7, 2.7), (-0.6, 1.3), (-0.45, -0.2), (-0.6, -1.7)]]),
    ("NGUYENTRAI", "Nguyễn Trãi", "Nguyễn Trãi", "arterial", [
        [(-0.6, -1.7), (0.5, -1.85), (1.8, -2.1), (3.3, -2.6)]]),
    ("HUNGVUONG", "Đại lộ Hùng Vương", "Hùng Vương", "arterial", [
        [(-3.8, -3.4), (-1.6, -3.1), (0.55, -2.9), (2.5, -3.4), (4.6, -4.0), (7.4, -4.7)]]),
    ("NAMSONGMA", "Đại lộ Nam Sông Mã", "Nam Sông Mã", "arterial", [
        [(-3.0, 4.0), (-1.0, 3.55), (1.0, 3.05), (2.3, 2.5), (4.2, 1.6), (6.2, 0.8), (8.6, 0.0)]]),
    ("LELAI", "Lê Lai", "Lê Lai", "collector", [[(1.5, 1.3), (1.45, -0.5), (1.6, -2.0)]]),
    ("PHANCHUTRINH", "Phan Chu Trinh", "Phan Chu Trinh", "collector", [[(-1.6, 1.3), (-1.55, -0.3), (-1.4, -1.9)]]),
    ("HAITHUONG", "Hải Thượng Lãn Ông", "Hải Thượng Lãn Ông", "arterial", [
        [(-0.5, -0.9), (-2.4, -1.7), (-4.6, -2.6)]]),
    ("NGUYENCHITHANH", "Nguyễn Chí Thanh", "Nguyễn Chí Thanh", "arterial", [[(-0.1, 0.6), (0.2, 1.8), (0.55, 3.15)]]),
    ("TONGDUYTAN", "Tống Duy Tân", "Tống Duy Tân", "collector", [[(-1.55, 0.7), (-0.6, 0.75), (0.6, 0.6)]]),
    ("DUONGDINHNGHE", "Dương Đình Nghệ", "Dương Đình Nghệ", "arterial", [[(1.6, -1.1), (3.2, -1.7), (4.9, -2.3)]]),
    ("LACLONGQUAN", "Lạc Long Quân", "Lạc Long Quân", "arterial", [[(3.3, -2.6), (4.4, -4.4), (5.2, -6.6)]]),
    ("VONGUYENGIAP", "Đại lộ Võ Nguyên Giáp", "Võ Nguyên Giáp", "arterial", [
        [(3.6, -1.0), (4.6, -2.4), (6.4, -3.6), (8.6, -4.6)]]),
    ("LETHANHTONG", "Lê Thánh Tông", "Lê Thánh Tông", "collector", [
        [(-3.0, 2.4), (-1.2, 2.35), (0.4, 2.1), (1.75, 1.45)]]),
    ("NGUYENVANCU", "Nguyễn Văn Cừ", "Nguyễn Văn Cừ", "arterial", [[(-1.6, -3.1), (-1.3, -4.8), (-0.9, -6.6)]]),
    ("HACTHANH", "Hạc Thành", "Hạc Thành", "collector", [[(-0.45, -0.5), (0.6, -0.55), (1.5, -0.75)]]),
    ("TRIEUQUOCDAT", "Triệu Quốc Đạt", "Triệu Quốc Đạt", "collector", [[(0.95, 0.75), (1.0, -0.8), (1.1, -1.9)]]),
    ("THANHTHAI", "Thành Thái", "Thành Thái", "collector", [[(-2.9, 2.3), (-2.75, 0.9), (-2.6, -1.2)]]),
    ("LYNHANTONG", "Lý Nhân Tông", "Lý Nhân Tông", "collector", [[(4.75, 1.3), (4.65, -0.8), (4.4, -2.5)]]),
    ("TRUONGTHI", "Trường Thi", "Trường Thi", "collector", [[(0.55, 0.55), (2.1, 0.15), (3.4, -0.45)]]),
    ("VANHDAITAY", "Đường Vành đai phía Tây", "Vành đai phía Tây", "arterial", [
        [(-4.3, 3.9), (-4.6, 1.4), (-5.0, -1.8), (-4.9, -4.6), (-4.2, -7.4)]]),
    ("NGUYETVIEN", "Đường Nguyệt Viên", "Nguyệt Viên", "collector", [
        [(-2.6, 5.6), (-0.2, 6.3), (1.4, 6.6), (3.4, 5.2), (5.8, 3.2)]]),
]
ROADS = [Road(*row) for row in _ROAD_ROWS]
HAM_RONG_BRIDGE_KM = (2.8, 2.8)
ROAD_BRIDGES_KM = {"QL1A": HAM_RONG_BRIDGE_KM}  # the only roads allowed to cross the Mã, and where
# lanes, free-flow km/h per class; avenues ("Đại lộ") are wider and faster.
ROAD_CLASS_DEFAULTS = {"highway": (4, 60), "arterial": (4, 50), "collector": (2, 40)}
AVENUE_DEFAULTS = (6, 60)
SEGMENT_TARGET_M, SEGMENT_MIN_M, SEGMENT_MAX_M = 650.0, 300.0, 900.0

# Public places watched by security cameras (km).
PUBLIC_PLACES = [
    ("Quảng trường Lam Sơn", (0.1, 0.25)),
    ("Chợ Vườn Hoa", (-0.4, 0.6)),
    ("Ga Thanh Hóa", (0.9, 1.55)),
    ("Bến xe phía Bắc", (2.0, 2.0)),
    ("Bến xe phía Nam", (0.6, -3.6)),
    ("Bệnh viện Đa khoa tỉnh", (-0.2, -0.95)),
    ("Sân vận động tỉnh", (0.8, -1.1)),
    ("Công viên hồ Thành", (-0.9, -0.35)),
    ("Chợ Tây Thành", (-1.9, 0.1)),
    ("Khu di tích Hàm Rồng", (1.9, 2.75)),
    ("Trường Đại học Hồng Đức", (4.1, -2.2)),
    ("Trung tâm thương mại Lê Lợi", (2.4, -0.45)),
    ("Khu công nghiệp Lễ Môn", (5.7, -0.3)),
    ("Đầu cầu Hàm Rồng", (2.65, 2.45)),
]
# Low-lying spots that flood in heavy rain (km).
LOW_SPOTS = [
    ("Ngã tư Bà Triệu – Trần Phú", (1.2, 1.1)),
    ("Đông Vệ – Quang Trung", (0.45, -2.2)),
    ("Quảng Thắng – Hùng Vương", (1.9, -3.25)),
    ("Đông Hương – Dương Đình Nghệ", (2.6, -1.45)),
    ("Phú Sơn – Thành Thái", (-2.75, 0.8)),
    ("Đông Tân – Hải Thượng Lãn Ông", (-3.7, -2.25)),
    ("Quảng Hưng – Lý Nhân Tông", (4.6, -0.9)),
]
FLOOD_CAMERA_SPACING_KM = 1.4
FLOOD_CAMERA_SETBACK_KM = 0.15
GAUGE_SETBACK_KM = 0.06

AIR_PARAMETERS = "pm25;pm10;o3;co;so2;no2;temperature;humidity"
WATER_QUALITY_PARAMETERS = "ph;do;bod5;cod;nh4;tss;coliform;temperature"
# code, name, kind, position (km) or ("river"/canal name, x_km, bank) for points on a waterway
STATIONS = [
    ("AQ-01", "Trạm quan trắc không khí Quảng trường Lam Sơn", "air", (0.05, 0.45)),
    ("AQ-02", "Trạm quan trắc không khí Hàm Rồng", "air", (1.5, 2.2)),
    ("AQ-03", "Trạm quan trắc không khí Nguyệt Viên", "air", (0.6, 5.6)),
    ("AQ-04", "Trạm quan trắc không khí Quảng Phú", "air", (6.4, -2.0)),
    ("AQ-05", "Trạm quan trắc không khí Đông Quang", "air", (-1.6, -5.8)),
    ("AQ-06", "Trạm quan trắc không khí Đông Sơn", "air", (-7.2, -0.6)),
    ("AQ-07", "Trạm quan trắc không khí Đông Tiến", "air", (-6.6, 2.9)),
    ("AQ-08", "Trạm quan trắc không khí KCN Lễ Môn", "air", (5.9, -0.5)),
    ("AQ-09", "Trạm quan trắc không khí Bến xe phía Bắc", "air", (2.2, 1.9)),
    ("WQ-01", "Trạm quan trắc nước mặt sông Mã – thượng lưu cầu Hàm Rồng", "water_quality", ("Sông Mã", 1.6, -1)),
    ("WQ-02", "Trạm quan trắc nước mặt sông Mã – Quảng Cát", "water_quality", ("Sông Mã", 7.2, -1)),
    ("WQ-03", "Trạm quan trắc nước mặt sông Nhà Lê – Quảng Hưng", "water_quality", ("Sông Nhà Lê", 4.2, 0)),
    ("WQ-04", "Trạm quan trắc nước mặt sông Nhà Lê – Quảng Thịnh", "water_quality", ("Sông Nhà Lê", 3.3, 0)),
    ("WQ-05", "Trạm quan trắc nước mặt sông Thọ Hạc – Đông Thọ", "water_quality", ("Sông Thọ Hạc", 0.3, 0)),
    ("WL-01", "Trạm thủy văn Giàng (sông Mã)", "water_level", ("Sông Mã", -6.0, -1)),
    ("WL-02", "Trạm đo mực nước sông Mã – cầu Hàm Rồng", "water_level", ("Sông Mã", 2.6, -1)),
    ("WL-03", "Trạm đo mực nước sông Mã – Hoằng Đại", "water_level", ("Sông Mã", 5.6, 1)),
    ("WL-04", "Trạm đo mực nước sông Nhà Lê – Quảng Thành", "water_level", ("Sông Nhà Lê", 3.75, 0)),
    ("RN-01", "Trạm đo mưa Hạc Thành", "rain", (0.5, -0.2)),
    ("RN-02", "Trạm đo mưa Đông Sơn", "rain", (-7.4, -1.6)),
    ("RN-03", "Trạm đo mưa Nguyệt Viên", "rain", (1.0, 5.2)),
]
# Flood alarm levels (báo động I/II/III, metres). Giàng: 4.0/5.5/6.5 as published in KTTV flood bulletins
# (e.g. baothanhhoa.vn 2025-08-26: "BĐI +4,0m"); the other gauges are DEMO values scaled from Giàng.
ALARM_LEVELS = {
    "WL-01": ((4.0, 5.5, 6.5), "Published alarm levels for Giàng (KTTV bulletins); station position approximate."),
    "WL-02": ((3.8, 5.2, 6.2), "Demo alarm levels (approximate, scaled from Giàng); not official."),
    "WL-03": ((3.2, 4.6, 5.6), "Demo alarm levels (approximate, scaled from Giàng); not official."),
    "WL-04": ((2.0, 2.6, 3.2), "Demo alarm levels for an urban canal (approximate); not official."),
}
STATION_UNITS = {"air": "µg/m³", "water_quality": "mg/L", "water_level": "m", "rain": "mm"}

# City-wide response units: code, name, kind, position (km), phone
CITY_RESPONSE_UNITS = [
    ("CSGT-01", "Đội Cảnh sát giao thông – trật tự khu vực trung tâm", "traffic_police", (-0.2, -0.3), "113"),
    ("CSGT-02", "Đội Cảnh sát giao thông – Quốc lộ 1A phía Nam", "traffic_police", (0.7, -3.9), "113"),
    ("PCCC-01", "Đội Cảnh sát PCCC và CNCH khu vực trung tâm", "fire", (1.0, -0.7), "114"),
    ("PCCC-02", "Đội Cảnh sát PCCC và CNCH khu vực phía Tây", "fire", (-6.8, -1.6), "114"),
    ("PCCC-03", "Đội Cảnh sát PCCC và CNCH khu vực phía Đông", "fire", (5.0, -1.3), "114"),
    ("CC115-01", "Trung tâm Cấp cứu 115", "ambulance", (-0.1, -0.8), "115"),
    ("CC115-02", "Trạm Cấp cứu 115 phía Bắc", "ambulance", (0.2, 5.4), "115"),
    ("CC115-03", "Trạm Cấp cứu 115 phía Tây", "ambulance", (-6.6, -0.4), "115"),
    ("MT-01", "Đội Môi trường đô thị khu vực trung tâm", "sanitation", (-1.0, -1.0), ""),
    ("MT-02", "Đội Môi trường đô thị khu vực phía Đông", "sanitation", (5.4, -2.4), ""),
    ("MT-03", "Đội Môi trường đô thị khu vực phía Tây", "sanitation", (-5.6, -1.2), ""),
    ("DL-01", "Đội Điện lực khu vực trung tâm", "power", (0.9, 0.2), ""),
    ("DL-02", "Đội Điện lực khu vực phía Bắc", "power", (1.6, 5.8), ""),
    ("DL-03", "Đội Điện lực khu vực phía Tây", "power", (-7.6, -1.9), ""),
    ("CN-01", "Đội Cấp nước khu vực trung tâm", "water", (-0.8, 1.6), ""),
    ("CN-02", "Đội Cấp nước khu vực phía Nam", "water", (-2.6, -4.6), ""),
]

# Incident categories (shared/facts/incident_categories.md §4). Severity 1 is the most urgent, 4 the least.
# rate_per_day: demo Poisson rate for the whole city; base_minutes: the non-official example target of §3
# that fits the category best (used only to derive placeholder SLAs).
CATEGORIES = [
    ("giao_thong", "Giao thông", "Traffic", 2, 12.0, 20),
    ("trat_tu_do_thi", "Trật tự đô thị", "Urban order", 3, 8.0, 240),
    ("moi_truong", "Môi trường", "Environment", 3, 6.0, 240),
    ("dien_chieu_sang", "Điện, chiếu sáng công cộng", "Power and street lighting", 3, 4.0, 60),
    ("cap_thoat_nuoc", "Cấp nước, thoát nước, ngập úng", "Water supply, drainage and flooding", 2, 5.0, 30),
    ("ha_tang", "Hạ tầng kỹ thuật khác", "Other infrastructure", 3, 3.0, 120),
    ("an_ninh_trat_tu", "An ninh trật tự", "Public security", 2, 4.0, 20),
    ("y_te", "Y tế", "Health", 2, 1.5, 30),
    ("du_lich", "Du lịch", "Tourism", 4, 0.5, 240),
    ("khac", "Khác", "Other", 4, 2.0, 480),
]
# Placeholder SLA multipliers per severity (1..4): acknowledge / resolve relative to the base minutes.
SLA_ACK_FACTORS = {1: 0.25, 2: 0.5, 3: 1.0, 4: 2.0}
SLA_RESOLVE_FACTORS = {1: 3, 2: 6, 3: 24, 4: 72}
SLA_MIN_ACK_MINUTES = 5

SOURCES = [
    {"title": "daohoangson/dvhcvn data/dvhcvn.json (mirror of the GSO unit list, danhmuchanhchinh.gso.gov.vn)",
     "url": "https://github.com/daohoangson/dvhcvn", "licence": "GPL-3.0",
     "used_for": "names and GSO codes of the former units (incl. Tân Châu 15862 and Thiệu Giao 15853)"},
    {"title": "Nghị quyết 1686/NQ-UBTVQH15 (16/06/2025), via dvhcvn/20250701 input/docs/1686_NQ-UBTVQH15.md",
     "url": "https://github.com/dvhcvn/20250701", "licence": "MIT",
     "used_for": "the 7 wards from 2025-07-01 and the former units forming each (crosswalk)"},
    {"title": "Công văn 1027/CTK-CSCL (GSO codes of the new units), via dvhcvn/20250701",
     "url": "https://github.com/dvhcvn/20250701", "licence": "MIT", "used_for": "GSO codes of the 7 wards"},
    {"title": "daohoangson/dvhcvn data/gis/38.json (from gis.chinhphu.vn)",
     "url": "https://github.com/daohoangson/dvhcvn", "licence": "GPL-3.0",
     "used_for": "bounding boxes only (city and former Đông Sơn district); no geometry copied"},
    {"title": "Wikipedia: Thanh Hóa (infobox coordinates 19°48′27″N 105°46′35″E)",
     "url": "https://en.wikipedia.org/wiki/Thanh_H%C3%B3a", "licence": "CC BY-SA",
     "used_for": "reference point of the old centre"},
    {"title": "Baothanhhoa.vn 2025-08-26, báo động I trên sông Mã tại trạm Thủy văn Giàng",
     "url": "https://baothanhhoa.vn/phat-lenh-bao-dong-i-tren-song-ma-tai-tram-thuy-van-giang-259512.htm",
     "licence": "news article (facts only)",
     "used_for": "alarm level I at Giàng (+4.0 m); wards along the Mã"},
    {"title": "geo/build_thanh_hoa.py (this repository)", "url": "", "licence": "Apache-2.0",
     "used_for": "all geometry: generated, approximate"},
]

GEOMETRY_NOTE_VI = (
    "Ranh giới phường, tim đường và vị trí camera/trạm trong gói dữ liệu này là GẦN ĐÚNG, được sinh tự động "
    "(ô Voronoi quanh tâm gần đúng của các đơn vị cũ, cắt theo đường bao ước lượng) chỉ để trình diễn. "
    "Tên, mã GSO và quan hệ sáp nhập là thật. Hãy nhập ranh giới chính thức trước khi dùng cho nghiệp vụ."
)
GEOMETRY_NOTE_EN = (
    "Ward boundaries, road alignments and camera/station positions in this pack are APPROXIMATE and generated "
    "(Voronoi cells around approximate centroids of the former units, clipped to an estimated outline) for "
    "demonstration only. Names, GSO codes and the merger crosswalk are real. Import official boundaries "
    "before any operational use."
)
NOTES = [
    {"en": "Phường Tân Sơn (14788) disappeared from the GSO list by 01/01/2025 and is not named in NQ 1686; "
           "its fate is unverified, so it is left out of the geometry.",
     "vi": "Phường Tân Sơn (14788) không còn trong danh mục GSO từ 01/01/2025 và không có trong NQ 1686; "
           "chưa xác minh được đã nhập vào đâu nên không có trong hình học."},
    {"en": "Xã Đông Xuân (16411) and the second Xã Đông Khê (16408) are not (clearly) named in NQ 1686; "
           "they are mapped to Đông Tiến and Đông Sơn respectively without verification.",
     "vi": "Xã Đông Xuân (16411) và Xã Đông Khê thứ hai (16408) không được nêu rõ trong NQ 1686; "
           "tạm gán vào Đông Tiến và Đông Sơn, chưa xác minh."},
    {"en": "Đông Thọ and An Hưng were split between two wards; the dividing lines in this pack are invented.",
     "vi": "Đông Thọ và An Hưng được chia cho hai phường; đường chia trong gói này là giả định."},
    {"en": "Populations are approximate demo figures, not official statistics.",
     "vi": "Dân số là số liệu gần đúng để trình diễn, không phải số liệu chính thức."},
    {"en": "SLA targets (sla.csv) are PLACEHOLDERS loosely derived from a non-official student project; no "
           "official Thanh Hóa processing times were found.",
     "vi": "Chỉ tiêu SLA (sla.csv) là giá trị TẠM, suy ra từ một dự án sinh viên không chính thức; chưa tìm "
           "thấy quy định thời hạn xử lý chính thức của Thanh Hóa."},
    {"en": "Flood alarm levels: Giàng uses the published levels; the other gauges carry demo values.",
     "vi": "Mức báo động lũ: trạm Giàng theo mức công bố; các trạm khác là giá trị minh họa."},
    {"en": "Codes are unique only within a level: some former units share a number with a 2025 ward "
           "(e.g. former Đông Hải 14797 and Hạc Thành 14797). The key is (level, code).",
     "vi": "Mã chỉ duy nhất trong cùng cấp: một số đơn vị cũ trùng số với phường mới (vd. Đông Hải 14797 "
           "và Hạc Thành 14797). Khóa là (cấp, mã)."},
]
SEVERITY_SCALE = {
    "1": {"vi": "Khẩn cấp", "en": "Critical"},
    "2": {"vi": "Cao", "en": "High"},
    "3": {"vi": "Trung bình", "en": "Medium"},
    "4": {"vi": "Thấp", "en": "Low"},
}
LEVELS = [
    {"level": "ward", "name_vi": "Phường (từ 01/07/2025)", "name_en": "Wards (since 2025-07-01)"},
    {"level": "former", "name_vi": "Đơn vị cấp xã cũ (đến 30/06/2025)",
     "name_en": "Former commune-level units (until 2025-06-30)"},
]
