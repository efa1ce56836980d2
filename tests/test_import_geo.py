"""`cityops import-geo`: real boundaries into a city pack and the databases, on a hand-made city with known answers.

The city (pack `testcity`, copied into each test's folder) is two square wards A | B side by side, one former unit
over both, and an outline around them; its sites and incidents lie at chosen points (one station exactly on the
A|B border). The files imported are written by the tests in GeoJSON, GeoPackage or zipped Shapefile.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from conftest import DATABASES, ROOT, _drop_pg_schema, _pg_available, _pg_engine, installed, need_service
from shapely import affinity
from shapely.geometry import LineString, Polygon, box
from sqlalchemy import select

from data.domains.cameras.models import Camera, CameraStatus
from data.domains.environment.models import EnvObs, EnvStation
from data.domains.incidents.models import Incident
from data.domains.indicators.models import IndicatorValue
from data.domains.traffic.models import RoadSegment, TrafficHourly
from data.ingest.boundaries import NOT_REASSIGNED, placed_kinds, read_sites, reassigned_tables
from data.ingest.registry import load_registries
from data.store.db import Engines, make_engine
from data.store.models import AdminUnit, Base, DataVersion, import_model_modules
from data.store.models_alerts import Alert
from data.store.schema import migrate
from data.store.settings import Settings
from data.wiring.services import Services
from geo.importer import ImportRefused, SitePoints, check_covers, locate_all, read_boundaries
from geo.pack import CRS, load_pack

X0, X1, X2, Y0, Y1 = 105.70, 105.71, 105.72, 19.80, 19.81  # ward A: X0..X1, ward B: X1..X2, both Y0..Y1
SPLIT = 105.708  # the A|B border of the re-drawn wards imported by the tests
CAMERAS = {"CAM-1": (105.705, 19.805), "CAM-2": (105.715, 19.805)}  # A, B (A and B after the import)
STATIONS = {"ST-1": (X1, 19.805)}  # on the A|B border: A (the smaller code); B after the import
INCIDENTS = [(105.703, 19.803), (105.712, 19.806), (105.709, 19.805)]  # A, B, A -> A, B, B
ROAD = LineString([(105.701, 19.801), (105.705, 19.801), (105.709, 19.801)])  # its representative point: A


def _features(units: list[tuple[str, str, str, object]]) -> list[dict]:
    return [{"type": "Feature", "id": f"{level}-{code}",
             "properties": {"code": code, "name": name, "short_name": name.removeprefix("Phường "), "level": level,
                            "valid_from": "2025-07-01" if level == "ward" else None,
                            "valid_to": None if level == "ward" else "2025-06-30", "population": 1000,
                            "population_note": "Published.", "population_source": "census", "area_km2": 1.0,
                            "approximate": level == "former", "district": None, "parent_code": "38", "note": None},
             "geometry": shapely.geometry.mapping(geometry)} for level, code, name, geometry in units]


def _collection(features: list[dict]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def make_pack(root: Path) -> Path:
    folder = root / "testcity"
    folder.mkdir(parents=True)
    (folder / "pack.json").write_text(json.dumps({"slug": "testcity", "name_vi": "Thử", "name_en": "Test",
                                                  "timezone": "Asia/Ho_Chi_Minh"}), encoding="utf-8")
    (folder / "units.geojson").write_text(_collection(_features([
        ("ward", "A", "Phường A", box(X0, Y0, X1, Y1)), ("ward", "B", "Phường B", box(X1, Y0, X2, Y1)),
        ("former", "F1", "Xã Một", box(X0, Y0, X2, Y1))])), encoding="utf-8")
    (folder / "outline.geojson").write_text(_collection(
        [{"type": "Feature", "properties": {"name": "Test"}, "geometry": shapely.geometry.mapping(box(X0, Y0, X2, Y1))}]),
        encoding="utf-8")
    (folder / "roads.geojson").write_text(_collection(
        [{"type": "Feature", "properties": {"code": "R-1", "road": "Đường 1", "name": "Đường 1 (đoạn 1)",
                                            "road_class": "primary", "lanes": 2, "free_flow_kmh": 40, "length_m": 840},
          "geometry": shapely.geometry.mapping(ROAD)}]), encoding="utf-8")
    (folder / "cameras.csv").write_text("code,name,kind,lat,lon,segment,snapshot_url\n" + "".join(
        f"{code},Camera {code},traffic,{lat},{lon},R-1,\n" for code, (lon, lat) in CAMERAS.items()), encoding="utf-8")
    (folder / "stations.csv").write_text("code,name,kind,lat,lon,parameters,alarm1,alarm2,alarm3,unit,note\n" + "".join(
        f"{code},Trạm {code},air,{lat},{lon},pm25,,,,µg/m³,\n" for code, (lon, lat) in STATIONS.items()),
        encoding="utf-8")
    (folder / "response_units.csv").write_text("code,name,kind,ward_code,lat,lon,phone\n"
                                               "CA-A,Công an phường A,police,A,19.805,105.704,113\n", encoding="utf-8")
    (folder / "categories.csv").write_text("code,name_vi,name_en,default_severity,rate_per_day\n"
                                           "khac,Khác,Other,2,1.0\n", encoding="utf-8")
    (folder / "sla.csv").write_text("category,severity,ack_minutes,resolve_minutes,placeholder\n"
                                    + "".join(f"khac,{s},10,60,true\n" for s in (1, 2, 3, 4)), encoding="utf-8")
    return folder


class City:
    """The test city: its pack folder, services on a migrated database with its registries, incidents, readings."""

    def __init__(self, folder: Path, services: Services):
        self.folder, self.services, self.engines = folder, services, services.engines

    @property
    def units_file(self) -> Path:
        return self.folder / "units.geojson"

    def rows(self) -> dict[str, list[tuple]]:
        """Every row of every table, to compare before/after."""
        rows = {}
        for engine in self.engines.distinct():
            with engine.connect() as conn:
                for table in Base.metadata.sorted_tables:
                    if engine.dialect.has_table(conn, table.name):
                        rows[table.name] = sorted(map(repr, conn.execute(table.select())))
        return rows

    def wards(self, model, key="code") -> dict:
        """`key` -> ward_code of every row of `model`."""
        with self.engines.main.connect() as conn:
            return dict(conn.execute(select(getattr(model, key), model.ward_code)).all())

    def versions(self) -> dict[str, int]:
        with self.engines.main.connect() as conn:
            return dict(conn.execute(select(DataVersion.domain, DataVersion.version)).all())

    def restart(self) -> None:
        """Services as a new process builds them (reading the pack as it is now), on the same databases."""
        self.services = Services(self.services.settings, self.engines,
                                 load_pack(self.services.pack.slug, self.folder.parent))

    def run(self, *argv: str) -> int:
        from data.wiring.commands.import_geo import main

        with installed(self.services):
            return main([str(a) for a in argv])


def _fill(engines: Engines) -> None:
    """Incidents and a few readings and alerts carrying their site's ward (as the write path stores them)."""
    now = datetime(2026, 11, 30, 3, tzinfo=UTC)
    with engines.main.begin() as conn:
        conn.execute(Incident.__table__.insert(), [
            {"source": "test", "external_id": f"i{n}", "category": "khac", "severity": 2, "title": f"Sự cố {n}",
             "lon": lon, "lat": lat, "ward_code": ward, "reported_at": now, "status": "new", "updated_at": now}
            for n, ((lon, lat), ward) in enumerate(zip(INCIDENTS, ["A", "B", "A"], strict=True), start=1)])
        conn.execute(EnvObs.__table__.insert(), [{"station_code": "ST-1", "parameter": "pm25", "ts": now, "value": 20,
                                                  "ward_code": "A"}])
        conn.execute(CameraStatus.__table__.insert(), [{"camera_code": "CAM-1", "ts": now, "online": True,
                                                        "ward_code": "A"}])
        conn.execute(TrafficHourly.__table__.insert(), [{"segment_code": "R-1", "hour": now, "ward_code": "A", "n": 1,
                                                         "speed_sum": 30, "volume_sum": 0, "volume_n": 0}])
        conn.execute(Alert.__table__.insert(), [{"rule": "aqi", "entity": "ST-1", "opened_at": now, "severity": 2,
                                                 "message": "AQI", "status": "open", "ward_code": "A"}])


def _services(tmp_path: Path, engines: Engines) -> Services:
    """Services of the test city, its databases as every command's start-up leaves them (the rollups of the
    readings written above built)."""
    from data.wiring.setup import migrate_all

    settings = Settings(data_dir=tmp_path, demo=False, city="testcity", packs_root=tmp_path / "packs", _env_file=None)
    services = Services(settings, engines, load_pack("testcity", tmp_path / "packs"))
    migrate_all(services)
    return services


@contextmanager
def made_city(database: str, tmp_path: Path) -> Iterator[City]:
    """The test city on a fresh SQLite file or PostgreSQL schema (dropped afterwards)."""
    folder = make_pack(tmp_path / "packs")
    schema = None
    if database == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    else:
        need_service(_pg_available(), "PostgreSQL at 127.0.0.1:5432")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        engine = _pg_engine(schema)
    migrate(engine)
    engines = Engines.single(engine)
    load_registries(engines, load_pack("testcity", tmp_path / "packs"))
    _fill(engines)
    try:
        yield City(folder, _services(tmp_path, engines))
    finally:
        engines.dispose()
        load_pack.cache_clear()
        if schema:
            _drop_pg_schema(schema)


@pytest.fixture(params=DATABASES)
def city(request, tmp_path):
    with made_city(request.param, tmp_path) as made:
        yield made


@pytest.fixture
def sqlite_city(tmp_path):
    """The city on SQLite only (for what does not depend on the database)."""
    with made_city("sqlite", tmp_path) as made:
        yield made


def write_units(path: Path, units: list[tuple[str, str, object]], crs: str | None = CRS, **fields) -> Path:
    """A file of units (code, name, geometry) with fields MA and TEN (and more given as name=[values])."""
    frame = gpd.GeoDataFrame({"MA": [u[0] for u in units], "TEN": [u[1] for u in units], **fields},
                             geometry=[u[2] for u in units], crs=CRS)
    if crs is None:
        frame = frame.set_crs(None, allow_override=True)
    elif crs != CRS:
        frame = frame.to_crs(crs)
    if path.suffix == ".zip":
        shp = path.with_suffix("")
        shp.mkdir()
        frame.to_file(shp / "units.shp", engine="pyogrio")
        with zipfile.ZipFile(path, "w") as archive:
            for part in sorted(shp.iterdir()):
                archive.write(part, f"units/{part.name}")  # in a folder of the zip, as downloads often are
    else:
        frame.to_file(path, engine="pyogrio")
    return path


REDRAWN = [("A", "Phường A", box(X0, Y0, SPLIT, Y1)), ("B", "Phường B", box(SPLIT, Y0, X2, Y1))]


def ward_args(path: Path, *more: str) -> list[str]:
    return [str(path), "--level", "ward", "--code-field", "MA", "--name-field", "TEN", *more]


# --- reading, reprojecting, repairing (no database) ---------------------------------------------------------------


def test_points_on_a_shared_border_go_to_one_unit_the_same_whatever_the_file_order(tmp_path):
    points = {"p": SitePoints(["on-border", "corner", "inside-b"], [SPLIT, SPLIT, 105.715], [19.805, Y1, 19.805])}
    answers = []
    for name, units in (("ab.geojson", REDRAWN), ("ba.geojson", REDRAWN[::-1])):
        read, _ = read_boundaries(write_units(tmp_path / name, units), "MA", "TEN", "ward")
        answers.append(locate_all(read, points)["p"])
    assert answers == [["A", "A", "B"], ["A", "A", "B"]]


def test_a_point_in_a_hole_is_not_in_the_unit_with_the_hole(tmp_path):
    ring = Polygon(box(X0, Y0, X2, Y1).exterior.coords, [box(105.705, 19.803, 105.715, 19.807).exterior.coords])
    island = box(105.705, 19.803, 105.715, 19.807)
    path = write_units(tmp_path / "holes.geojson", [("H", "Phường H", ring), ("I", "Phường I", island)])
    units, _ = read_boundaries(path, "MA", "TEN", "ward")
    located = locate_all(units, {"p": SitePoints(["hole", "ring"], [105.71, 105.701], [19.805, 19.805])})["p"]
    assert located == ["I", "H"]
    only_ring, _ = read_boundaries(write_units(tmp_path / "ring.geojson", [("H", "Phường H", ring)]), "MA", "TEN",
                                   "ward")
    assert locate_all(only_ring, {"p": SitePoints(["hole"], [105.71], [19.805])})["p"] == [None]


def test_a_multipolygon_unit_holds_both_parts_and_stays_a_multipolygon(sqlite_city, tmp_path):
    island = box(105.716, 19.806, 105.718, 19.808)
    a = box(X0, Y0, X1, Y1).union(island)  # A with an exclave inside B's old square
    b = box(X1, Y0, X2, Y1).difference(island)
    assert a.geom_type == "MultiPolygon"
    path = write_units(tmp_path / "multi.geojson", [("A", "Phường A", a), ("B", "Phường B", b)])
    units, _ = read_boundaries(path, "MA", "TEN", "ward")
    points = {"p": SitePoints(["main", "exclave", "b"], [105.705, 105.717, 105.712], [19.805, 19.807, 19.805])}
    assert locate_all(units, points)["p"] == ["A", "A", "B"]

    assert sqlite_city.run(*ward_args(path)) == 0
    written = {f["properties"]["code"]: f for f in json.loads(sqlite_city.units_file.read_text())["features"]}
    assert written["A"]["geometry"]["type"] == "MultiPolygon" and len(written["A"]["geometry"]["coordinates"]) == 2


@pytest.mark.parametrize("crs", ["EPSG:32648", "EPSG:3405"])
def test_a_file_in_another_crs_comes_back_in_lonlat(tmp_path, crs):
    path = write_units(tmp_path / "metric.gpkg", REDRAWN, crs=crs)
    assert gpd.read_file(path, engine="pyogrio").total_bounds[0] > 1000  # metres in the file
    units, report = read_boundaries(path, "MA", "TEN", "ward")
    assert report["source_crs"] == crs and units.crs == CRS
    for (_, _, expected), got in zip(REDRAWN, units.geometry, strict=True):
        assert shapely.hausdorff_distance(expected, got) < 1e-6


def test_a_bowtie_is_repaired_and_reported(sqlite_city, tmp_path, capsys):
    bowtie = Polygon([(X0, Y0), (SPLIT, Y1), (SPLIT, Y0), (X0, Y1)])  # self-intersecting ring
    assert not bowtie.is_valid
    path = write_units(tmp_path / "bowtie.geojson", [("A", "Phường A", bowtie), REDRAWN[1]])
    units, report = read_boundaries(path, "MA", "TEN", "ward")
    assert report["repaired"] == ["A"] and units.geometry.is_valid.all()
    assert units.geometry.iloc[0].area == pytest.approx((SPLIT - X0) * (Y1 - Y0) / 2, rel=1e-4)  # two triangles

    # The triangles (meeting at 105.704, 19.805) leave the rest of A uncovered: the road's point (105.705, 19.801)
    # and incident 1 (105.703, 19.803) lie there, CAM-1 (105.705, 19.805) in the eastern triangle.
    assert sqlite_city.run(*ward_args(path, "--dry-run")) == 2
    err = capsys.readouterr().err
    assert "leave 2 site(s) outside every unit — segments: 1 (R-1); incidents: 1 (1);" in err

    # A bowtie east of the city beside the two wards: imported, and named as repaired.
    east = Polygon([(X2, Y0), (105.73, Y1), (105.73, Y0), (X2, Y1)])
    path = write_units(tmp_path / "east.geojson", [*REDRAWN, ("Z", "Phường Z", east)])
    assert sqlite_city.run(*ward_args(path, "--dry-run")) == 0
    assert "repaired 1 invalid unit(s): Z\n" in capsys.readouterr().out


def test_a_zipped_shapefile_and_a_geopackage_are_read(tmp_path):
    for path in (tmp_path / "wards.zip", tmp_path / "wards.gpkg", tmp_path / "wards.geojson"):
        units, report = read_boundaries(write_units(path, REDRAWN, crs="EPSG:32648"), "MA", "TEN", "ward")
        assert list(units["code"]) == ["A", "B"] and report["source_crs"] == "EPSG:32648", path.name
        assert shapely.hausdorff_distance(units.geometry.iloc[1], REDRAWN[1][2]) < 1e-6


@pytest.mark.filterwarnings("ignore:.crs. was not provided")
def test_a_file_without_a_crs_is_taken_as_lonlat_only_when_it_is(tmp_path):
    lonlat = write_units(tmp_path / "lonlat.zip", REDRAWN, crs=None)
    units, report = read_boundaries(lonlat, "MA", "TEN", "ward")
    assert report["source_crs"] is None and shapely.hausdorff_distance(units.geometry.iloc[0], REDRAWN[0][2]) < 1e-6

    metres = [(c, n, affinity.scale(g, 5000, 5000, origin=(0, 0))) for c, n, g in REDRAWN]
    with pytest.raises(ImportRefused, match="declares no CRS.*not longitudes and latitudes"):
        read_boundaries(write_units(tmp_path / "metres.zip", metres, crs=None), "MA", "TEN", "ward")


def test_missing_fields_empty_and_repeated_codes_are_refused(tmp_path):
    path = write_units(tmp_path / "wards.geojson", REDRAWN, DAN_SO=[10, 20])
    with pytest.raises(ImportRefused) as refused:
        read_boundaries(path, "MA_XA", "TEN", "ward", population_field="POP")
    assert "'MA_XA', 'POP'" in str(refused.value) and "fields are 'MA', 'TEN', 'DAN_SO'" in str(refused.value)

    repeated = write_units(tmp_path / "twice.geojson", [REDRAWN[0], ("A", "Phường A bis", REDRAWN[1][2])])
    with pytest.raises(ImportRefused, match="1 code.* more than once: A"):
        read_boundaries(repeated, "MA", "TEN", "ward")
    empty = write_units(tmp_path / "empty.geojson", [REDRAWN[0], (" ", "Phường B", REDRAWN[1][2])])
    with pytest.raises(ImportRefused, match="1 feature.* empty code.*features 2"):
        read_boundaries(empty, "MA", "TEN", "ward")
    counted = write_units(tmp_path / "population.geojson", REDRAWN, DAN_SO=["1200", "nhiều"])
    with pytest.raises(ImportRefused, match="'DAN_SO' is not a number for 1 unit.*: B$"):
        read_boundaries(counted, "MA", "TEN", "ward", population_field="DAN_SO")
    units, _ = read_boundaries(path, "MA", "TEN", "ward", population_field="DAN_SO")
    assert list(units["population"]) == [10, 20]


def test_check_covers_counts_and_names_the_uncovered():
    sites = {"cameras": SitePoints(["C1", "C2"], [0, 0], [0, 0]), "incidents": SitePoints([7], [0], [0])}
    with pytest.raises(ImportRefused) as refused:
        check_covers(sites, {"cameras": ["A", None], "incidents": [None]})
    assert "2 site(s)" in str(refused.value) and "cameras: 1 (C2)" in str(refused.value)
    assert "incidents: 1 (7)" in str(refused.value)
    check_covers(sites, {"cameras": ["A", "B"], "incidents": ["A"]})  # all covered: no refusal


# --- refusals leave everything as it was ----------------------------------------------------------------------------


def test_a_file_for_somewhere_else_is_refused_and_nothing_changes(city, tmp_path, capsys):
    elsewhere = [(c, n, affinity.translate(g, 0.5, 0.5)) for c, n, g in REDRAWN]
    path = write_units(tmp_path / "elsewhere.geojson", elsewhere)
    pack_bytes, rows = city.units_file.read_bytes(), city.rows()

    assert city.run(*ward_args(path)) == 2

    err = capsys.readouterr().err
    assert "do not overlap the city at all" in err and "nothing was changed" in err
    assert city.units_file.read_bytes() == pack_bytes and city.rows() == rows
    assert sorted(p.name for p in city.folder.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_a_missing_field_is_refused_naming_the_fields(sqlite_city, tmp_path, capsys):
    path = write_units(tmp_path / "wards.gpkg", REDRAWN)
    pack_bytes, rows = sqlite_city.units_file.read_bytes(), sqlite_city.rows()
    assert sqlite_city.run(str(path), "--level", "ward", "--code-field", "ma_xa", "--name-field", "TEN") == 2
    assert "no field 'ma_xa'; the file's fields are 'MA', 'TEN'" in capsys.readouterr().err
    assert sqlite_city.units_file.read_bytes() == pack_bytes and sqlite_city.rows() == rows


def test_units_leaving_a_site_uncovered_are_refused(city, tmp_path, capsys):
    path = write_units(tmp_path / "west.geojson", [REDRAWN[0]])  # only the western ward: B's sites are outside
    pack_bytes, rows = city.units_file.read_bytes(), city.rows()

    assert city.run(*ward_args(path)) == 2

    err = capsys.readouterr().err
    assert "leave 4 site(s) outside every unit" in err  # CAM-2, ST-1 and the incidents 2 and 3
    assert "cameras: 1 (CAM-2)" in err and "stations: 1 (ST-1)" in err and "incidents: 2 (2, 3)" in err
    assert city.units_file.read_bytes() == pack_bytes and city.rows() == rows


# --- a successful import ------------------------------------------------------------------------------------------


def test_a_ward_import_reassigns_sites_incidents_and_their_copies_and_a_rerun_changes_nothing(city, tmp_path,
                                                                                              capsys):
    path = write_units(tmp_path / "wards.gpkg", [*REDRAWN, ("C", "Phường C", box(X2, Y0, 105.73, Y1))],
                       crs="EPSG:32648", DAN_SO=[1200, 3400, 5600])
    former_before = [f for f in json.loads(city.units_file.read_text())["features"]
                     if f["properties"]["level"] == "former"]
    versions = city.versions()

    assert city.run(*ward_args(path, "--population-field", "DAN_SO", "--valid-from", "2026-01-01")) == 0

    out = capsys.readouterr().out
    assert "CRS: EPSG:32648, reprojected to EPSG:4326" in out and "repaired: none" in out
    assert "admin units (ward): 1 added, 2 changed, 0 removed" in out
    # ST-1 (on the old border: A) and incident 3 move to B; the rest stays
    assert "reassigned to another ward: 2 (segments 0, cameras 0, stations 1, incidents 1) of 7" in out
    # ST-1's reading, its hourly, daily and AQI rollups and its alert
    assert "ward copies updated in readings, rollups and alerts: 5" in out
    # the file's straight edges in UTM are slightly bent in lon/lat: slivers of square metres only
    assert float(re.search(r"gaps: ([\d.]+) km²", out).group(1)) < 1e-3 and "overlapping pairs: 0 (none)" in out
    beyond = float(re.search(r"beyond the outline: ([\d.]+) km²", out).group(1))
    assert beyond == pytest.approx(1.159, abs=0.002)  # C lies east of the city: 0.01° × 0.01° (1.047 km × 1.107 km)
    assert city.wards(EnvStation) == {"ST-1": "B"} and city.wards(Camera) == {"CAM-1": "A", "CAM-2": "B"}
    assert city.wards(RoadSegment) == {"R-1": "A"}
    assert city.wards(Incident, "id") == {1: "A", 2: "B", 3: "B"}
    assert city.wards(EnvObs, "station_code") == {"ST-1": "B"} and city.wards(Alert, "entity") == {"ST-1": "B"}
    assert city.wards(CameraStatus, "camera_code") == {"CAM-1": "A"}
    after = city.versions()
    assert {d for d in after if after[d] != versions.get(d)} == {"environment", "incidents"}  # open pages re-read
    with city.engines.main.connect() as conn:
        units = {r.code: r for r in conn.execute(AdminUnit.__table__.select().where(AdminUnit.level == "ward"))}
        assert sorted(units) == ["A", "B", "C"] and units["C"].population == 5600
        assert str(units["A"].valid_from) == "2026-01-01"
        assert shapely.hausdorff_distance(shapely.from_geojson(units["A"].geometry), REDRAWN[0][2]) < 1e-6
        assert conn.execute(AdminUnit.__table__.select().where(AdminUnit.level == "former")).all() != []

    written = json.loads(city.units_file.read_text())["features"]
    assert [f for f in written if f["properties"]["level"] == "former"] == former_before
    wards = {f["properties"]["code"]: f for f in written if f["properties"]["level"] == "ward"}
    assert list(wards) == ["A", "B", "C"] and wards["C"]["id"] == "ward-C"
    a = wards["A"]["properties"]
    assert list(a) == ["code", "name", "short_name", "level", "valid_from", "valid_to", "population",
                       "population_note", "population_source", "area_km2", "approximate", "district",
                       "parent_code", "note"]
    assert (a["population"], a["valid_from"], a["approximate"], a["parent_code"]) == (1200, "2026-01-01", False, "38")
    assert a["population_source"] == "wards.gpkg, field DAN_SO" and a["area_km2"] == pytest.approx(0.93, abs=0.01)
    reloaded = load_pack("testcity", city.folder.parent)
    assert set(reloaded.wards["code"]) == {"A", "B", "C"}

    pack_bytes, rows = city.units_file.read_bytes(), city.rows()
    city.restart()
    assert city.run(*ward_args(path, "--population-field", "DAN_SO", "--valid-from", "2026-01-01")) == 0
    out = capsys.readouterr().out
    assert "admin units (ward): 0 added, 0 changed, 0 removed" in out and "units.geojson: unchanged" in out
    assert "reassigned to another ward: 0 " in out and "ward copies updated in readings, rollups and alerts: 0" in out
    assert city.units_file.read_bytes() == pack_bytes and city.rows() == rows


def test_units_no_longer_imported_are_removed(sqlite_city, tmp_path, capsys):
    path = write_units(tmp_path / "one.geojson", [("AB", "Phường AB", box(X0, Y0, X2, Y1))])
    with sqlite_city.engines.main.begin() as conn:
        conn.execute(IndicatorValue.__table__.insert(), [
            {"indicator_code": "x", "period_start": date(2026, 11, d), "scope": scope, "value": 1.0,
             "reported_at": datetime(2026, 11, 30, tzinfo=UTC)} for d, scope in ((1, "A"), (2, "A"), (1, "city"))])
    assert sqlite_city.run(*ward_args(path)) == 0
    out = capsys.readouterr().out
    assert "1 added, 0 changed, 2 removed (A, B)" in out
    assert "warning: response_units.csv names 1 ward code(s) not in the import: A" in out  # CA-A serves A
    assert "warning: 2 indicator value(s) were reported for ward code(s) not in the import: A" in out
    with sqlite_city.engines.main.connect() as conn:
        codes = conn.execute(select(AdminUnit.code).where(AdminUnit.level == "ward")).scalars().all()
    assert codes == ["AB"]
    assert set(sqlite_city.wards(Incident, "id").values()) == {"AB"}


def test_gaps_and_overlaps_are_measured_against_the_outline(sqlite_city, tmp_path, capsys):
    # A reaches 0.001° into B; B stops 0.002° short of the city's eastern edge, where no site lies. The city is
    # 0.02° × 0.01° (2.318 km²); 0.001° × 0.01° is 0.1159 km² at 19.8° N.
    path = write_units(tmp_path / "rough.geojson", [("A", "Phường A", box(X0, Y0, SPLIT + 0.001, Y1)),
                                                    ("B", "Phường B", box(SPLIT, Y0, X2 - 0.002, Y1))])
    assert sqlite_city.run(*ward_args(path, "--dry-run")) == 0
    out = capsys.readouterr().out
    outline = float(re.search(r"against the city outline \(([\d.]+) km²", out).group(1))
    gap, share = map(float, re.search(r"gaps: ([\d.]+) km² \(([\d.]+)% of the outline; [\d,]+ m²\) in 1 piece", out).groups())
    overlap = float(re.search(r"    A × B: ([\d.]+) km²", out).group(1))
    assert outline == pytest.approx(2.318, abs=0.002) and "overlapping pairs: 1\n" in out
    assert gap == pytest.approx(0.2318, abs=0.0005) and share == pytest.approx(10.0, abs=0.01)
    assert overlap == pytest.approx(0.1159, abs=0.0003)


def test_a_dry_run_reports_and_changes_nothing(city, tmp_path, capsys):
    path = write_units(tmp_path / "wards.geojson", REDRAWN)
    pack_bytes, rows = city.units_file.read_bytes(), city.rows()

    assert city.run(*ward_args(path, "--dry-run")) == 0

    out = capsys.readouterr().out
    assert "change ward: 2 (segments 0, cameras 0, stations 1, incidents 1)" in out
    assert "units.geojson: would be rewritten" in out and out.rstrip().endswith("dry run: nothing written")
    assert city.units_file.read_bytes() == pack_bytes and city.rows() == rows


def test_a_former_import_touches_only_the_former_level(sqlite_city, tmp_path, capsys):
    path = write_units(tmp_path / "former.geojson", [("F1", "Xã Một", box(X0, Y0, SPLIT, Y1)),
                                                     ("F2", "Xã Hai", box(SPLIT, Y0, X2, Y1))])
    before = json.loads(sqlite_city.units_file.read_text())["features"]
    sites = {k.name: sqlite_city.wards(k.model, k.key) for _, k in placed_kinds()}

    assert sqlite_city.run(str(path), "--level", "former", "--code-field", "MA", "--name-field", "TEN") == 0

    out = capsys.readouterr().out
    assert "admin units (former): 1 added, 1 changed, 0 removed" in out and "no site stores its former unit" in out
    after = json.loads(sqlite_city.units_file.read_text())["features"]
    assert [f for f in after if f["properties"]["level"] == "ward"] == [f for f in before
                                                                         if f["properties"]["level"] == "ward"]
    former = {f["properties"]["code"]: f["properties"] for f in after if f["properties"]["level"] == "former"}
    assert sorted(former) == ["F1", "F2"] and former["F1"]["valid_to"] == "2025-06-30"  # kept from the pack
    assert former["F2"]["valid_to"] is None and former["F1"]["approximate"] is False
    assert {k.name: sqlite_city.wards(k.model, k.key) for _, k in placed_kinds()} == sites


def test_every_table_with_a_ward_code_is_reassigned_or_left_alone_on_purpose():
    import_model_modules()
    with_ward = {t.name for t in Base.metadata.tables.values() if "ward_code" in t.c}
    assert with_ward == reassigned_tables() | NOT_REASSIGNED


def test_the_sites_read_from_the_database_are_those_of_the_pack(sqlite_city):
    sites = read_sites(sqlite_city.engines)
    assert sites["cameras"].codes == ["CAM-1", "CAM-2"] and sites["stations"].wards == ["A"]
    point = ROAD.representative_point()
    assert (sites["segments"].lons[0], sites["segments"].lats[0]) == (point.x, point.y)
    assert sites["incidents"].codes == [1, 2, 3] and sites["incidents"].wards == ["A", "B", "A"]


@pytest.mark.process
def test_the_command_end_to_end(sqlite_city, tmp_path):
    path = write_units(tmp_path / "wards.zip", REDRAWN, crs="EPSG:3405")
    env = {**os.environ, "CITYOPS_DATABASE_URL": f"sqlite:///{tmp_path / 'test.db'}", "CITYOPS_DATA_DIR": str(tmp_path),
           "CITYOPS_DEMO": "false", "CITYOPS_CITY": "testcity", "CITYOPS_PACKS_ROOT": str(sqlite_city.folder.parent),
           "PYTHONPATH": str(ROOT)}
    sqlite_city.engines.dispose()

    def command(*more: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "data.wiring.cli", "import-geo", *ward_args(path, *more)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    dry = command("--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "CRS: EPSG:3405, reprojected to EPSG:4326" in dry.stdout and "dry run: nothing written" in dry.stdout
    done = command()
    assert done.returncode == 0, done.stderr
    assert "reassigned to another ward: 2 " in done.stdout
    assert sqlite_city.wards(EnvStation) == {"ST-1": "B"}
    again = command()
    assert again.returncode == 0, again.stderr
    assert "reassigned to another ward: 0 " in again.stdout and "units.geojson: unchanged" in again.stdout
    refused = command("--pack", "thanh_hoa")
    assert refused.returncode == 2 and "the databases hold city pack 'testcity'" in refused.stderr


def test_the_official_wards_reimported_from_another_crs_move_no_site(fresh_services, pack, tmp_path, capsys):
    """The Thanh Hóa pack's own 7 wards, sent through VN-2000 / UTM 48N and back: every one of its sites keeps its
    ward, the former units stay, and the features keep their sources' properties."""
    import shutil

    real = pack.file("units.geojson").read_bytes()
    shutil.copytree(pack.folder, tmp_path / "packs" / "thanh_hoa")
    path = tmp_path / "wards.gpkg"
    pack.wards.rename(columns={"code": "MA", "name": "TEN"})[["MA", "TEN", "geometry"]].to_crs("EPSG:3405").to_file(
        path, engine="pyogrio")
    with fresh_services("sqlite", tmp_path) as services:
        copy = City(tmp_path / "packs" / "thanh_hoa",
                    Services(services.settings, services.engines, load_pack("thanh_hoa", tmp_path / "packs")))
        assert copy.run(*ward_args(path)) == 0
    out = capsys.readouterr().out
    sites = len(pack.cameras) + len(pack.stations) + len(pack.roads)
    assert f"reassigned to another ward: 0 (segments 0, cameras 0, stations 0, incidents 0) of {sites}" in out
    assert "admin units (ward): 0 added, 7 changed, 0 removed" in out  # the geometry, through two projections
    written = json.loads(copy.units_file.read_text())["features"]
    original = json.loads(pack.file("units.geojson").read_text())["features"]
    assert [f for f in written if f["properties"]["level"] == "former"] == [
        f for f in original if f["properties"]["level"] == "former"]
    for new, old in zip([f for f in written if f["properties"]["level"] == "ward"],
                        [f for f in original if f["properties"]["level"] == "ward"], strict=True):
        same = {k: v for k, v in old["properties"].items() if k not in ("area_km2", "approximate")}
        assert {k: new["properties"][k] for k in same} == same and new["id"] == old["id"]
        assert new["geometry"]["type"] == old["geometry"]["type"] == "MultiPolygon"
        assert shapely.hausdorff_distance(shapely.geometry.shape(new["geometry"]),
                                          shapely.geometry.shape(old["geometry"])) < 1e-6
    assert pack.file("units.geojson").read_bytes() == real and copy.units_file.read_bytes() != real


def test_the_pack_file_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    from geo.pack import write_text_atomically

    target = tmp_path / "units.geojson"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_text_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "new" and target.stat().st_mode & 0o777 == 0o640

    def failing_replace(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_text_atomically(target, "newer")
    assert target.read_text(encoding="utf-8") == "new" and [p.name for p in tmp_path.iterdir()] == ["units.geojson"]


def test_a_database_failure_leaves_the_pack_and_the_databases_as_they_were(sqlite_city, tmp_path, monkeypatch):
    import data.ingest.boundaries as boundaries

    def failing(*_args):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(boundaries, "_reassign", failing)  # after admin_units were upserted, before the pack file
    path = write_units(tmp_path / "wards.geojson", REDRAWN)
    pack_bytes, rows = sqlite_city.units_file.read_bytes(), sqlite_city.rows()
    with pytest.raises(RuntimeError, match="connection lost"):
        sqlite_city.run(*ward_args(path))
    assert sqlite_city.units_file.read_bytes() == pack_bytes and sqlite_city.rows() == rows
