"""FIWARE NGSI-v2 notifications on SQLite and PostgreSQL, with the published Smart Data Models example."""

from __future__ import annotations

import pytest
from feeds_client import api_client, issue
from sqlalchemy import select

from data.domains.environment.models import EnvObs
from data.domains.traffic.models import TrafficObs

URL = "/api/v1/ngsi-v2/notify"

# smart-data-models/dataModel.Environment AirQualityObserved/examples/example-normalized.json (as published:
# dateObserved without offset, CO in mg/m³ (GP), relativeHumidity as a fraction, attributes we do not keep).
MADRID = {
    "id": "Madrid-AmbientObserved-28079004-2016-03-15T11:00:00", "type": "AirQualityObserved",
    "dateObserved": {"type": "DateTime", "value": "2016-03-15T11:00:00"},
    "areaServed": {"type": "Text", "value": "Brooklands"},
    "airQualityLevel": {"type": "Text", "value": "moderate"},
    "co": {"type": "Number", "value": 500, "metadata": {"unitCode": {"value": "GP"}}},
    "temperature": {"type": "Number", "value": 12.2},
    "no": {"type": "Number", "value": 45, "metadata": {"unitCode": {"value": "GQ"}}},
    "refPointOfInterest": {"type": "Text", "value": "28079004-Pza.deEspanya"},
    "windDirection": {"type": "Number", "value": 176},
    "so2": {"type": "Number", "value": 11, "metadata": {"unitCode": {"value": "GQ"}}},
    "nox": {"type": "Number", "value": 139, "metadata": {"unitCode": {"value": "GQ"}}},
    "location": {"type": "geo:json", "value": {"type": "Point", "coordinates": [-3.712247222222222,
                                                                                 40.423852777777775]}},
    "relativeHumidity": {"type": "Number", "value": 0.54},
    "precipitation": {"type": "Number", "value": 0},
    "no2": {"type": "Number", "value": 69, "metadata": {"unitCode": {"value": "GQ"}}},
    "pm4": {"type": "Number", "value": 37},
}


def readings(services) -> dict:
    with services.engines["environment"].connect() as conn:
        return {p: v for p, v in conn.execute(select(EnvObs.parameter, EnvObs.value))}


@pytest.fixture
def client(db_services):
    from data.ingest.ngsi import EntityMap

    EntityMap(db_services.engines.main).register("28079004-Pza.deEspanya", "environment", "AQ-01")
    with api_client(db_services) as c:
        yield c, issue(db_services, "orion")


def test_published_normalized_example_via_mapping_with_unit_codes(db_services, client):
    c, auth = client
    r = c.post(URL, json={"subscriptionId": "57458eb60962ef754e7c0998", "data": [MADRID]}, headers=auth)
    assert r.status_code == 200
    assert r.json()["accepted"] == 5
    assert [(x["index"], x["error"].split(":")[0]) for x in r.json()["rejected"]] == [(0, "value")]  # CO 500 mg/m³
    assert readings(db_services) == pytest.approx(
        {"temperature": 12.2, "so2": 11.0, "humidity": 54.0, "rain_mm": 0.0, "no2": 69.0})
    latest = db_services.environment.latest(at=__import__("datetime").datetime.fromisoformat(
        "2016-03-15T12:00:00+00:00"), lookback=__import__("datetime").timedelta(hours=2))
    assert latest["ts"].iloc[0].isoformat() == "2016-03-15T11:00:00+00:00"  # no offset read as UTC
    again = c.post(URL, json={"data": [MADRID]}, headers=auth)
    assert again.json()["accepted"] == 0 and again.json()["duplicates"] == 5


def test_key_values_traffic_interval_device_alert_and_rejections(db_services, client, pack):
    c, auth = client
    seg, cam = pack.roads["code"].iloc[0], pack.cameras["code"].iloc[0]
    point = pack.wards.iloc[0].geometry.representative_point()
    data = [
        {"id": "urn:ngsi-ld:TrafficFlowObserved:1", "type": "TrafficFlowObserved", "refRoadSegment": seg,
         "dateObserved": "2026-11-20T02:00:00Z/2026-11-20T02:15:00Z", "averageVehicleSpeed": 32.5,
         "intensity": 200, "occupancy": 0.4, "laneId": 1},
        {"id": cam, "type": "Device", "deviceState": "offline", "dateLastValueReported": "2026-11-20T02:00:00Z"},
        {"id": "urn:ngsi-ld:Alert:ThanhHoa:2026-11-20:flood-42", "type": "Alert", "category": "weather",
         "subCategory": "flood", "severity": "high", "dateIssued": "2026-11-20T02:00:00+07:00",
         "location": {"type": "Point", "coordinates": [point.x, point.y]}},
        {"id": "x", "type": "ParkingSpot"},
        {"id": "urn:ngsi-ld:AirQualityObserved:nowhere", "type": "AirQualityObserved", "dateObserved": "2026-11-20T02:00:00Z",
         "pm25": 10},
        {"id": "AQ-02", "type": "AirQualityObserved", "dateObserved": "2026-11-20T02:00:00Z",
         "pm25": {"value": 12, "metadata": {"unitCode": {"value": "59"}}}, "pm10": {"value": 20}},
    ]
    r = c.post(URL, json={"data": data}, headers=auth)
    assert r.status_code == 200 and r.json()["accepted"] == 4
    errors = {x["index"]: x["error"] for x in r.json()["rejected"]}
    assert set(errors) == {3, 4, 5}
    assert "unsupported entity type" in errors[3] and "no registered" in errors[4] and "unitCode" in errors[5]
    with db_services.engines["traffic"].connect() as conn:
        assert conn.execute(select(TrafficObs.speed_kmh, TrafficObs.volume_vph)).one() == (32.5, 800)
    assert db_services.cameras.status().set_index("code").loc[cam, "online"] is False
    incident = db_services.incidents.incidents().iloc[0]
    assert (incident["source"], incident["category"], incident["severity"]) == ("ngsi", "cap_thoat_nuoc", 2)


def test_bad_notifications(db_services, client):
    c, auth = client
    assert c.post(URL, json={"data": [MADRID]}).status_code == 401
    assert c.post(URL, content=b"{nope", headers={**auth, "Content-Type": "application/json"}).status_code == 400
    assert c.post(URL, json={"data": "x"}, headers=auth).status_code == 400
    r = c.post(URL, json={"data": [{"id": "AQ-01", "type": "AirQualityObserved", "dateObserved": "yesterday"}]},
               headers=auth)
    assert r.status_code == 422 and "dateObserved" in r.json()["rejected"][0]["error"]
    limited = issue(db_services, "traffic-orion", "traffic")
    r = c.post(URL, json={"data": [MADRID]}, headers=limited)
    assert r.status_code == 422 and "limited" in r.json()["rejected"][0]["error"]
    assert readings(db_services) == {}
