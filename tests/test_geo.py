"""City pack: the Thanh Hóa pack (official wards, approximate rest), the geo.pack helpers and the generator."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, Polygon, box

from geo.build_thanh_hoa import build_pack
from geo.importer import import_boundaries
from geo.pack import (
    CRS,
    UnitLocator,
    assign_units,
    load_pack,
    pack_dir,
    simplified_coverage,
    units_geojson,
    wards_geojson,
)

WARD_CODES = {"14797", "16522", "16417", "16378", "15853", "14758", "15925"}
HAC_THANH, HAM_RONG, DONG_QUANG, DONG_TIEN, NGUYET_VIEN = "14797", "14758", "16417", "15853", "15925"
SPLIT_UNITS = {"14758": {HAC_THANH, HAM_RONG}, "16435": {HAC_THANH, DONG_QUANG}}  # Đông Thọ, An Hưng
PUBLISHED_POPULATIONS = {HAC_THANH: 197_142, DONG_TIEN: 57_844}
AREA_SLOP = 1e-9  # square degrees (about 12 m²)
TILING_SLOP = 1e-8  # the approximate former units tile the official outline up to about 120 m² in all


@pytest.fixture(scope="module")
def pack():
    return load_pack("thanh_hoa")


@pytest.fixture(scope="module")
def official_wards():
    """The unchanged source copy of the official polygons, by code."""
    source = gpd.read_file(pack_dir("thanh_hoa") / "source" / "thanh_hoa_city_wards_2025.geojson")
    return dict(zip(source["code"].astype(str), source.geometry, strict=True))


def _wards_containing(pack, geometry) -> list[str]:
    return [w.code for w in pack.wards.itertuples() if w.geometry.contains(geometry)]


def _metric_area(geometry) -> float:
    return float(gpd.GeoSeries([geometry], crs=CRS).to_crs("EPSG:32648").area.iloc[0])


def _pairwise_overlap(geometries) -> float:
    geometries = np.asarray(list(geometries), dtype=object)
    left, right = shapely.STRtree(geometries).query(geometries, predicate="intersects")
    return sum(shapely.intersection(geometries[i], geometries[j]).area for i, j in zip(left, right, strict=True)
               if i < j)


def test_geo001_pack_loads_in_wgs84_with_every_layer(pack):
    for frame in (pack.units, pack.wards, pack.former_units, pack.roads, pack.cameras, pack.stations,
                  pack.response_units, pack.river, pack.outline):
        assert frame.crs == CRS and len(frame) > 0
    assert pack.meta["slug"] == "thanh_hoa" and pack.meta["timezone"] == "Asia/Ho_Chi_Minh"
    assert load_pack("thanh_hoa") is pack  # cached


def test_geo002_unknown_pack_is_a_clear_value_error():
    with pytest.raises(ValueError, match="unknown city pack 'atlantis'.*thanh_hoa"):
        pack_dir("atlantis")
    with pytest.raises(ValueError):
        load_pack("../geo")


def test_geo003_wards_are_the_seven_2025_wards(pack):
    assert set(pack.wards["code"]) == WARD_CODES and len(pack.wards) == 7 and len(pack.former_units) == 51
    assert (pack.wards["valid_from"] == "2025-07-01").all() and pack.wards["valid_to"].isna().all()
    assert (pack.former_units["valid_to"] == "2025-06-30").all()
    assert pack.wards["name"].str.startswith("Phường ").all()
    assert pack.unit_names()["14797"] == "Phường Hạc Thành"
    assert pack.unit_names("former")["14797"] == "Phường Đông Hải"
    assert pack.units["population"].gt(0).all()


def test_geo004_approximate_geometry_is_stated_per_layer_and_on_the_features(pack):
    stated = pack.meta["approximate_geometry"]
    assert stated == {"wards": False, "outline": False, "former_units": True, "roads": True, "cameras": True,
                      "stations": True, "response_units": True, "river": True}
    for layer in ("wards", "outline", "former_units", "roads", "river"):
        assert (getattr(pack, layer)["approximate"] == stated[layer]).all(), layer


def test_geo005_wards_are_the_official_polygons(pack, official_wards):
    assert set(official_wards) == set(pack.wards["code"])
    for ward in pack.wards.itertuples():
        official = official_wards[ward.code]
        assert shapely.equals_exact(ward.geometry, official, tolerance=1e-7), ward.code
        assert _metric_area(ward.geometry) == pytest.approx(_metric_area(official), rel=0.01)
        iou = ward.geometry.intersection(official).area / ward.geometry.union(official).area
        assert iou > 0.9999, ward.code
    assert sum(_metric_area(g) for g in pack.wards.geometry) / 1e6 == pytest.approx(241.1, abs=0.5)
    assert pack.wards.set_index("code")["area_km2"][HAC_THANH] == 24.63  # the official figure


def test_geo006_wards_tile_the_outline_without_gaps_or_overlaps(pack):
    geometries = list(pack.wards.geometry)
    assert all(g.is_valid and g.geom_type in ("Polygon", "MultiPolygon") for g in geometries)
    outline = pack.outline.geometry.iloc[0]
    assert sum(g.area for g in geometries) == pytest.approx(outline.area, abs=AREA_SLOP)
    assert shapely.symmetric_difference(shapely.union_all(geometries), outline).area < AREA_SLOP
    assert _pairwise_overlap(geometries) < AREA_SLOP


def test_geo007_former_units_tile_the_same_outline(pack):
    geometries = list(pack.former_units.geometry)
    assert all(g.is_valid and g.geom_type == "Polygon" for g in geometries)  # each in one piece
    outline = pack.outline.geometry.iloc[0]
    assert sum(g.area for g in geometries) == pytest.approx(outline.area, abs=TILING_SLOP)
    assert shapely.symmetric_difference(shapely.union_all(geometries), outline).area < TILING_SLOP
    assert _pairwise_overlap(geometries) < TILING_SLOP


def test_geo008_units_are_keyed_by_level_and_code(pack):
    assert not pack.units.duplicated(["level", "code"]).any()
    assert set(pack.units["level"]) == {"ward", "former"}
    # Codes repeat across levels (former Đông Hải and the new Hạc Thành are both 14797).
    shared = set(pack.wards["code"]) & set(pack.former_units["code"])
    assert "14797" in shared


def test_geo009_crosswalk_covers_every_former_unit(pack):
    crosswalk = pack.crosswalk
    assert len(crosswalk) == 53
    assert set(crosswalk["former_code"]) == set(pack.former_units["code"])
    assert set(crosswalk["ward_code"]) == WARD_CODES
    assert set(crosswalk["part"]) == {"whole", "part"}
    counts = crosswalk.groupby("former_code")["ward_code"].nunique()
    assert set(counts[counts > 1].index) == set(SPLIT_UNITS)
    assert "14788" not in set(pack.former_units["code"])  # Tân Sơn: fate unverified, left out


def test_geo010_every_former_unit_lies_within_its_wards(pack):
    wards = pack.wards.set_index("code").geometry
    for former in pack.former_units.itertuples():
        targets = pack.crosswalk.loc[pack.crosswalk["former_code"] == former.code, "ward_code"]
        covered = shapely.union_all([wards[w] for w in targets])
        assert former.geometry.difference(covered).area < TILING_SLOP, former.code


def test_geo011_split_units_have_one_part_in_each_ward_adjacent_across_the_border(pack):
    wards = pack.wards.set_index("code").geometry
    formers = pack.former_units.set_index("code").geometry
    for code, expected in SPLIT_UNITS.items():
        rows = pack.crosswalk[pack.crosswalk["former_code"] == code]
        assert set(rows["ward_code"]) == expected and set(rows["part"]) == {"part"}
        assert formers[code].geom_type == "Polygon"  # the two parts touch along the ward border
        for ward in expected:
            assert formers[code].intersection(wards[ward]).area > 0.05 * formers[code].area
        first, second = (wards[w] for w in sorted(expected))
        crossed = first.boundary.intersection(second.boundary).intersection(formers[code])
        lines = [g for g in shapely.get_parts(crossed) if g.geom_type == "LineString"]
        assert gpd.GeoSeries(lines, crs=CRS).to_crs("EPSG:32648").length.sum() > 200  # metres of shared border


def test_geo012_counts_of_the_foundation(pack):
    assert pack.roads["road"].nunique() == 28 and 250 <= len(pack.roads) <= 275
    assert len(pack.cameras) == 330 and set(pack.cameras["kind"]) == {"traffic", "security", "flood"}
    assert pack.stations["kind"].value_counts().to_dict() == {"air": 9, "water_quality": 5, "water_level": 4,
                                                              "rain": 3}
    kinds = pack.response_units["kind"].value_counts()
    assert len(pack.response_units) == 30 and kinds["police"] == 7 and kinds["ward_office"] == 7
    assert set(kinds.index) == {"police", "traffic_police", "fire", "ambulance", "sanitation", "power", "water",
                                "ward_office"}
    assert len(pack.categories) == 10 and len(pack.sla) == 40


@pytest.mark.parametrize("layer", ["cameras", "stations", "response_units"])
def test_geo013_every_site_falls_in_exactly_one_ward(pack, layer):
    for site in getattr(pack, layer).itertuples():
        assert len(_wards_containing(pack, site.geometry)) == 1, site.code


def test_geo014_ward_offices_and_police_sit_in_their_own_ward(pack):
    local = pack.response_units[pack.response_units["kind"].isin(["police", "ward_office"])]
    for unit in local.itertuples():
        ward = unit.code.split("-")[1]
        assert unit.ward_code == ward and _wards_containing(pack, unit.geometry) == [ward], unit.code


def test_geo015_every_segment_sits_in_one_ward_and_inside_the_outline(pack):
    outline = pack.outline.geometry.iloc[0]
    for segment in pack.roads.itertuples():
        assert outline.contains(segment.geometry), segment.code
        assert len(_wards_containing(pack, segment.geometry.representative_point())) == 1, segment.code


def test_geo016_segments_are_300_to_900_m_with_plausible_attributes(pack):
    metres = pack.roads.to_crs("EPSG:32648").length
    assert metres.between(300, 900).all()
    assert np.allclose(metres, pack.roads["length_m"], atol=1.0)
    assert set(pack.roads["road_class"]) <= {"highway", "arterial", "collector"}
    assert pack.roads["free_flow_kmh"].between(40, 70).all() and pack.roads["lanes"].ge(2).all()
    assert (pack.roads.geometry.geom_type == "LineString").all()
    assert pack.roads.geometry.count_coordinates().ge(3).all()


@pytest.mark.parametrize("layer", ["roads", "cameras", "stations", "response_units", "categories"])
def test_geo017_codes_are_unique(pack, layer):
    codes = getattr(pack, layer)["code"]
    assert codes.is_unique and codes.str.len().gt(0).all()


def test_geo018_traffic_cameras_sit_on_their_segment(pack):
    segments = pack.roads.set_index("code").geometry
    traffic = pack.cameras[pack.cameras["kind"] == "traffic"]
    assert traffic["segment"].isin(segments.index).all()
    for camera in traffic.itertuples():
        assert segments[camera.segment].distance(camera.geometry) < 1e-5  # ~1 m
    others = pack.cameras[pack.cameras["kind"] != "traffic"]
    assert (others["segment"] == "").all() and (pack.cameras["snapshot_url"] == "").all()


def test_geo019_water_stations_and_flood_cameras_sit_on_the_water(pack):
    waterways = shapely.union_all(list(pack.river.geometry))
    water = pack.stations[pack.stations["kind"].isin(["water_quality", "water_level"])]
    for station in water.itertuples():
        assert waterways.distance(station.geometry) < 0.001, station.code  # ~100 m
    gauges = pack.stations[pack.stations["kind"] == "water_level"]
    assert (gauges["alarm1"] < gauges["alarm2"]).all() and (gauges["alarm2"] < gauges["alarm3"]).all()
    ma = pack.river[pack.river["name"] == "Sông Mã"].geometry.iloc[0]
    ham_rong = gauges[gauges["name"].str.contains("Hàm Rồng")]
    assert len(ham_rong) == 1 and ma.distance(ham_rong.geometry.iloc[0]) < 0.001
    on_the_ma = pack.cameras[pack.cameras["name"].str.startswith("Camera giám sát lũ sông Mã")]
    assert len(on_the_ma) >= 10 and all(ma.distance(c) < 0.002 for c in on_the_ma.geometry)  # ~200 m


def test_geo020_the_ma_follows_the_border_of_nguyet_vien_downstream(pack):
    ma = pack.river[pack.river["name"] == "Sông Mã"].geometry.iloc[0]
    (west_lon, _), (east_lon, _) = ma.coords[0], ma.coords[-1]
    assert west_lon < east_lon
    wards = pack.wards.set_index("code").geometry
    nguyet_vien_border = shapely.union_all([wards[NGUYET_VIEN].intersection(wards[c]) for c in
                                            (HAM_RONG, HAC_THANH, "16522")])
    assert nguyet_vien_border.length > 0.1 and nguyet_vien_border.difference(ma.buffer(1e-7)).length < 1e-6
    centre = wards[HAC_THANH].representative_point()
    across = ma.interpolate(ma.project(centre))
    assert wards[NGUYET_VIEN].distance(centre) > 0 and across.y > centre.y  # the centre is south of the Mã


def test_geo021_locator_agrees_with_assign_units_on_random_points(pack):
    rng = np.random.default_rng(7)
    minx, miny, maxx, maxy = pack.outline.total_bounds
    lons = rng.uniform(minx - 0.01, maxx + 0.01, 500)
    lats = rng.uniform(miny - 0.01, maxy + 0.01, 500)
    locator = UnitLocator(pack.wards)
    expected = assign_units((lons, lats), pack.wards)
    assert [locator.locate(x, y) for x, y in zip(lons, lats, strict=True)] == expected.tolist()
    assert locator.locate_many(lons, lats) == expected.tolist()
    assert expected.isna().any() and expected.notna().sum() > 200  # some points fall outside the city


def test_geo022_boundary_points_get_exactly_one_unit(pack):
    wards = pack.wards.set_index("code").geometry
    border = wards[HAC_THANH].boundary.intersection(wards[HAM_RONG].boundary)
    vertex = Point(shapely.get_coordinates(border)[1])
    assert len([w for w in pack.wards.geometry if w.intersects(vertex)]) == 2  # a shared vertex
    codes = assign_units(gpd.GeoSeries([vertex], crs=CRS), pack.wards)
    assert codes.iloc[0] is not None
    assert UnitLocator(pack.wards).locate(vertex.x, vertex.y) == codes.iloc[0]


def test_geo023_assign_units_keeps_the_index_and_works_for_former_units(pack):
    points = pack.stations.set_index("code")
    wards = assign_units(points, pack.wards)
    former = assign_units(points, pack.former_units)
    assert list(wards.index) == list(points.index)
    assert wards.notna().all() and former.notna().all()
    crosswalk = set(zip(pack.crosswalk["former_code"], pack.crosswalk["ward_code"], strict=True))
    assert all((f, w) in crosswalk for f, w in zip(former, wards, strict=True))
    assert UnitLocator.from_pack(pack, "former").locate_many(points["lon"], points["lat"]) == former.tolist()


@pytest.mark.parametrize("level", ["ward", "former"])
def test_geo024_the_browser_copy_is_a_small_valid_coverage(pack, level):
    collection = units_geojson(pack, level)
    units = pack.units[pack.units["level"] == level]
    assert [f["id"] for f in collection["features"]] == list(units["code"])
    assert len(json.dumps(collection, separators=(",", ":"))) < 150_000
    geometries = np.array([shapely.geometry.shape(f["geometry"]) for f in collection["features"]], dtype=object)
    assert shapely.is_valid(geometries).all() and shapely.coverage_is_valid(geometries)
    assert shapely.get_num_coordinates(geometries).sum() < 0.6 * shapely.get_num_coordinates(units.geometry).sum()
    assert _pairwise_overlap(geometries) < AREA_SLOP  # neighbours still share their edges
    full = shapely.union_all(list(units.geometry))
    assert abs(shapely.union_all(geometries).area - full.area) < 1e-5 * full.area
    for simplified, original in zip(geometries, units.geometry, strict=True):
        assert simplified.symmetric_difference(original).area < 0.02 * original.area
    coordinates = shapely.get_coordinates(geometries)
    assert (np.round(coordinates, 6) == coordinates).all()
    assert wards_geojson(pack) is units_geojson(pack, "ward")


def test_geo025_a_set_that_is_not_a_coverage_is_simplified_polygon_by_polygon():
    overlapping = [box(0, 0, 2, 2), box(1, 1, 3, 3)]
    simplified = simplified_coverage(overlapping, 0.1)
    assert shapely.is_valid(simplified).all() and [g.area for g in simplified] == [4.0, 4.0]


def test_geo026_populations_official_where_published_and_consistent(pack):
    wards = pack.wards.set_index("code")
    for code, people in PUBLISHED_POPULATIONS.items():
        assert wards.loc[code, "population"] == people and wards.loc[code, "population_source"].startswith(
            ("HĐND", "diaocthongthai"))
    estimates = wards.drop(index=list(PUBLISHED_POPULATIONS))
    assert estimates["population_source"].isna().all() and estimates["population_note"].str.contains(
        "ESTIMATE").all()
    assert 450_000 < wards["population"].sum() < 750_000
    assert pack.former_units["population"].sum() == wards["population"].sum()
    whole = pack.crosswalk.groupby("former_code")["ward_code"].nunique() == 1
    for code in WARD_CODES - {HAC_THANH, HAM_RONG, DONG_QUANG}:  # the wards without a split unit
        members = pack.crosswalk.loc[pack.crosswalk["ward_code"] == code, "former_code"]
        assert whole[members].all()
        assert pack.former_units.set_index("code").loc[members, "population"].sum() == wards.loc[code, "population"]
    sources = " ".join(s["used_for"] for s in pack.meta["sources"])
    assert "population of phường Hạc Thành" in sources and "population of phường Đông Tiến" in sources


def test_geo027_categories_and_placeholder_slas(pack):
    codes = list(pack.categories["code"])
    assert {"giao_thong", "moi_truong", "cap_thoat_nuoc", "an_ninh_trat_tu", "khac"} <= set(codes)
    assert pack.categories["default_severity"].between(1, 4).all() and pack.categories["rate_per_day"].gt(0).all()
    sla = pack.sla
    assert sla["placeholder"].all()
    assert set(zip(sla["category"], sla["severity"], strict=True)) == {(c, s) for c in codes for s in (1, 2, 3, 4)}
    assert (sla["ack_minutes"] < sla["resolve_minutes"]).all()


def _square(x: float, y: float, size: float) -> Polygon:
    return box(x, y, x + size, y + size)


def test_geo028_import_boundaries_reprojects_and_repairs_a_bowtie(tmp_path):
    x0, y0 = gpd.GeoSeries([Point(105.77, 19.80)], crs=CRS).to_crs("EPSG:3857").iloc[0].coords[0]
    bowtie = Polygon([(x0, y0), (x0 + 1000, y0 + 1000), (x0 + 1000, y0), (x0, y0 + 1000)])
    assert not bowtie.is_valid
    source = gpd.GeoDataFrame({"MA": [101, 102], "TEN": ["Phường Một", "Xã Hai"], "DAN_SO": [1200, 3400]},
                              geometry=[bowtie, _square(x0 + 500, y0, 1000)], crs="EPSG:3857")
    path = tmp_path / "units.gpkg"
    source.to_file(path, engine="pyogrio")

    units, report = import_boundaries(path, "MA", "TEN", "ward", population_field="DAN_SO",
                                      valid_from="2025-07-01")

    assert units.crs == CRS and units.geometry.is_valid.all()
    assert list(units["code"]) == ["101", "102"] and list(units["short_name"]) == ["Một", "Hai"]
    assert list(units["population"]) == [1200, 3400] and (units["level"] == "ward").all()
    minx, miny, maxx, maxy = units.total_bounds
    assert 105.76 < minx < maxx < 105.80 and 19.79 < miny < maxy < 19.82
    assert report["source_crs"] == "EPSG:3857" and report["invalid_repaired"] == 1
    assert report["metric_crs"] == "EPSG:32648"
    # Repaired bowtie = two triangles of 250 000 m² (Mercator m² at 19.8° N shrink by cos² ≈ 0.885).
    assert units.to_crs("EPSG:32648").geometry.iloc[0].area == pytest.approx(500_000 * 0.885, rel=0.02)
    assert len(report["overlaps"]) == 1 and report["overlaps"][0]["a"] == "101"
    assert report["overlap_area_m2"] == pytest.approx(250_000 * 0.885, rel=0.02)


def test_geo029_import_boundaries_reports_gaps_against_a_reference(tmp_path):
    squares = gpd.GeoDataFrame({"code": ["A", "B"], "name": ["Phường A", "Phường B"]},
                               geometry=[_square(105.70, 19.80, 0.01), _square(105.72, 19.80, 0.01)], crs=CRS)
    path = tmp_path / "units.geojson"
    squares.to_file(path, driver="GeoJSON", engine="pyogrio")
    reference = box(105.70, 19.80, 105.73, 19.81)

    units, report = import_boundaries(path, "code", "name", "former", reference=reference)

    assert report["overlaps"] == [] and report["gaps"] == 1 and report["invalid_repaired"] == 0
    assert report["gap_area_m2"] == pytest.approx(report["area_m2"] / 2, rel=0.01)
    with pytest.raises(ValueError, match="no field"):
        import_boundaries(path, "MA", "name", "ward")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_geo030_generator_is_reproducible_and_the_pack_is_up_to_date(tmp_path):
    build_pack(tmp_path / "a")
    build_pack(tmp_path / "b")
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert {"units.geojson", "pack.json", "source/thanh_hoa_city_wards_2025.geojson"} <= set(first)
    assert first == second
    committed = _files(pack_dir("thanh_hoa"))
    assert set(committed) == set(first)
    assert [name for name in first if first[name] != committed[name]] == [], "run: python -m geo.build_thanh_hoa"


def test_geo031_pack_files_are_small_and_unicode(pack):
    folder = pack_dir("thanh_hoa")
    assert sum(len(data) for data in _files(folder).values()) < 2_000_000
    assert "Phường Hạc Thành" in (folder / "units.geojson").read_text(encoding="utf-8")
    assert "Thang Le Quoc" in (folder / "README.md").read_text(encoding="utf-8")
    assert isinstance(pd.read_csv(folder / "cameras.csv", dtype=str)["code"].iloc[0], str)


def test_situation_maps_use_nothing_remote_unless_a_site_sets_its_tiles(pack):
    from pydantic import ValidationError

    from data.store.settings import Settings
    from layouts.map import city_view, map_figure

    offline = map_figure(city_view(pack.meta["bounds"], (), 800, 600), "/api/v1/geo/wards.geojson", [])
    style = offline["layout"]["map"]["style"]
    assert [s["type"] for s in style["sources"].values()] == ["geojson"] and "glyphs" not in style
    assert all(layer["source"].startswith("/api/") for layer in offline["layout"]["map"]["layers"])

    url = "https://tiles.example.vn/{z}/{x}/{y}.png"
    tiled = map_figure(city_view(pack.meta["bounds"], (), 800, 600, url, "© Sở TT&TT"), "/w.geojson", [])
    style = tiled["layout"]["map"]["style"]
    assert style["sources"]["site-tiles"]["tiles"] == [url]
    assert [layer["id"] for layer in style["layers"]] == ["background", "site-tiles"]  # under every layer
    assert tiled["layout"]["map"]["layers"][0]["opacity"] < 1  # the land lets the tiles through
    with pytest.raises(ValidationError):
        Settings(map_tiles_url="https://tiles.example.vn/tile.png", _env_file=None)


def test_geo032_every_ward_name_has_places_to_move_to_inside_its_ward(pack):
    """A ward's name may move off a badge: its representative point first, then points one and two steps
    around it, each well inside the ward (so a moved name still names the area it sits on)."""
    from geo.pack import map_labels

    wards = {row.short_name: row.geometry for row in pack.wards.itertuples()}
    names = [label for label in map_labels(pack) if label["kind"] == "ward"]
    assert {label["text"] for label in names} == set(wards)
    for label in names:
        places = [Point(lon, lat) for lon, lat in label["at"]]
        assert [label["lon"], label["lat"]] == label["at"][0]
        assert len(places) > 5, label["text"]  # more than the four sides: room in the small central wards too
        assert len(set(label["at"][i][0] + 1j * label["at"][i][1] for i in range(len(places)))) == len(places)
        assert all(wards[label["text"]].contains(p) for p in places), label["text"]
