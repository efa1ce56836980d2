"""Generate the Thanh Hóa province pack into geo/thanh_hoa_province/ (or --out DIR).

    python -m geo.build_province [--out DIR]

The 166 communes (19 phường + 147 xã) are the official 2025 polygons (geo/thanh_hoa_province/source/, copied
unchanged), noded on their 6-decimal grid so that they form a clean coverage; their union is the province
outline. Everything else is APPROXIMATE, generated deterministically at provincial density: a road network joining
the communes' seats (the Delaunay edges between neighbouring seats, two national roads along chains of them, all
bent by a smooth warp), cameras along it and at its junctions, stations and response units near the seats. The
7 wards of the former city keep what the city pack (geo/thanh_hoa/) says of them: their seats, populations and
stations. The output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import gzip
import heapq
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point, shape
from shapely.ops import polylabel

from geo.build_thanh_hoa import csv_text, write_pack
from geo.pack import CRS, PACKS_ROOT, UnitLocator, feature_collection_text, geometry_to_geojson, load_pack
from geo.synthetic import GRID_DEG, LocalFrame, SmoothWarp, cut_evenly

SLUG = "thanh_hoa_province"
DEFAULT_OUT = PACKS_ROOT / SLUG
SOURCE_DIR = DEFAULT_OUT / "source"
SOURCE_FILE = "thanh_hoa_province_communes_2025.geojson.gz"  # the official file, gzip-compressed
CITY_SLUG = "thanh_hoa"
METRIC_CRS = "EPSG:32648"  # UTM 48N, for lengths in metres
FRAME = LocalFrame(105.45, 19.95)  # km frame around the middle of the province (under 1 % error across it)
RNG_SEED = 20250701
PROVINCE_CODE = "38"
VALID_FROM = "2025-07-01"
NQ_1686 = "NQ 1686/NQ-UBTVQH15"
UNITS = {"phường": 19, "xã": 147}
GAP_AREA_LIMIT_DEG2 = 1e-8  # slivers between neighbours in the source (≈ 120 m²); anything larger is refused

# Roads: Delaunay edges between neighbouring seats up to this long, cut into segments of about a kilometre.
MAX_EDGE_KM = 28.0
INSIDE_SHARE = 0.97  # an edge is a road when this share of it lies inside the province
SEGMENT_TARGET_KM, SEGMENT_MIN_KM, SEGMENT_MAX_KM = 1.15, 0.5, 1.9
SEGMENT_MIN_M, SEGMENT_MAX_M = 470.0, 1960.0  # the same limits measured in UTM (the km frame is within 1 %)
WARP_AMPLITUDE_KM, WARP_WAVELENGTH_KM = 0.45, 7.0
EDGE_CLIP_KM = 0.05
# National roads drawn along chains of seats: code, name, short name, the communes (GSO codes) they pass through.
NATIONAL_ROADS = [
    ("QL1A", "Quốc lộ 1A", "QL1A", ["14812", "14797", "16654"]),  # Bỉm Sơn – Hạc Thành – Nghi Sơn
    ("QL47", "Quốc lộ 47", "QL47", ["16531", "14797", "west"]),  # Sầm Sơn – Hạc Thành – towards the west
]
# lanes, free-flow km/h per class (rural roads are faster than the city's streets of the same class).
ROAD_CLASSES = {"highway": (4, 70), "arterial": (2, 55), "collector": (2, 45)}

# Sites near each seat (km offsets east, north).
POLICE_OFFSET, SECURITY_OFFSETS = (0.15, -0.1), {"phường": [(-0.06, 0.0), (0.06, 0.0)], "xã": [(0.06, 0.0)]}
STATION_OFFSETS = {"air": (0.35, 0.25), "rain": (-0.35, 0.3), "water_level": (0.4, -0.35), "water_quality": (-0.3, -0.4)}
HUBS = 30  # regional services (fire, ambulance, traffic police, ...) in this many communes, spread by distance
SERVICES = [  # code prefix, name, kind, km offset from the hub's seat, phone
    ("CSGT", "Đội Cảnh sát giao thông khu vực {name}", "traffic_police", (-0.2, -0.2), "113"),
    ("PCCC", "Đội Cảnh sát PCCC và CNCH khu vực {name}", "fire", (0.3, 0.1), "114"),
    ("CC115", "Trạm Cấp cứu 115 khu vực {name}", "ambulance", (-0.25, 0.2), "115"),
    ("MT", "Đội Môi trường khu vực {name}", "sanitation", (0.1, 0.3), ""),
    ("DL", "Đội Điện lực khu vực {name}", "power", (-0.3, 0.05), ""),
    ("CN", "Đội Cấp nước khu vực {name}", "water", (0.2, -0.3), ""),
]
# Extra stations beyond the city pack's (which stay as they are): kind, how many, code prefix, first number.
EXTRA_STATIONS = [("air", 20, "AQ", 10), ("rain", 10, "RN", 4), ("water_level", 5, "WL", 5),
                  ("water_quality", 3, "WQ", 6)]
STATION_NAMES = {"air": "Trạm quan trắc không khí {name}", "rain": "Trạm đo mưa {name}",
                 "water_level": "Trạm đo mực nước {name}", "water_quality": "Trạm quan trắc nước mặt {name}"}
DEMO_ALARMS = (3.0, 4.2, 5.2)
DEMO_ALARM_NOTE = "Demo alarm levels (approximate); not official. Approximate position (demo)."
# Incidents: the city's categories at a provincial rate (about the population ratio, an ESTIMATE).
INCIDENT_RATE_FACTOR = 6.0
# Population ESTIMATE of a commune the facts give no figure for: a base per kind, growing slowly with the area.
POPULATION_BASE = {"phường": 40_000, "xã": 20_000}
POPULATION_EXPONENT = {"phường": 0.2, "xã": 0.1}
POPULATION_AREA_KM2 = 30.0
POPULATION_ESTIMATE_NOTE = ("ESTIMATE (no published figure found): {base} × (area / 30 km²)^{exp} for a {kind}, "
                            "rounded to hundreds.")


class LayoutError(ValueError):
    """The generated pack would be inconsistent (e.g. a site in no commune)."""


def require(condition: bool, message: str) -> None:
    if not condition:
        raise LayoutError(message)


@dataclass
class Commune:
    code: str
    short: str  # "Hạc Thành"
    name: str  # "Phường Hạc Thành"
    name_en: str
    kind: str  # phường | xã
    area_km2: float
    in_city: bool
    geometry: object  # the clean coverage's polygon (lon/lat)
    seat: Point = None  # lon/lat (6 decimals)

    @property
    def seat_km(self) -> Point:
        return FRAME.to_km(self.seat)


@dataclass
class Segment:
    code: str
    name: str
    road: str
    short: str
    road_class: str
    line: LineString  # km frame


@dataclass
class Site:
    point: Point  # lon/lat
    values: dict = field(default_factory=dict)


# --- communes, their coverage and outline ---------------------------------------------------------------------


def read_communes(path: Path) -> list[dict]:
    features = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))["features"]
    features = sorted(features, key=lambda f: str(f["properties"]["code"]))
    codes = [str(f["properties"]["code"]) for f in features]
    require(len(codes) == sum(UNITS.values()) == len(set(codes)), f"{path.name}: not 166 distinct codes")
    kinds = pd.Series([f["properties"]["kind"] for f in features]).value_counts().to_dict()
    require(kinds == UNITS, f"{path.name}: {kinds} instead of {UNITS}")
    return features


def clean_coverage(codes: list[str], geometries: list) -> tuple[list, dict]:
    """The polygons noded together on the 6-decimal grid, so neighbours share their edges vertex for vertex (a valid
    coverage, what `shapely.coverage_simplify` needs): a face two sources overlap on goes to the smaller code (as
    `UnitLocator` decides on a shared edge), a sliver between neighbours to the one it shares most border with."""
    source = np.asarray(geometries, dtype=object)
    noded = shapely.union_all(shapely.boundary(source), grid_size=GRID_DEG)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    tree = shapely.STRtree(source)
    face_idx, unit_idx = tree.query(shapely.point_on_surface(faces), predicate="within")
    owner = np.full(len(faces), -1)  # -1: a face no unit holds (a sliver between neighbours)
    for f, u in zip(face_idx, unit_idx, strict=True):
        owner[f] = u if owner[f] < 0 else min(owner[f], u)  # codes are sorted: the smaller index, the smaller code
    overlaps = int((np.bincount(face_idx, minlength=len(faces)) > 1).sum())
    gaps = [i for i in range(len(faces)) if owner[i] < 0]
    gap_area = 0.0
    for i in gaps:
        require(faces[i].area < GAP_AREA_LIMIT_DEG2, f"a gap of {faces[i].area:.2e} deg² between the communes")
        touching = [j for j in range(len(faces)) if owner[j] >= 0 and faces[j].intersects(faces[i])]
        best = max(touching, key=lambda j: faces[j].intersection(faces[i]).length)
        owner[i] = owner[best]
        gap_area += faces[i].area
    parts = defaultdict(list)
    for i, face in enumerate(faces):
        parts[int(owner[i])].append(face)
    clean = [shapely.coverage_union_all(parts[i]) if len(parts[i]) > 1 else parts[i][0] for i in range(len(codes))]
    clean = [shapely.MultiPolygon(shapely.get_parts(g)) if g.geom_type == "Polygon" else g for g in clean]
    moved = float(sum(shapely.area(shapely.symmetric_difference(a, b)) for a, b in zip(source, clean, strict=True)))
    report = {"faces": len(faces), "overlap_faces": overlaps, "gap_faces": len(gaps),
              "gap_area_m2": round(gap_area * 111_000 * 104_000, 1), "changed_area_m2": round(moved * 111_000 * 104_000)}
    require(bool(shapely.coverage_is_valid(np.asarray(clean, dtype=object))), "the noded communes are no coverage")
    require(all(g.is_valid for g in clean), "a noded commune is invalid")
    return clean, report


def city_facts() -> tuple[dict[str, dict], dict[str, Point]]:
    """What the city pack says of its 7 wards: populations (with their notes and sources) and seats (UBND)."""
    city = load_pack(CITY_SLUG)
    facts = {u.code: {"population": int(u.population), "population_note": u.population_note,
                      "population_source": u.population_source} for u in city.wards.itertuples()}
    offices = city.response_units[city.response_units["kind"] == "ward_office"]
    seats = {r.ward_code: Point(r.lon, r.lat) for r in offices.itertuples()}
    return facts, seats


def seat_of(geometry) -> Point:
    """The pole of inaccessibility of the largest part (lon/lat, 6 decimals): well inside, never on an edge."""
    largest = max(shapely.get_parts(geometry), key=lambda p: p.area)
    pole = FRAME.to_lonlat(polylabel(FRAME.to_km(largest), tolerance=0.05))
    point = Point(round(pole.x, 6), round(pole.y, 6))
    return point if geometry.contains(point) else largest.representative_point()


def build_communes(features: list[dict]) -> tuple[list[Commune], dict]:
    codes = [str(f["properties"]["code"]) for f in features]
    clean, report = clean_coverage(codes, [shape(f["geometry"]) for f in features])
    _, city_seats = city_facts()
    communes = []
    for f, geometry in zip(features, clean, strict=True):
        p = f["properties"]
        commune = Commune(str(p["code"]), p["name"], p["full_name"], p["name_en"], p["kind"], float(p["area_km2"]),
                          bool(p["former_city_of_thanh_hoa"]), geometry)
        commune.seat = city_seats.get(commune.code) or seat_of(geometry)
        require(geometry.contains(commune.seat), f"{commune.code}: seat outside")
        communes.append(commune)
    require({c.code for c in communes if c.in_city} == set(city_seats), "the city's wards differ from the city pack's")
    return communes, report


# --- roads ---------------------------------------------------------------------------------------------------


def neighbour_edges(communes: list[Commune], outline_km) -> dict[tuple[int, int], float]:
    """(i, j) → length (km) of the Delaunay edges between seats that mostly lie inside the province."""
    seats = np.array([[c.seat_km.x, c.seat_km.y] for c in communes])
    index = {(round(x, 9), round(y, 9)): i for i, (x, y) in enumerate(seats)}
    edges = {}
    for line in shapely.get_parts(shapely.delaunay_triangles(shapely.multipoints(seats), only_edges=True)):
        (x1, y1), (x2, y2) = line.coords
        i, j = sorted((index[(round(x1, 9), round(y1, 9))], index[(round(x2, 9), round(y2, 9))]))
        if line.length <= MAX_EDGE_KM and line.intersection(outline_km).length >= INSIDE_SHARE * line.length:
            edges[(i, j)] = line.length
    return dict(sorted(edges.items()))


def shortest_path(edges: dict[tuple[int, int], float], start: int, goal: int) -> list[int]:
    graph = defaultdict(list)
    for (i, j), length in edges.items():
        graph[i].append((j, length))
        graph[j].append((i, length))
    best, previous, queue = {start: 0.0}, {}, [(0.0, start)]
    while queue:
        dist, node = heapq.heappop(queue)
        if node == goal:
            break
        if dist > best[node]:
            continue
        for nxt, length in graph[node]:
            if dist + length < best.get(nxt, math.inf):
                best[nxt], previous[nxt] = dist + length, node
                heapq.heappush(queue, (dist + length, nxt))
    require(goal in best, "the road network is not connected")
    path = [goal]
    while path[-1] != start:
        path.append(previous[path[-1]])
    return path[::-1]


def anchor(communes: list[Commune], code: str) -> int:
    if code == "west":  # the westernmost seat within 15 km north or south of the provincial capital's
        capital = next(c for c in communes if c.code == "14797").seat_km
        band = [i for i, c in enumerate(communes) if abs(c.seat_km.y - capital.y) < 15]
        return min(band, key=lambda i: communes[i].seat_km.x)
    return next(i for i, c in enumerate(communes) if c.code == code)


def road_lines(communes: list[Commune], outline_km, warp: SmoothWarp) -> list[tuple[str, str, str, str, list]]:
    """(code, name, short name, class, [km lines]): the national roads along chains of seats, then one road per
    remaining neighbour edge; every line is bent by the warp and clipped inside the province."""
    edges = neighbour_edges(communes, outline_km)
    inner = outline_km.buffer(-EDGE_CLIP_KM)
    used, roads = set(), []

    def bent(chain: list[int]) -> list[LineString]:
        line = shapely.segmentize(LineString([communes[i].seat_km for i in chain]), 0.25)
        clipped = shapely.transform(line, warp).intersection(inner)
        return [p for p in shapely.get_parts(clipped) if p.geom_type == "LineString"]

    for code, name, short, stops in NATIONAL_ROADS:
        points = [anchor(communes, s) for s in stops]
        chain = [points[0]]
        for a, b in zip(points, points[1:], strict=False):
            chain += shortest_path(edges, a, b)[1:]
        used |= {tuple(sorted(pair)) for pair in zip(chain, chain[1:], strict=False)}
        roads.append((code, name, short, "highway", bent(chain)))
    number = 0
    for (i, j) in edges:
        if (i, j) in used:
            continue
        number += 1
        a, b = communes[i], communes[j]
        urban = "phường" in (a.kind, b.kind)
        roads.append((f"DX{number:03d}", f"Đường {'' if urban else 'liên xã '}{a.short} – {b.short}",
                      f"{a.short} – {b.short}", "arterial" if urban else "collector", bent([i, j])))
    return roads


def build_segments(roads) -> list[Segment]:
    segments = []
    for code, name, short, road_class, lines in roads:
        pieces = [p for line in lines for p in cut_evenly(line, SEGMENT_TARGET_KM, SEGMENT_MIN_KM, SEGMENT_MAX_KM)]
        segments += [Segment(f"{code}-{n:03d}", f"{name} (đoạn {n})", name, short, road_class, p)
                     for n, p in enumerate(pieces, start=1)]
    return segments


def segment_features(segments: list[Segment]) -> list[dict]:
    lines = gpd.GeoSeries([shapely.set_precision(FRAME.to_lonlat(s.line), GRID_DEG) for s in segments], crs=CRS)
    features = []
    for segment, geometry, length in zip(segments, lines, lines.to_crs(METRIC_CRS).length, strict=True):
        require(SEGMENT_MIN_M <= length <= SEGMENT_MAX_M, f"{segment.code} is {length:.0f} m long")
        lanes, free_flow = ROAD_CLASSES[segment.road_class]
        features.append({"type": "Feature", "id": segment.code, "properties": {
            "code": segment.code, "road": segment.road, "name": segment.name, "road_class": segment.road_class,
            "lanes": lanes, "free_flow_kmh": free_flow, "length_m": round(float(length), 1), "approximate": True,
        }, "geometry": geometry_to_geojson(geometry)})
    return features


# --- sites ---------------------------------------------------------------------------------------------------


def near_seat(commune: Commune, offset_km: tuple[float, float]) -> Point:
    """A point at this offset from the seat, or the seat itself when the offset leaves the commune."""
    x, y = commune.seat_km.x + offset_km[0], commune.seat_km.y + offset_km[1]
    lon, lat = FRAME.lonlat(x, y)
    point = Point(round(lon, 6), round(lat, 6))
    return point if commune.geometry.contains(point) else commune.seat


def lonlat6(point_km: Point) -> Point:
    lon, lat = FRAME.lonlat(point_km.x, point_km.y)
    return Point(round(lon, 6), round(lat, 6))


def camera(name: str, kind: str, point: Point, segment: str = "") -> Site:
    return Site(point, {"name": name, "kind": kind, "segment": segment, "snapshot_url": ""})


def build_cameras(communes: list[Commune], segments: list[Segment], short_of) -> list[Site]:
    """Traffic cameras mid-way on every other segment and at the junction nearest each seat, security cameras at
    the seats (two in a phường), flood cameras in the smaller half of the communes (every other one)."""
    traffic = [camera(f"Camera giao thông {s.short} – {short_of(lonlat6(s.line.interpolate(0.5, normalized=True)))}",
                      "traffic", lonlat6(s.line.interpolate(0.5, normalized=True)), s.code)
               for n, s in enumerate(segments) if n % 2 == 0]
    lines = [s.line for s in segments]
    tree = shapely.STRtree(lines)
    junction = []
    for c in communes:
        nearest = int(tree.nearest(c.seat_km))
        point = lines[nearest].interpolate(lines[nearest].project(c.seat_km))
        junction.append(camera(f"Camera giao thông nút {c.short}", "traffic", lonlat6(point), segments[nearest].code))
    security = [camera(f"Camera an ninh UBND {c.kind} {c.short} – {n}", "security", near_seat(c, offset))
                for c in communes for n, offset in enumerate(SECURITY_OFFSETS[c.kind], start=1)]
    small = sorted(communes, key=lambda c: (c.area_km2, c.code))[:len(communes) // 2]
    flood = [camera(f"Camera giám sát ngập {c.kind} {c.short}", "flood", near_seat(c, (-0.4, -0.3)))
             for c in sorted(small[::2], key=lambda c: c.code)]
    return (numbered(traffic + junction, "CAM-T", 4) + numbered(security, "CAM-S", 3)
            + numbered(flood, "CAM-F", 3))


def numbered(sites: list[Site], prefix: str, digits: int) -> list[Site]:
    for number, site in enumerate(sites, start=1):
        site.values["code"] = f"{prefix}{number:0{digits}d}"
    return sites


def spread(communes: list[Commune], count: int, first: str = "14797") -> list[Commune]:
    """`count` communes spread over the province: the first, then each time the seat farthest from those taken."""
    seats = np.array([[c.seat_km.x, c.seat_km.y] for c in communes])
    taken = [next(i for i, c in enumerate(communes) if c.code == first)]
    distance = np.hypot(*(seats - seats[taken[0]]).T)
    while len(taken) < count:
        nxt = int(np.argmax(distance))
        taken.append(nxt)
        distance = np.minimum(distance, np.hypot(*(seats - seats[nxt]).T))
    return [communes[i] for i in taken]


def build_stations(communes: list[Commune]) -> list[Site]:
    """The city pack's stations unchanged, then more near the seats of communes spread over the rest."""
    city = load_pack(CITY_SLUG).stations
    stations = [Site(Point(r.lon, r.lat), {k: getattr(r, k) for k in STATION_COLUMNS if k not in ("lat", "lon")})
                for r in city.itertuples()]
    parameters = {k: city.loc[city["kind"] == k, "parameters"].iloc[0] for k in STATION_NAMES}
    units = {k: city.loc[city["kind"] == k, "unit"].iloc[0] for k in STATION_NAMES}
    outside = [c for c in communes if not c.in_city]
    phuong = [c for c in outside if c.kind == "phường"]
    picks = [c for c in spread(communes, 80) if not c.in_city]
    xa = [c for c in picks if c.kind == "xã"]
    others = iter(picks)
    for kind, count, prefix, start in EXTRA_STATIONS:
        places = (phuong + xa)[:count] if kind == "air" else [next(others) for _ in range(count)]
        for n, c in enumerate(places, start=start):
            alarms, note = ((DEMO_ALARMS, DEMO_ALARM_NOTE) if kind == "water_level"
                            else ((None,) * 3, "Approximate position (demo)."))
            stations.append(Site(near_seat(c, STATION_OFFSETS[kind]), {
                "code": f"{prefix}-{n:02d}", "name": STATION_NAMES[kind].format(name=f"{c.kind} {c.short}"),
                "kind": kind, "parameters": parameters[kind], "alarm1": alarms[0], "alarm2": alarms[1],
                "alarm3": alarms[2], "unit": units[kind], "note": note}))
    return stations


def build_response_units(communes: list[Commune]) -> list[Site]:
    """Police and the People's Committee of every commune, then the regional services in spread-out communes."""
    units = []
    for c in communes:
        units.append(Site(near_seat(c, POLICE_OFFSET), {"code": f"CA-{c.code}", "kind": "police", "phone": "113",
                                                        "name": f"Công an {c.kind} {c.short}"}))
        units.append(Site(c.seat, {"code": f"UBND-{c.code}", "kind": "ward_office", "phone": "",
                                   "name": f"UBND {c.kind} {c.short}"}))
    for hub in sorted(spread(communes, HUBS), key=lambda c: c.code):
        for prefix, name, kind, offset, phone in SERVICES:
            units.append(Site(near_seat(hub, offset), {"code": f"{prefix}-{hub.code}", "kind": kind, "phone": phone,
                                                       "name": name.format(name=hub.short)}))
    return units


# --- populations, categories ---------------------------------------------------------------------------------


def population_of(commune: Commune, facts: dict[str, dict]) -> dict:
    if commune.code in facts:
        return facts[commune.code]
    base, exponent = POPULATION_BASE[commune.kind], POPULATION_EXPONENT[commune.kind]
    estimate = int(round(base * (commune.area_km2 / POPULATION_AREA_KM2) ** exponent, -2))
    return {"population": estimate, "population_source": None,
            "population_note": POPULATION_ESTIMATE_NOTE.format(base=f"{base:,}", exp=exponent, kind=commune.kind)}


def unit_features(communes: list[Commune]) -> list[dict]:
    facts, _ = city_facts()
    features = []
    for c in communes:
        features.append({"type": "Feature", "id": f"ward-{c.code}", "properties": {
            "code": c.code, "name": c.name, "short_name": c.short, "level": "ward", "valid_from": VALID_FROM,
            "valid_to": None, **population_of(c, facts), "area_km2": c.area_km2, "approximate": False,
            "kind": c.kind, "name_en": c.name_en, "district": None, "parent_code": PROVINCE_CODE,
            "note": f"{NQ_1686} (the province's 166 commune-level units, k.146)",
        }, "geometry": geometry_to_geojson(c.geometry)})
    return features


def category_rows(city) -> list[list]:
    return [[r.code, r.name_vi, r.name_en, int(r.default_severity), round(float(r.rate_per_day) * INCIDENT_RATE_FACTOR,
                                                                        1)]
            for r in city.categories.itertuples()]


def sla_rows(city) -> list[list]:
    return [[r.category, int(r.severity), int(r.ack_minutes), int(r.resolve_minutes), "true" if r.placeholder else
             "false"] for r in city.sla.itertuples()]


# --- output --------------------------------------------------------------------------------------------------


def site_rows(sites: list[Site], header: list[str]) -> list[list]:
    rows = []
    for site in sites:
        values = {**site.values, "lon": round(site.point.x, 6), "lat": round(site.point.y, 6)}
        rows.append([None if isinstance(values[k], float) and math.isnan(values[k]) else values[k] for k in header])
    return rows


def outline_feature(outline) -> dict:
    return {"type": "Feature", "id": "outline", "properties": {
        "name": "Tỉnh Thanh Hóa (166 xã, phường từ 01/07/2025)", "approximate": False,
        "note": "Union of the official commune polygons (noded on their 6-decimal grid)."},
        "geometry": geometry_to_geojson(outline)}


def pack_meta(outline, report: dict, counts: dict, population: dict) -> dict:
    city = load_pack(CITY_SLUG).meta
    centre = outline.centroid
    return {
        "slug": SLUG, "name_vi": "Tỉnh Thanh Hóa", "name_en": "Thanh Hoa province", "timezone": "Asia/Ho_Chi_Minh",
        "center": {"lat": round(centre.y, 6), "lon": round(centre.x, 6)}, "zoom": 8,
        "bounds": [round(v, 6) for v in outline.bounds],
        "ward_level": "ward",
        "levels": [{"level": "ward", "name_vi": "Xã, phường (từ 01/07/2025)",
                    "name_en": "Communes and wards (since 2025-07-01)"}],
        "browser_tolerance_deg": BROWSER_TOLERANCE_DEG,
        # Built from source/ when missing (5 MB, the same polygons again): not committed.
        "generated_on_load": {"units.geojson": "geo.build_province:units_text"},
        "approximate_geometry": {"wards": False, "outline": False, "roads": True, "cameras": True, "stations": True,
                                 "response_units": True},
        "geometry_note_vi": ("Ranh giới 166 xã, phường (từ 01/07/2025) là ranh giới CHÍNH THỨC (bản đồ sắp xếp ĐVHC "
                             "2025, qua bộ dữ liệu Vietnamese Provinces Database, MIT). Mạng đường, vị trí camera, trạm "
                             "quan trắc và lực lượng ứng phó là GẦN ĐÚNG, được sinh tự động chỉ để trình diễn."),
        "geometry_note_en": ("The boundaries of the 166 communes and wards (since 2025-07-01) are OFFICIAL (the 2025 "
                             "rearrangement reference map, via the Vietnamese Provinces Database, MIT). The road "
                             "network and the positions of cameras, stations and response units are APPROXIMATE, "
                             "generated for demonstration only."),
        "about_data": {
            "vi": ("Về dữ liệu: ranh giới 166 xã, phường là chính thức (bản đồ sắp xếp đơn vị hành chính năm 2025; "
                   "dữ liệu © 2021 Thang Le Quoc, giấy phép MIT). Dân số: phường Hạc Thành theo số công bố, Đông Tiến "
                   "theo nguồn thứ cấp, các xã, phường khác là số ước tính. Mạng đường, vị trí camera, trạm quan "
                   "trắc và lực lượng ứng phó là gần đúng, chỉ để minh họa."),
            "en": ("About the data: the boundaries of the 166 communes and wards are official (the 2025 administrative "
                   "rearrangement map; data © 2021 Thang Le Quoc, MIT licence). Populations: Hạc Thành's is the "
                   "published figure, Đông Tiến's from a secondary source, the others are estimates. The road "
                   "network and the camera, station and response-unit positions are approximate, for illustration "
                   "only."),
        },
        "map_note": {"vi": "Ranh giới xã, phường: chính thức (2025). Đường, camera, trạm: vị trí gần đúng.",
                     "en": "Commune and ward boundaries: official (2025). Roads, cameras, stations: approximate."},
        "alert_rules": city["alert_rules"],
        "severity_scale": city["severity_scale"],
        "counts": counts,
        "notes": [
            {"en": ("Official: the 166 commune polygons (19 phường + 147 xã), their GSO codes, names and areas, and the "
                    "province outline (their union). The source's neighbours overlap or leave slivers along "
                    f"{report['overlap_faces'] + report['gap_faces']} small faces ({report['changed_area_m2']:,} m² in "
                    "all): the pack's polygons are the source noded on its own 6-decimal grid, an overlap given to the "
                    "smaller code and a sliver to the neighbour sharing most border with it, so that they form a "
                    "clean coverage; the unchanged source is in source/."),
             "vi": ("Chính thức: ranh giới 166 xã, phường (19 phường + 147 xã), mã GSO, tên, diện tích và đường địa "
                    "giới tỉnh (hợp của chúng). Dữ liệu gốc có các chỗ chồng lấn hoặc khe hở rất nhỏ giữa hai đơn vị "
                    f"kề nhau (tổng {report['changed_area_m2']:,} m²): ranh giới trong gói được nút hóa trên lưới 6 chữ "
                    "số thập phân của chính dữ liệu gốc, chỗ chồng lấn giao cho mã nhỏ hơn, khe hở giao cho đơn vị "
                    "chung ranh dài nhất; bản gốc nguyên vẹn ở thư mục source/.")},
            {"en": ("Populations: Hạc Thành and Đông Tiến carry their source (population_source), as in the city "
                    "pack; the five other wards of the former city keep the city pack's estimates, and the other 159 "
                    f"communes are ESTIMATES from their kind and area (population_note). Total {population['total']:,} "
                    "people, an estimate."),
             "vi": ("Dân số: Hạc Thành và Đông Tiến có ghi nguồn (population_source), như trong gói thành phố; năm "
                    "phường còn lại của thành phố cũ giữ số ước tính của gói thành phố, 159 xã, phường khác là số ƯỚC "
                    f"TÍNH theo loại đơn vị và diện tích (population_note). Tổng {population['total']:,} người, ước "
                    "tính.")},
            {"en": ("The road network is GENERATED: one road per pair of neighbouring commune seats (Delaunay edges "
                    f"up to {MAX_EDGE_KM:.0f} km, inside the province), Quốc lộ 1A (Bỉm Sơn – Hạc Thành – Nghi Sơn) "
                    "and Quốc lộ 47 (Sầm Sơn – Hạc Thành – west) drawn along chains of seats, all bent by a smooth "
                    "warp; its alignments are not the real ones. Seats are the poles of inaccessibility of the "
                    "communes (the city pack's ward offices for the 7 wards of the former city)."),
             "vi": ("Mạng đường được SINH TỰ ĐỘNG: mỗi cặp trụ sở xã, phường kề nhau có một tuyến (cạnh Delaunay, "
                    f"tối đa {MAX_EDGE_KM:.0f} km, nằm trong tỉnh), Quốc lộ 1A (Bỉm Sơn – Hạc Thành – Nghi Sơn) và "
                    "Quốc lộ 47 (Sầm Sơn – Hạc Thành – phía Tây) nối qua các trụ sở, tất cả được uốn mềm; tuyến "
                    "không trùng với đường thật.")},
            {"en": ("Stations: the city pack's 21 (Giàng with its published alarm levels) plus generated ones near "
                    "the seats of communes spread over the province; their water-level alarm levels are demo values. "
                    f"Incident rates are the city's times {INCIDENT_RATE_FACTOR:g} (an estimate); SLA targets are "
                    "the city pack's PLACEHOLDERS."),
             "vi": ("Trạm: 21 trạm của gói thành phố (Giàng với mức báo động công bố) và các trạm sinh tự động gần trụ "
                    "sở các xã, phường trải khắp tỉnh; mức báo động của chúng là giá trị minh họa. Tần suất sự cố "
                    f"bằng {INCIDENT_RATE_FACTOR:g} lần thành phố (ước tính); chỉ tiêu SLA là giá trị TẠM của gói "
                    "thành phố.")},
            {"en": "No former-units crosswalk: the province pack has one level (the 166 units since 2025-07-01).",
             "vi": "Không có bảng chuyển đổi đơn vị cũ: gói tỉnh chỉ có một cấp (166 đơn vị từ 01/07/2025)."},
        ],
        "sources": [
            {**city["sources"][0], "used_for": ("the polygons of the 166 communes (geo/thanh_hoa_province/source/), "
                                                "their union (the province outline), official areas (area_km2)")},
            *[s for s in city["sources"] if "population" in s["used_for"]],
            {"title": "geo/thanh_hoa/ (the city pack of this repository)", "url": "", "licence": "Apache-2.0",
             "used_for": "the 7 wards' seats, populations and the 21 stations of the former city"},
            {"title": "geo/build_province.py (this repository)", "url": "", "licence": "Apache-2.0",
             "used_for": "approximate geometry: roads, cameras, stations, response units; population estimates"},
        ],
        "generator": "python -m geo.build_province",
    }


README = """# Thanh Hóa province pack

Generated by `python -m geo.build_province` from `source/` and the city pack `geo/thanh_hoa/`; do not edit by hand.
Selected with `CITYOPS_CITY=thanh_hoa_province`.

**Official:** the polygons of the 166 commune-level units in force since 2025-07-01 (19 phường + 147 xã,
`units.geojson`, level `ward`, `approximate: false`), their GSO codes, names and areas, and the province outline
(`outline.geojson`, their union). The source's neighbours overlap or leave slivers along a few small faces; the
pack's polygons are the source noded on its own 6-decimal grid so that they form a clean coverage (details in
`pack.json` → `notes`); the unchanged source is in `source/`.

**Populations:** Hạc Thành's is the published figure and Đông Tiến's comes from a secondary source (both with
`population_source`); every other figure is an ESTIMATE (see `population_note`).

**Approximate (generated, `approximate: true`):** the road network (one road per pair of neighbouring commune
seats, Quốc lộ 1A and 47 along chains of seats), the positions of cameras, stations and response units (near the
communes' seats). The 21 stations of the former city come from the city pack. Incident rates are estimates, demo
alarm levels and every SLA target are placeholders. There is no former-units crosswalk (one level only).

Commune polygons: Vietnamese Provinces Database (thanglequoc/vietnamese-provinces-database), GeoJSON export,
folder json/geojson/38_thanh_hoa/, GIS dataset v4.0.0 (2026-06-20), export of 2026-07-25; boundaries derived from
the official reference map of the 2025 rearrangement (sapnhap.bando.com.vn, Publishing House of Natural Resources,
Environment and Cartography). https://github.com/thanglequoc/vietnamese-provinces-database, MIT, © 2021 Thang Le
Quoc (copy and licence in `source/`).
"""
BROWSER_TOLERANCE_DEG = 0.0005  # about 50 m: the browser copy of 166 communes stays under 1 MB
CAMERA_COLUMNS = ["code", "name", "kind", "lat", "lon", "segment", "snapshot_url"]
STATION_COLUMNS = ["code", "name", "kind", "lat", "lon", "parameters", "alarm1", "alarm2", "alarm3", "unit", "note"]
RESPONSE_UNIT_COLUMNS = ["code", "name", "kind", "ward_code", "lat", "lon", "phone"]


def check_one_unit_each(communes: list[Commune], points: dict[str, Point], what: str) -> None:
    tree = shapely.STRtree([c.geometry for c in communes])
    for code, point in points.items():
        require(len(tree.query(point, predicate="intersects")) == 1, f"{what} {code} is not in exactly one commune")


def units_text() -> str:
    """`units.geojson` from the official source (4 s): not committed, the pack loader writes it on first load."""
    communes, _report = build_communes(read_communes(SOURCE_DIR / SOURCE_FILE))
    return feature_collection_text(unit_features(communes))


def build_pack(out_dir: Path = DEFAULT_OUT) -> dict[str, int]:
    """Generate every pack file into ``out_dir``; returns the counts of what was written."""
    communes, report = build_communes(read_communes(SOURCE_DIR / SOURCE_FILE))
    outline = shapely.coverage_union_all([c.geometry for c in communes])
    locator = UnitLocator(gpd.GeoDataFrame({"code": [c.code for c in communes]},
                                           geometry=[c.geometry for c in communes], crs=CRS))
    short = {c.code: c.short for c in communes}

    def short_of(point: Point) -> str:
        return short[locator.locate(point.x, point.y)]

    warp = SmoothWarp(np.random.default_rng(RNG_SEED), amplitude_km=WARP_AMPLITUDE_KM,
                      wavelength_km=WARP_WAVELENGTH_KM)
    segments = build_segments(road_lines(communes, FRAME.to_km(outline), warp))
    cameras = build_cameras(communes, segments, short_of)
    stations = build_stations(communes)
    response_units = build_response_units(communes)
    for unit in response_units:
        unit.values["ward_code"] = locator.locate(unit.point.x, unit.point.y)
    for sites, what in ((cameras, "camera"), (stations, "station"), (response_units, "response unit")):
        check_one_unit_each(communes, {s.values["code"]: s.point for s in sites}, what)
    road_features = segment_features(segments)
    check_one_unit_each(communes, {f["id"]: shape(f["geometry"]).representative_point() for f in road_features},
                        "road segment")
    units = unit_features(communes)
    city = load_pack(CITY_SLUG)
    counts = {"wards": len(communes), "roads": len({s.road for s in segments}), "segments": len(segments),
              "cameras": len(cameras), "stations": len(stations), "response_units": len(response_units)}
    population = {"total": sum(f["properties"]["population"] for f in units)}
    write_pack(out_dir, {
        "pack.json": json.dumps(pack_meta(outline, report, counts, population), ensure_ascii=False, indent=2) + "\n",
        "units.geojson": feature_collection_text(units),
        "outline.geojson": feature_collection_text([outline_feature(outline)]),
        "roads.geojson": feature_collection_text(road_features),
        "cameras.csv": csv_text(CAMERA_COLUMNS, site_rows(cameras, CAMERA_COLUMNS)),
        "stations.csv": csv_text(STATION_COLUMNS, site_rows(stations, STATION_COLUMNS)),
        "response_units.csv": csv_text(RESPONSE_UNIT_COLUMNS, site_rows(response_units, RESPONSE_UNIT_COLUMNS)),
        "categories.csv": csv_text(["code", "name_vi", "name_en", "default_severity", "rate_per_day"],
                                   category_rows(city)),
        "sla.csv": csv_text(["category", "severity", "ack_minutes", "resolve_minutes", "placeholder"], sla_rows(city)),
        "README.md": README,
    })
    copy_sources(out_dir)
    return counts


def copy_sources(out_dir: Path) -> None:
    """The unchanged source files travel with the pack (their licence asks for it)."""
    target = out_dir / "source"
    if target.resolve() == SOURCE_DIR.resolve():
        return
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(SOURCE_DIR.iterdir()):
        (target / path.name).write_bytes(path.read_bytes())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: geo/{SLUG})")
    counts = build_pack(parser.parse_args(argv).out)
    print(", ".join(f"{name}={count}" for name, count in counts.items()))


if __name__ == "__main__":
    main()
