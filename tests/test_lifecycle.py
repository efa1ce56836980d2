"""The incident state machine through the shared write path, on SQLite and PostgreSQL: every legal
transition accepted, every illegal one refused with a clear message, comments where they matter,
multi-unit dispatch, merge keeping both trails, and the audit trail of each change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from data.rules import lifecycle
from data.store.models_access import AuditEntry

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
REPORTED = NOW - timedelta(hours=2)


def writer(services):
    from data.ingest.write_path import WritePath

    return WritePath(services.engines, services.registry, clock=lambda: NOW)


def new_incident(services, pack, external_id: str) -> int:
    point = pack.wards.iloc[0].geometry.representative_point()
    result = writer(services).write("incidents", [{
        "external_id": external_id, "source": "operator", "category": "giao_thong", "severity": 2,
        "title": "Va chạm giao thông", "lat": point.y, "lon": point.x, "reported_at": REPORTED.isoformat()}],
        feed="console", actor="op1")
    assert result.accepted == 1, result
    frame = services.incidents.incidents(at=NOW)
    return int(frame.loc[frame["external_id"] == external_id, "id"].iloc[0])


def event(external_id: str, to_status: str, minute: int, **extra) -> dict:
    return {"source": "operator", "external_id": external_id, "to_status": to_status, "actor": "op1",
            "ts": (REPORTED + timedelta(minutes=minute)).isoformat(), **extra}


def extra_for(current: str | None, target: str, pack) -> dict:
    """What a legal transition needs besides the target: a comment, units, a merge target."""
    extra = {}
    if lifecycle.needs_note(current, target):
        extra["note"] = "lý do của trực ban"
    if target == lifecycle.DISPATCHED:
        extra["unit_codes"] = list(pack.response_units["code"].iloc[:2])
    return extra


def drive_to(services, pack, external_id: str, path: list[str]) -> int:
    """A fresh incident moved along `path` (legal steps), one minute apart."""
    incident_id = new_incident(services, pack, external_id)
    current = lifecycle.NEW
    for minute, target in enumerate(path, start=1):
        extra = extra_for(current, target, pack)
        if target == lifecycle.DUPLICATE:
            extra["merge_into"] = new_incident(services, pack, f"{external_id}-orig")
        result = writer(services).incident_events([event(external_id, target, minute, **extra)], feed="console")
        assert result.accepted == 1, (current, target, result)
        current = target
    return incident_id


# A path from `new` to each status, so every (from, to) pair can be tried from a real incident.
PATH_TO = {
    lifecycle.NEW: [], lifecycle.ACKNOWLEDGED: ["acknowledged"], lifecycle.DISPATCHED: ["acknowledged", "dispatched"],
    lifecycle.IN_PROGRESS: ["acknowledged", "dispatched", "in_progress"],
    lifecycle.RESOLVED: ["acknowledged", "resolved"], lifecycle.CLOSED: ["acknowledged", "resolved", "closed"],
    lifecycle.REJECTED: ["rejected"], lifecycle.DUPLICATE: ["duplicate"],
}


def test_every_transition_legal_or_refused(db_services, pack):
    tried = 0
    for n, (current, path) in enumerate(PATH_TO.items()):
        for m_, target in enumerate(lifecycle.STATUSES):
            external_id = f"SM-{n}-{m_}"
            drive_to(db_services, pack, external_id, path)
            extra = extra_for(current, target, pack)
            if target == lifecycle.DUPLICATE:
                extra["merge_into"] = new_incident(db_services, pack, f"{external_id}-other")
            result = writer(db_services).incident_events([event(external_id, target, 30, **extra)], feed="console")
            status = db_services.incidents.incidents(at=NOW).set_index("external_id").loc[external_id, "status"]
            if lifecycle.is_allowed(current, target):
                assert result.accepted == 1 and status == target, (current, target, result)
            else:
                assert result.accepted == 0 and status == current, (current, target)
                assert f"{current} → {target} is not allowed" in result.rejected[0].error
            tried += 1
    assert tried == len(PATH_TO) * len(lifecycle.STATUSES)


@pytest.mark.parametrize(("path", "target"), [([], "rejected"), (["acknowledged", "resolved"], "acknowledged"),
                                              (["rejected"], "acknowledged"), ([], "duplicate")])
def test_reject_reopen_and_merge_need_a_comment(db_services, pack, path, target):
    drive_to(db_services, pack, "NOTE-1", path)
    extra = {"merge_into": new_incident(db_services, pack, "NOTE-2")} if target == "duplicate" else {}
    refused = writer(db_services).incident_events([event("NOTE-1", target, 30, note="  ", **extra)], feed="console")
    assert refused.accepted == 0 and "comment is required" in refused.rejected[0].error
    accepted = writer(db_services).incident_events([event("NOTE-1", target, 30, note="đã xác minh", **extra)],
                                                   feed="console")
    assert accepted.accepted == 1


def test_dispatch_to_several_units_and_unknown_units_refused(db_services, pack):
    incident_id = drive_to(db_services, pack, "D-1", ["acknowledged"])
    units = ["PCCC-01", "CC115-01", "CSGT-01"]
    bad = writer(db_services).incident_events([event("D-1", "dispatched", 5, unit_codes=["PCCC-01", "NOPE"])],
                                              feed="console")
    assert bad.accepted == 0 and "unknown response unit 'NOPE'" in bad.rejected[0].error
    ok = writer(db_services).incident_events([event("D-1", "dispatched", 5, unit_codes=units)], feed="console")
    assert ok.accepted == 1
    more = writer(db_services).incident_events([event("D-1", "dispatched", 7, unit_codes=["MT-01"])], feed="console")
    assert more.accepted == 1  # a further unit sent later
    trail = db_services.incidents.trail(incident_id)
    assert [sorted(u) for u in trail.loc[trail["to_status"] == "dispatched", "units"]] == [sorted(units), ["MT-01"]]
    stray = writer(db_services).incident_events([event("D-1", "in_progress", 9, unit_codes=["MT-01"])],
                                                feed="console")
    assert stray.accepted == 0 and "only a dispatch" in stray.rejected[0].error


def test_merge_keeps_both_trails(db_services, pack):
    original = drive_to(db_services, pack, "M-ORIG", ["acknowledged", "dispatched"])
    duplicate = drive_to(db_services, pack, "M-DUP", ["acknowledged"])
    before_dup = db_services.incidents.timeline(duplicate)["to_status"].tolist()
    before_orig = db_services.incidents.timeline(original)["to_status"].tolist()
    w = writer(db_services)
    assert w.incident_events([event("M-DUP", "duplicate", 10, note="cùng vụ", merge_into=duplicate)],
                             feed="console").rejected[0].error.endswith("cannot duplicate itself")
    assert w.incident_events([event("M-DUP", "duplicate", 10, note="cùng vụ", merge_into=999999)],
                             feed="console").rejected[0].error == "merge_into: unknown incident 999999"
    assert w.incident_events([event("M-DUP", "duplicate", 10, note="cùng vụ")],
                             feed="console").rejected[0].error.startswith("merge_into: a duplicate needs")
    assert w.incident_events([event("M-DUP", "duplicate", 10, note="cùng vụ", merge_into=original)],
                             feed="console").accepted == 1

    assert db_services.incidents.timeline(duplicate)["to_status"].tolist() == [*before_dup, "duplicate"]
    assert db_services.incidents.timeline(original)["to_status"].tolist() == before_orig
    merged = db_services.incidents.trail(original)
    assert set(merged["incident_id"]) == {original, duplicate}
    assert len(merged) == len(before_orig) + len(before_dup) + 1
    detail = db_services.incidents.detail(original)
    assert detail["merged_from"] == [duplicate] and db_services.incidents.detail(duplicate)["merged_into"] == original
    # A duplicate cannot be the target of another merge.
    drive_to(db_services, pack, "M-3", [])
    third = w.incident_events([event("M-3", "duplicate", 20, note="x", merge_into=duplicate)], feed="console")
    assert "itself a duplicate" in third.rejected[0].error


def test_each_change_is_audited_and_resending_is_idempotent(db_services, pack):
    incident_id = drive_to(db_services, pack, "A-1", ["acknowledged", "rejected"])
    again = writer(db_services).incident_events([event("A-1", "rejected", 2, note="lý do của trực ban")],
                                                feed="console")
    assert again.duplicates == 1 and again.accepted == 0
    from data.ingest.audit import AuditProvider

    entries = AuditProvider(db_services.engines.main).entries(target=f"incident:{incident_id}")
    assert entries["action"].tolist() == ["incident.status", "incident.status", "incident.create"]
    assert entries["actor"].tolist() == ["op1"] * 3
    assert '"status": "rejected"' in entries["after"].iloc[0] and '"status": "acknowledged"' in entries["before"].iloc[0]
    with db_services.engines.main.connect() as conn:
        assert conn.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == 3  # nothing for the resend
