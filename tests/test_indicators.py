"""Department indicators through the write path: catalogue and targets from the pack, validation, idempotency and
corrections, the provider's frames, CSV and the ingest API's route, the simulator's reports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from data.demo.indicators import BY_WARD, MODELS, indicator_records, reports, value_of

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _write(services, records, feed="test/indicators"):
    """Records without a report time are sent at NOW (the write path's clock)."""
    services.write_path.clock = lambda: NOW
    records = [{"reported_at": NOW.isoformat(), **r} for r in records]
    return services.write_path.write("indicators", records, feed)


def test_catalogue_and_targets_from_the_pack(db_services):
    ind = db_services.indicators
    catalogue = ind.catalogue()
    assert {"dvc_toan_trinh", "ho_so_dung_han", "doanh_nghiep_moi"} <= set(catalogue["code"])
    assert set(catalogue["pillar"]) <= {"governance", "living", "environment", "economy"}
    targets = ind.targets().set_index("code")
    assert targets.loc["ho_so_dung_han", "target"] == 98
    assert targets.loc["gov.incidents_on_time", "better"] == "higher"
    assert bool(targets.loc["gov.incidents_on_time", "placeholder"]) is True


def test_values_are_idempotent_and_corrected(db_services):
    rec = {"indicator": "ho_so_dung_han", "period": "2026-11-19", "value": 97.5,
           "reported_at": "2026-11-19T16:30:00+07:00"}
    first = _write(db_services, [rec])
    assert (first.accepted, first.duplicates, first.rejected) == (1, 0, [])
    again = _write(db_services, [rec])
    assert (again.accepted, again.duplicates) == (0, 1)
    corrected = _write(db_services, [{**rec, "value": 96.0}])
    assert corrected.accepted == 1
    values = db_services.indicators.values(date(2026, 11, 1), date(2026, 11, 30))
    assert values["value"].tolist() == [96.0]
    assert values["scope"].tolist() == ["city"]


def test_a_month_is_filed_under_its_first_day_and_wards_are_kept_apart(db_services):
    ward = db_services.pack.wards["code"].iloc[0]
    result = _write(db_services, [
        {"indicator": "doanh_nghiep_moi", "period": "2026-10-17", "value": 104},
        {"indicator": "doanh_nghiep_moi", "period": "2026-10-01", "value": 104},  # the same month again
        {"indicator": "wifi_phien", "period": "2026-11-19", "value": 1200, "ward": ward},
        {"indicator": "wifi_phien", "period": "2026-11-19", "value": 25000},
    ])
    assert (result.accepted, result.duplicates) == (3, 1)
    values = db_services.indicators.values(date(2026, 10, 1), date(2026, 11, 30), scope=None)
    assert sorted(zip(values["indicator_code"], values["period_start"], values["scope"], strict=True)) == sorted([
        ("doanh_nghiep_moi", date(2026, 10, 1), "city"), ("wifi_phien", date(2026, 11, 19), "city"),
        ("wifi_phien", date(2026, 11, 19), ward)])


@pytest.mark.parametrize(("record", "reason"), [
    ({"indicator": "nope", "period": "2026-11-19", "value": 1}, "unknown_code"),
    ({"indicator": "ho_so_dung_han", "period": "2026-11-19", "value": 101}, "value_out_of_range"),
    ({"indicator": "ho_so_dung_han", "period": "2026-11-21", "value": 90}, "period_in_future"),
    ({"indicator": "ho_so_dung_han", "period": "2026-11-19", "value": 90, "ward": "99999"}, "unknown_code"),
    ({"indicator": "ho_so_dung_han", "period": "2026-11-19", "value": -1}, "invalid_record"),
    ({"indicator": "ho_so_dung_han", "period": "2026-11-19", "value": 9, "reported_at": "2026-11-21T00:00:00Z"},
     "ts_in_future"),
])
def test_refusals(db_services, record, reason):
    result = _write(db_services, [record])
    assert result.accepted == 0
    assert [r.reason for r in result.rejected] != []
    got = result.rejected[0].reason
    assert got == reason or (reason == "invalid_record" and got not in ("unknown_code", "period_in_future"))


def test_the_current_month_may_be_reported_before_it_ends(db_services):
    assert _write(db_services, [{"indicator": "doanh_nghiep_moi", "period": "2026-11-20", "value": 50}]).accepted == 1


def test_summary_counts_indicators_reported_for_their_latest_period(db_services):
    _write(db_services, [{"indicator": "ho_so_dung_han", "period": "2026-11-19", "value": 97},
                         {"indicator": "dvc_toan_trinh", "period": "2026-11-10", "value": 70},
                         {"indicator": "doanh_nghiep_moi", "period": "2026-10-01", "value": 100}])
    summary = db_services.indicators.summary(NOW)
    assert summary["total"] == len(db_services.indicators.catalogue())
    assert summary["current"] == 2  # yesterday's records, last month's businesses; not the 10th's services


def test_simulator_reports_each_period_once_whatever_the_windows():
    start = datetime(2026, 10, 30, tzinfo=UTC)
    whole = reports(2025, start, start + timedelta(days=6))
    pieces = [r for h in range(0, 6 * 24, 5) for r in reports(2025, start + timedelta(hours=h),
                                                                  min(start + timedelta(hours=h + 5),
                                                                      start + timedelta(days=6)))]
    assert whole == pieces
    daily = [r for r in whole if MODELS[r[0]][0] == "day"]
    assert len(daily) == 6 * sum(1 for m in MODELS.values() if m[0] == "day")
    monthly = [r for r in whole if r[0] == "doanh_nghiep_moi"]
    assert [(p, at) for _, p, at in monthly] == [(date(2026, 10, 1), datetime(2026, 11, 3, 2, 0, tzinfo=UTC))]
    for _code, period, at in daily:
        assert (at + timedelta(hours=7)).date() == period  # reported the same local day


def test_simulated_values_are_plausible_and_labelled(pack):
    class Sim:
        seed = 2025

    Sim.pack = pack
    records = indicator_records(Sim(), datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC))
    assert records and all(r["simulated"] is True for r in records)
    # The wards' one-stop shops report their own figures of some indicators, each ward every day.
    by_ward = [r for r in records if "ward" in r]
    assert {r["indicator"] for r in by_ward} == set(BY_WARD)
    assert len(by_ward) == len(BY_WARD) * len(pack.wards) * len({r["period"] for r in by_ward})
    assert len({r["value"] for r in by_ward if r["indicator"] == "ho_so_dung_han"}) > 20  # not one value copied
    shares = [r["value"] for r in records if MODELS[r["indicator"]][4] == 100.0]
    assert all(0 <= v <= 100 for v in shares)
    assert value_of(2025, "wifi_phien", date(2026, 11, 7)) == value_of(2025, "wifi_phien", date(2026, 11, 7))


def test_csv_import_writes_indicators(db_services, tmp_path):
    from data.ingest.csv_import import import_csv

    path = tmp_path / "values.csv"
    path.write_text("indicator,period,value,reported_at\nho_so_dung_han,2026-11-18,97.2,2026-11-18T16:00:00+07:00\n"
                    "ho_so_dung_han,2026-11-18,abc,2026-11-18T16:00:00+07:00\n", encoding="utf-8")
    db_services.write_path.clock = lambda: NOW
    result = import_csv(db_services.write_path, "indicators", path, progress=False)
    assert result.accepted == 1 and len(result.rejected) == 1


def test_ingest_route_and_open_data_series(db_services):
    from feeds_client import api_client, issue

    record = {"indicator": "van_ban_ky_so", "period": "2026-11-18", "value": 88.5,
              "reported_at": "2026-11-18T16:00:00+07:00"}
    with api_client(db_services) as client:
        r = client.post("/api/v1/ingest/indicators", json=[record, {**record, "indicator": "x"}],
                        headers=issue(db_services, "feed-ind", "indicators"))
        assert r.status_code == 200
        assert r.json()["accepted"] == 1 and [x["reason"] for x in r.json()["rejected"]] == ["unknown_code"]
        out = client.get("/api/v1/open/series/indicators?start=2026-11-17T17:00:00Z&end=2026-11-18T17:00:00Z"
                         "&entity=van_ban_ky_so")
        assert out.status_code == 200, out.text
        assert [(row["indicator"], row["value"]) for row in out.json()["rows"]] == [("van_ban_ky_so", 88.5)]
