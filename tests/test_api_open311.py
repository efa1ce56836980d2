"""Open311 GeoReport v2 contract on SQLite and PostgreSQL: services, posting a report, reading it back, the
status following the incident lifecycle, Open311 error arrays for bad input, and no reporter data out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import installed
from feeds_client import api_client
from sqlalchemy import func, select

from data.domains.incidents.models import Incident
from data.ingest.tokens import TokenStore
from data.rules import lifecycle
from data.store.db import utcnow

BASE = "/open311/v2"


@pytest.fixture
def client(db_services):
    with api_client(db_services) as c:
        yield c


@pytest.fixture
def api_key(db_services):
    return TokenStore(db_services.engines.main).issue("citizen-app", "incidents")


def inside(pack):
    point = pack.wards.iloc[0].geometry.representative_point()
    return {"lat": f"{point.y:.6f}", "long": f"{point.x:.6f}"}


def post(client, form: dict):
    return client.post(f"{BASE}/requests.json", data=form)


def incidents(services) -> list:
    with services.engines["incidents"].connect() as conn:
        return conn.execute(select(Incident)).all()


def count_incidents(services) -> int:
    with services.engines["incidents"].connect() as conn:
        return conn.execute(select(func.count()).select_from(Incident)).scalar_one()


def assert_open311_error(response, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert isinstance(body, list) and len(body) == 1 and body[0]["code"] == status
    assert words in body[0]["description"]


def test_services_are_the_city_categories_in_vietnamese(client, pack):
    r = client.get(f"{BASE}/services.json")
    assert r.status_code == 200
    services = r.json()
    assert [s["service_code"] for s in services] == sorted(pack.categories["code"])
    by_code = {s["service_code"]: s for s in services}
    assert by_code["cap_thoat_nuoc"]["service_name"] == "Cấp nước, thoát nước, ngập úng"
    assert all(s["metadata"] is False and s["type"] == "realtime" for s in services)


def test_post_get_list_and_status_follows_the_lifecycle(db_services, client, pack, api_key):
    form = {"api_key": api_key, "service_code": "cap_thoat_nuoc", **inside(pack),
            "description": "Ngập sâu 40 cm trước cổng chợ", "address_string": "Chợ Vườn Hoa",
            "media_url": "https://example.org/ngap.jpg", "first_name": "Trần", "last_name": "Thị B",
            "email": "b@example.org", "phone": "0912345678"}
    r = post(client, form)
    assert r.status_code == 200, r.text
    [created] = r.json()
    request_id = created["service_request_id"]
    assert created["service_notice"]

    # A new citizen-report incident written through the write path, with contact data kept for operators.
    [row] = incidents(db_services)
    assert (row.source, row.external_id, row.category) == ("open311", request_id, "cap_thoat_nuoc")
    assert row.title == "Cấp nước, thoát nước, ngập úng" and row.severity == 2  # the category's default
    assert row.status == lifecycle.NEW and row.ward_code == pack.wards.iloc[0]["code"]
    assert row.reporter_name == "Trần Thị B <b@example.org>" and row.reporter_phone == "0912345678"
    assert db_services.feeds.status().set_index("feed").loc["citizen-app", "domain"] == "incidents"

    one = client.get(f"{BASE}/requests/{request_id}.json")
    assert one.status_code == 200
    [req] = one.json()
    assert req["status"] == "open" and req["status_notes"] == "Mới"
    assert req["description"] == "Ngập sâu 40 cm trước cổng chợ"
    assert req["address"] == "Chợ Vườn Hoa" and req["media_url"] == "https://example.org/ngap.jpg"
    assert req["service_name"] == "Cấp nước, thoát nước, ngập úng"
    assert req["requested_datetime"].endswith("+07:00") and req["updated_datetime"].endswith("+07:00")
    assert abs(req["lat"] - float(form["lat"])) < 1e-6 and abs(req["long"] - float(form["long"])) < 1e-6
    for secret in ("Trần", "b@example.org", "0912345678", "reporter", "email", "phone"):
        assert secret not in one.text

    other = post(client, {**form, "service_code": "giao_thong", "description": "Đèn tín hiệu hỏng"}).json()
    other_id = other[0]["service_request_id"]
    listed = client.get(f"{BASE}/requests.json").json()
    assert [x["service_request_id"] for x in listed] == [other_id, request_id]  # newest first
    assert [x["service_request_id"] for x in client.get(
        f"{BASE}/requests.json", params={"service_code": "giao_thong"}).json()] == [other_id]
    both = client.get(f"{BASE}/requests.json", params={"service_request_id": f"{request_id},{other_id}",
                                                         "service_code": "khac"})  # ids override other filters
    assert {x["service_request_id"] for x in both.json()} == {request_id, other_id}
    later = (utcnow() + timedelta(hours=1)).isoformat()
    assert client.get(f"{BASE}/requests.json", params={"start_date": later}).json() == []
    window = {"start_date": (utcnow() - timedelta(hours=1)).isoformat(), "end_date": later}
    assert len(client.get(f"{BASE}/requests.json", params=window).json()) == 2

    # Operators resolve then close the first request: Open311 shows it closed with the closing note.
    now = utcnow()
    events = [{"source": "open311", "external_id": request_id, "ts": (now + timedelta(seconds=s)).isoformat(),
               "to_status": status, "actor": "operator1", "note": note}
              for s, status, note in ((1, "acknowledged", None), (2, "resolved", "Đã hút nước xong"),
                                      (3, "closed", "Đã kiểm tra hiện trường"))]
    result = db_services.write_path.incident_events(events[:2], feed="console")
    assert result.accepted == 2 and not result.rejected
    [req] = client.get(f"{BASE}/requests/{request_id}.json").json()
    assert req["status"] == "closed" and req["status_notes"] == "Đã xử lý xong: Đã hút nước xong"
    db_services.write_path.incident_events(events[2:], feed="console")
    [req] = client.get(f"{BASE}/requests/{request_id}.json").json()
    assert req["status_notes"] == "Đã đóng: Đã kiểm tra hiện trường"
    assert req["updated_datetime"] > req["requested_datetime"]
    closed = client.get(f"{BASE}/requests.json", params={"status": "closed"}).json()
    opened = client.get(f"{BASE}/requests.json", params={"status": "open"}).json()
    assert [x["service_request_id"] for x in closed] == [request_id]
    assert [x["service_request_id"] for x in opened] == [other_id]


def test_bad_input_gets_open311_errors_and_changes_nothing(db_services, client, pack, api_key):
    good = {"api_key": api_key, "service_code": "giao_thong", **inside(pack), "description": "Tắc đường"}
    traffic_only = TokenStore(db_services.engines.main).issue("traffic-only", "traffic")
    revoked = TokenStore(db_services.engines.main).issue("gone", "incidents")
    TokenStore(db_services.engines.main).revoke("gone")
    cases = [
        ({**good, "service_code": "no_such"}, 400, "service_code"),
        ({k: v for k, v in good.items() if k != "service_code"}, 400, "service_code: required"),
        ({k: v for k, v in good.items() if k not in ("lat", "long")}, 400, "location is required"),
        ({**{k: v for k, v in good.items() if k not in ("lat", "long")}, "address_string": "01 Lê Lợi"}, 400,
         "no geocoder"),
        ({**good, "lat": "10.77", "long": "106.70"}, 400, "outside the city"),  # Hồ Chí Minh City
        ({**good, "lat": "91"}, 400, "lat: must be between"),
        ({**good, "long": "abc"}, 400, "long: not a number"),
        ({**good, "lat": "nan"}, 400, "lat"),
        ({**good, "media_url": "javascript:alert(1)"}, 400, "media_url"),
        ({**good, "email": "not-an-email"}, 400, "email"),
        ({**good, "description": "x" * 5000}, 400, "description: at most"),
        ({**good, "jurisdiction_id": "ha_noi"}, 400, "jurisdiction_id"),
        ({**good, "api_key": "cof_wrong"}, 403, "api_key"),
        ({k: v for k, v in good.items() if k != "api_key"}, 403, "api_key"),
        ({**good, "api_key": traffic_only}, 403, "limited to the traffic domain"),
        ({**good, "api_key": revoked}, 403, "api_key"),
    ]
    for form, status, words in cases:
        assert_open311_error(post(client, form), status, words)
    assert_open311_error(client.post(f"{BASE}/requests.json", json=good), 400, "x-www-form-urlencoded")
    assert_open311_error(client.post(f"{BASE}/requests.json", content=b"service_code=%ff",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"}), 400, "body")
    assert count_incidents(db_services) == 0  # nothing written by any of them

    for params, words in (({"start_date": "yesterday"}, "start_date"), ({"end_date": "2026-13-40"}, "end_date"),
                          ({"start_date": "2026-11-20T00:00:00Z", "end_date": "2026-11-19T00:00:00Z"},
                           "after start_date"),
                          ({"status": "pending"}, "status"), ({"service_code": "giao_thong,nope"}, "nope")):
        assert_open311_error(client.get(f"{BASE}/requests.json", params=params), 400, words)
    assert_open311_error(client.get(f"{BASE}/requests/311-000000000000.json"), 404, "no request")
    assert_open311_error(client.get(f"{BASE}/requests/'; DROP TABLE incidents;--.json"), 404, "no request")
    assert_open311_error(client.get(f"{BASE}/requests.xml"), 404, "only the JSON")
    assert_open311_error(client.get(f"{BASE}/services.json", params={"jurisdiction_id": "x"}), 400, "jurisdiction")
    assert post(client, good).status_code == 200  # the database is intact and takes a valid request
    assert count_incidents(db_services) == 1


def test_requests_from_other_sources_and_old_ones_are_not_listed(db_services, client, pack, api_key):
    point = pack.wards.iloc[0].geometry.representative_point()
    hotline = {"external_id": "HL-1", "source": "hotline", "category": "khac", "severity": 4, "title": "Gọi 1022",
               "lat": point.y, "lon": point.x, "reported_at": utcnow().isoformat(),
               "reporter_name": "Lê Văn C", "reporter_phone": "0987000111"}
    assert db_services.write_path.write("incidents", [hotline], feed="hotline").accepted == 1
    old = (utcnow() - timedelta(days=120)).isoformat()
    from data.ingest import open311

    categories = db_services.incidents.categories()
    form = open311.parse_new_request({"service_code": "khac", **inside(pack)}, categories["code"])
    old_id = open311.create_request(db_services.write_path, categories, form, "citizen-app",
                                    now=utcnow() - timedelta(days=120))
    new_id = post(client, {"api_key": api_key, "service_code": "khac", **inside(pack)}).json()[0]["service_request_id"]
    listed = client.get(f"{BASE}/requests.json")
    assert [x["service_request_id"] for x in listed.json()] == [new_id]  # default window: the last 90 days
    assert "Lê Văn C" not in listed.text and "HL-1" not in listed.text
    assert [x["service_request_id"] for x in client.get(
        f"{BASE}/requests.json", params={"start_date": old[:10]}).json()] == [new_id, old_id]
    assert client.get(f"{BASE}/requests/{old_id}.json").status_code == 200


def test_open311_is_in_the_openapi_document_and_reads_need_a_key_when_open_data_is_closed(db_services, client,
                                                                                          api_key):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/open311/v2/services.json", "/open311/v2/requests.json",
            "/open311/v2/requests/{service_request_id}.json"} <= set(paths)
    assert set(paths["/open311/v2/requests.json"]) == {"get", "post"}
    assert "application/x-www-form-urlencoded" in paths["/open311/v2/requests.json"]["post"]["requestBody"]["content"]
    db_services.settings.open_data_public = False
    assert_open311_error(client.get(f"{BASE}/requests.json"), 403, "api_key")
    assert client.get(f"{BASE}/requests.json", params={"api_key": api_key}).status_code == 200


def test_citizen_reports_count_every_channel_they_arrive_by(db_services, client, pack, api_key):
    """Field reports posted through Open311 and the simulator's app reports are both citizen reports: the
    console's channel filter and the counts by channel see them together."""
    from callbacks.incidents import queue_frame
    from data.demo.simulation import CitySimulation

    assert post(client, {"api_key": api_key, "service_code": "moi_truong", **inside(pack),
                         "description": "Rác thải tồn đọng đầu ngõ"}).status_code == 200
    now = utcnow()
    new, _ = CitySimulation(pack).incidents(now - timedelta(days=2), now)
    simulated = [r for r in new if r["channel"] == "citizen_report"][:3] + \
        [r for r in new if r["channel"] == "hotline"][:1]
    assert db_services.write_path.write("incidents", simulated, feed="simulator/incidents").accepted == 4

    by_channel = db_services.incidents.counts(now - timedelta(days=3), now + timedelta(minutes=1), by="channel")
    assert by_channel.set_index("channel")["incidents"].to_dict() == {"citizen_report": 4, "hotline": 1}
    with installed(db_services):
        citizen = queue_frame(None, None, None, None, ["citizen_report"], None)
    assert sorted(citizen["source"]) == ["open311", "simulator", "simulator", "simulator"]
