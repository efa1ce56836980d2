"""Generate the APPROXIMATE Thanh Hóa demo pack into geo/thanh_hoa/ (or --out DIR).

    python -m geo.build_thanh_hoa [--out DIR]

No public source carries ward polygons or road coordinates, so every geometry here is generated from the
hand-made layout in geo/thanh_hoa_layout.py: Voronoi cells around approximate centroids of the former
commune-level units, bent by a smooth warp and clipped to an estimated outline; 2025 wards are unions of
their former units (the two split units are cut in two). The output is byte-for-byte reproducible.
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
from shapely.geometry import LineString, Point, Polygon, box

from geo import thanh_hoa_layout as L
from geo.pack import CRS, UnitLocator, feature_collection_text, geometry_to_geojson, short_name
from geo.synthetic import (
    GRID_DEG,
    LocalFrame,
    SeedRegion,
    SmoothWarp,
    cut_evenly,
    fit_to_box,
    offset_from_line,
    side_of_line,
    smooth_line,
    smooth_ring,
    tile_faces,
)

DEFAULT_OUT = Path(__file__).resolve().parent / "thanh_hoa"
METRIC_CRS = "EPSG:32648"  # UTM 48N, for lengths in metres
POPULATION_NOTE = "Approximate demo figure (not an official statistic)."
WARD_POPULATION_NOTE = "Approximate demo figure: sum over the former units (split units by area share)."
FRAME = LocalFrame(L.CENTER_LON, L.CENTER_LAT)


class LayoutError(ValueError):
    """The layout tables produce an inconsistent pack (e.g. a site on no ward); fix the layout."""


def require(condition: bool, message: str) -> None:
    if not condition:
        raise LayoutError(message)


@dataclass
class Tiling:
    outline: Polygon  # lon/lat, the union of the wards
    wards: dict[str, Polygon]
    former: dict[str, Polygon]
    split_parts: dict[str, dict[str, Polygon]]  # split former unit -> ward -> its part


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


# --- outline and units ---------------------------------------------------------------------------------------


def north_of(line_km: LineString, reach_km: float = 100.0) -> Polygon:
    """Everything north of a west->east line (within its x range)."""
    (x0, _), (x1, _) = line_km.coords[0], line_km.coords[-1]
    return Polygon([*line_km.coords, (x1, reach_km), (x0, reach_km)])


def west_of(line_km: LineString, reach_km: float = 100.0) -> Polygon:
    """Everything west of a south->north line (within its y range)."""
    (_, y0), (_, y1) = line_km.coords[0], line_km.coords[-1]
    return Polygon([*line_km.coords, (-reach_km, y1), (-reach_km, y0)])


def build_outline(river_km: LineString, warp: SmoothWarp) -> Polygon:
    """The estimated city limit (lon/lat): a warped smooth shape; west of Nguyệt Viên the Mã bounds it."""
    bounds_km = FRAME.to_km(box(*L.BOUNDS)).bounds
    ring = shapely.segmentize(smooth_ring(L.OUTLINE_KM, iterations=3), 0.3)
    shape = fit_to_box(shapely.transform(ring, warp), bounds_km)
    north_bank_west = north_of(river_km).intersection(west_of(smooth_line(L.NORTH_BANK_LIMIT_KM, 3)))
    largest = max(shapely.get_parts(shape.difference(north_bank_west)), key=lambda p: p.area)
    return shapely.set_precision(FRAME.to_lonlat(largest), GRID_DEG)


def extended_line(points_km, reach_km: float = 40.0) -> LineString:
    """The line through two points, extended far beyond both."""
    (ax, ay), (bx, by) = points_km
    ux, uy = (bx - ax) / math.hypot(bx - ax, by - ay), (by - ay) / math.hypot(bx - ax, by - ay)
    return LineString([(ax - ux * reach_km, ay - uy * reach_km), (bx + ux * reach_km, by + uy * reach_km)])


def build_units(outline: Polygon, river_km: LineString, warp: SmoothWarp) -> Tiling:
    """Former units as warped Voronoi cells (north-bank units compete only north of the Mã), wards as unions."""
    north_half = FRAME.to_lonlat(north_of(river_km))
    on_north_bank = {u.code: u.seed_km for u in L.FORMER_UNITS if u.wards == (L.NORTH_BANK_WARD,)}
    on_south_bank = {u.code: u.seed_km for u in L.FORMER_UNITS if u.code not in on_north_bank}
    regions = [SeedRegion(shapely.intersection(outline, north_half, grid_size=GRID_DEG), on_north_bank),
               SeedRegion(shapely.difference(outline, north_half, grid_size=GRID_DEG), on_south_bank)]
    split_lines = {code: FRAME.to_lonlat(extended_line(spec["line"])) for code, spec in L.SPLITS.items()}
    wards_of = {u.code: u.wards for u in L.FORMER_UNITS}

    faces_by_former, faces_by_ward = defaultdict(list), defaultdict(list)
    faces_by_part = defaultdict(lambda: defaultdict(list))
    for face, code in tile_faces(outline, regions, split_lines.values(), FRAME, warp):
        ward = ward_of_split_face(code, face, split_lines[code]) if code in L.SPLITS else wards_of[code][0]
        faces_by_former[code].append(face)
        faces_by_ward[ward].append(face)
        if code in L.SPLITS:
            faces_by_part[code][ward].append(face)

    wards = merge_faces(faces_by_ward)
    return Tiling(outline=shapely.union_all(list(wards.values()), grid_size=GRID_DEG), wards=wards,
                  former=merge_faces(faces_by_former),
                  split_parts={code: merge_faces(parts) for code, parts in faces_by_part.items()})


def merge_faces(groups: dict[str, list[Polygon]]) -> dict[str, Polygon]:
    return {key: shapely.union_all(faces, grid_size=GRID_DEG) for key, faces in groups.items()}


def ward_of_split_face(code: str, face: Polygon, split_line: LineString) -> str:
    spec = L.SPLITS[code]
    return spec["left"] if side_of_line(split_line, face.representative_point()) > 0 else spec["right"]


def check_tiling(tiling: Tiling) -> None:
    ward_area = sum(g.area for g in tiling.wards.values())
    require(abs(ward_area - tiling.outline.area) < 1e-9, "wards overlap")
    require(set(tiling.wards) == {w.code for w in L.WARDS}, "a ward got no face")
    for code, geom in {**tiling.wards, **tiling.former}.items():
        require(geom.is_valid and geom.geom_type in ("Polygon", "MultiPolygon"), f"unit {code} is not valid")
    for ward in L.WARDS:
        require(tiling.wards[ward.code].contains(Point(FRAME.lonlat(*ward.seat_km))), f"{ward.code}: seat outside")
    for unit in L.FORMER_UNITS:
        require(tiling.former[unit.code].contains(Point(FRAME.lonlat(*unit.seed_km))), f"{unit.code}: seed outside")
    for code, parts in tiling.split_parts.items():
        smallest = min(p.area for p in parts.values())
        require(len(parts) == 2 and smallest > 0.05 * tiling.former[code].area, f"{code}: split is lopsided")


def ward_populations(tiling: Tiling) -> dict[str, int]:
    """Sum of the former units' approximate populations; a split unit is shared by area."""
    totals = defaultdict(float)
    for unit in L.FORMER_UNITS:
        if unit.code in tiling.split_parts:
            for ward, part in tiling.split_parts[unit.code].items():
                totals[ward] += unit.population * part.area / tiling.former[unit.code].area
        else:
            totals[unit.wards[0]] += unit.population
    return {ward: int(round(total, -2)) for ward, total in totals.items()}


# --- roads ---------------------------------------------------------------------------------------------------


def road_lines_km(outline_km: Polygon, river_km: LineString) -> dict[str, list[LineString]]:
    """Each road's smoothed parts, clipped 40 m inside the outline; roads cross the Mã only at their bridge."""
    inner = outline_km.buffer(-0.04)
    lines = {}
    for road in L.ROADS:
        clipped = [piece for part in road.parts
                   for piece in shapely.get_parts(smooth_line(part, 2).intersection(inner))
                   if piece.geom_type == "LineString"]
        crossings = [p for piece in clipped for p in shapely.get_parts(piece.intersection(river_km))
                     if not p.is_empty]
        bridge = L.ROAD_BRIDGES_KM.get(road.code)
        require(len(crossings) == (1 if bridge else 0), f"{road.code} crosses the Mã {len(crossings)} times")
        require(not bridge or crossings[0].distance(Point(bridge)) < 0.3, f"{road.code} misses its bridge")
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
    """Cameras along the Mã every few km (south bank; every other one on the north bank too), then low spots."""
    inner = outline_km.buffer(-0.05)
    cameras, per_ward = [], defaultdict(int)
    for i in range(1, int(river_km.length // L.FLOOD_CAMERA_SPACING_KM)):
        for bank in (-1, 1) if i % 2 == 0 else (-1,):
            point = offset_from_line(river_km, i * L.FLOOD_CAMERA_SPACING_KM, bank * L.FLOOD_CAMERA_SETBACK_KM)
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


def waterway_point(line_km: LineString, x_km: float, bank: int) -> Point:
    """Where a waterway crosses ``x_km`` (northernmost crossing), moved ``bank`` setbacks to its left."""
    cut = line_km.intersection(LineString([(x_km, -100), (x_km, 100)]))
    point = max(shapely.get_parts(cut), key=lambda p: p.y)
    return offset_from_line(line_km, line_km.project(point), bank * L.GAUGE_SETBACK_KM) if bank else point


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


def check_one_ward_each(tiling: Tiling, sites: list[Site], what: str) -> None:
    wards = list(tiling.wards.values())
    for site in sites:
        inside = sum(w.contains(Point(lonlat6(site.point))) for w in wards)
        require(inside == 1, f"{what} {site.values['code']} lies in {inside} wards")


def unit_feature(level: str, code: str, name: str, geometry, population: int, district: str | None,
                 parent_code: str, note: str | None) -> dict:
    is_ward = level == "ward"
    return {"type": "Feature", "id": f"{level}-{code}", "properties": {
        "code": code, "name": name, "short_name": short_name(name), "level": level,
        "valid_from": L.WARD_VALID_FROM if is_ward else None, "valid_to": None if is_ward else L.FORMER_VALID_TO,
        "population": population, "population_note": WARD_POPULATION_NOTE if is_ward else POPULATION_NOTE,
        "approximate": True, "district": district, "parent_code": parent_code, "note": note,
    }, "geometry": geometry_to_geojson(geometry)}


def units_features(tiling: Tiling) -> list[dict]:
    populations = ward_populations(tiling)
    wards = [unit_feature("ward", w.code, f"Phường {w.short_name}", tiling.wards[w.code], populations[w.code],
                          None, L.PROVINCE_CODE, f"{L.NQ_1686} {w.clause}") for w in L.WARDS]
    former = [unit_feature("former", u.code, u.name, tiling.former[u.code], u.population, *u.district, u.note)
              for u in L.FORMER_UNITS]
    return wards + former


def crosswalk_rows(tiling: Tiling) -> list[list]:
    wards = {w.code: w for w in L.WARDS}
    rows = []
    for unit in L.FORMER_UNITS:
        for code in unit.wards:
            source = f"{L.NQ_1686} {wards[code].clause}"
            if unit.code in tiling.split_parts:
                share = tiling.split_parts[unit.code][code].area / tiling.former[unit.code].area
                note = f"{source}; demo split line invented, area share {share:.0%}"
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
            rows.append([code, severity, ack, base * L.SLA_RESOLVE_FACTORS[severity], "true"])
    return rows


def line_feature(feature_id: str, properties: dict, line_km: LineString) -> dict:
    geometry = shapely.set_precision(FRAME.to_lonlat(line_km), GRID_DEG)
    return {"type": "Feature", "id": feature_id, "properties": {**properties, "approximate": True},
            "geometry": geometry_to_geojson(geometry)}


def waterway_features(river_km: LineString, canals_km: dict[str, LineString]) -> list[dict]:
    river = line_feature("Sông Mã", {"name": "Sông Mã", "name_en": "Ma river", "kind": "river"},
                         shapely.segmentize(river_km, 0.25))
    return [river, *(line_feature(name, {"name": name, "name_en": L.CANALS_EN[name], "kind": "canal"}, line)
                     for name, line in canals_km.items())]


def outline_feature(tiling: Tiling) -> dict:
    return {"type": "Feature", "id": "outline", "properties": {
        "name": "Thanh Hóa (7 phường từ 01/07/2025)", "approximate": True},
        "geometry": geometry_to_geojson(tiling.outline)}


def pack_meta(tiling: Tiling) -> dict:
    centroid = tiling.outline.centroid
    return {
        "slug": "thanh_hoa", "name_vi": "Thanh Hóa", "name_en": "Thanh Hoa", "timezone": "Asia/Ho_Chi_Minh",
        "center": {"lat": round(centroid.y, 6), "lon": round(centroid.x, 6)}, "zoom": 12,
        "bounds": [round(v, 6) for v in tiling.outline.bounds],
        "ward_level": "ward", "levels": L.LEVELS,
        "approximate_geometry": True,
        "geometry_note_vi": L.GEOMETRY_NOTE_VI, "geometry_note_en": L.GEOMETRY_NOTE_EN,
        "severity_scale": L.SEVERITY_SCALE,
        "notes": L.NOTES,
        "sources": L.SOURCES,
        "generator": "python -m geo.build_thanh_hoa",
    }


README = """# Thanh Hóa demo pack (APPROXIMATE GEOMETRY)

Generated by `python -m geo.build_thanh_hoa` from `geo/thanh_hoa_layout.py`; do not edit by hand.

Names, GSO codes and the 2025 merger crosswalk (NQ 1686/NQ-UBTVQH15) are real. Ward boundaries, road
alignments and site positions are **approximate and generated**: Voronoi cells around approximate
centroids of the former commune-level units, clipped to an estimated outline. Show them as approximate
on every map and import official boundaries (`geo.pack.import_boundaries`) before operational use.
Populations, demo alarm levels and every SLA target are placeholders; see `pack.json` → `notes`.
"""
CAMERA_COLUMNS = ["code", "name", "kind", "lat", "lon", "segment", "snapshot_url"]
STATION_COLUMNS = ["code", "name", "kind", "lat", "lon", "parameters", "alarm1", "alarm2", "alarm3", "unit", "note"]
RESPONSE_UNIT_COLUMNS = ["code", "name", "kind", "ward_code", "lat", "lon", "phone"]


def build_pack(out_dir: Path = DEFAULT_OUT) -> dict[str, int]:
    """Generate every pack file into ``out_dir``; returns the counts of what was written."""
    rng = np.random.default_rng(L.RNG_SEED)
    river_km = smooth_line(L.MA_RIVER_KM, iterations=3)
    outline = build_outline(river_km, SmoothWarp(rng, **L.OUTLINE_WARP_KM))
    tiling = build_units(outline, river_km, SmoothWarp(rng, amplitude_km=0.2))
    check_tiling(tiling)

    outline_km = FRAME.to_km(tiling.outline)
    locator = UnitLocator(gpd.GeoDataFrame({"code": list(tiling.wards)}, geometry=list(tiling.wards.values()),
                                           crs=CRS))
    ward_short = {w.code: w.short_name for w in L.WARDS}

    def ward_code_of(point_km: Point) -> str | None:
        return locator.locate(*lonlat6(point_km))

    canals_km = {name: smooth_line(points, 2).intersection(outline_km.buffer(-0.05))
                 for name, points in L.CANALS_KM.items()}
    lines_km = road_lines_km(outline_km, river_km)
    segments = build_segments(lines_km)
    cameras = (numbered(traffic_cameras(segments, lines_km), "CAM-T") + numbered(security_cameras(), "CAM-S")
               + numbered(flood_cameras(river_km, outline_km, lambda p: ward_short[ward_code_of(p)]), "CAM-F"))
    stations = build_stations({"Sông Mã": river_km, **canals_km})
    response_units = build_response_units(ward_code_of)
    for sites, what in ((cameras, "camera"), (stations, "station"), (response_units, "response unit")):
        check_one_ward_each(tiling, sites, what)

    write_pack(out_dir, {
        "pack.json": json.dumps(pack_meta(tiling), ensure_ascii=False, indent=2) + "\n",
        "units.geojson": feature_collection_text(units_features(tiling)),
        "outline.geojson": feature_collection_text([outline_feature(tiling)]),
        "river.geojson": feature_collection_text(waterway_features(river_km, canals_km)),
        "crosswalk.csv": csv_text(["former_code", "former_name", "ward_code", "ward_name", "part", "note"],
                                  crosswalk_rows(tiling)),
        "roads.geojson": feature_collection_text(segment_features(segments)),
        "cameras.csv": csv_text(CAMERA_COLUMNS, site_rows(cameras, CAMERA_COLUMNS)),
        "stations.csv": csv_text(STATION_COLUMNS, site_rows(stations, STATION_COLUMNS)),
        "response_units.csv": csv_text(RESPONSE_UNIT_COLUMNS, site_rows(response_units, RESPONSE_UNIT_COLUMNS)),
        "categories.csv": csv_text(["code", "name_vi", "name_en", "default_severity", "rate_per_day"],
                                   category_rows()),
        "sla.csv": csv_text(["category", "severity", "ack_minutes", "resolve_minutes", "placeholder"], sla_rows()),
        "README.md": README,
    })
    return {"wards": len(tiling.wards), "former_units": len(tiling.former), "roads": len(L.ROADS),
            "segments": len(segments), "cameras": len(cameras), "stations": len(stations),
            "response_units": len(response_units)}


def write_pack(out_dir: Path, files: dict[str, str]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: geo/thanh_hoa)")
    counts = build_pack(parser.parse_args(argv).out)
    print(", ".join(f"{name}={count}" for name, count in counts.items()))


if __name__ == "__main__":
    main()
