"""`nearest`: the sites closest to an incident, nearest first, with distances in metres."""

from __future__ import annotations

import pandas as pd
import pytest
from pyproj import Geod
from shapely.geometry import Point

from data.domains.incidents.provider import nearest

HERE = {"lon": 105.78, "lat": 19.80}
# Offsets from the incident in degrees: about 111 m north, 210 m east, 332 m south and 1.1 km west.
SITES = pd.DataFrame([
    {"code": "FAR", "name": "Tây", "lon": 105.7695, "lat": 19.80},
    {"code": "SOUTH", "name": "Nam", "lon": 105.78, "lat": 19.797},
    {"code": "NORTH", "name": "Bắc", "lon": 105.78, "lat": 19.801},
    {"code": "EAST", "name": "Đông", "lon": 105.782, "lat": 19.80},
])


def metres(site: dict) -> float:
    return Geod(ellps="WGS84").inv(HERE["lon"], HERE["lat"], site["lon"], site["lat"])[2]


def test_the_k_nearest_in_order_with_their_distances():
    found = nearest(HERE, SITES, k=3)
    assert found["code"].tolist() == ["NORTH", "EAST", "SOUTH"]
    expected = [metres(site) for site in found.to_dict("records")]
    assert found["distance_m"].tolist() == pytest.approx(expected, rel=1e-3)
    assert expected[0] == pytest.approx(110.7, abs=1)
    assert list(found.columns) == ["code", "name", "lon", "lat", "distance_m"] and list(found.index) == [0, 1, 2]


def test_k_larger_than_the_sites_gives_them_all_nearest_first():
    found = nearest(HERE, SITES, k=10)
    assert found["code"].tolist() == ["NORTH", "EAST", "SOUTH", "FAR"]
    assert found["distance_m"].is_monotonic_increasing


def test_one_site_only():
    found = nearest(HERE, SITES.iloc[[0]], k=3)
    assert found["code"].tolist() == ["FAR"] and found["distance_m"].iloc[0] == pytest.approx(1_100, rel=0.02)


def test_no_sites_give_an_empty_frame_with_the_distance_column():
    found = nearest(HERE, SITES.iloc[0:0], k=3)
    assert found.empty and "distance_m" in found and "code" in found


def test_a_geometry_column_of_the_sites_is_not_in_the_answer():
    with_geometry = SITES.assign(geometry=[Point(lon, lat) for lon, lat in zip(SITES["lon"], SITES["lat"], strict=True)])
    found = nearest(HERE, with_geometry, k=2)
    assert found["code"].tolist() == ["NORTH", "EAST"] and "geometry" not in found
