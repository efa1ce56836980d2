"""City packs: read one, and answer "which unit is this point in?" (no Dash, no database).

A pack is a folder ``geo/<slug>/`` of plain files, all lon/lat (EPSG:4326), UTF-8:

- ``pack.json``: name, time zone, map view, notes, sources;
- ``units.geojson``: admin units of every level; the key is (level, code), codes are text;
- ``crosswalk.csv`` (optional: a pack of one level has none): which ward(s) each former unit went to;
- ``roads.geojson``: road segments; ``cameras.csv``, ``stations.csv``, ``response_units.csv``: sites;
- ``categories.csv``, ``sla.csv``: incident categories and SLA targets;
- ``river.geojson`` and ``outline.geojson`` (optional): waterways and the city limit.

``pack.json`` may set ``browser_tolerance_deg``, the simplification of the map's copy of the units (a province's
hundreds of full-precision polygons need a coarser one than a city's few).

Frames returned by :func:`load_pack` are cached and shared: treat them as read-only (copy before changing).
"""

from __future__ import annotations

import importlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping
from shapely.strtree import STRtree

CRS = "EPSG:4326"
PACKS_ROOT = Path(__file__).resolve().parent
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_ADMIN_PREFIX = re.compile(r"^(Phường|Xã|Thị trấn|Thị xã|Thành phố|Quận|Huyện)\s+")

# CSV columns read as numbers; every other column is text, so codes keep their leading zeros.
_NUMERIC_COLUMNS = {
    "cameras": ["lat", "lon"],
    "stations": ["lat", "lon", "alarm1", "alarm2", "alarm3"],
    "response_units": ["lat", "lon"],
    "categories": ["default_severity", "rate_per_day"],
    "sla": ["severity", "ack_minutes", "resolve_minutes"],
    "crosswalk": [],
}


@dataclass(frozen=True, eq=False)
class CityPack:
    """Everything a city is, as frames in EPSG:4326 (units hold every level; wards/former_units split it)."""

    slug: str
    meta: dict
    units: gpd.GeoDataFrame
    wards: gpd.GeoDataFrame
    former_units: gpd.GeoDataFrame
    crosswalk: pd.DataFrame
    roads: gpd.GeoDataFrame
    cameras: gpd.GeoDataFrame
    stations: gpd.GeoDataFrame
    response_units: gpd.GeoDataFrame
    categories: pd.DataFrame
    sla: pd.DataFrame
    river: gpd.GeoDataFrame | None
    outline: gpd.GeoDataFrame | None = None
    folder: Path | None = None  # where the pack was read from (a command that rewrites it writes there)

    def file(self, name: str) -> Path:
        """A file of the pack's folder (the folder it was read from)."""
        return (self.folder or pack_dir(self.slug)) / name

    def unit_names(self, level: str = "ward") -> dict[str, str]:
        """code -> full name for one level."""
        rows = self.units[self.units["level"] == level]
        return dict(zip(rows["code"], rows["name"], strict=True))


def available_packs(root: Path | str | None = None) -> list[str]:
    base = Path(root) if root is not None else PACKS_ROOT
    return sorted(p.name for p in base.iterdir() if (p / "pack.json").is_file()) if base.is_dir() else []


def pack_dir(slug: str, root: Path | str | None = None) -> Path:
    """The folder of pack ``slug``; ValueError (listing the packs there are) when there is no such pack."""
    base = Path(root) if root is not None else PACKS_ROOT
    folder = base / str(slug)
    if not (isinstance(slug, str) and _SLUG.match(slug) and (folder / "pack.json").is_file()):
        known = ", ".join(available_packs(base)) or "none"
        raise ValueError(f"unknown city pack {slug!r} in {base} (available: {known})")
    return folder


@lru_cache(maxsize=8)
def load_pack(slug: str = "thanh_hoa", root: Path | None = None) -> CityPack:
    folder = pack_dir(slug, root)
    meta = json.loads((folder / "pack.json").read_text(encoding="utf-8"))
    units = read_geojson(generated_if_missing(folder, "units.geojson", meta))
    units["code"] = units["code"].astype(str)
    return CityPack(
        slug=slug,
        meta=meta,
        units=units,
        wards=units[units["level"] == "ward"].reset_index(drop=True),
        former_units=units[units["level"] == "former"].reset_index(drop=True),
        crosswalk=_read_crosswalk(folder / "crosswalk.csv"),
        roads=read_geojson(folder / "roads.geojson"),
        cameras=_points(_read_csv(folder / "cameras.csv", "cameras")),
        stations=_points(_read_csv(folder / "stations.csv", "stations")),
        response_units=_points(_read_csv(folder / "response_units.csv", "response_units")),
        categories=_read_csv(folder / "categories.csv", "categories"),
        sla=_read_sla(folder / "sla.csv"),
        river=_optional_geojson(folder / "river.geojson"),
        outline=_optional_geojson(folder / "outline.geojson"),
        folder=folder,
    )


def generated_if_missing(folder: Path, name: str, meta: dict) -> Path:
    """The pack's file `name`; a file the pack builds from its sources (`generated_on_load` in pack.json:
    "module:function" giving its text) is written first when missing."""
    path = folder / name
    builder = (meta.get("generated_on_load") or {}).get(name)
    if builder and not path.is_file():
        module, function = builder.split(":")
        text = getattr(importlib.import_module(module), function)()
        try:
            write_text_atomically(path, text)
        except OSError:  # a read-only pack folder: this process keeps its own copy
            path = Path(tempfile.mkdtemp(prefix="cityops-pack-")) / name
            path.write_text(text, encoding="utf-8")
    return path


def read_geojson(path: Path) -> gpd.GeoDataFrame:
    """A GeoJSON FeatureCollection as a GeoDataFrame, property types as written (GDAL would guess dates)."""
    collection = json.loads(Path(path).read_text(encoding="utf-8"))
    return gpd.GeoDataFrame.from_features(collection["features"], crs=CRS)


def _optional_geojson(path: Path) -> gpd.GeoDataFrame | None:
    return read_geojson(path) if path.is_file() else None


def _read_csv(path: Path, kind: str) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for column in _NUMERIC_COLUMNS[kind]:
        frame[column] = pd.to_numeric(frame[column].replace("", np.nan))
    return frame


CROSSWALK_COLUMNS = ["former_code", "former_name", "ward_code", "ward_name", "part", "note"]


def _read_crosswalk(path: Path) -> pd.DataFrame:
    """Which ward(s) each former unit went to; empty (same columns) for a pack without former units."""
    return _read_csv(path, "crosswalk") if path.is_file() else pd.DataFrame(columns=CROSSWALK_COLUMNS, dtype=str)


def _read_sla(path: Path) -> pd.DataFrame:
    sla = _read_csv(path, "sla")
    sla["placeholder"] = sla["placeholder"].str.lower().eq("true")
    return sla


def short_name(full_name: str) -> str:
    """'Phường Hạc Thành' -> 'Hạc Thành'."""
    return _ADMIN_PREFIX.sub("", str(full_name).strip())


def _points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=CRS)


# --- which unit is a point in --------------------------------------------------------------------------------


def _as_points(points) -> gpd.GeoDataFrame:
    if isinstance(points, gpd.GeoSeries):
        points = gpd.GeoDataFrame(geometry=points)
    if isinstance(points, gpd.GeoDataFrame):
        return points if points.crs is not None else points.set_crs(CRS)
    lons, lats = points
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(np.asarray(lons, float), np.asarray(lats, float)), crs=CRS)


def assign_units(points, units: gpd.GeoDataFrame, code_field: str = "code") -> pd.Series:
    """The code of the unit containing each point, None outside every unit.

    ``points`` is a GeoDataFrame/GeoSeries of points or a tuple of (lon array, lat array); ``units`` is
    one level (``pack.wards`` or ``pack.former_units``). A point on a shared boundary goes to the unit
    with the smallest code, exactly as :class:`UnitLocator` decides. The result is aligned with the
    input rows.
    """
    pts = _as_points(points)
    zones = units[[code_field, "geometry"]].rename(columns={code_field: "_unit"})
    zones = zones.assign(_unit=zones["_unit"].astype(str))
    if zones.crs is not None and zones.crs != pts.crs:
        zones = zones.to_crs(pts.crs)
    joined = gpd.sjoin(pts[["geometry"]].reset_index(drop=True), zones, how="left", predicate="intersects")
    first_hit = joined["_unit"].dropna().groupby(level=0).min()
    codes = np.full(len(pts), None, dtype=object)
    codes[first_hit.index.to_numpy()] = first_hit.to_numpy()
    return pd.Series(codes, index=pts.index, name="unit_code", dtype=object)


class UnitLocator:
    """Fast point-in-unit lookups against one level of units (the write path asks for every record)."""

    def __init__(self, units: gpd.GeoDataFrame, code_field: str = "code"):
        if units.crs is not None and units.crs != CRS:
            units = units.to_crs(CRS)
        codes = units[code_field].astype(str).to_numpy()
        order = np.argsort(codes, kind="stable")  # index order == code order: the first hit is the smallest code
        self.codes: list[str] = [str(c) for c in codes[order]]
        self._geometries = np.asarray(units.geometry.to_numpy(), dtype=object)[order]
        shapely.prepare(self._geometries)
        self._tree = STRtree(self._geometries)

    @classmethod
    def from_pack(cls, pack: CityPack, level: str = "ward") -> UnitLocator:
        return cls(pack.units[pack.units["level"] == level])

    def locate(self, lon: float, lat: float) -> str | None:
        hits = self._tree.query(shapely.Point(lon, lat), predicate="intersects")
        return self.codes[int(hits.min())] if hits.size else None

    def locate_many(self, lons, lats) -> list[str | None]:
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        point_idx, unit_idx = self._tree.query(points, predicate="intersects")
        missing = len(self.codes)
        best = np.full(len(points), missing)
        np.minimum.at(best, point_idx, unit_idx)
        return [None if i == missing else self.codes[i] for i in best]


# --- GeoJSON out ---------------------------------------------------------------------------------------------


def _round_coordinates(coords, ndigits: int):
    if isinstance(coords[0], (int, float)):
        return [round(float(c), ndigits) for c in coords]
    return [_round_coordinates(c, ndigits) for c in coords]


def geometry_to_geojson(geometry, ndigits: int = 6) -> dict:
    """A shapely geometry as a GeoJSON dict with coordinates rounded to ``ndigits`` decimals."""
    geo = mapping(geometry)
    if geo["type"] == "GeometryCollection":
        return {"type": geo["type"], "geometries": [geometry_to_geojson(g, ndigits) for g in geometry.geoms]}
    return {"type": geo["type"], "coordinates": _round_coordinates(geo["coordinates"], ndigits)}


BROWSER_TOLERANCE_DEG = 0.00015  # about 15 m: invisible at city zoom, a fraction of the full-precision bytes


def simplified_coverage(geometries, tolerance_deg: float) -> np.ndarray:
    """Simplify polygons that tile an area together so that neighbours keep sharing their edges (no gap or
    overlap appears between them); a set that is not a clean coverage is simplified polygon by polygon."""
    geometries = np.asarray(list(geometries), dtype=object)
    if shapely.coverage_is_valid(geometries):
        return shapely.coverage_simplify(geometries, tolerance_deg)
    return shapely.simplify(geometries, tolerance_deg, preserve_topology=True)


@lru_cache(maxsize=16)
def units_geojson(pack: CityPack, level: str = "ward", tolerance_deg: float | None = None,
                  ndigits: int = 6) -> dict:
    """One level of units as a small FeatureCollection for the browser (feature id = unit code), simplified
    as a coverage (by default as the pack asks, see :func:`browser_tolerance`). Simplification keeps a subset of the pack's vertices (6 decimals), so with the default
    ``ndigits`` nothing is rounded and the copy stays a valid coverage. Cached: do not mutate."""
    units = pack.units[pack.units["level"] == level]
    tolerance_deg = browser_tolerance(pack) if tolerance_deg is None else tolerance_deg
    features = []
    for unit, geometry in zip(units.itertuples(), simplified_coverage(units.geometry, tolerance_deg), strict=True):
        population = None if pd.isna(unit.population) else int(unit.population)
        features.append({
            "type": "Feature",
            "id": unit.code,
            "properties": {"code": unit.code, "name": unit.name, "short_name": unit.short_name,
                           "population": population, "approximate": bool(unit.approximate)},
            "geometry": geometry_to_geojson(geometry, ndigits),
        })
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=16)
def basemap_geojson(pack: CityPack, layer: str) -> dict:
    """The offline basemap's layers from the pack: "land" (the city limit, else the union of the wards) and
    "water" (its rivers and canals, approximate where the pack says so). Cached: do not mutate."""
    if layer == "land":
        shapes = pack.outline.geometry if pack.outline is not None else [shapely.union_all(pack.wards.geometry.values)]
        features = [{"type": "Feature", "properties": {"kind": "land"}, "geometry": geometry_to_geojson(g, 6)}
                    for g in shapes]
    elif layer == "water":
        rivers = pack.river if pack.river is not None else gpd.GeoDataFrame(geometry=[], crs=CRS)
        features = [{"type": "Feature", "properties": {"name": r.get("name"), "kind": r.get("kind")},
                     "geometry": geometry_to_geojson(g, 6)}
                    for r, g in zip(rivers.drop(columns="geometry").to_dict("records"), rivers.geometry, strict=True)]
    else:
        raise ValueError(f"no basemap layer {layer!r}")
    return {"type": "FeatureCollection", "features": features}


MAX_UNIT_LABELS = 60  # a province's hundreds of communes are not labelled (the map would be all text)


# Where an area's name may move from its representative point, one and two steps away: the nearer first.
AROUND = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))

LINE_LABEL_AT = (0.5, 0.35, 0.65, 0.2, 0.8)  # where along a river or road its name may sit, the middle first


@lru_cache(maxsize=16)
def map_labels(pack: CityPack, lang: str = "vi") -> tuple[dict, ...]:
    """Names to write on the map, in the order they claim room (the wards, the waterways, the main roads: one label
    per national or provincial road, on its longest segment). Each has several places (`at`, [lon, lat] pairs:
    along a line, or around an area's representative point) so the map can move it off a name or badge already
    there; a ward's name is written at its first place when every place is taken."""
    def line_label(text: str, kind: str, line) -> dict:
        places = [line.interpolate(f, normalized=True) for f in LINE_LABEL_AT]
        return {"text": text, "kind": kind, "lon": round(places[0].x, 5), "lat": round(places[0].y, 5),
                "at": [[round(p.x, 5), round(p.y, 5)] for p in places]}

    def area_places(area) -> list[list[float]]:
        """The area's representative point, then points one and two steps from it that still lie well inside."""
        point = area.representative_point()
        step = 0.12 * min(area.bounds[2] - area.bounds[0], area.bounds[3] - area.bounds[1])
        inner = area.buffer(-step / 2)
        places = [point] + [shapely.Point(point.x + k * dx * step, point.y + k * dy * step)
                            for k in (1, 2) for dx, dy in AROUND]
        return [[round(p.x, 5), round(p.y, 5)] for i, p in enumerate(places) if i == 0 or inner.contains(p)]

    labels = []
    if len(pack.wards) <= MAX_UNIT_LABELS:
        for unit in pack.wards.itertuples():
            places = area_places(unit.geometry)
            labels.append({"text": unit.short_name, "kind": "ward", "lon": places[0][0], "lat": places[0][1],
                           "at": places})
    if pack.river is not None:
        for river in pack.river.itertuples():
            name = getattr(river, "name_en", None) if lang == "en" else None
            labels.append(line_label(name or river.name, "water", river.geometry))
    main = pack.roads[pack.roads["road_class"] == "highway"]
    for road, segments in main.groupby("road"):
        # Degrees are fine to compare lengths of one road's segments with (no projection, no warning).
        longest = segments.geometry.iloc[int(np.argmax(shapely.length(segments.geometry.values)))]
        labels.append(line_label(road, "road", longest))
    return tuple(labels)


def browser_tolerance(pack: CityPack) -> float:
    """The pack's simplification for the map's copy of its units (degrees), by default BROWSER_TOLERANCE_DEG."""
    return float(pack.meta.get("browser_tolerance_deg", BROWSER_TOLERANCE_DEG))


def wards_geojson(pack: CityPack) -> dict:
    """The wards for the map (see :func:`units_geojson`), simplified as the pack asks. Cached: do not mutate."""
    return units_geojson(pack, "ward")


# --- writing packs -------------------------------------------------------------------------------------------


def feature_collection_text(features: list[dict]) -> str:
    """A FeatureCollection as compact UTF-8 JSON with one feature per line (small, diff-friendly)."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def write_text_atomically(path: Path, text: str) -> None:
    """Replace a file's text in one step (a temporary file beside it, then os.replace): a reader sees the old
    file or the new one, never half of one."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
