"""Refusals in the page's language: the console's lifecycle and alert actions and the admin page's thresholds,
users, display tokens and units show the catalog's reason (vi and en), never the write path's English."""

from __future__ import annotations

import ast
import json
from datetime import UTC, datetime, timedelta

import pytest
from conftest import ROOT

from data.commands.users import UserStore
from data.rules import lifecycle

# What the English refusals are made of: field names, status codes, English phrases.
NOT_VIETNAMESE = ("to_status", "from_status", "note:", "unit_codes", "is not allowed", "required", "unknown",
                  "inactive", "value/minutes", "out of range", "could not convert", "alert:", "user ", "→",
                  *lifecycle.STATUSES)


def vietnamese(text: str) -> str:
    assert text.startswith("Không thực hiện được: "), text
    found = [word for word in NOT_VIETNAMESE if word in text.removeprefix("Không thực hiện được: ")]
    assert not found, (text, found)
    return text


def english(text: str) -> str:
    assert text.startswith("Refused: ") and "Không" not in text, text
    return text


def button(kind: str, **key) -> str:
    return json.dumps({"type": kind, **key}, separators=(",", ":"), sort_keys=True) + ".n_clicks"


@pytest.fixture
def operator(callback_request):
    """Callbacks run for a signed-in operator."""
    callback_request.sign_in("operator", "op1")
    return callback_request


@pytest.fixture
def admin(callback_request):
    """Callbacks run for a signed-in administrator."""
    callback_request.sign_in("admin", "admin1")
    return callback_request


def incident_at(services, pack, path: list[str]) -> int:
    """A new incident moved along `path` (legal steps, each with what it needs), minutes ago."""
    start = datetime.now(UTC) - timedelta(hours=1)
    external_id = f"R-{len(path)}-{'-'.join(path)}"
    point = pack.wards.iloc[0].geometry.representative_point()
    written = services.write_path.write("incidents", [{
        "external_id": external_id, "source": "operator", "category": "giao_thong", "severity": 2,
        "title": "Va chạm", "lat": point.y, "lon": point.x, "reported_at": start.isoformat()}], feed="console")
    assert written.accepted == 1
    current = lifecycle.NEW
    for minute, target in enumerate(path, start=1):
        record = {"source": "operator", "external_id": external_id, "to_status": target, "actor": "op1",
                  "ts": (start + timedelta(minutes=minute)).isoformat(), "note": "lý do"}
        if target == lifecycle.DISPATCHED:
            record["unit_codes"] = ["PCCC-01"]
        assert services.write_path.incident_events([record], feed="console").accepted == 1, (current, target)
        current = target
    frame = services.incidents.incidents(status=None)
    return int(frame.loc[frame["external_id"] == external_id, "id"].iloc[0])


def act(request, incident_id: int, action: str, lang: str, comment: str | None = None, units=None) -> str:
    from callbacks.incidents import act

    request.trigger(button("inc-action", action=action))
    message, _refresh = act([1], incident_id, comment, units, None, 0, lang)
    return message


def test_closed_to_resolved(app_services, operator, pack):
    incident_id = incident_at(app_services, pack, ["acknowledged", "resolved", "closed"])
    assert vietnamese(act(operator, incident_id, "resolve", "vi")) == \
        "Không thực hiện được: không thể chuyển từ Đã đóng sang Đã xử lý xong"
    assert english(act(operator, incident_id, "resolve", "en")) == "Refused: cannot go from Closed to Resolved"
    assert app_services.incidents.detail(incident_id)["status"] == lifecycle.CLOSED


def test_reopen_without_a_comment(app_services, operator, pack):
    incident_id = incident_at(app_services, pack, ["acknowledged", "resolved"])
    text = vietnamese(act(operator, incident_id, "reopen", "vi", comment="  "))
    assert "ghi chú" in text and "Đã xử lý xong" in text, text
    assert "comment" in english(act(operator, incident_id, "reopen", "en"))
    assert app_services.incidents.detail(incident_id)["status"] == lifecycle.RESOLVED


def test_dispatch_to_an_inactive_unit(app_services, operator, pack):
    from data.commands.units import ResponseUnits

    incident_id = incident_at(app_services, pack, ["acknowledged"])
    ResponseUnits.from_services(app_services).set_active("PCCC-02", False, "admin1")
    text = vietnamese(act(operator, incident_id, "dispatch", "vi", units=["PCCC-02"]))
    assert "PCCC-02" in text and "ngừng hoạt động" in text, text
    assert "PCCC-02" in english(act(operator, incident_id, "dispatch", "en", units=["PCCC-02"]))
    assert app_services.incidents.detail(incident_id)["status"] == lifecycle.ACKNOWLEDGED


def threshold(request, value, minutes, lang: str) -> str:
    from callbacks.admin import admin_action

    request.trigger("admin-thresholds.cellValueChanged")
    changed = [{"colId": "value", "value": value,
                "data": {"rule": "aqi", "value": value, "minutes": minutes, "enabled": True}}]
    message, _refresh = admin_action(None, None, None, changed, [], [], 0, lang)
    return message


@pytest.mark.parametrize(("value", "minutes"), [(-5, 0), ("abc", 0), (151, 99_999), (151, "soon")])
def test_a_bad_threshold(app_services, admin, value, minutes):
    from data.providers.alerts import AlertsProvider

    before = AlertsProvider.from_services(app_services).thresholds()
    text = vietnamese(threshold(admin, value, minutes, "vi"))
    assert "Ngưỡng" in text or "Số phút" in text, text
    english(threshold(admin, value, minutes, "en"))
    assert AlertsProvider.from_services(app_services).thresholds().equals(before)


def admin_click(request, trigger_id: str, lang: str, users=(), tokens=()) -> str:
    from callbacks.admin import admin_action

    request.trigger(f"{trigger_id}.n_clicks")
    message, _refresh = admin_action(1, None, None, None, list(users), list(tokens), 0, lang)
    return message


def test_a_bad_user_name_and_a_revoked_display_token(app_services, admin):
    gone = [{"username": "no-such-user"}]
    assert "no-such-user" in vietnamese(admin_click(admin, "admin-disable", "vi", users=gone))
    assert "no-such-user" in english(admin_click(admin, "admin-enable", "en", users=gone))
    UserStore(app_services.engines.main).create_display_token("wall-9")
    UserStore(app_services.engines.main).revoke_display_token("wall-9")
    revoked = [{"name": "wall-9"}]
    assert "wall-9" in vietnamese(admin_click(admin, "admin-revoke", "vi", tokens=revoked))
    assert "wall-9" in english(admin_click(admin, "admin-revoke", "en", tokens=revoked))


def test_alert_actions_on_an_unknown_alert(operator):
    from callbacks.incidents import alert_action

    for kind in ("alert-ack", "alert-escalate"):
        for lang, check in (("vi", vietnamese), ("en", english)):
            operator.trigger(button(kind, id=999))
            message, _refresh = alert_action([1], [1], "đã kiểm tra", 0, lang)
            assert "999" in check(message), message


def test_unit_refusals_keep_their_language(admin):
    from callbacks.admin import unit_action

    admin.trigger("admin-units.cellValueChanged")
    cell = [{"colId": "ward_code", "value": "16522", "data": {"code": "PCCC-01"}}]
    text = vietnamese(unit_action(None, None, None, cell, [], *[None] * 6, 0, "vi")[0])
    assert "Phường" in text and "ward_code" not in text, text
    assert "ward" in english(unit_action(None, None, None, cell, [], *[None] * 6, 0, "en")[0]).lower()


def refusal_classes() -> set[str]:
    """Names of every refusal class the data layer defines (after importing the modules that define them)."""
    import data.commands.units
    import data.commands.users
    import data.ingest.tokens
    import data.ingest.write_path  # noqa: F401
    from data.rules.refusals import Refusal

    found, todo = set(), [Refusal]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo += cls.__subclasses__()
    return found


def made_refusals() -> list[tuple[str, str, set[str]]]:
    """(where, reason, param names) of every refusal made in data/ and api/: a refusal class called with its
    reason first, or a `Rejection(index, error, reason, params)`. A reason passed on from another refusal
    (`other.reason`) is that one's."""
    classes = refusal_classes()
    made = []
    for path in sorted([*ROOT.glob("data/**/*.py"), *ROOT.glob("api/*.py")]):
        if path.name == "refusals.py":
            continue  # the base class and pydantic's reasons (test_validation_reasons_are_in_the_catalog)
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in classes | {
                    "Rejection"}):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            rejection = node.func.id == "Rejection"
            position = 2 if rejection else 0
            reason = node.args[position] if len(node.args) > position else None
            if isinstance(reason, ast.Attribute) and reason.attr == "reason":
                continue
            assert isinstance(reason, ast.Constant) and isinstance(reason.value, str), f"{where}: reason not a literal"
            if rejection:
                params = {k.value for k in node.args[3].keys} if len(node.args) > 3 else set()
            else:
                params = {k.arg for k in node.keywords}
            made.append((where, reason.value, params))
    return made


def test_every_reason_made_has_catalog_text_in_both_languages():
    from layouts.i18n import CATALOG, t

    made = made_refusals()
    assert len(made) > 50 and len({reason for _, reason, _ in made}) > 40
    missing = sorted({f"{where}: refusal.{reason}" for where, reason, _ in made if f"refusal.{reason}" not in CATALOG})
    assert not missing, missing
    for where, reason, params in made:
        for lang in ("vi", "en"):
            try:  # every name the text uses is a param the refusal gives
                t(f"refusal.{reason}", lang, **dict.fromkeys(params, "x"))
            except KeyError as exc:
                pytest.fail(f"{where}: refusal.{reason} ({lang}) names {exc}, which the refusal does not give")


def test_every_record_field_has_a_name_in_both_languages():
    from data.commands.units import EDITABLE
    from data.domains.incidents.records import LifecycleRecord
    from data.domains.registry import specs
    from layouts.i18n import CATALOG

    models = [s.record for s in specs()] + [LifecycleRecord]
    fields = {name for model in models for name in model.model_fields} | set(EDITABLE) | {"record"}
    assert {"segment", "to_status", "note", "unit_codes", "merge_into"} <= fields
    assert sorted(f for f in fields if f"field.{f}" not in CATALOG) == []


@pytest.mark.parametrize("db_services", ["sqlite"], indirect=True)
def test_validation_reasons_are_in_the_catalog(db_services):
    now = datetime.now(UTC).isoformat()
    records = [{"ts": now, "speed_kmh": 30},  # no segment
               {"segment": "S-1", "ts": now, "speed_kmh": 30, "lanes": 2},  # a field no record has
               {"segment": "S-1", "ts": now, "speed_kmh": -3},  # a value out of range
               "not a record"]
    rejected = db_services.write_path.write("traffic", records, feed="test").rejected
    assert [(r.reason, r.params) for r in rejected] == [
        ("missing_field", {"field": "segment"}), ("unknown_field", {"field": "lanes"}),
        ("invalid_field", {"field": "speed_kmh"}), ("not_an_object", {})]
    assert [r.error.split(":")[0] for r in rejected] == ["segment", "lanes", "speed_kmh", "record"]  # English stays
    from layouts.refusals import refusal_text

    assert [refusal_text(r, "vi") for r in rejected] == [
        "Không thực hiện được: Đoạn đường: thiếu giá trị",
        "Không thực hiện được: lanes: không phải một trường của bản ghi",
        "Không thực hiện được: Tốc độ: giá trị không hợp lệ",
        "Không thực hiện được: bản ghi phải là một đối tượng JSON"]
    assert refusal_text(rejected[2], "en") == "Refused: Speed: invalid value"
