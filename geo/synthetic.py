"""Building blocks for *approximate* demo geometry (used by pack generators, never at run time).

A layout is written in a local kilometre frame around a reference point, where distances are
isotropic (so Voronoi cells and offsets mean what they say), and converted to lon/lat at the end.
Units are tiled as Voronoi cells around approximate unit centres inside given regions (e.g. the real
wards), with boundaries bent by a smooth random warp so they do not look like a ruler drawing; every
face comes out of one noded linework, so neighbours share their edges exactly and the tiling has no
gaps or overlaps.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import substring

GRID_DEG = 1e-6  # output precision: 6 decimals of a degree (about 0.1 m)
REGION_OVERLAP_DEG = 5e-4  # a region's Voronoi edges run this far past it, so they are noded with its edge
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320


@dataclass(frozen=True)
class LocalFrame:
    """Equirectangular kilometre frame centred on (lon0, lat0); accurate to well under 1 % over 30 km."""

    lon0: float
    lat0: float

    @property
    def km_per_deg_lon(self) -> float:
        return KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(self.lat0))

    def to_lonlat_xy(self, xy: np.ndarray) -> np.ndarray:
        xy = np.asarray(xy, dtype=float)
        return np.column_stack([self.lon0 + xy[:, 0] / self.km_per_deg_lon, self.lat0 + xy[:, 1] / KM_PER_DEG_LAT])

    def to_km_xy(self, lonlat: np.ndarray) -> np.ndarray:
        lonlat = np.asarray(lonlat, dtype=float)
        return np.column_stack([(lonlat[:, 0] - self.lon0) * self.km_per_deg_lon,
                                (lonlat[:, 1] - self.lat0) * KM_PER_DEG_LAT])

    def to_lonlat(self, geom):
        return shapely.transform(geom, self.to_lonlat_xy)

    def to_km(self, geom):
        return shapely.transform(geom, self.to_km_xy)

    def lonlat(self, x_km: float, y_km: float) -> tuple[float, float]:
        lon, lat = self.to_lonlat_xy(np.array([[x_km, y_km]]))[0]
        return float(lon), float(lat)


def chaikin(points: Sequence[tuple[float, float]], iterations: int = 3, closed: bool = False) -> np.ndarray:
    """Corner-cutting smoothing; an open line keeps its end points."""
    pts = np.asarray(points, dtype=float)
    for _ in range(iterations):
        nxt = np.roll(pts, -1, axis=0) if closed else pts[1:]
        cur = pts if closed else pts[:-1]
        q = 0.75 * cur + 0.25 * nxt
        r = 0.25 * cur + 0.75 * nxt
        cut = np.empty((2 * len(cur), 2))
        cut[0::2], cut[1::2] = q, r
        pts = cut if closed else np.vstack([pts[:1], cut, pts[-1:]])
    return pts


def smooth_line(points: Sequence[tuple[float, float]], iterations: int = 2) -> LineString:
    return LineString(chaikin(points, iterations, closed=False))


class SmoothWarp:
    """A small, smooth random displacement of the plane (a sum of plane waves).

    The total amplitude times the largest wave number stays below 1, so the warp is one-to-one:
    lines that did not cross before do not cross after, and the inverse can be found by iteration.
    """

    def __init__(self, rng: np.random.Generator, amplitude_km: float = 0.15, wavelength_km: float = 2.8,
                 waves: int = 4):
        self.directions = rng.uniform(0, 2 * math.pi, size=(2, waves))
        self.wavenumbers = 2 * math.pi / (wavelength_km * rng.uniform(0.75, 1.3, size=(2, waves)))
        self.phases = rng.uniform(0, 2 * math.pi, size=(2, waves))
        self.amplitude = amplitude_km / waves
        if amplitude_km * self.wavenumbers.max() >= 1:
            raise ValueError("warp too strong: it would fold the plane")

    def displacement(self, xy: np.ndarray) -> np.ndarray:
        out = np.zeros_like(xy, dtype=float)
        for axis in (0, 1):
            along = (np.outer(xy[:, 0], np.cos(self.directions[axis]))
                     + np.outer(xy[:, 1], np.sin(self.directions[axis])))
            out[:, axis] = self.amplitude * np.sin(along * self.wavenumbers[axis] + self.phases[axis]).sum(axis=1)
        return out

    def __call__(self, xy: np.ndarray) -> np.ndarray:
        xy = np.asarray(xy, dtype=float)
        return xy + self.displacement(xy)

    def inverse(self, xy: np.ndarray, iterations: int = 40) -> np.ndarray:
        target = np.asarray(xy, dtype=float)
        guess = target.copy()
        for _ in range(iterations):
            guess = target - self.displacement(guess)
        return guess


@dataclass
class SeedRegion:
    """Seeds that compete for the faces inside ``polygon`` (lon/lat); seeds are in the km frame."""

    polygon: Polygon
    seeds: dict[Hashable, tuple[float, float]]


def voronoi_edges(seeds_xy: np.ndarray, extent: Polygon):
    return shapely.voronoi_polygons(shapely.multipoints(seeds_xy), extend_to=extent, only_edges=True)


def tile_faces(outline: Polygon, regions: Sequence[SeedRegion], frame: LocalFrame, warp: SmoothWarp,
               vertex_spacing_km: float = 0.1) -> list[tuple[Polygon, Hashable]]:
    """Split ``outline`` (lon/lat), tiled by the regions, into faces labelled with the id of the seed that owns them.

    Every line (outline, region boundaries, warped Voronoi edges of each region's seeds, kept a little beyond
    the region) is noded together on the output grid and polygonized once, so faces never overlap and share
    edges bit for bit. A face belongs to the region containing it and, within it, to the seed whose
    *unwarped* Voronoi cell holds the face's point mapped back through the inverse warp.
    """
    extent = frame.to_km(outline).buffer(5.0).envelope
    lines = [outline.boundary]
    for region in regions:
        seeds_xy = np.array(list(region.seeds.values()))
        edges = shapely.segmentize(voronoi_edges(seeds_xy, extent), vertex_spacing_km)
        reach = region.polygon.buffer(REGION_OVERLAP_DEG)
        lines += [frame.to_lonlat(shapely.transform(edges, warp)).intersection(reach), region.polygon.boundary]
    noded = shapely.union_all(lines, grid_size=GRID_DEG)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    shapely.prepare(outline)
    labelled = []
    for face in faces:
        point = face.representative_point()
        if not outline.contains(point):
            continue
        # Snap-rounding may shift a region edge by a grid step, so a sliver can fall just outside both.
        region = min(regions, key=lambda r: r.polygon.distance(point))
        labelled.append((face, _nearest_seed(region.seeds, warp.inverse(frame.to_km_xy([[point.x, point.y]]))[0])))
    return labelled


def _nearest_seed(seeds: dict[Hashable, tuple[float, float]], xy: np.ndarray) -> Hashable:
    ids = list(seeds)
    distances = np.hypot(*(np.array([seeds[i] for i in ids]) - xy).T)
    return ids[int(np.argmin(distances))]


def cut_evenly(line: LineString, target: float, lo: float, hi: float) -> list[LineString]:
    """Cut ``line`` into equal pieces of about ``target`` length, each within [lo, hi] (same units)."""
    length = line.length
    if length < lo:
        return []
    pieces = max(math.ceil(length / hi), round(length / target), 1)
    while pieces > 1 and length / pieces < lo:
        pieces -= 1
    step = length / pieces
    return [substring(line, i * step, (i + 1) * step) for i in range(pieces)]


def offset_from_line(line: LineString, distance_along: float, offset: float, span: float = 0.01) -> Point:
    """The point ``offset`` to the left (negative: right) of ``line`` at ``distance_along``, square to the
    line's direction taken over ``span`` either side."""
    here = line.interpolate(distance_along)
    ahead = line.interpolate(min(distance_along + span, line.length))
    behind = line.interpolate(max(distance_along - span, 0.0))
    dx, dy = ahead.x - behind.x, ahead.y - behind.y
    norm = math.hypot(dx, dy)
    return Point(here.x - dy / norm * offset, here.y + dx / norm * offset)
