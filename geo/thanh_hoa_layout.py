"""Hand-made layout of the Thanh Hóa pack (input of geo/build_thanh_hoa.py), around the official wards.

The 7 ward polygons are official (geo/thanh_hoa/source/, see SOURCES). Everything placed here is APPROXIMATE:
positions are (x, y) in kilometres east/north of the old city centre (19.807 N, 105.776 E), chosen inside
the real wards. Seeds marked "Wikipedia" are the infobox coordinates of that former unit's article; the other
seeds, every road, site and canal are plausible placements for a demo, nothing more (no survey behind them).
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
    seeds_km: tuple[tuple[float, float], ...]  # one approximate centre per ward in `wards`
    population: int  # approximate weight, scaled to the ward's figure by the generator
    district: tuple[str, str]  # (name, GSO code) of its former district
    note: str | None = None


class AlongWaterway(NamedTuple):
    """A road part that follows a waterway at a distance (km, positive: left of the flow) between two
    distances along it."""

    waterway: str
    offset_km: float
    from_km: float
    to_km: float


class Road(NamedTuple):
    code: str
    name: str
    short_name: str  # for camera names
    road_class: str
    parts: list  # polylines (km) or AlongWaterway parts


CENTER_LON, CENTER_LAT = 105.776, 19.807
RNG_SEED = 20250701
WARD_SOURCE_FILE = "thanh_hoa_city_wards_2025.geojson"  # in geo/thanh_hoa/source/

# Sông Mã through the city, traced along the official borders (the wards' limits follow the river): from where
# the Chu joins it (the Đông Tiến–Hàm Rồng border meets the city limit) along Hàm Rồng's northern edge, then
# the whole border of Nguyệt Viên (north bank) with Hàm Rồng, Hạc Thành and Quảng Phú, then Quảng Phú's border
# with xã Hoằng Lộc to where that border ends (point read from the province communes file of the same source).
MA_RIVER_ENTRY_LONLAT = (105.768635, 19.877552)
MA_RIVER_EXIT_LONLAT = (105.86182, 19.77022)
NORTH_BANK_WARD = "15925"
HAM_RONG_BRIDGE_NEAR_KM = (1.4, 4.5)  # the bridge is the point of the Mã nearest to this
CANALS_KM = {
    "Sông Nhà Lê": [(3.7, 1.25), (3.0, 0.2), (2.1, -0.8), (1.8, -2.0), (2.2, -3.6), (2.6, -5.2), (2.9, -7.2)],
    "Sông Thọ Hạc": [(-1.9, 4.4), (-1.0, 3.1), (0.0, 2.2), (0.9, 1.5), (2.0, 1.25), (2.8, 1.9)],
}
CANALS_EN = {"Sông Nhà Lê": "Nha Le canal", "Sông Thọ Hạc": "Tho Hac river"}

PROVINCE_CODE = "38"
WARD_VALID_FROM = "2025-07-01"
FORMER_VALID_TO = "2025-06-30"
NQ_1686 = "NQ 1686/NQ-UBTVQH15"

WARDS = [
    Ward("14797", "Hạc Thành", "k.127", (0.45, -0.3)),  # the former provincial UBND building, Đại lộ Lê Lợi
    Ward("16522", "Quảng Phú", "k.128", (4.6, -3.9)),
    Ward("16417", "Đông Quang", "k.129", (-4.6, -4.3)),
    Ward("16378", "Đông Sơn", "k.130", (-7.0, 1.4)),
    Ward("15853", "Đông Tiến", "k.131", (-4.4, 4.6)),
    Ward("14758", "Hàm Rồng", "k.132", (0.2, 3.4)),
    Ward("15925", "Nguyệt Viên", "k.133", (3.2, 3.9)),
]

CITY, DONG_SON_DISTRICT, THIEU_HOA_DISTRICT = ("Thành phố Thanh Hóa", "380"), ("Huyện Đông Sơn", "405"), (
    "Huyện Thiệu Hóa", "398")
HAC_THANH, QUANG_PHU, DONG_QUANG, DONG_SON, DONG_TIEN, HAM_RONG, NGUYET_VIEN = (w.code for w in WARDS)

# code, full name (as of 2025-06-30), ward code(s), seed(s) (km), approximate population, district, note.
# Populations marked with a year are that year's published figure (Wikipedia, the ward's site or the 2013
# decree creating the ward); the others are guesses. All are only weights: see the generator.
_FORMER_UNIT_ROWS = [
    # -> Hạc Thành (centre)
    ("14773", "Phường Lam Sơn", HAC_THANH, (0.1, -0.1), 9000, CITY, None),
    ("14776", "Phường Ba Đình", HAC_THANH, (-0.55, -0.45), 8500, CITY, None),
    ("14767", "Phường Điện Biên", HAC_THANH, (-0.34, 0.58), 15641, CITY, None),  # Wikipedia; 2022
    ("14779", "Phường Ngọc Trạo", HAC_THANH, (-1.0, 0.15), 14000, CITY, None),
    ("14770", "Phường Phú Sơn", HAC_THANH, (-1.75, 0.8), 17000, CITY, None),
    ("14785", "Phường Đông Sơn", HAC_THANH, (1.58, -1.17), 15621, CITY,  # Wikipedia; 2022
     "Former ward of Thanh Hóa city; not the same as the 2025 Phường Đông Sơn (16378)."),
    ("14764", "Phường Trường Thi", HAC_THANH, (0.65, 0.6), 15000, CITY, None),
    ("14794", "Phường Đông Hương", HAC_THANH, (2.0, 0.15), 17000, CITY, None),  # 2013
    ("14797", "Phường Đông Hải", HAC_THANH, (3.5, -0.5), 16100, CITY, None),  # 2013
    ("14782", "Phường Đông Vệ", HAC_THANH, (0.4, -2.5), 26000, CITY, None),
    ("14758", "Phường Đông Thọ", (HAC_THANH, HAM_RONG), ((0.05, 1.45), (-0.35, 2.65)), 18000, CITY, None),
    ("16435", "Phường An Hưng", (HAC_THANH, DONG_QUANG), ((-1.3, -1.05), (-1.85, -2.25)), 19000, CITY, None),
    # -> Hàm Rồng (south bank of the Mã)
    ("14755", "Phường Hàm Rồng", HAM_RONG, (0.56, 4.11), 11000, CITY, None),  # Wikipedia
    ("14761", "Phường Nam Ngạn", HAM_RONG, (1.81, 1.88), 14459, CITY, None),  # Wikipedia; ward site 12/2020
    ("14791", "Phường Đông Cương", HAM_RONG, (-1.44, 3.96), 14351, CITY, None),  # Wikipedia; 2022
    ("15859", "Phường Thiệu Dương", HAM_RONG, (-0.82, 6.58), 13122, CITY, None),  # Wikipedia; 2019
    # -> Nguyệt Viên (north bank)
    ("15913", "Phường Tào Xuyên", NGUYET_VIEN, (2.2, 5.6), 9933, CITY, None),  # 2018
    ("15922", "Phường Long Anh", NGUYET_VIEN, (3.4, 3.9), 9600, CITY, None),
    ("15925", "Phường Hoằng Quang", NGUYET_VIEN, (4.4, 1.8), 8000, CITY,
     "Xã until the GSO list of 01/01/2025 (2nd release)."),
    ("15970", "Phường Hoằng Đại", NGUYET_VIEN, (5.9, -0.6), 7000, CITY,
     "Xã until the GSO list of 01/01/2025 (2nd release)."),
    # -> Quảng Phú (east / south-east)
    ("14800", "Phường Quảng Hưng", QUANG_PHU, (4.4, -2.5), 14450, CITY, None),  # 2013
    ("14806", "Phường Quảng Thành", QUANG_PHU, (2.0, -3.5), 19500, CITY, None),  # 2013
    ("16525", "Phường Quảng Tâm", QUANG_PHU, (7.05, -5.5), 10230, CITY, None),  # Wikipedia; 2019
    ("16459", "Phường Quảng Đông", QUANG_PHU, (3.11, -5.43), 8395, CITY, None),  # Wikipedia; 2019
    ("16441", "Phường Quảng Thịnh", QUANG_PHU, (-0.7, -5.6), 9000, CITY, None),
    ("16507", "Phường Quảng Cát", QUANG_PHU, (6.56, -6.89), 11505, CITY, None),  # Wikipedia; 2019
    ("16522", "Phường Quảng Phú", QUANG_PHU, (6.8, -3.4), 7000, CITY, None),
    # -> Đông Quang (south / south-west)
    ("14803", "Phường Quảng Thắng", DONG_QUANG, (-0.7, -3.1), 14500, CITY, None),  # 2013
    ("16429", "Xã Đông Vinh", DONG_QUANG, (-2.6, -5.2), 8000, CITY, None),
    ("16423", "Xã Đông Nam", DONG_QUANG, (-4.0, -7.5), 5500, DONG_SON_DISTRICT, None),
    ("16417", "Xã Đông Văn", DONG_QUANG, (-3.8, -3.2), 7500, DONG_SON_DISTRICT, None),
    ("16420", "Xã Đông Phú", DONG_QUANG, (-5.8, -5.8), 6000, DONG_SON_DISTRICT, None),
    ("16393", "Xã Đông Yên", DONG_QUANG, (-6.2, -2.8), 6000, DONG_SON_DISTRICT, None),
    ("16426", "Xã Đông Quang", DONG_QUANG, (-7.6, -6.0), 6500, DONG_SON_DISTRICT, None),
    # -> Đông Sơn (west)
    ("16432", "Phường Đông Tân", DONG_SON, (-3.3, 0.0), 9000, CITY, None),
    ("16390", "Xã Đông Hòa", DONG_SON, (-4.9, 1.3), 6000, DONG_SON_DISTRICT, None),
    ("16378", "Phường Rừng Thông", DONG_SON, (-7.2, 1.2), 9000, DONG_SON_DISTRICT,
     "Thị trấn (district town of Đông Sơn) until the GSO list of 01/01/2025 (2nd release)."),
    ("16399", "Xã Đông Minh", DONG_SON, (-9.4, 2.5), 5500, DONG_SON_DISTRICT, None),
    ("16387", "Xã Đông Khê", DONG_SON, (-11.8, 3.4), 5000, DONG_SON_DISTRICT, None),
    ("16408", "Xã Đông Khê", DONG_SON, (-12.6, 1.6), 4000, DONG_SON_DISTRICT,
     "UNVERIFIED: second unit named Đông Khê in the GSO 2025 list (anomaly); NQ 1686 names one Đông Khê, "
     "mapping to Đông Sơn is assumed."),
    ("16414", "Phường Đông Thịnh", DONG_SON, (-8.8, -0.6), 6500, DONG_SON_DISTRICT, None),
    ("16381", "Xã Đông Hoàng", DONG_SON, (-10.8, 0.2), 5000, DONG_SON_DISTRICT, None),
    ("16384", "Xã Đông Ninh", DONG_SON, (-6.2, -0.9), 7000, DONG_SON_DISTRICT, None),
    # -> Đông Tiến (north-west, south of the Chu)
    ("16396", "Phường Đông Lĩnh", DONG_TIEN, (-2.4, 2.6), 10000, CITY, None),
    ("15856", "Phường Thiệu Khánh", DONG_TIEN, (-2.6, 6.3), 9000, CITY, None),
    ("16405", "Xã Đông Tiến", DONG_TIEN, (-6.8, 3.6), 6500, DONG_SON_DISTRICT, None),
    ("16402", "Xã Đông Thanh", DONG_TIEN, (-4.8, 3.8), 6000, DONG_SON_DISTRICT, None),
    ("15850", "Xã Thiệu Vân", DONG_TIEN, (-4.3, 8.0), 5000, CITY, None),
    ("16411", "Xã Đông Xuân", DONG_TIEN, (-8.6, 3.3), 5000, DONG_SON_DISTRICT,
     "UNVERIFIED: not named in NQ 1686; mapped to Đông Tiến as in the LLM-made dvhcvn/20250701 mapping."),
    ("15862", "Xã Tân Châu", DONG_TIEN, (-6.0, 7.2), 5500, THIEU_HOA_DISTRICT,
     "From Thiệu Hóa district; GSO code from daohoangson/dvhcvn data/dvhcvn.json (Huyện Thiệu Hóa, 398)."),
    ("15853", "Xã Thiệu Giao", DONG_TIEN, (-8.2, 5.5), 6000, THIEU_HOA_DISTRICT,
     "From Thiệu Hóa district; GSO code from daohoangson/dvhcvn data/dvhcvn.json (Huyện Thiệu Hóa, 398)."),
]
FORMER_UNITS = [
    FormerUnit(code, name, (wards,) if isinstance(wards, str) else wards,
               (seeds,) if isinstance(seeds[0], float) else seeds, population, district, note)
    for code, name, wards, seeds, population, district, note in _FORMER_UNIT_ROWS
]
# Mapped although NQ 1686 does not (clearly) name them.
UNVERIFIED_MAPPINGS = {"16408", "16411"}

# Official population of a new ward (people) and where it was published; the other wards get an estimate.
WARD_POPULATIONS = {
    HAC_THANH: (197_142, "HĐND tỉnh Thanh Hóa, nghị quyết 25/04/2025 về chủ trương sắp xếp ĐVHC cấp xã "
                         "(24,63 km², 197.142 người), as reported by Người Lao Động / doanhnhanasean.com "
                         "(05/05/2025) and news.daisan.vn: https://www.doanhnhanasean.com/sau-sap-nhap-thanh-"
                         "hoa-co-sieu-phuong-dong-dan-nhat-tinh-gap-4-huyen-mien-nui-a246216.html"),
    DONG_TIEN: (57_844, "diaocthongthai.com, 'Phường Đông Tiến sau sáp nhập 2025' (57.844 người, 2024; "
                        "41,97 km²), a secondary source: https://diaocthongthai.com/phuong-dong-tien-sau-sap-"
                        "nhap-2025"),
}

# code, road name, short name (for camera names), class, parts (km polylines or AlongWaterway)
_ROAD_ROWS = [
    ("QL1A", "Quốc lộ 1A", "QL1A", "highway", [
        [(2.5, 7.2), (2.1, 5.8), (1.4, 4.5), (0.95, 3.6), (0.7, 2.6)],
        [(0.2, -2.9), (0.15, -4.0), (0.1, -5.2), (-0.3, -7.6)]]),
    ("QL47", "Quốc lộ 47", "QL47", "highway", [
        [(-14.0, 0.6), (-10.5, 0.8), (-7.3, 1.0), (-5.0, 0.7), (-2.6, 0.5)],
        [(4.7, -2.2), (6.2, -3.1), (7.8, -3.8), (9.6, -4.6)]]),
    ("QL45", "Quốc lộ 45", "QL45", "highway", [
        [(-1.7, 1.9), (-3.2, 3.2), (-5.2, 4.6), (-7.2, 5.8), (-10.0, 7.2)],
        [(-1.6, -1.9), (-3.2, -3.4), (-5.2, -5.2), (-7.0, -7.2), (-8.6, -9.4)]]),
    ("LELOI", "Đại lộ Lê Lợi", "Lê Lợi", "arterial", [
        [(-2.6, 0.5), (-1.2, 0.3), (0.1, 0.0), (1.8, -0.5), (3.5, -1.3), (4.7, -2.2)]]),
    ("BATRIEU", "Bà Triệu", "Bà Triệu", "arterial", [[(0.7, 2.6), (0.5, 1.6), (0.3, 0.8), (0.1, 0.0)]]),
    ("QUANGTRUNG", "Quang Trung", "Quang Trung", "arterial", [[(0.1, 0.0), (0.15, -1.4), (0.2, -2.9)]]),
    ("TRANPHU", "Trần Phú", "Trần Phú", "arterial", [[(-1.9, 1.1), (-0.5, 1.05), (1.0, 0.95), (2.6, 0.6),
                                                       (3.8, 0.2)]]),
    ("LEHOAN", "Lê Hoàn", "Lê Hoàn", "arterial", [[(-0.7, 2.0), (-0.6, 1.0), (-0.45, -0.2), (-0.6, -1.6)]]),
    ("NGUYENTRAI", "Nguyễn Trãi", "Nguyễn Trãi", "arterial", [
        [(-0.6, -1.6), (0.5, -1.8), (1.7, -2.2), (3.0, -2.8)]]),
    ("HUNGVUONG", "Đại lộ Hùng Vương", "Hùng Vương", "arterial", [
        [(-3.4, -3.6), (-1.7, -3.1), (0.2, -2.9), (2.0, -3.7), (3.9, -4.3), (6.5, -5.1), (8.6, -5.6)]]),
    ("NAMSONGMA", "Đại lộ Nam Sông Mã", "Nam Sông Mã", "arterial", [AlongWaterway("Sông Mã", -0.45, 5.2, 17.6)]),
    ("LELAI", "Lê Lai", "Lê Lai", "collector", [[(1.3, 1.3), (1.3, -0.3), (1.5, -1.9), (1.6, -2.9)]]),
    ("PHANCHUTRINH", "Phan Chu Trinh", "Phan Chu Trinh", "collector", [[(-1.5, 2.1), (-1.4, 1.4), (-1.35, 0.0), (-1.2, -1.3)]]),
    ("HAITHUONG", "Hải Thượng Lãn Ông", "Hải Thượng Lãn Ông", "arterial", [
        [(-0.4, -0.8), (-1.8, -1.5), (-3.4, -2.4), (-4.8, -3.0)]]),
    ("NGUYENCHITHANH", "Nguyễn Chí Thanh", "Nguyễn Chí Thanh", "arterial", [
        [(-0.1, 0.5), (-0.1, 1.8), (0.0, 3.0), (-0.3, 4.6)]]),
    ("TONGDUYTAN", "Tống Duy Tân", "Tống Duy Tân", "collector", [[(-1.4, 0.65), (-0.5, 0.6), (0.5, 0.45), (1.4, 0.35)]]),
    ("DUONGDINHNGHE", "Dương Đình Nghệ", "Dương Đình Nghệ", "arterial", [
        [(2.8, 0.6), (2.6, -0.8), (2.5, -2.3), (2.4, -3.4)]]),
    ("LACLONGQUAN", "Lạc Long Quân", "Lạc Long Quân", "arterial", [[(3.0, -2.8), (3.8, -4.2), (4.3, -6.3)]]),
    ("VONGUYENGIAP", "Đại lộ Võ Nguyên Giáp", "Võ Nguyên Giáp", "arterial", [
        [(3.5, -1.3), (4.9, -3.4), (6.4, -4.4), (8.4, -4.9)]]),
    ("LETHANHTONG", "Lê Thánh Tông", "Lê Thánh Tông", "collector", [
        [(-2.0, 1.7), (-1.0, 1.8), (0.3, 1.75), (1.6, 1.45), (2.6, 1.3)]]),
    ("NGUYENVANCU", "Nguyễn Văn Cừ", "Nguyễn Văn Cừ", "arterial", [[(-1.7, -3.1), (-1.5, -4.6), (-1.9, -6.3)]]),
    ("HACTHANH", "Hạc Thành", "Hạc Thành", "collector", [[(-0.45, -0.5), (0.6, -0.55), (1.5, -0.8)]]),
    ("TRIEUQUOCDAT", "Triệu Quốc Đạt", "Triệu Quốc Đạt", "collector", [[(0.85, 2.0), (0.9, 0.8), (0.95, -0.8), (1.0, -1.9)]]),
    ("THANHTHAI", "Thành Thái", "Thành Thái", "collector", [[(-2.3, 2.4), (-2.3, 1.0), (-2.1, -0.9)]]),
    ("LYNHANTONG", "Lý Nhân Tông", "Lý Nhân Tông", "collector", [[(4.0, 0.8), (3.9, -0.8), (3.8, -2.4), (3.7, -3.8)]]),
    ("TRUONGTHI", "Trường Thi", "Trường Thi", "collector", [[(0.5, 0.5), (2.0, 0.2), (3.4, -0.4)]]),
    ("VANHDAITAY", "Đường Vành đai phía Tây", "Vành đai phía Tây", "arterial", [
        [(-1.8, 6.5), (-2.6, 4.2), (-3.3, 1.8), (-3.5, -0.8), (-3.2, -3.8), (-2.6, -6.6), (-2.4, -8.6)]]),
    ("NGUYETVIEN", "Đường Nguyệt Viên", "Nguyệt Viên", "collector", [AlongWaterway("Sông Mã", 0.7, 3.6, 13.4)]),
]
ROADS = [Road(*row) for row in _ROAD_ROWS]
ROAD_BRIDGES = {"QL1A"}  # the only roads allowed to cross the Mã, at the Hàm Rồng bridge
# lanes, free-flow km/h per class; avenues ("Đại lộ") are wider and faster.
ROAD_CLASS_DEFAULTS = {"highway": (4, 60), "arterial": (4, 50), "collector": (2, 40)}
AVENUE_DEFAULTS = (6, 60)
SEGMENT_TARGET_M, SEGMENT_MIN_M, SEGMENT_MAX_M = 650.0, 300.0, 900.0

# Public places watched by security cameras (km).
PUBLIC_PLACES = [
    ("Quảng trường Lam Sơn", (0.15, -0.15)),
    ("Chợ Vườn Hoa", (-0.3, 0.3)),
    ("Ga Thanh Hóa", (0.45, 1.35)),
    ("Bến xe phía Bắc", (0.95, 2.8)),
    ("Bến xe phía Nam", (-0.6, -3.6)),
    ("Bệnh viện Đa khoa tỉnh", (-0.3, -0.95)),
    ("Sân vận động tỉnh", (0.7, -1.1)),
    ("Công viên hồ Thành", (-0.9, -0.3)),
    ("Chợ Tây Thành", (-1.7, 0.4)),
    ("Khu di tích Hàm Rồng", (0.9, 4.4)),
    ("Trường Đại học Hồng Đức", (2.2, -3.2)),
    ("Trung tâm thương mại Lê Lợi", (2.4, -0.55)),
    ("Khu công nghiệp Lễ Môn", (5.3, -2.4)),
    ("Đầu cầu Hàm Rồng", (1.15, 4.25)),
]
# Low-lying spots that flood in heavy rain (km).
LOW_SPOTS = [
    ("Ngã tư Bà Triệu – Trần Phú", (0.42, 1.15)),
    ("Đông Vệ – Quang Trung", (0.25, -2.2)),
    ("Quảng Thắng – Hùng Vương", (-1.0, -3.25)),
    ("Đông Hương – Dương Đình Nghệ", (2.45, -0.3)),
    ("Phú Sơn – Thành Thái", (-2.2, 0.55)),
    ("Đông Tân – Hải Thượng Lãn Ông", (-3.1, -1.9)),
    ("Quảng Hưng – Lý Nhân Tông", (4.05, -2.2)),
]
FLOOD_CAMERA_SPACING_KM = 1.7
FLOOD_CAMERA_SETBACK_KM = 0.15
GAUGE_SETBACK_KM = 0.06

AIR_PARAMETERS = "pm25;pm10;o3;co;so2;no2;temperature;humidity"
WATER_QUALITY_PARAMETERS = "ph;do;bod5;cod;nh4;tss;coliform;temperature"
# code, name, kind, position (km) or (waterway name, near this point (km), bank) for points on a waterway;
# bank -1 is the right bank (facing downstream), +1 the left bank, 0 on the water.
STATIONS = [
    ("AQ-01", "Trạm quan trắc không khí Quảng trường Lam Sơn", "air", (0.05, 0.1)),
    ("AQ-02", "Trạm quan trắc không khí Hàm Rồng", "air", (0.3, 4.0)),
    ("AQ-03", "Trạm quan trắc không khí Nguyệt Viên", "air", (3.3, 3.5)),
    ("AQ-04", "Trạm quan trắc không khí Quảng Phú", "air", (6.0, -4.2)),
    ("AQ-05", "Trạm quan trắc không khí Đông Quang", "air", (-4.8, -4.6)),
    ("AQ-06", "Trạm quan trắc không khí Đông Sơn", "air", (-7.4, 0.6)),
    ("AQ-07", "Trạm quan trắc không khí Đông Tiến", "air", (-5.0, 5.2)),
    ("AQ-08", "Trạm quan trắc không khí KCN Lễ Môn", "air", (5.6, -2.6)),
    ("AQ-09", "Trạm quan trắc không khí Bến xe phía Bắc", "air", (1.15, 2.7)),
    ("WQ-01", "Trạm quan trắc nước mặt sông Mã – thượng lưu cầu Hàm Rồng", "water_quality",
     ("Sông Mã", (1.0, 5.6), -1)),
    ("WQ-02", "Trạm quan trắc nước mặt sông Mã – Quảng Phú", "water_quality", ("Sông Mã", (7.2, -2.6), -1)),
    ("WQ-03", "Trạm quan trắc nước mặt sông Nhà Lê – Đông Hương", "water_quality", ("Sông Nhà Lê", (2.6, -0.3), 0)),
    ("WQ-04", "Trạm quan trắc nước mặt sông Nhà Lê – Quảng Đông", "water_quality", ("Sông Nhà Lê", (2.5, -4.8), 0)),
    ("WQ-05", "Trạm quan trắc nước mặt sông Thọ Hạc – Đông Thọ", "water_quality", ("Sông Thọ Hạc", (-0.2, 2.4), 0)),
    ("WL-01", "Trạm thủy văn Giàng (sông Mã)", "water_level", ("Sông Mã", (-0.5, 7.5), -1)),
    ("WL-02", "Trạm đo mực nước sông Mã – cầu Hàm Rồng", "water_level", ("Sông Mã", (1.5, 4.2), -1)),
    ("WL-03", "Trạm đo mực nước sông Mã – Hoằng Đại", "water_level", ("Sông Mã", (4.9, -0.6), 1)),
    ("WL-04", "Trạm đo mực nước sông Nhà Lê – Quảng Thành", "water_level", ("Sông Nhà Lê", (1.95, -3.0), 0)),
    ("RN-01", "Trạm đo mưa Hạc Thành", "rain", (0.6, -0.25)),
    ("RN-02", "Trạm đo mưa Đông Sơn", "rain", (-8.0, -0.2)),
    ("RN-03", "Trạm đo mưa Nguyệt Viên", "rain", (2.9, 4.6)),
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
    ("CSGT-02", "Đội Cảnh sát giao thông – Quốc lộ 1A phía Nam", "traffic_police", (-0.4, -4.2), "113"),
    ("PCCC-01", "Đội Cảnh sát PCCC và CNCH khu vực trung tâm", "fire", (1.0, -0.7), "114"),
    ("PCCC-02", "Đội Cảnh sát PCCC và CNCH khu vực phía Tây", "fire", (-6.8, 0.4), "114"),
    ("PCCC-03", "Đội Cảnh sát PCCC và CNCH khu vực phía Đông", "fire", (5.0, -2.9), "114"),
    ("CC115-01", "Trung tâm Cấp cứu 115", "ambulance", (-0.1, -0.8), "115"),
    ("CC115-02", "Trạm Cấp cứu 115 phía Bắc", "ambulance", (2.4, 5.0), "115"),
    ("CC115-03", "Trạm Cấp cứu 115 phía Tây", "ambulance", (-6.6, 1.8), "115"),
    ("MT-01", "Đội Môi trường đô thị khu vực trung tâm", "sanitation", (-1.0, -1.0), ""),
    ("MT-02", "Đội Môi trường đô thị khu vực phía Đông", "sanitation", (5.4, -3.6), ""),
    ("MT-03", "Đội Môi trường đô thị khu vực phía Tây", "sanitation", (-5.6, 0.2), ""),
    ("DL-01", "Đội Điện lực khu vực trung tâm", "power", (0.9, 0.2), ""),
    ("DL-02", "Đội Điện lực khu vực phía Bắc", "power", (3.0, 3.0), ""),
    ("DL-03", "Đội Điện lực khu vực phía Tây", "power", (-7.8, 0.0), ""),
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
SLA_RESOLVE_FACTORS = {1: 3, 2: 6, 3: 12, 4: 24}
SLA_MIN_ACK_MINUTES = 5
# No placeholder resolve target is longer than three days (the "time-bound" process of Vietnamese IOCs runs in
# working days, not weeks).
SLA_MAX_RESOLVE_MINUTES = 3 * 24 * 60

WARD_SOURCE = {
    "title": "Vietnamese Provinces Database (thanglequoc/vietnamese-provinces-database), GeoJSON export, "
             "folder json/geojson/38_thanh_hoa/, GIS dataset v4.0.0 (2026-06-20), export of 2026-07-25; "
             "boundaries derived from the official reference map of the 2025 rearrangement "
             "(sapnhap.bando.com.vn, Publishing House of Natural Resources, Environment and Cartography)",
    "url": "https://github.com/thanglequoc/vietnamese-provinces-database",
    "licence": "MIT, © 2021 Thang Le Quoc",
    "used_for": "the polygons of the 7 wards (geo/thanh_hoa/source/), their union (the city limit) and the Mã "
                "river line traced along their borders; official areas (area_km2)",
}
SOURCES = [
    WARD_SOURCE,
    {"title": "daohoangson/dvhcvn data/dvhcvn.json (mirror of the GSO unit list, danhmuchanhchinh.gso.gov.vn)",
     "url": "https://github.com/daohoangson/dvhcvn", "licence": "GPL-3.0",
     "used_for": "names and GSO codes of the former units (incl. Tân Châu 15862 and Thiệu Giao 15853)"},
    {"title": "Nghị quyết 1686/NQ-UBTVQH15 (16/06/2025), via dvhcvn/20250701 input/docs/1686_NQ-UBTVQH15.md",
     "url": "https://github.com/dvhcvn/20250701", "licence": "MIT",
     "used_for": "the 7 wards from 2025-07-01 and the former units forming each (crosswalk)"},
    {"title": "Công văn 1027/CTK-CSCL (GSO codes of the new units), via dvhcvn/20250701",
     "url": "https://github.com/dvhcvn/20250701", "licence": "MIT", "used_for": "GSO codes of the 7 wards"},
    {"title": "Người Lao Động via doanhnhanasean.com (05/05/2025), 'Sau sáp nhập, Thanh Hóa có \"siêu phường\" "
              "đông dân nhất tỉnh, gấp 4 huyện miền núi'; also news.daisan.vn, 'Một phường của Thanh Hóa có "
              "dân số đông nhất cả nước sau sáp nhập'",
     "url": "https://www.doanhnhanasean.com/sau-sap-nhap-thanh-hoa-co-sieu-phuong-dong-dan-nhat-tinh-gap-4-"
            "huyen-mien-nui-a246216.html",
     "licence": "news article (facts only)",
     "used_for": "population of phường Hạc Thành (197,142; 24.63 km²), from the provincial council resolution "
                 "of 25/04/2025"},
    {"title": "diaocthongthai.com, 'Phường Đông Tiến sau sáp nhập 2025'",
     "url": "https://diaocthongthai.com/phuong-dong-tien-sau-sap-nhap-2025",
     "licence": "web page (facts only)",
     "used_for": "population of phường Đông Tiến (57,844, labelled 2024; secondary source)"},
    {"title": "Wikipedia (vi): articles of the former wards Thiệu Dương, Đông Cương, Hàm Rồng, Nam Ngạn, Điện Biên, "
              "Đông Sơn, Quảng Đông, Quảng Tâm, Quảng Cát (infobox coordinates)",
     "url": "https://vi.wikipedia.org/", "licence": "CC BY-SA (facts only)",
     "used_for": "approximate centres of those former units (seeds of the approximate former-unit polygons)"},
    {"title": "Wikipedia: Thanh Hóa (infobox coordinates 19°48′27″N 105°46′35″E)",
     "url": "https://en.wikipedia.org/wiki/Thanh_H%C3%B3a", "licence": "CC BY-SA",
     "used_for": "reference point of the old centre"},
    {"title": "Baothanhhoa.vn 2025-08-26, báo động I trên sông Mã tại trạm Thủy văn Giàng",
     "url": "https://baothanhhoa.vn/phat-lenh-bao-dong-i-tren-song-ma-tai-tram-thuy-van-giang-259512.htm",
     "licence": "news article (facts only)",
     "used_for": "alarm level I at Giàng (+4.0 m); wards along the Mã"},
    {"title": "geo/build_thanh_hoa.py and geo/thanh_hoa_layout.py (this repository)", "url": "",
     "licence": "Apache-2.0",
     "used_for": "approximate geometry: former units inside the real wards, split lines, roads, sites, canals"},
]

# What is official and what is approximate, per layer of the pack (the keys are CityPack's frames).
APPROXIMATE_GEOMETRY = {"wards": False, "outline": False, "former_units": True, "roads": True,
                        "cameras": True, "stations": True, "response_units": True, "river": True}
GEOMETRY_NOTE_VI = (
    "Ranh giới 7 phường (từ 01/07/2025) là ranh giới CHÍNH THỨC (bản đồ sắp xếp ĐVHC 2025, qua bộ dữ liệu "
    "Vietnamese Provinces Database, MIT). Ranh giới các đơn vị cũ (đến 30/06/2025), đường chia Đông Thọ và "
    "An Hưng, tim đường, vị trí camera, trạm, lực lượng ứng phó và kênh là GẦN ĐÚNG, được sinh tự động bên trong "
    "các phường thật chỉ để trình diễn."
)
GEOMETRY_NOTE_EN = (
    "The boundaries of the 7 wards (since 2025-07-01) are OFFICIAL (the 2025 rearrangement reference map, via "
    "the Vietnamese Provinces Database, MIT). The former units' boundaries (until 2025-06-30), the Đông Thọ and "
    "An Hưng split lines, road alignments and the positions of cameras, stations, response units and canals are "
    "APPROXIMATE, generated inside the real wards for demonstration only."
)
# Defaults of the alert rules for this city (admins may change them): VN_AQI levels are the categories of
# QĐ 1459/QĐ-TCMT ("Xấu" from 151, "Rất xấu" from 201), river levels the gauges' own alarm levels; the
# congestion and camera durations are placeholders (no official figure was found).
ALERT_RULES = {
    "aqi": {"value": 151, "takeover": 201},
    "water_level": {"value": 1, "takeover": 1},
    "congestion": {"value": 30, "minutes": 15, "placeholder": True},
    "camera_offline": {"minutes": 15, "placeholder": True},
    "incident_critical": {"value": 1, "minutes": 60, "takeover": 0},
}
# What the app says about its data: a line on every desk page and the note under the map legend.
ABOUT_DATA = {
    "vi": "Về dữ liệu: ranh giới 7 phường là chính thức (bản đồ sắp xếp đơn vị hành chính năm 2025; dữ liệu "
          "© 2021 Thang Le Quoc, giấy phép MIT); mã GSO và bảng chuyển đổi đơn vị cũ – phường mới theo Nghị quyết "
          "1686/NQ-UBTVQH15. Tuyến đường, vị trí camera, trạm quan trắc, lực lượng ứng phó và ranh giới các đơn vị "
          "cũ là gần đúng, chỉ để minh họa.",
    "en": "About the data: the boundaries of the 7 wards are official (the 2025 administrative rearrangement map; "
          "data © 2021 Thang Le Quoc, MIT licence); GSO codes and the former-unit crosswalk follow Resolution "
          "1686/NQ-UBTVQH15. Roads, camera, station and response-unit positions and the former units' boundaries "
          "are approximate, for illustration only.",
}
MAP_NOTE = {
    "vi": "Ranh giới phường: chính thức (2025). Đường, camera, trạm: vị trí gần đúng.",
    "en": "Ward boundaries: official (2025). Roads, cameras, stations: approximate positions.",
}
NOTES = [
    {"en": "Official: the 7 ward polygons, their GSO codes and names, the crosswalk of NQ 1686 (which former "
           "unit went to which ward), the city limit (their union) and the population of Hạc Thành; the "
           "population of Đông Tiến comes from a secondary source. Approximate: everything else (see "
           "approximate_geometry).",
     "vi": "Chính thức: ranh giới 7 phường, mã GSO và tên, bảng chuyển đổi theo NQ 1686 (đơn vị cũ nào về phường "
           "nào), đường địa giới thành phố (hợp của 7 phường) và dân số phường Hạc Thành; dân số phường Đông "
           "Tiến lấy từ nguồn thứ cấp. Gần đúng: mọi thứ khác (xem approximate_geometry)."},
    {"en": "The former units are Voronoi cells of approximate centres, drawn inside the ward that absorbed them; "
           "Đông Thọ and An Hưng have one part in each of their two wards, and the split lines are invented.",
     "vi": "Các đơn vị cũ là ô Voronoi quanh tâm gần đúng, vẽ bên trong phường đã nhận chúng; Đông Thọ và An "
           "Hưng có một phần ở mỗi phường, đường chia là giả định."},
    {"en": "Phường Tân Sơn (14788) disappeared from the GSO list by 01/01/2025 and is not named in NQ 1686; "
           "its fate is unverified, so it is left out of the geometry.",
     "vi": "Phường Tân Sơn (14788) không còn trong danh mục GSO từ 01/01/2025 và không có trong NQ 1686; "
           "chưa xác minh được đã nhập vào đâu nên không có trong hình học."},
    {"en": "Xã Đông Xuân (16411) and the second Xã Đông Khê (16408) are not (clearly) named in NQ 1686; "
           "they are mapped to Đông Tiến and Đông Sơn respectively without verification.",
     "vi": "Xã Đông Xuân (16411) và Xã Đông Khê thứ hai (16408) không được nêu rõ trong NQ 1686; "
           "tạm gán vào Đông Tiến và Đông Sơn, chưa xác minh."},
    {"en": "Ward populations: Hạc Thành 197,142 (provincial council resolution of 25/04/2025, as reported in the "
           "press) and Đông Tiến 57,844 (secondary source, 2024) carry their source (population_source); the "
           "other five are ESTIMATES (population_note). Former units' populations are approximate, scaled so "
           "that those of each ward add up to its figure.",
     "vi": "Dân số phường: Hạc Thành 197.142 (nghị quyết HĐND tỉnh ngày 25/04/2025, theo báo chí) và Đông Tiến "
           "57.844 (nguồn thứ cấp, 2024) có ghi nguồn (population_source); năm phường còn lại là số ƯỚC TÍNH "
           "(population_note). Dân số các đơn vị cũ là gần đúng, được co giãn để tổng theo từng phường bằng số "
           "của phường."},
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


# Department indicators the leaders' board shows (reported by departments, not sensed): code, names, pillar, unit,
# period (day/month), which direction is better, the largest value, target and amber threshold, the department and
# whether the target is a placeholder. No official targets are published for these: all are placeholders.
INDICATOR_COLUMNS = ['code', 'name_vi', 'name_en', 'pillar', 'unit_vi', 'unit_en', 'period', 'better', 'max_value', 'target', 'amber', 'department_vi', 'department_en', 'placeholder']
INDICATORS = [
    ('dvc_toan_trinh', 'Dịch vụ công trực tuyến toàn trình được xử lý', 'Online public services handled end-to-end', 'governance', '%', '%', 'day', 'higher', '100', '80', '65', 'Trung tâm Phục vụ hành chính công', 'Public Administration Service Centre', 'true'),
    ('ho_so_dung_han', 'Hồ sơ thủ tục hành chính giải quyết đúng hạn', 'Administrative records handled on time', 'governance', '%', '%', 'day', 'higher', '100', '98', '95', 'Trung tâm Phục vụ hành chính công', 'Public Administration Service Centre', 'true'),
    ('van_ban_ky_so', 'Văn bản điện tử có ký số', 'Electronic documents digitally signed', 'governance', '%', '%', 'day', 'higher', '100', '90', '80', 'Văn phòng HĐND và UBND thành phố', "Office of the City People's Council and Committee", 'true'),
    ('wifi_phien', 'Phiên truy cập Wi-Fi công cộng miễn phí', 'Free public Wi-Fi sessions', 'living', 'phiên', 'sessions', 'day', 'higher', '', '25000', '18000', 'Phòng Văn hóa - Thông tin', 'Culture and Information Office', 'true'),
    ('wifi_diem_hoat_dong', 'Điểm Wi-Fi công cộng hoạt động', 'Public Wi-Fi access points working', 'living', '%', '%', 'day', 'higher', '100', '95', '90', 'Phòng Văn hóa - Thông tin', 'Culture and Information Office', 'true'),
    ('khach_du_lich', 'Lượt khách du lịch', 'Tourist arrivals', 'economy', 'lượt', 'arrivals', 'day', 'higher', '', '9000', '6000', 'Phòng Văn hóa - Thông tin', 'Culture and Information Office', 'true'),
    ('doanh_nghiep_moi', 'Doanh nghiệp đăng ký thành lập mới', 'New business registrations', 'economy', 'doanh nghiệp', 'businesses', 'month', 'higher', '', '120', '90', 'Phòng Tài chính - Kế hoạch', 'Finance and Planning Office', 'true'),
]
# Targets of the KPIs the centre computes itself (data/providers/kpi.py); placeholders, none is official. The river's
# state comes from the gauges' alarm levels, not from a target.
KPI_TARGET_COLUMNS = ['code', 'target', 'amber', 'better', 'placeholder']
KPI_TARGETS = [
    ('gov.reports_on_time', '90', '80', 'higher', 'true'),
    ('gov.incidents_on_time', '90', '80', 'higher', 'true'),
    ('gov.median_resolve', '240', '480', 'lower', 'true'),
    ('gov.backlog', '30', '60', 'lower', 'true'),
    ('env.aqi_worst', '100', '150', 'lower', 'true'),
    ('env.aqi_mean', '50', '100', 'lower', 'true'),
    ('env.good_air', '50', '20', 'higher', 'true'),
    ('env.river', '', '', 'lower', 'false'),
    ('env.wqi_worst', '51', '26', 'higher', 'true'),  # VN_WQI 51 is the lower bound of "Trung bình" (QĐ 1460)
    ('liv.congestion', '8', '15', 'lower', 'true'),
    ('liv.peak_speed', '25', '20', 'higher', 'true'),
    ('liv.camera_uptime', '98', '95', 'higher', 'true'),
    ('liv.ai_events', '', '', 'lower', 'true'),
]
