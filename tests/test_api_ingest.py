"""REST bulk ingest on SQLite and PostgreSQL: tokens, per-record validation, limits and the bad-input suite.

Every bad input gets its documented status, never a 5xx, and the database holds exactly the valid records.
"""

from __future__ import annotations

import json

import pytest
from conftest import installed
from feeds_client import api_client, issue
from sqlalchemy import func, select

from data.domains.cameras.models import CameraEvent
from data.domains.environment.models import EnvHourly, EnvObs
from data.domains.traffic.models import TrafficObs

URL = "/api/v1/ingest/{}"


def count(services, model, domain="environment") -> int:
    with services.engines[domain].connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def env(station="AQ-01", ts="2026-11-20T02:00:00Z", parameter="pm25", value=30.0, **extra) -> dict:
    return {"station": station, "ts": ts, "parameter": parameter, "value": value, **extra}


@pytest.fixture
def client(db_services):
    with api_client(db_services) as c:
        yield c


def test_valid_records_written_invalid_listed_and_resend_is_duplicate(db_services, client):
    auth = issue(db_services, "aq-feed", "environment")
    body = [env(), env(ts="2026-11-20T02:05:00+07:00"), env(station="NO-SUCH"), env(value="high"),
            env()]  # the last repeats the first within the batch
    r = client.post(URL.format("environment"), json=body, headers=auth)
    assert r.status_code == 200
    assert r.json()["accepted"] == 2 and r.json()["duplicates"] == 1
    assert [x["index"] for x in r.json()["rejected"]] == [2, 3]
    assert "unknown code" in r.json()["rejected"][0]["error"]
    assert [x["reason"] for x in r.json()["rejected"]] == ["unknown_code", "invalid_field"]  # stable codes too
    again = client.post(URL.format("environment"), json=body[:2], headers=auth)
    assert again.status_code == 200 and again.json() == {"accepted": 0, "duplicates": 2, "rejected": []}
    assert count(db_services, EnvObs) == 2
    health = db_services.feeds.status().set_index("feed")
    assert health.loc["aq-feed", "received_24h"] == 5 + 2 - 2  # received counts valid records
    assert health.loc["aq-feed", "rejected_24h"] == 2


def test_ndjson_lines_are_records_and_bad_lines_are_rejected_by_index(db_services, client):
    auth = {**issue(db_services, "nd"), "Content-Type": "application/x-ndjson"}
    lines = [json.dumps(env()), "{not json", "", json.dumps(env(ts="2026-11-20T02:10:00Z")), "[1, 2]"]
    r = client.post(URL.format("environment"), content="\n".join(lines).encode(), headers=auth)
    assert r.status_code == 200
    assert r.json()["accepted"] == 2
    assert [(x["index"], x["error"].split(":")[0], x["reason"]) for x in r.json()["rejected"]] == [
        (1, "line", "malformed_json"), (3, "record", "not_an_object")]
    assert count(db_services, EnvObs) == 2


@pytest.mark.parametrize("domain,record", [
    ("traffic", {"segment": "BATRIEU-01", "ts": "2026-11-20T02:00:00Z", "speed_kmh": 35.5, "volume_vph": 900}),
    ("cameras", {"camera": "CAM-F001", "ts": "2026-11-20T02:00:00Z", "online": False,
                 "event": {"kind": "flood_level", "value": 0.4, "confidence": 0.9}}),
])
def test_each_domain_endpoint_writes_through_the_write_path(db_services, client, domain, record):
    r = client.post(URL.format(domain), json=[record], headers=issue(db_services, f"feed-{domain}", domain))
    assert r.status_code == 200 and r.json()["accepted"] >= 1
    model = TrafficObs if domain == "traffic" else CameraEvent
    assert count(db_services, model, domain) == 1


def test_incidents_in_and_out_without_personal_data(db_services, client, pack):
    point = pack.wards.iloc[0].geometry.representative_point()
    record = {"external_id": "APP-1", "source": "app", "category": pack.categories["code"].iloc[0], "severity": 2,
              "title": "<script>alert(1)</script> Ngập", "lat": point.y, "lon": point.x,
              "reported_at": "2026-11-20T01:00:00Z", "reporter_name": "Trần Thị B", "reporter_phone": "0912345678"}
    bad = [{**record, "external_id": "APP-2", "lat": 200.0}, {**record, "external_id": "APP-3", "lat": 10.0,
                                                               "lon": 106.0}]
    r = client.post(URL.format("incidents"), json=[record, *bad], headers=issue(db_services, "app", "incidents"))
    assert r.status_code == 200 and r.json()["accepted"] == 1
    assert [x["index"] for x in r.json()["rejected"]] == [1, 2]
    out = client.get("/api/v1/open/incidents", params={"start": "2026-11-19T00:00:00Z", "end": "2026-11-21T00:00:00Z"})
    assert out.status_code == 200
    rows = out.json()["rows"]
    assert [row["title"] for row in rows] == [record["title"]]  # stored verbatim, served as JSON text
    assert "Trần" not in out.text and "0912345678" not in out.text and "reporter" not in out.text


def test_tokens_missing_unknown_revoked_and_domain_limited(db_services, client):
    from data.ingest.tokens import TokenStore

    body = [env()]
    assert client.post(URL.format("environment"), json=body).status_code == 401
    assert client.post(URL.format("environment"), json=body,
                       headers={"Authorization": "Bearer cof_nope"}).status_code == 401
    assert client.post(URL.format("environment"), json=body,
                       headers={"Authorization": "Basic dXNlcjpwYXNz"}).status_code == 401
    limited = issue(db_services, "traffic-only", "traffic")
    assert client.post(URL.format("environment"), json=body, headers=limited).status_code == 403
    auth = issue(db_services, "to-revoke")
    TokenStore(db_services.engines.main).revoke("to-revoke")
    assert client.post(URL.format("environment"), json=body, headers=auth).status_code == 401
    assert count(db_services, EnvObs) == 0


def test_bad_input_suite(db_services, client):
    """Each bad input gets its documented status; no 5xx; afterwards exactly the valid records exist."""
    auth = issue(db_services, "bad-input")
    post = lambda body, **h: client.post(URL.format("environment"), content=body,  # noqa: E731
                                         headers={**auth, "Content-Type": "application/json", **h})
    statuses = {
        "malformed": post(b'[{"station": "AQ-01",').status_code,
        "not an array": post(b'"hello"').status_code,
        "invalid utf-8": post(b'[{"station": "\xff"}]').status_code,
        "deep nesting": post(b"[" * 100_000 + b"]" * 100_000).status_code,
        "huge integer": post(b'[{"value": ' + b"9" * 5000 + b"}]").status_code,
        "wrong content type": post(json.dumps([env()]).encode(), **{"Content-Type": "text/plain"}).status_code,
        "empty batch": post(b"[]").status_code,
    }
    assert statuses == {"malformed": 400, "not an array": 400, "invalid utf-8": 400, "deep nesting": 400,
                        "huge integer": 400, "wrong content type": 415, "empty batch": 422}

    far_future = "2099-01-01T00:00:00Z"
    records = [
        env(value=float("nan")),                      # 0 NaN (non-standard JSON, parsed then refused)
        env(value=float("inf")),                      # 1 Infinity
        env(value="35"),                              # 2 a number as text: accepted (lax JSON number)
        env(value=[1]),                               # 3 wrong type
        env(ts="2026-11-20T02:00:00"),                # 4 timestamp without offset
        env(ts=far_future),                           # 5 far in the future
        env(station="AQ-01'; DROP TABLE env_obs;--"),  # 6 SQL injection as a code
        env(station="<img src=x onerror=alert(1)>"),  # 7 HTML injection as a code
        env(parameter="pm25", value=-5),              # 8 out of range
        env(station="x" * 100_000),                   # 9 huge string
        env(ts="2026-11-20T03:00:00Z", extra="field"),  # 10 unknown field
        env(ts="2026-11-20T04:00:00Z"),               # 11 valid
    ]
    r = post(json.dumps(records, allow_nan=True).encode())
    assert r.status_code == 200
    assert r.json()["accepted"] == 2  # indexes 2 and 11
    assert [x["index"] for x in r.json()["rejected"]] == [0, 1, 3, 4, 5, 6, 7, 8, 9, 10]
    assert all(len(x["error"]) < 300 for x in r.json()["rejected"])  # reasons never echo huge inputs
    r = post(json.dumps(records[:2], allow_nan=True).encode())
    assert r.status_code == 422 and r.json()["accepted"] == 0 and len(r.json()["rejected"]) == 2
    assert count(db_services, EnvObs) == 2  # the table survived the injection attempt, with the valid rows
    assert count(db_services, EnvHourly) == 2


def test_size_batch_and_rate_limits(db_services, client):
    auth = issue(db_services, "limits")
    settings = db_services.settings
    settings.ingest_max_bytes = 2_000
    big = json.dumps([env(ts=f"2026-11-20T0{i % 10}:00:00Z", flag="x" * 15) for i in range(40)])
    assert client.post(URL.format("environment"), content=big, headers={**auth, "Content-Type": "application/json"}
                       ).status_code == 413
    settings.ingest_max_bytes = 1_000_000
    settings.ingest_max_records = 3
    many = [env(ts=f"2026-11-20T0{i}:00:00Z") for i in range(4)]
    assert client.post(URL.format("environment"), json=many, headers=auth).status_code == 413
    settings.ingest_rate = "2/minute"
    limited = issue(db_services, "limited")
    codes = [client.post(URL.format("environment"), json=[env()], headers=limited).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert count(db_services, EnvObs) == 1


def test_token_command_issues_lists_and_revokes(db_services, capsys):
    from data.ingest.tokens import TokenStore, token_hash
    from data.wiring.commands.tokens import main

    with installed(db_services):
        assert main(["issue", "sensor-net", "--domain", "environment", "--every", "300"]) == 0
        token = capsys.readouterr().out.strip()
        assert token.startswith("cof_") and len(token) > 40
        main(["list"])
        listing = capsys.readouterr().out
        assert "sensor-net" in listing and "environment" in listing and token not in listing
        store = TokenStore(db_services.engines.main)
        assert store.verify(token).expected_every_s == 300
        with db_services.engines.main.connect() as conn:
            stored = conn.execute(select(func.count()).where(
                __import__("data.store.models_feeds", fromlist=["FeedToken"]).FeedToken.token_hash == token_hash(token))
            ).scalar_one()
        assert stored == 1  # only the hash is kept
        assert main(["revoke", "sensor-net"]) == 0
        assert store.verify(token) is None


def test_dead_letters_are_kept_once_with_reason(db_services):
    from data.ingest.dead_letters import DeadLetters

    letters = DeadLetters(db_services.engines.main)
    assert letters.add("mqtt", "cityops/environment/x", b"{bad", "malformed JSON") is True
    assert letters.add("mqtt", "cityops/environment/x", b"{bad", "malformed JSON") is False  # redelivery
    frame = db_services.feeds.dead_letters()
    assert frame[["channel", "source", "reason", "payload"]].values.tolist() == [
        ["mqtt", "cityops/environment/x", "malformed JSON", "{bad"]]
