"""The province pack (geo/thanh_hoa_province/): 166 official communes, generated roads and sites at provincial
density, reproducible from its generator; the app's services, the simulator, the alert rules and the map on it."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import shapely
from conftest import installed
from shapely.geometry import shape
from sqlalchemy import text

from geo.build_province import SOURCE_FILE, build_pack
from geo.pack import browser_tolerance, load_pack, pack_dir, wards_geojson

SLUG = "thanh_hoa_province"
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
CITY_WARDS = {"14758", "14797", "15853", "15925", "16378", "16417", "16522"}


@pytest.fixture(scope="module")
def province():
    return load_pack(SLUG)


@pytest.fixture(scope="module")
def units_tree(province):
    return shapely.STRtree(province.wards.geometry.to_numpy())


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_province001_the_166_official_communes(province):
    wards = province.wards
    assert len(wards) == 166 and wards["code"].is_unique
    assert wards["kind"].value_counts().to_dict() == {"xã": 147, "phường": 19}
    assert set(province.units["level"]) == {"ward"} and province.former_units.empty
    assert province.crosswalk.empty and "ward_code" in province.crosswalk.columns  # no crosswalk: optional
    assert set(wards["code"]) >= CITY_WARDS
    assert not wards["approximate"].any() and wards.geometry.is_valid.all()
    source = json.loads(gzip.decompress((pack_dir(SLUG) / "source" / SOURCE_FILE).read_bytes()).decode("utf-8"))
    by_code = {f["properties"]["code"]: shape(f["geometry"]) for f in source["features"]}
    assert set(by_code) == set(wards["code"])
    # The pack's polygons are the source noded on its own grid: they differ from it by slivers only.
    for unit in wards.itertuples():
        assert shapely.symmetric_difference(unit.geometry, by_code[unit.code]).area < 2e-6, unit.code  # ≈ 0.02 km²
        assert unit.name.split(" ", 1)[0] in ("Xã", "Phường") and unit.short_name in unit.name


def test_province002_communes_tile_the_outline(province):
    geometries = province.wards.geometry.to_numpy()
    assert shapely.coverage_is_valid(geometries)
    outline = province.outline.geometry.iloc[0]
    assert abs(outline.area - sum(g.area for g in geometries)) < 1e-9
    assert shapely.symmetric_difference(outline, shapely.union_all(geometries)).area < 1e-9
    assert abs(province.wards["area_km2"].sum() - 11_114.78) < 0.1  # the source's official areas


def test_province003_populations_published_where_the_facts_give_them(province):
    wards = province.wards.set_index("code")
    assert (wards["population"] > 0).all()
    assert wards.loc["14797", "population"] == 197_142 and "HĐND" in wards.loc["14797", "population_source"]
    assert wards.loc["15853", "population"] == 57_844 and wards.loc["15853", "population_source"]
    estimated = wards[wards["population_source"].isna()]
    assert len(estimated) == 164 and estimated["population_note"].str.contains("ESTIMATE").all()
    city = load_pack("thanh_hoa").wards.set_index("code")
    assert (wards.loc[sorted(CITY_WARDS), "population"] == city.loc[sorted(CITY_WARDS), "population"]).all()


def test_province004_provincial_density(province):
    assert 3_000 <= len(province.roads) <= 4_500
    assert 1_800 <= len(province.cameras) <= 2_600
    assert 40 <= len(province.stations) <= 80
    assert 200 <= len(province.response_units) <= 800
    assert set(province.stations["kind"]) == {"air", "water_quality", "water_level", "rain"}
    assert set(province.cameras["kind"]) == {"traffic", "security", "flood"}
    meta = province.meta
    assert meta["counts"]["segments"] == len(province.roads) and meta["generator"] == "python -m geo.build_province"
    assert meta["approximate_geometry"] == {"wards": False, "outline": False, "roads": True, "cameras": True,
                                            "stations": True, "response_units": True}
    assert province.roads["approximate"].all()


@pytest.mark.parametrize("layer", ["roads", "cameras", "stations", "response_units"])
def test_province005_codes_are_unique(province, layer):
    assert getattr(province, layer)["code"].is_unique


@pytest.mark.parametrize("layer", ["cameras", "stations", "response_units"])
def test_province006_every_site_is_inside_the_outline_and_in_one_unit(province, units_tree, layer):
    sites = getattr(province, layer)
    outline = province.outline.geometry.iloc[0]
    assert shapely.contains(outline, sites.geometry.to_numpy()).all()
    site_idx, unit_idx = units_tree.query(sites.geometry.to_numpy(), predicate="intersects")
    assert np.array_equal(np.bincount(site_idx, minlength=len(sites)), np.ones(len(sites)))
    if layer == "response_units":  # the ward a unit names is the one it stands in
        codes = province.wards["code"].to_numpy()
        assert (codes[unit_idx[np.argsort(site_idx)]] == sites["ward_code"].to_numpy()).all()


def test_province007_every_segment_lies_inside_the_province(province, units_tree):
    outline = province.outline.geometry.iloc[0]
    lines = province.roads.geometry.to_numpy()
    assert shapely.contains(outline, lines).all()
    points = shapely.point_on_surface(lines)
    site_idx, _ = units_tree.query(points, predicate="intersects")
    assert np.array_equal(np.bincount(site_idx, minlength=len(lines)), np.ones(len(lines)))
    lengths = province.roads.to_crs("EPSG:32648").length
    assert lengths.between(450, 2_000).all() and (province.roads["length_m"] - lengths).abs().max() < 1
    cameras = province.cameras
    traffic = cameras[cameras["kind"] == "traffic"]
    assert set(traffic["segment"]) <= set(province.roads["code"])


def test_province008_every_kind_a_category_dispatches_has_units_across_the_province(province):
    units = province.response_units
    assert {"police", "ward_office", "traffic_police", "fire", "ambulance", "sanitation", "power", "water"} <= set(
        units["kind"])
    offices = units[units["kind"] == "ward_office"]
    assert set(offices["ward_code"]) == set(province.wards["code"])  # every commune has its People's Committee


def test_province009_the_browser_copy_is_a_small_valid_coverage(province):
    copy = wards_geojson(province)
    body = json.dumps(copy, ensure_ascii=False, separators=(",", ":")).encode()
    assert len(copy["features"]) == 166 and len(body) < 1_000_000
    assert browser_tolerance(province) == province.meta["browser_tolerance_deg"]
    geometries = np.array([shape(f["geometry"]) for f in copy["features"]], dtype=object)
    assert all(g.is_valid for g in geometries) and shapely.coverage_is_valid(geometries)
    assert [f["id"] for f in copy["features"]] == province.wards["code"].tolist()


def test_province010_generator_is_reproducible_and_the_pack_is_up_to_date(tmp_path):
    import shutil

    build_pack(tmp_path / "a")
    generated = _files(tmp_path / "a")
    # units.geojson is not committed: a pack without it writes it on first load, the same as the generator's.
    shutil.copytree(pack_dir(SLUG), tmp_path / "packs" / SLUG, ignore=shutil.ignore_patterns("units.geojson"))
    assert not (tmp_path / "packs" / SLUG / "units.geojson").exists()
    assert len(load_pack(SLUG, tmp_path / "packs").wards) == 166
    committed = _files(tmp_path / "packs" / SLUG)
    assert set(committed) == set(generated)
    assert [name for name in generated if generated[name] != committed[name]] == [], "run: python -m geo.build_province"
    assert max(len(data) for data in committed.values()) < 10_000_000
    assert "Thang Le Quoc" in (pack_dir(SLUG) / "source" / "README.md").read_text(encoding="utf-8")


# --- the app on the province ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def province_services(tmp_path_factory):
    """The app's services on the province pack, as the server builds them (settings name the city), migrated."""
    from data.store.settings import Settings
    from data.wiring.services import Services
    from data.wiring.setup import migrate_all

    folder = tmp_path_factory.mktemp("province")
    services = Services.create(Settings(data_dir=folder, city=SLUG, demo=False, _env_file=None))
    migrate_all(services)
    yield services
    services.engines.dispose()


def test_province011_services_start_with_the_whole_registry(province_services):
    assert province_services.pack.slug == SLUG
    with province_services.engines.main.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM admin_units")).scalar_one() == 166
    pack = province_services.pack
    assert len(province_services.traffic.segments()) == len(pack.roads)
    assert len(province_services.cameras.cameras()) == len(pack.cameras)
    assert len(province_services.incidents.response_units()) == len(pack.response_units)


def test_province012_a_simulator_tick_writes_every_station_kind_with_nothing_rejected(province_services):
    from data.demo.live import LiveSimulator
    from data.demo.simulation import CitySimulation

    services = province_services
    sim = CitySimulation(services.pack)
    live = LiveSimulator(services.write_path, sim, services.traffic, interval_s=3600, clock=lambda: NOW)
    counts = live.tick()  # an empty database: one interval (an hour, every cadence) before now
    assert counts["traffic"] > len(services.pack.roads) and counts["environment"] > 0
    with services.engines["environment"].connect() as conn:
        kinds = {k for (k,) in conn.execute(text(
            "SELECT DISTINCT s.kind FROM env_obs o JOIN env_stations s ON s.code = o.station_code"))}
        unplaced = conn.execute(text("SELECT count(*) FROM env_obs WHERE ward_code IS NULL")).scalar_one()
    assert kinds == {"air", "water_quality", "water_level", "rain"} and unplaced == 0
    feeds = services.feeds.status(NOW).set_index("feed")
    simulated = feeds[feeds.index.str.startswith("simulator/")]
    assert len(simulated) >= 4 and (simulated["rejected_24h"] == 0).all(), simulated
    with services.engines["traffic"].connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM traffic_obs WHERE ward_code IS NULL")).scalar_one() == 0
    # The alert rules evaluate on it (nearest-unit dispatch and the rules read the same registries).
    from data.providers.alerts import AlertsProvider

    assert set(AlertsProvider.from_services(services, clock=lambda: NOW).evaluate(NOW)) == {"opened", "cleared"}


def test_province012b_every_simulated_record_of_a_day_passes_the_write_path(province_services):
    """A whole day of every simulated domain (the department reports at 16:30 included) is taken: the simulator
    sends only what the province's registries know (its pack has no department indicators)."""
    from data.demo.simulation import CitySimulation
    from data.domains.registry import specs

    sim = CitySimulation(province_services.pack)
    day = (NOW - timedelta(days=1), NOW)
    for found in specs():
        if found.simulate is not None:
            records = sim.records(found.name, *day)
            assert province_services.write_path.refusals(found.name, records) == [], found.name
    assert sim.records("indicators", *day) == []


def test_province013_the_simulator_dispatches_a_unit_near_the_incident(province_services):
    from data.demo.simulation import CitySimulation

    sim = CitySimulation(province_services.pack)
    units = province_services.pack.response_units.set_index("code")
    wards = province_services.pack.wards.set_index("code")
    dispatched = [(e["unit_code"], a.ward) for hour in range(int(NOW.timestamp() // 3600) - 24,
                                                              int(NOW.timestamp() // 3600))
                  for a in sim._arrivals(hour) for e in a.events if e.get("unit_code")]
    assert len(dispatched) > 50
    far = [(unit, ward) for unit, ward in dispatched
           if units.loc[unit, "geometry"].distance(wards.loc[ward, "geometry"]) > 0.5]  # degrees, about 50 km
    assert far == []


def test_province014_the_overview_map_draws_every_segment_then_sends_only_what_changed(province_services):
    from callbacks.overview import refresh_overview
    from data.demo.live import LiveSimulator
    from data.demo.simulation import CitySimulation

    services = province_services
    now = datetime.now(UTC).replace(microsecond=0)
    clock = {"now": now - timedelta(seconds=30)}
    live = LiveSimulator(services.write_path, CitySimulation(services.pack), services.traffic, interval_s=600,
                         clock=lambda: clock["now"])
    assert live.tick()["traffic"] > len(services.pack.roads) / 2  # ten minutes of readings: the map has speeds
    with installed(services):
        def pushed() -> dict:
            services.watcher.refresh()
            return {"versions": services.watcher.snapshot()[1]}

        figure, *_cards, _updated, seen = refresh_overview(pushed(), None, "vi")
        operations = figure.to_plotly_json()["operations"]
        traces = [op["params"]["value"] for op in operations if op["operation"] == "Assign"]
        lines = [trace for trace in traces if trace.get("mode") == "lines"]
        assert sum(trace["lon"].count(None) for trace in lines) == len(services.pack.roads)
        labels = [trace for trace in traces if trace.get("mode") == "markers" and trace.get("hovertext")]
        assert any(len(trace["hovertext"]) == len(services.pack.roads) for trace in labels)  # one per segment
        # The figure names the boundaries by URL (fetched once by the browser), never embeds them.
        assert all("geojson" not in trace for trace in traces)
        assert len(json.dumps(traces)) < 2_000_000

        # Thirty seconds of new readings: their labels change in place, not thousands of segments' traces.
        clock["now"] = now
        assert live.tick()["traffic"] > 0
        update, *_cards, _updated, _seen = refresh_overview(pushed(), seen, "vi")
        redrawn, *_rest = refresh_overview(pushed(), None, "vi")  # the same moment drawn afresh
    operations = update.to_plotly_json()["operations"]
    assert any("hovertext" in op["location"] for op in operations)
    after = [op["params"]["value"] for op in redrawn.to_plotly_json()["operations"] if op["operation"] == "Assign"]
    changed = {i for i, (was, now_drawn) in enumerate(zip(traces, after, strict=True)) if was != now_drawn}
    whole = {op["location"][1] for op in operations if op["operation"] == "Assign" and len(op["location"]) == 2}
    # Only traces that changed are sent whole: the congestion classes a segment moved between (each class is one
    # line trace). The segments' hover labels (one per segment) and the cameras are never sent again whole.
    assert whole <= changed, (whole, changed)
    by_name = {trace.get("name"): i for i, trace in enumerate(traces)}
    big = {i for i, trace in enumerate(traces) if trace.get("mode") == "markers" and len(json.dumps(trace)) > 100_000}
    assert big and not whole & big, (whole, big, by_name)
    assert not any(op["operation"] == "Assign" and isinstance(op["params"]["value"], dict)
                   and op["params"]["value"].get("mode") == "lines" and op["params"]["value"]["lon"].count(None)
                   == len(services.pack.roads) for op in operations)


def test_province015_the_cameras_nearest_an_incident_anywhere_in_the_province(province_services):
    from data.domains.incidents.provider import nearest

    cameras = province_services.cameras.cameras()
    assert len(cameras) == len(province_services.pack.cameras)
    xy = np.column_stack([cameras["lon"].to_numpy(dtype=float), cameras["lat"].to_numpy(dtype=float)])
    for unit in province_services.pack.wards.iloc[::20].itertuples():  # communes from the delta to the mountains
        here = unit.geometry.representative_point()
        found = nearest({"lon": here.x, "lat": here.y}, cameras, k=3)
        assert len(found) == 3 and found["distance_m"].is_monotonic_increasing
        assert found["distance_m"].iloc[0] < 15_000, unit.code  # every commune has cameras at its seat
        brute = np.argsort(np.hypot(xy[:, 0] - here.x, (xy[:, 1] - here.y) * 1.06))[:1]  # ≈ metric at 20° N
        assert found["code"].iloc[0] == cameras["code"].iloc[int(brute[0])], unit.code
