"""Generate the Thanh Hóa pack into geo/thanh_hoa/ (or --out DIR).

    python -m geo.build_thanh_hoa [--out DIR]

The 7 wards are the official 2025 polygons (geo/thanh_hoa/source/, copied unchanged); their union is the city
limit and the Mã is traced along their borders. Everything else is APPROXIMATE, generated from the hand-made
layout in geo/thanh_hoa_layout.py: former units are warped Voronoi cells of approximate centres inside the ward
that absorbed them (a unit NQ 1686 divides has a centre, hence a part, in each of its two wards); roads, sites
and canals are placed inside the real wards. The output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, shape
from shapely.ops import substring

from geo import thanh_hoa_layout as L
from geo.pack import CRS, UnitLocator, feature_collection_text, geometry_to_geojson, short_name
from geo.synthetic import (
    GRID_DEG,
    LocalFrame,
    SeedRegion,
    SmoothWarp,
    chaikin,
    cut_evenly,
    offset_from_line,
    smooth_line,
    tile_faces,
)

DEFAULT_OUT = Path(__file__).resolve().parent / "thanh_hoa"
SOURCE_DIR = DEFAULT_OUT / "source"
METRIC_CRS = "EPSG:32648"  # UTM 48N, for lengths in metres
FORMER_POPULATION_NOTE = "Approximate: scaled so that the former units of each ward add up to the ward's figure."
WARD_POPULATION_ESTIMATE = ("ESTIMATE (no published figure found): sum of the approximate populations of its "
                            "former units.")
WARD_POPULATION_SOURCED = "Published figure; see population_source."
FRAME = LocalFrame(L.CENTER_LON, L.CENTER_LAT)
RIVER_NORMAL_SPAN_KM = 0.2  # the traced river wiggles at the metre scale: take its direction over ±200 m
MIN_SPLIT_BORDER_KM = 0.2
# Noding on the 6-decimal grid moves a ward edge by up to 0.1 m where a cell edge crosses it, so the former units
# tile the official outline up to slivers of this many square degrees in all (about 120 m², 5e-7 of the city).
TILING_SLOP_DEG2 = 1e-8


class LayoutError(ValueError):
    """The layout tables produce an inconsistent pack (e.g. a site on no ward); fix the layout."""


def require(condition: bool, message: str) -> None:
    if not condition:
        raise LayoutError(message)


@dataclass
class Tiling:
    outline: Polygon  # lon/lat, the union of the wards
    wards: dict[str, MultiPolygon]  # official geometry, unchanged
    former: dict[str, Polygon]
    parts: dict[tuple[str, str], Polygon]  # (former unit, ward) -> the unit's part in that ward


@dataclass
class Segment:
    code: str
    name: str
    road: L.Road
    line: LineString  # km frame


@dataclass
class Site:
    """A point site: its position (km frame) and every other column of its CSV row."""

    point: Point
    values: dict


# --- wards, outline and former units ------------------------------------------------------------------------


def read_official_wards(path: Path) -> tuple[dict[str, MultiPolygon], dict[str, float]]:
    """Geometry and official area (km²) of each ward in the source FeatureCollection, by GSO code."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    by_code = {str(f["properties"]["code"]): f for f in features}
    require(set(by_code) == {w.code for w in L.WARDS}, f"{path.name} does not hold exactly the 7 wards")
    geometries = {code: shape(f["geometry"]) for code, f in by_code.items()}
    require(all(g.is_valid for g in geometries.values()), f"{path.name}: a ward polygon is invalid")
    return geometries, {code: f["properties"]["area_km2"] for code, f in by_code.items()}


def seeds_of(ward_code: str) -> dict[tuple[str, str], tuple[float, float]]:
    return {(u.code, ward): seed for u in L.FORMER_UNITS for ward, seed in zip(u.wards, u.seeds_km, strict=True)
            if ward == ward_code}


def build_units(wards: dict[str, MultiPolygon], warp: SmoothWarp) -> Tiling:
    """Former units as warped Voronoi cells of their centres, each ward tiled by the units it absorbed."""
    outline = shapely.coverage_union_all(list(wards.values()))
    regions = [SeedRegion(wards[w.code], seeds_of(w.code)) for w in L.WARDS]
    faces = defaultdict(list)
    for face, key in tile_faces(outline, regions, FRAME, warp):
        faces[key].append(face)
    parts = absorb_fragments(merge_faces(faces))
    by_unit = defaultdict(list)
    for (code, _), part in parts.items():
        by_unit[code].append(part)
    return Tiling(outline=outline, wards=wards, former=merge_faces(by_unit), parts=parts)


def merge_faces(groups: dict) -> dict:
    return {key: shapely.union_all(faces, grid_size=GRID_DEG) for key, faces in groups.items()}


def absorb_fragments(parts: dict[tuple[str, str], Polygon]) -> dict[tuple[str, str], Polygon]:
    """Keep each part in one piece: where the ward's edge cuts a cell in several, the smaller pieces go to the
    part of the same ward they share the longest border with."""
    pieces = defaultdict(list)
    for key, part in parts.items():
        largest, *rest = sorted(shapely.get_parts(part), key=lambda p: -p.area)
        pieces[key].append(largest)
        for fragment in rest:
            neighbours = [k for k in parts if k[1] == key[1] and k != key]
            best = max(neighbours, key=lambda k: fragment.boundary.intersection(parts[k].boundary).length)
            require(fragment.boundary.intersection(parts[best].boundary).length > 0, f"{key}: isolated fragment")
            pieces[best].append(fragment)
    return merge_faces(pieces)


def check_tiling(tiling: Tiling) -> None:
    require(tiling.outline.geom_type == "Polygon", "the wards do not form one city")
    require(set(tiling.former) == {u.code for u in L.FORMER_UNITS}, "a former unit got no face")
    former_area = sum(g.area for g in tiling.former.values())
    require(abs(former_area - tiling.outline.area) < TILING_SLOP_DEG2, "former units overlap or leave gaps")
    for code, geom in tiling.former.items():
        require(geom.is_valid and geom.geom_type == "Polygon", f"unit {code} is not one valid polygon")
    for ward in L.WARDS:
        require(tiling.wards[ward.code].contains(Point(FRAME.lonlat(*ward.seat_km))), f"{ward.code}: seat outside")
    for unit in L.FORMER_UNITS:
        for ward, seed in zip(unit.wards, unit.seeds_km, strict=True):
            part = tiling.parts[(unit.code, ward)]
            require(part.contains(Point(FRAME.lonlat(*seed))), f"{unit.code}: seed outside its part in {ward}")
            require(part.difference(tiling.wards[ward]).area < TILING_SLOP_DEG2, f"{unit.code}: spills out of {ward}")
        if len(unit.wards) == 2:
            first, second = (FRAME.to_km(tiling.parts[(unit.code, w)]) for w in unit.wards)
            smallest = min(first.area, second.area)
            shared = first.boundary.intersection(second.boundary).length
            require(smallest > 0.05 * (first.area + second.area), f"{unit.code}: split is lopsided")
            require(shared > MIN_SPLIT_BORDER_KM, f"{unit.code}: its two parts are not adjacent ({shared:.2f} km)")


def split_share(tiling: Tiling, code: str, ward: str) -> float:
    return tiling.parts[(code, ward)].area / tiling.former[code].area


def whole_numbers(values: list[float], total: int) -> list[int]:
    """Round ``values`` (which sum to ``total``) to integers that still sum to it (largest remainders)."""
    floors = [math.floor(v) for v in values]
    by_remainder = sorted(range(len(values)), key=lambda i: (floors[i] - values[i], i))
    for i in by_remainder[:total - sum(floors)]:
        floors[i] += 1
    return floors


def populations(tiling: Tiling) -> tuple[dict[str, int], dict[str, int]]:
    """Each ward's figure (published where known, else the sum of its former units' approximate populations,
    a split unit counted by area share) and the former units' populations, scaled to add up to those figures."""
    weights = {(u.code, ward): u.population * (split_share(tiling, u.code, ward) if len(u.wards) > 1 else 1.0)
               for u in L.FORMER_UNITS for ward in u.wards}
    wards, former = {}, defaultdict(int)
    for ward in L.WARDS:
        keys = [key for key in weights if key[1] == ward.code]
        total = sum(weights[key] for key in keys)
        figure = L.WARD_POPULATIONS[ward.code][0] if ward.code in L.WARD_POPULATIONS else int(round(total, -2))
        wards[ward.code] = figure
        for (code, _), people in zip(keys, whole_numbers([weights[k] * figure / total for k in keys], figure),
                                     strict=True):
            former[code] += people
    return wards, dict(former)


# --- waterways -----------------------------------------------------------------------------------------------


def ring_arcs(ring: LineString, a: Point, b: Point) -> list[LineString]:
    """The two arcs of a closed ring between two points on it."""
    start, end = sorted((ring.project(a), ring.project(b)))
    around = [piece for piece in (substring(ring, end, ring.length), substring(ring, 0, start)) if piece.length > 0]
    return [substring(ring, start, end), shapely.line_merge(MultiLineString(around))]


def ma_river(wards: dict[str, MultiPolygon]) -> LineString:
    """The Mã (lon/lat, downstream): the arc of the south bank's outline from entry to exit along the north-bank
    ward (the official borders follow the river)."""
    south_bank = shapely.union_all([g for code, g in wards.items() if code != L.NORTH_BANK_WARD])
    require(south_bank.geom_type == "Polygon", "the south-bank wards do not form one area")
    ring = LineString(south_bank.exterior.coords)
    entry, exit_ = Point(L.MA_RIVER_ENTRY_LONLAT), Point(L.MA_RIVER_EXIT_LONLAT)
    require(ring.distance(entry) < 1e-6 and ring.distance(exit_) < 1e-6, "river ends are not on the wards' edge")
    north_bank = wards[L.NORTH_BANK_WARD].boundary
    river = max(ring_arcs(ring, entry, exit_), key=lambda arc: arc.intersection(north_bank).length)
    return river if Point(river.coords[0]).distance(entry) < 1e-6 else river.reverse()


def smoothed(line_km: LineString) -> LineString:
    """A traced line without its metre-scale wiggles (for roads that follow it)."""
    return LineString(chaikin(line_km.simplify(0.05).coords, iterations=3))


def waterway_lines_km(outline_km: Polygon, river_km: LineString) -> dict[str, LineString]:
    inner = outline_km.buffer(-0.05)
    lines = {"Sông Mã": river_km}
    for name, points in L.CANALS_KM.items():
        canal = smooth_line(points, 2).intersection(inner)
        require(canal.geom_type == "LineString", f"{name} leaves the city")
        require(not canal.intersects(river_km), f"{name} crosses the Mã")
        lines[name] = canal
    return lines


# --- roads ---------------------------------------------------------------------------------------------------


def road_part_km(part, waterways_km: dict[str, LineString]) -> LineString:
    if isinstance(part, L.AlongWaterway):
        stretch = substring(smoothed(waterways_km[part.waterway]), part.from_km, part.to_km)
        offset = shapely.offset_curve(stretch, part.offset_km, join_style="round")
        require(offset.geom_type == "LineString", f"the road along {part.waterway} folds over itself")
        return smooth_line(offset.simplify(0.02).coords, 2)
    return smooth_line(part, 2)


def road_lines_km(outline_km: Polygon, waterways_km: dict[str, LineString]) -> dict[str, list[LineString]]:
    """Each road's smoothed parts, clipped 40 m inside the outline; only a bridge road crosses the Mã, at the
    Hàm Rồng bridge."""
    inner = outline_km.buffer(-0.04)
    river = waterways_km["Sông Mã"]
    bridge = river.interpolate(river.project(Point(L.HAM_RONG_BRIDGE_NEAR_KM)))
    lines = {}
    for road in L.ROADS:
        clipped = [piece for part in road.parts
                   for piece in shapely.get_parts(road_part_km(part, waterways_km).intersection(inner))
                   if piece.geom_type == "LineString"]
        crossings = [p for piece in clipped for p in shapely.get_parts(piece.intersection(river)) if not p.is_empty]
        crosses = road.code in L.ROAD_BRIDGES
        require(len(crossings) == (1 if crosses else 0), f"{road.code} crosses the Mã {len(crossings)} times")
        require(not crosses or crossings[0].distance(bridge) < 0.3, f"{road.code} misses the bridge")
        lines[road.code] = clipped
    return lines


def build_segments(lines_km: dict[str, list[LineString]]) -> list[Segment]:
    """Equal pieces of about 650 m per road part, kept 20 m clear of the 300/900 m limits."""
    lo, hi = (L.SEGMENT_MIN_M + 20) / 1000, (L.SEGMENT_MAX_M - 20) / 1000
    segments = []
    for road in L.ROADS:
        pieces = [p for line in lines_km[road.code] for p in cut_evenly(line, L.SEGMENT_TARGET_M / 1000, lo, hi)]
        segments += [Segment(f"{road.code}-{n:02d}", f"{road.name} (đoạn {n})", road, shapely.segmentize(p, 0.15))
                     for n, p in enumerate(pieces, start=1)]
    return segments


def lanes_and_free_flow(road: L.Road) -> tuple[int, int]:
    return L.AVENUE_DEFAULTS if road.name.startswith("Đại lộ") else L.ROAD_CLASS_DEFAULTS[road.road_class]


def segment_features(segments: list[Segment]) -> list[dict]:
    lines = gpd.GeoSeries([shapely.set_precision(FRAME.to_lonlat(s.line), GRID_DEG) for s in segments], crs=CRS)
    features = []
    for segment, geometry, length in zip(segments, lines, lines.to_crs(METRIC_CRS).length, strict=True):
        require(L.SEGMENT_MIN_M <= length <= L.SEGMENT_MAX_M, f"{segment.code} is {length:.0f} m long")
        lanes, free_flow = lanes_and_free_flow(segment.road)
        features.append({"type": "Feature", "id": segment.code, "properties": {
            "code": segment.code, "road": segment.road.name, "name": segment.name,
            "road_class": segment.road.road_class, "lanes": lanes, "free_flow_kmh": free_flow,
            "length_m": round(float(length), 1), "approximate": True,
        }, "geometry": geometry_to_geojson(geometry)})
    return features


# --- cameras -------------------------------------------------------------------------------------------------


def junctions(lines_km: dict[str, list[LineString]], tolerance_km: float = 0.03) -> list[tuple[str, str, Point]]:
    """(major road, minor road, point) where two roads meet or cross; L.ROADS lists the major roads first."""
    merged = {code: shapely.MultiLineString(parts) for code, parts in lines_km.items() if parts}
    codes = list(merged)
    found = []
    for i, major in enumerate(codes):
        for minor in codes[i + 1:]:
            near = merged[major].intersection(merged[minor].buffer(tolerance_km))
            for piece in shapely.get_parts(near):
                point = piece.centroid
                if not piece.is_empty and all(point.distance(p) > 0.1 for _, _, p in found):
                    found.append((major, minor, point))
    return found


def camera(name: str, kind: str, point: Point, segment: str = "") -> Site:
    return Site(point, {"name": name, "kind": kind, "segment": segment, "snapshot_url": ""})


def traffic_cameras(segments: list[Segment], lines_km: dict[str, list[LineString]]) -> list[Site]:
    """One camera at every junction (on the major road) and one mid-way on every segment left unwatched."""
    short = {road.code: road.short_name for road in L.ROADS}
    cameras, watched, name_count = [], set(), defaultdict(int)
    for major, minor, point in junctions(lines_km):
        segment = min((s for s in segments if s.road.code == major), key=lambda s: s.line.distance(point))
        name = f"Camera giao thông {short[major]} – {short[minor]}"
        name_count[name] += 1
        if name_count[name] > 1:
            name += f" ({name_count[name]})"
        cameras.append(camera(name, "traffic", segment.line.interpolate(segment.line.project(point)), segment.code))
        watched.add(segment.code)
    cameras += [camera(f"Camera giao thông {s.name}", "traffic", s.line.interpolate(0.5, normalized=True), s.code)
                for s in segments if s.code not in watched]
    return cameras


def security_cameras() -> list[Site]:
    places = [*L.PUBLIC_PLACES, *((f"UBND phường {w.short_name}", w.seat_km) for w in L.WARDS)]
    return [camera(f"Camera an ninh {name} – {n}", "security", Point(x + dx, y))
            for name, (x, y) in places for n, dx in ((1, -0.06), (2, 0.06))]


def flood_cameras(river_km: LineString, outline_km: Polygon, ward_of) -> list[Site]:
    """Cameras along the Mã every few km (right bank; every other one on the left bank too), then low spots."""
    inner = outline_km.buffer(-0.05)
    cameras, per_ward = [], defaultdict(int)
    for i in range(1, int(river_km.length // L.FLOOD_CAMERA_SPACING_KM)):
        for bank in (-1, 1) if i % 2 == 0 else (-1,):
            point = offset_from_line(river_km, i * L.FLOOD_CAMERA_SPACING_KM, bank * L.FLOOD_CAMERA_SETBACK_KM,
                                     span=RIVER_NORMAL_SPAN_KM)
            if inner.contains(point):
                ward = ward_of(point)
                per_ward[ward] += 1
                cameras.append(camera(f"Camera giám sát lũ sông Mã – {ward} {per_ward[ward]}", "flood", point))
    return cameras + [camera(f"Camera giám sát ngập {name}", "flood", Point(xy)) for name, xy in L.LOW_SPOTS]


def numbered(sites: list[Site], prefix: str) -> list[Site]:
    for number, site in enumerate(sites, start=1):
        site.values["code"] = f"{prefix}{number:03d}"
    return sites


# --- stations and response units ----------------------------------------------------------------------------


def waterway_point(line_km: LineString, near_km: tuple[float, float], bank: int) -> Point:
    """The point of a waterway nearest ``near_km``, moved ``bank`` setbacks to its left (negative: right)."""
    along = line_km.project(Point(near_km))
    if not bank:
        return line_km.interpolate(along)
    return offset_from_line(line_km, along, bank * L.GAUGE_SETBACK_KM, span=RIVER_NORMAL_SPAN_KM)


def build_stations(waterways_km: dict[str, LineString]) -> list[Site]:
    parameters = {"air": L.AIR_PARAMETERS, "water_quality": L.WATER_QUALITY_PARAMETERS,
                  "water_level": "water_level_m", "rain": "rain_mm"}
    stations = []
    for code, name, kind, where in L.STATIONS:
        on_waterway = isinstance(where[0], str)
        point = waterway_point(waterways_km[where[0]], where[1], where[2]) if on_waterway else Point(where)
        (alarm1, alarm2, alarm3), note = L.ALARM_LEVELS.get(code, ((None, None, None), "Approximate position (demo)."))
        stations.append(Site(point, {"code": code, "name": name, "kind": kind, "parameters": parameters[kind],
                                     "alarm1": alarm1, "alarm2": alarm2, "alarm3": alarm3,
                                     "unit": L.STATION_UNITS[kind], "note": note}))
    return stations


def build_response_units(ward_code_of) -> list[Site]:
    """Police and the People's Committee (UBND) of every ward, then the city-wide services."""
    units = []
    for ward in L.WARDS:
        x, y = ward.seat_km
        units.append(Site(Point(x + 0.15, y - 0.1), {"code": f"CA-{ward.code}", "kind": "police", "phone": "113",
                                                     "name": f"Công an phường {ward.short_name}"}))
        units.append(Site(Point(x, y), {"code": f"UBND-{ward.code}", "kind": "ward_office", "phone": "",
                                        "name": f"UBND phường {ward.short_name}"}))
    units += [Site(Point(xy), {"code": code, "name": name, "kind": kind, "phone": phone})
              for code, name, kind, xy, phone in L.CITY_RESPONSE_UNITS]
    for unit in units:
        unit.values["ward_code"] = ward_code_of(unit.point)
    return units


# --- output --------------------------------------------------------------------------------------------------


def lonlat6(point_km: Point) -> tuple[float, float]:
    lon, lat = FRAME.lonlat(point_km.x, point_km.y)
    return round(lon, 6), round(lat, 6)


def csv_text(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buffer.getvalue()


def site_rows(sites: list[Site], header: list[str]) -> list[list]:
    rows = []
    for site in sites:
        lon, lat = lonlat6(site.point)
        values = {**site.values, "lon": lon, "lat": lat}
        rows.append([values[column] for column in header])
    return rows


def check_one_ward_each(tiling: Tiling, points_lonlat: dict[str, Point], what: str) -> None:
    wards = list(tiling.wards.values())
    for code, point in points_lonlat.items():
        inside = sum(w.contains(point) for w in wards)
        require(inside == 1, f"{what} {code} lies in {inside} wards")


def unit_feature(level: str, code: str, name: str, geometry, parent_code: str, district: str | None, note: str | None,
                 population: int, population_note: str, population_source: str | None = None,
                 area_km2: float | None = None) -> dict:
    is_ward = level == "ward"
    return {"type": "Feature", "id": f"{level}-{code}", "properties": {
        "code": code, "name": name, "short_name": short_name(name), "level": level,
        "valid_from": L.WARD_VALID_FROM if is_ward else None, "valid_to": None if is_ward else L.FORMER_VALID_TO,
        "population": population, "population_note": population_note, "population_source": population_source,
        "area_km2": area_km2, "approximate": not is_ward, "district": district, "parent_code": parent_code,
        "note": note,
    }, "geometry": geometry_to_geojson(geometry)}


def units_features(tiling: Tiling, official_areas: dict[str, float]) -> list[dict]:
    ward_population, former_population = populations(tiling)
    wards = []
    for w in L.WARDS:
        source = L.WARD_POPULATIONS.get(w.code, (None, None))[1]
        wards.append(unit_feature(
            "ward", w.code, f"Phường {w.short_name}", tiling.wards[w.code], L.PROVINCE_CODE, None,
            f"{L.NQ_1686} {w.clause}", ward_population[w.code],
            WARD_POPULATION_SOURCED if source else WARD_POPULATION_ESTIMATE, source, official_areas[w.code]))
    former = [unit_feature("former", u.code, u.name, tiling.former[u.code], u.district[1], u.district[0], u.note,
                           former_population[u.code], FORMER_POPULATION_NOTE)
              for u in L.FORMER_UNITS]
    return wards + former


def crosswalk_rows(tiling: Tiling) -> list[list]:
    wards = {w.code: w for w in L.WARDS}
    rows = []
    for unit in L.FORMER_UNITS:
        for code in unit.wards:
            source = f"{L.NQ_1686} {wards[code].clause}"
            if len(unit.wards) > 1:
                note = f"{source}; approximate split line, area share {split_share(tiling, unit.code, code):.0%}"
            elif unit.code in L.UNVERIFIED_MAPPINGS:
                note = "UNVERIFIED mapping (not named in NQ 1686)"
            else:
                note = source
            part = "part" if len(unit.wards) > 1 else "whole"
            rows.append([unit.code, unit.name, code, f"Phường {wards[code].short_name}", part, note])
    return rows


def category_rows() -> list[list]:
    return [[code, vi, en, severity, rate] for code, vi, en, severity, rate, _ in L.CATEGORIES]


def sla_rows() -> list[list]:
    """Placeholder targets: each category's base minutes scaled per severity (1 = most urgent)."""
    rows = []
    for code, *_, base in L.CATEGORIES:
        for severity in (1, 2, 3, 4):
            ack = max(L.SLA_MIN_ACK_MINUTES, round(base * L.SLA_ACK_FACTORS[severity]))
            resolve = min(base * L.SLA_RESOLVE_FACTORS[severity], L.SLA_MAX_RESOLVE_MINUTES)
            rows.append([code, severity, ack, resolve, "true"])
    return rows


def waterway_features(waterways_km: dict[str, LineString], river: LineString) -> list[dict]:
    """The Mã as traced (lon/lat, full precision), then the approximate canals."""
    features = [{"type": "Feature", "id": "Sông Mã", "properties": {
        "name": "Sông Mã", "name_en": "Ma river", "kind": "river", "approximate": True,
        "note": "Traced along the official ward borders, which follow the river."},
        "geometry": geometry_to_geojson(river)}]
    for name, line in waterways_km.items():
        if name in L.CANALS_KM:
            geometry = shapely.set_precision(FRAME.to_lonlat(line), GRID_DEG)
            features.append({"type": "Feature", "id": name, "properties": {
                "name": name, "name_en": L.CANALS_EN[name], "kind": "canal", "approximate": True},
                "geometry": geometry_to_geojson(geometry)})
    return features


def outline_feature(tiling: Tiling) -> dict:
    return {"type": "Feature", "id": "outline", "properties": {
        "name": "Thanh Hóa (7 phường từ 01/07/2025)", "approximate": False,
        "note": "Union of the official ward polygons."},
        "geometry": geometry_to_geojson(tiling.outline)}


def pack_meta(tiling: Tiling) -> dict:
    centroid = tiling.outline.centroid
    return {
        "slug": "thanh_hoa", "name_vi": "Thanh Hóa", "name_en": "Thanh Hoa", "timezone": "Asia/Ho_Chi_Minh",
        "center": {"lat": round(centroid.y, 6), "lon": round(centroid.x, 6)}, "zoom": 12,
        "bounds": [round(v, 6) for v in tiling.outline.bounds],
        "ward_level": "ward", "levels": L.LEVELS,
        "approximate_geometry": L.APPROXIMATE_GEOMETRY,
        "geometry_note_vi": L.GEOMETRY_NOTE_VI, "geometry_note_en": L.GEOMETRY_NOTE_EN,
        "about_data": L.ABOUT_DATA, "map_note": L.MAP_NOTE, "alert_rules": L.ALERT_RULES,
        "severity_scale": L.SEVERITY_SCALE,
        "notes": L.NOTES,
        "sources": L.SOURCES,
        "generator": "python -m geo.build_thanh_hoa",
    }


README = f"""# Thanh Hóa pack

Generated by `python -m geo.build_thanh_hoa` from `source/` and `geo/thanh_hoa_layout.py`; do not edit by hand.

**Official:** the polygons of the 7 wards in force since 2025-07-01 (`units.geojson`, level `ward`,
`approximate: false`), their GSO codes and names, the city limit (`outline.geojson`, their union), the
crosswalk of NQ 1686/NQ-UBTVQH15 (`crosswalk.csv`: which former unit went to which ward) and the populations that
carry a `population_source` (the other wards' figures are estimates, see `population_note`).

**Approximate (generated, `approximate: true`):** the former (2020–2025) units, drawn inside the real ward that
absorbed them (Voronoi cells of approximate centres; Đông Thọ and An Hưng have one part in each of their two wards,
along invented split lines), road alignments, the positions of cameras, stations and response units, and the
canals. The Mã is traced along the official ward borders. Demo alarm levels, every SLA target and every target of
the leaders' board (`kpi_targets.csv`, `indicators.csv`: the department indicators' catalogue) are placeholders;
see `pack.json` → `notes`, `approximate_geometry` and `sources`.

Ward polygons: {L.WARD_SOURCE["title"]}. {L.WARD_SOURCE["url"]}, {L.WARD_SOURCE["licence"]}
(copy and licence in `source/`).
"""
CAMERA_COLUMNS = ["code", "name", "kind", "lat", "lon", "segment", "snapshot_url"]
STATION_COLUMNS = ["code", "name", "kind", "lat", "lon", "parameters", "alarm1", "alarm2", "alarm3", "unit", "note"]
RESPONSE_UNIT_COLUMNS = ["code", "name", "kind", "ward_code", "lat", "lon", "phone"]


def build_pack(out_dir: Path = DEFAULT_OUT) -> dict[str, int]:
    """Generate every pack file into ``out_dir``; returns the counts of what was written."""
    wards, official_areas = read_official_wards(SOURCE_DIR / L.WARD_SOURCE_FILE)
    tiling = build_units(wards, SmoothWarp(np.random.default_rng(L.RNG_SEED), amplitude_km=0.15))
    check_tiling(tiling)

    outline_km = FRAME.to_km(tiling.outline)
    river = ma_river(wards)
    locator = UnitLocator(gpd.GeoDataFrame({"code": list(wards)}, geometry=list(wards.values()), crs=CRS))
    ward_short = {w.code: w.short_name for w in L.WARDS}

    def ward_code_of(point_km: Point) -> str | None:
        return locator.locate(*lonlat6(point_km))

    waterways_km = waterway_lines_km(outline_km, FRAME.to_km(river))
    lines_km = road_lines_km(outline_km, waterways_km)
    segments = build_segments(lines_km)
    cameras = (numbered(traffic_cameras(segments, lines_km), "CAM-T") + numbered(security_cameras(), "CAM-S")
               + numbered(flood_cameras(waterways_km["Sông Mã"], outline_km, lambda p: ward_short[ward_code_of(p)]),
                          "CAM-F"))
    stations = build_stations(waterways_km)
    response_units = build_response_units(ward_code_of)
    for sites, what in ((cameras, "camera"), (stations, "station"), (response_units, "response unit")):
        check_one_ward_each(tiling, {s.values["code"]: Point(lonlat6(s.point)) for s in sites}, what)
    road_features = segment_features(segments)
    check_one_ward_each(tiling, {f["id"]: shape(f["geometry"]).representative_point() for f in road_features},
                        "road segment")

    write_pack(out_dir, {
        "pack.json": json.dumps(pack_meta(tiling), ensure_ascii=False, indent=2) + "\n",
        "units.geojson": feature_collection_text(units_features(tiling, official_areas)),
        "outline.geojson": feature_collection_text([outline_feature(tiling)]),
        "river.geojson": feature_collection_text(waterway_features(waterways_km, river)),
        "crosswalk.csv": csv_text(["former_code", "former_name", "ward_code", "ward_name", "part", "note"],
                                  crosswalk_rows(tiling)),
        "roads.geojson": feature_collection_text(road_features),
        "cameras.csv": csv_text(CAMERA_COLUMNS, site_rows(cameras, CAMERA_COLUMNS)),
        "stations.csv": csv_text(STATION_COLUMNS, site_rows(stations, STATION_COLUMNS)),
        "response_units.csv": csv_text(RESPONSE_UNIT_COLUMNS, site_rows(response_units, RESPONSE_UNIT_COLUMNS)),
        "categories.csv": csv_text(["code", "name_vi", "name_en", "default_severity", "rate_per_day"],
                                   category_rows()),
        "sla.csv": csv_text(["category", "severity", "ack_minutes", "resolve_minutes", "placeholder"], sla_rows()),
        "indicators.csv": csv_text(L.INDICATOR_COLUMNS, [list(r) for r in L.INDICATORS]),
        "kpi_targets.csv": csv_text(L.KPI_TARGET_COLUMNS, [list(r) for r in L.KPI_TARGETS]),
        "README.md": README,
    })
    copy_sources(out_dir)
    return {"wards": len(tiling.wards), "former_units": len(tiling.former), "roads": len(L.ROADS),
            "segments": len(segments), "cameras": len(cameras), "stations": len(stations),
            "response_units": len(response_units)}


def write_pack(out_dir: Path, files: dict[str, str]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8", newline="\n")


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
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: geo/thanh_hoa)")
    counts = build_pack(parser.parse_args(argv).out)
    print(", ".join(f"{name}={count}" for name, count in counts.items()))


if __name__ == "__main__":
    main()
