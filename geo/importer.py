"""Real administrative boundaries into a city pack (no database, no Dash).

Read a GeoJSON, GeoPackage or zipped Shapefile, reproject it to EPSG:4326, repair its polygons, check it against
the city (its outline, the points of its sites) and measure its gaps and overlaps; then rewrite one level of the
pack's ``units.geojson``. A check that fails raises :class:`ImportRefused`, whose message is for the administrator.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from shapely.geometry import shape
from shapely.strtree import STRtree

from geo.pack import CRS, CityPack, UnitLocator, geometry_to_geojson, short_name

LEVELS = ("ward", "former")
# The properties of a pack's unit, in the order the pack files write them.
UNIT_PROPERTIES = ["code", "name", "short_name", "level", "valid_from", "valid_to", "population",
                   "population_note", "population_source", "area_km2", "approximate", "district", "parent_code",
                   "note"]
SHOWN = 5  # codes listed in a message before "and N more"


class ImportRefused(ValueError):
    """The file cannot be imported as asked; the message says why."""


def listed(items: Sequence, shown: int = SHOWN) -> str:
    """'a, b, c' or 'a, b, c, d, e and 7 more'."""
    items = [str(i) for i in items]
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


# --- reading -------------------------------------------------------------------------------------------------


def read_source(path: Path | str, layer: str | None = None) -> gpd.GeoDataFrame:
    """The features of a GeoJSON, a GeoPackage or a .zip holding one Shapefile (in a folder of it or not)."""
    path = Path(path)
    if not path.is_file():
        raise ImportRefused(f"{path}: no such file")
    target = str(path)
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                shapefiles = sorted(n for n in archive.namelist() if n.lower().endswith(".shp"))
        except zipfile.BadZipFile as exc:
            raise ImportRefused(f"{path}: not a readable zip file ({exc})") from None
        if len(shapefiles) != 1:
            raise ImportRefused(f"{path}: a zipped Shapefile must hold exactly one .shp file; this one holds "
                                f"{len(shapefiles)} ({listed(shapefiles) or 'none'})")
        # GDAL finds a Shapefile at the root of a zip by itself, not one in a folder of it: name the member.
        target = f"zip://{path.resolve()}!{shapefiles[0]}"
    try:
        return gpd.read_file(target, layer=layer, engine="pyogrio")
    except (DataSourceError, DataLayerError) as exc:
        raise ImportRefused(f"{path}: not readable as GeoJSON, GeoPackage or zipped Shapefile ({exc})") from None


def _code_text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def polygonal_part(geometry):
    """Only the polygons of a geometry (make_valid may also return the lines and points of collapsed parts)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def as_written(geometry):
    """The geometry as the pack file holds it (6 decimals), so that what is checked and stored in the databases
    is what a later read of the pack gives back. Snapping to the grid first keeps the polygons valid."""
    return shape(geometry_to_geojson(shapely.set_precision(geometry, 1e-6)))


def _multi_if(geometry, multi: bool):
    """A unit given as a MultiPolygon stays one, even when a single part is left."""
    return shapely.MultiPolygon([geometry]) if multi and geometry.geom_type == "Polygon" else geometry


def read_boundaries(path: Path | str, code_field: str, name_field: str, level: str, *,
                    layer: str | None = None, population_field: str | None = None,
                    valid_from: str | None = None, valid_to: str | None = None) -> tuple[gpd.GeoDataFrame, dict]:
    """Read real boundaries into the pack's unit schema, reprojected to EPSG:4326 and repaired, with what was
    done: ``source_crs`` (None: the file declares none and its coordinates are lon/lat), ``repaired`` (the codes
    whose geometry was invalid). Refused: a missing field, empty or repeated codes, empty names, a unit without a
    polygon, a non-numeric population, a file without a CRS whose coordinates are not lon/lat."""
    if level not in LEVELS:
        raise ImportRefused(f"unknown level {level!r} (levels: {', '.join(LEVELS)})")
    raw = read_source(path, layer)
    fields = [c for c in raw.columns if c != raw.geometry.name]
    if raw.empty:
        raise ImportRefused(f"{path}: the file has no features")
    missing = [f for f in (code_field, name_field, population_field) if f and f not in raw.columns]
    if missing:
        raise ImportRefused(f"{path}: no field {', '.join(map(repr, missing))}; the file's fields are "
                            f"{', '.join(map(repr, fields)) or 'none'}")
    codes = raw[code_field].map(_code_text)
    names = raw[name_field].map(_code_text)
    for what, values in (("code", codes), ("name", names)):
        empty = np.flatnonzero(values.eq("").to_numpy()) + 1
        if empty.size:
            raise ImportRefused(f"{path}: {empty.size} feature(s) have an empty {what} ({what} field "
                                f"{code_field if what == 'code' else name_field!r}): features {listed(empty)}")
    repeated = sorted(codes[codes.duplicated()].unique())
    if repeated:
        raise ImportRefused(f"{path}: {len(repeated)} code(s) appear more than once: {listed(repeated)}")
    without = codes[(raw.geometry.isna() | raw.geometry.is_empty).to_numpy()]
    if len(without):
        raise ImportRefused(f"{path}: {len(without)} unit(s) have no geometry: {listed(without)}")

    if raw.crs is None:
        minx, miny, maxx, maxy = raw.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise ImportRefused(
                f"{path}: the file declares no CRS and its coordinates ({minx:.6g}, {miny:.6g}) to ({maxx:.6g}, "
                f"{maxy:.6g}) are not longitudes and latitudes; save it with its CRS (for a Shapefile, its .prj) "
                "and import it again")
        geometries = raw.geometry.set_crs(CRS)
    else:
        geometries = raw.geometry.to_crs(CRS)
    invalid = ~raw.geometry.is_valid.to_numpy() | ~geometries.is_valid.to_numpy()
    repaired = shapely.make_valid(geometries.to_numpy(), method="structure", keep_collapsed=False)
    polygons = [_multi_if(as_written(polygonal_part(g)), multi)
                for g, multi in zip(repaired, geometries.geom_type.eq("MultiPolygon"), strict=True)]
    no_area = codes[[g.is_empty for g in polygons]]
    if len(no_area):
        raise ImportRefused(f"{path}: {len(no_area)} unit(s) have no polygon (points or lines only, or a ring "
                            f"without area): {listed(no_area)}")

    population = pd.NA
    if population_field:
        given = raw[population_field].map(_code_text)
        population = pd.to_numeric(given.where(given.ne("")), errors="coerce")
        bad = codes[(population.isna() & given.ne("")).to_numpy()]
        if len(bad):
            raise ImportRefused(f"{path}: the population field {population_field!r} is not a number for "
                                f"{len(bad)} unit(s): {listed(bad)}")
        population = population.round().astype("Int64")
    units = gpd.GeoDataFrame({
        "code": codes, "name": names, "short_name": names.map(short_name), "level": level,
        "valid_from": valid_from, "valid_to": valid_to, "population": population, "approximate": False,
    }, geometry=polygons, crs=CRS)
    report = {
        "source": str(path),
        "source_crs": raw.crs.to_string() if raw.crs is not None else None,
        "features": len(raw),
        "fields": fields,
        "repaired": codes[invalid].tolist(),
        "invalid_repaired": int(invalid.sum()),
    }
    return units.reset_index(drop=True), report


def import_boundaries(path: Path | str, code_field: str, name_field: str, level: str, *,
                      layer: str | None = None, population_field: str | None = None,
                      valid_from: str | None = None, valid_to: str | None = None,
                      reference=None, min_area_m2: float = 1.0) -> tuple[gpd.GeoDataFrame, dict]:
    """:func:`read_boundaries` with the :func:`coverage_report` of the units (against ``reference``, e.g. the
    city outline, when given) in its report."""
    units, report = read_boundaries(path, code_field, name_field, level, layer=layer,
                                    population_field=population_field, valid_from=valid_from, valid_to=valid_to)
    return units, {**report, **coverage_report(units, reference=reference, min_area_m2=min_area_m2)}


# --- checking against the city -------------------------------------------------------------------------------


def coverage_report(units: gpd.GeoDataFrame, reference=None, min_area_m2: float = 1.0) -> dict:
    """Overlaps between units and gaps in their coverage, in m² and km² measured in the local UTM zone.

    Gaps are the part of ``reference`` (e.g. the city outline) that the units leave uncovered, also as a share
    of it (``gap_pct``), with the area of the units beyond it (``outside_km2``); without a reference, the holes
    in the units' union. Pieces under ``min_area_m2`` (rounding slivers) are not counted.
    """
    if units.empty:
        raise ValueError("no polygons to report on")
    metric_crs = units.estimate_utm_crs()
    metric = units.to_crs(metric_crs)
    geometries = metric.geometry.to_numpy()
    overlaps = []
    left, right = STRtree(geometries).query(geometries, predicate="intersects")
    for i, j in zip(left, right, strict=True):
        if i < j:
            area = float(shapely.area(shapely.intersection(geometries[i], geometries[j])))
            if area >= min_area_m2:
                overlaps.append({"a": metric["code"].iat[i], "b": metric["code"].iat[j], "area_m2": round(area, 1),
                                 "area_km2": round(area / 1e6, 4)})
    covered = shapely.union_all(geometries)
    outline_m2 = outside_m2 = None
    if reference is not None:
        outline = gpd.GeoSeries([shapely.union_all(_geometries_of(reference))], crs=CRS).to_crs(metric_crs).iloc[0]
        gaps = shapely.get_parts(shapely.difference(outline, covered))
        outline_m2 = float(outline.area)
        outside_m2 = float(sum(g.area for g in shapely.get_parts(shapely.difference(covered, outline))
                               if g.area >= min_area_m2))
    else:
        gaps = [shapely.Polygon(ring) for part in shapely.get_parts(covered) for ring in part.interiors]
    gap_areas = [float(g.area) for g in gaps if g.area >= min_area_m2]
    gap_m2 = sum(gap_areas)
    return {
        "metric_crs": metric_crs.to_string(),
        "area_m2": round(float(sum(g.area for g in geometries)), 1),
        "overlaps": sorted(overlaps, key=lambda o: -o["area_m2"]),
        "overlap_area_m2": round(sum(o["area_m2"] for o in overlaps), 1),
        "gaps": len(gap_areas),
        "gap_area_m2": round(gap_m2, 1),
        "gap_km2": round(gap_m2 / 1e6, 4),
        "outline_km2": None if outline_m2 is None else round(outline_m2 / 1e6, 4),
        "gap_pct": None if not outline_m2 else round(100 * gap_m2 / outline_m2, 3),
        "outside_km2": None if outside_m2 is None else round(outside_m2 / 1e6, 4),
    }


def _geometries_of(reference) -> list:
    if isinstance(reference, gpd.GeoDataFrame | gpd.GeoSeries):
        series = reference.geometry if isinstance(reference, gpd.GeoDataFrame) else reference
        return list(series.to_crs(CRS) if series.crs is not None else series)
    return [reference]


def city_outline(pack: CityPack, level: str):
    """The city limit as one geometry: the pack's outline, else the union of its units of ``level`` (of every
    level when it has none of that one); None for a pack with neither."""
    if pack.outline is not None and not pack.outline.empty:
        return shapely.union_all(pack.outline.geometry.to_numpy())
    units = pack.units[pack.units["level"] == level]
    units = units if not units.empty else pack.units
    return shapely.union_all(units.geometry.to_numpy()) if not units.empty else None


def check_place(units: gpd.GeoDataFrame, outline) -> None:
    """Refuse units that do not overlap the city at all (a file for another place, or in a wrong CRS)."""
    if outline is None:
        return
    if shapely.intersection(shapely.union_all(units.geometry.to_numpy()), outline).area > 0:
        return
    ux0, uy0, ux1, uy1 = units.total_bounds
    cx0, cy0, cx1, cy1 = outline.bounds
    raise ImportRefused(
        f"the units do not overlap the city at all: they lie within lon {ux0:.4f}..{ux1:.4f}, lat "
        f"{uy0:.4f}..{uy1:.4f}, the city within lon {cx0:.4f}..{cx1:.4f}, lat {cy0:.4f}..{cy1:.4f}; "
        "is the file for another place, or its CRS wrong?")


@dataclass(frozen=True)
class SitePoints:
    """Points to be covered by the units: a kind of site (or the incidents), the code (or id) of each point."""

    codes: list
    lons: np.ndarray
    lats: np.ndarray


def locate_all(units: gpd.GeoDataFrame, sites: Mapping[str, SitePoints]) -> dict[str, list[str | None]]:
    """The unit code of each point of each kind (None outside every unit); a point on a shared border goes to
    the unit with the smallest code, as everywhere else (:class:`geo.pack.UnitLocator`)."""
    locator = UnitLocator(units)
    return {kind: locator.locate_many(points.lons, points.lats) for kind, points in sites.items()}


def check_covers(sites: Mapping[str, SitePoints], located: Mapping[str, list]) -> None:
    """Refuse units that leave a site or an incident outside every unit (naming how many, and the first ones)."""
    outside = {kind: [code for code, unit in zip(points.codes, located[kind], strict=True) if unit is None]
               for kind, points in sites.items()}
    count = sum(map(len, outside.values()))
    if count:
        which = "; ".join(f"{kind}: {len(codes)} ({listed(codes)})" for kind, codes in outside.items() if codes)
        raise ImportRefused(f"the units leave {count} site(s) outside every unit — {which}; every camera, "
                            "station, road segment and incident location must fall in an imported unit")


def stray_codes(pack: CityPack, units: gpd.GeoDataFrame, level: str) -> dict[str, list[str]]:
    """Codes of ``level`` that other files of the pack name but the imported units do not have, by file."""
    named = {"crosswalk.csv": pack.crosswalk["ward_code" if level == "ward" else "former_code"]}
    if level == "ward":
        named["response_units.csv"] = pack.response_units["ward_code"]
    have = set(units["code"])
    strays = {name: sorted(set(codes.astype(str)) - have - {""}) for name, codes in named.items()}
    return {name: codes for name, codes in strays.items() if codes}


# --- writing the pack ----------------------------------------------------------------------------------------


def replace_level(collection: dict, units: gpd.GeoDataFrame, level: str, *,
                  population_source: str | None = None) -> list[dict]:
    """The features of a pack's ``units.geojson`` with those of ``level`` replaced by ``units`` (the other level's
    kept as they are, where they are).

    An imported unit gets the pack's properties (in the pack's order; ``approximate`` false, ``area_km2`` measured
    in the local UTM zone); those the file does not give — population, validity, notes, district, parent — are
    kept from the pack's unit of the same code. ``population_source`` is recorded where the file gave the
    population.
    """
    features = collection["features"]
    same_level = [f for f in features if f["properties"].get("level") == level]
    before = {str(f["properties"].get("code")): f["properties"] for f in same_level}
    keys = list(dict.fromkeys([k for f in same_level for k in f["properties"]] + UNIT_PROPERTIES))
    areas = units.geometry.to_crs(units.estimate_utm_crs()).area.to_numpy()
    replaced = []
    for unit, area in zip(units.itertuples(), areas, strict=True):
        old = before.get(unit.code, {})
        props = {key: old.get(key) for key in keys}
        props.update(code=unit.code, name=unit.name, short_name=unit.short_name, level=level,
                     area_km2=round(float(area) / 1e6, 2), approximate=False)
        for key in ("valid_from", "valid_to"):
            if getattr(unit, key) is not None:
                props[key] = getattr(unit, key)
        if not pd.isna(unit.population):
            props.update(population=int(unit.population), population_note=None, population_source=population_source)
        replaced.append({"type": "Feature", "id": f"{level}-{unit.code}", "properties": props,
                         "geometry": geometry_to_geojson(unit.geometry)})
    first = next((i for i, f in enumerate(features) if f["properties"].get("level") == level), len(features))
    kept = [f for f in features if f["properties"].get("level") != level]
    at = sum(1 for f in features[:first] if f["properties"].get("level") != level)
    return kept[:at] + replaced + kept[at:]


def level_frame(features: list[dict], level: str) -> gpd.GeoDataFrame:
    """One level of unit features as the pack loader reads them (what the databases get)."""
    frame = gpd.GeoDataFrame.from_features([f for f in features if f["properties"].get("level") == level], crs=CRS)
    frame["code"] = frame["code"].astype(str)
    return frame
