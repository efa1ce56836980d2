"""Response units managed by admins: add, edit, (de)activate with audit entries; refused changes change
nothing; repeats are no-ops; a pack reload keeps admins' edits; inactive units take no dispatches."""

from __future__ import annotations

import dataclasses
import math
import uuid

import pandas as pd
import pytest
from conftest import DATABASES, CallbackRequest, installed
from sqlalchemy import func, select, text
from test_lifecycle import drive_to, event, writer

from data.commands.units import ResponseUnits, UnitError
from data.ingest.audit import AuditProvider
from data.ingest.registry import load_registries
from data.store.models_access import AuditEntry

ADMIN = "admin1"


def store(services) -> ResponseUnits:
    return ResponseUnits.from_services(services)


def inside(pack, ward: int = 0) -> tuple[float, float]:
    """(lon, lat) of a point inside a ward of the pack."""
    point = pack.wards.iloc[ward].geometry.representative_point()
    return point.x, point.y


def audit_count(services) -> int:
    with services.engines.main.connect() as conn:
        return conn.execute(select(func.count()).select_from(AuditEntry)).scalar_one()


def unit(services, code: str) -> dict:
    frame = store(services).list()
    return frame.set_index("code").loc[code].to_dict()


def test_add_edit_deactivate_activate_are_audited(db_services, pack):
    units = store(db_services)
    lon, lat = inside(pack, 0)
    assert units.add(" pccc-04 ", "Đội PCCC khu vực phía Bắc", "fire", lon, lat, "114", actor=ADMIN) == "PCCC-04"
    added = unit(db_services, "PCCC-04")
    assert added["name"] == "Đội PCCC khu vực phía Bắc" and added["kind"] == "fire" and added["phone"] == "114"
    assert added["ward_code"] == pack.wards.iloc[0]["code"] and added["active"]

    assert units.update("PCCC-04", ADMIN, name="Đội PCCC khu vực Nguyệt Viên", phone=" +84  237 114 ")
    assert unit(db_services, "PCCC-04")["phone"] == "+84 237 114"
    lon2, lat2 = inside(pack, 1)
    assert units.update("PCCC-04", ADMIN, lon=lon2, lat=lat2)
    moved = unit(db_services, "PCCC-04")
    assert moved["ward_code"] == pack.wards.iloc[1]["code"] and math.isclose(moved["lon"], lon2, abs_tol=1e-6)

    assert units.set_active("PCCC-04", False, ADMIN)
    assert not unit(db_services, "PCCC-04")["active"]
    assert "PCCC-04" not in set(units.list(include_inactive=False)["code"])
    assert "PCCC-04" not in set(db_services.incidents.response_units(active_only=True)["code"])
    assert units.set_active("PCCC-04", True, ADMIN)
    assert "PCCC-04" in set(units.list(include_inactive=False)["code"])

    entries = AuditProvider(db_services.engines.main).entries(target="unit:PCCC-04")
    assert entries["action"].tolist() == ["unit.activate", "unit.deactivate", "unit.update", "unit.update", "unit.add"]
    assert entries["actor"].tolist() == [ADMIN] * 5
    assert '"active": false' in entries["after"].iloc[1] and '"active": true' in entries["before"].iloc[1]
    renamed = entries.iloc[3]
    assert '"name": "Đội PCCC khu vực phía Bắc"' in renamed["before"]
    assert '"name": "Đội PCCC khu vực Nguyệt Viên"' in renamed["after"] and '"phone": "+84 237 114"' in renamed["after"]
    assert f'"ward_code": "{pack.wards.iloc[1]["code"]}"' in entries["after"].iloc[2]
    assert pd.isna(entries["before"].iloc[4]) and '"kind": "fire"' in entries["after"].iloc[4]


def test_repeating_a_change_is_a_no_op(db_services, pack):
    units = store(db_services)
    current = unit(db_services, "CC115-01")
    assert units.update("CC115-01", ADMIN, phone="0237 115")
    count = audit_count(db_services)
    assert not units.update("CC115-01", ADMIN, phone="0237 115")
    assert not units.update("CC115-01", ADMIN, name=current["name"], kind=current["kind"],
                            lon=current["lon"], lat=current["lat"])
    assert not units.set_active("CC115-01", True, ADMIN)
    assert units.set_active("CC115-01", False, ADMIN)
    assert not units.set_active("CC115-01", False, ADMIN)
    assert audit_count(db_services) == count + 1


@pytest.mark.parametrize(("change", "error"), [
    (lambda u, p: u.add("x", "Đội A", "fire", *inside(p)), "code: 2 to 32"),
    (lambda u, p: u.add("PCCC 9", "Đội A", "fire", *inside(p)), "code"),
    (lambda u, p: u.add("PCCC/9", "Đội A", "fire", *inside(p)), "code"),
    (lambda u, p: u.add("PCCC-01", "Đội A", "fire", *inside(p)), "already exists"),
    (lambda u, p: u.add("PCCC-09", "   ", "fire", *inside(p)), "name: 1 to 160"),
    (lambda u, p: u.add("PCCC-09", "Đ" * 161, "fire", *inside(p)), "name"),
    (lambda u, p: u.add("PCCC-09", "Đội A", "navy", *inside(p)), "kind: must be one of"),
    (lambda u, p: u.add("PCCC-09", "Đội A", None, *inside(p)), "kind"),
    (lambda u, p: u.add("PCCC-09", "Đội A", "fire", 105.0, 21.0), "outside every ward"),
    (lambda u, p: u.add("PCCC-09", "Đội A", "fire", "abc", 19.8), "lon/lat: numbers"),
    (lambda u, p: u.add("PCCC-09", "Đội A", "fire", None, None), "lon/lat: numbers"),
    (lambda u, p: u.add("PCCC-09", "Đội A", "fire", math.nan, 19.8), "lon/lat: numbers"),
    (lambda u, p: u.add("PCCC-09", "Đội A", "fire", *inside(p), phone="114-ext"), "phone"),
    (lambda u, p: u.add("PCCC-09", "Đội A", "fire", *inside(p), phone="+ +"), "phone"),
    (lambda u, p: u.add("PCCC-09", "Đội A", "fire", *inside(p), phone="1" * 25), "phone"),
    (lambda u, p: u.update("NOPE", ADMIN, name="Đội A"), "unknown response unit"),
    (lambda u, p: u.update("PCCC-01", ADMIN, ward_code="16522"), "not an editable field"),
    (lambda u, p: u.update("PCCC-01", ADMIN, name="", phone="114"), "name"),
    (lambda u, p: u.update("PCCC-01", ADMIN, phone="114", kind="navy"), "kind"),
    (lambda u, p: u.update("PCCC-01", ADMIN, name="Đội A", lon=106.5), "outside every ward"),
    (lambda u, p: u.update("PCCC-01", ADMIN, phone="call me"), "phone"),
    (lambda u, p: u.set_active("NOPE", False, ADMIN), "unknown response unit"),
])
def test_refused_changes_change_nothing(db_services, pack, change, error):
    units = store(db_services)
    before, count = units.list(), audit_count(db_services)
    with pytest.raises(UnitError, match=error):
        change(units, pack)
    pd.testing.assert_frame_equal(units.list(), before)
    assert audit_count(db_services) == count


def test_pack_reload_keeps_admin_edits_and_adds_new_units(db_services, pack):
    units = store(db_services)
    units.update("PCCC-01", ADMIN, name="Đội PCCC trung tâm (đổi tên)", phone="0237 114")
    units.set_active("MT-01", False, ADMIN)
    units.add("CN-09", "Đội Cấp nước mới", "water", *inside(pack, 2), actor=ADMIN)
    edited = units.list()

    extra = pack.response_units.iloc[[0]].assign(code="CA-NEW", name="Công an mới")
    grown = dataclasses.replace(pack, response_units=pd.concat([pack.response_units, extra], ignore_index=True))
    load_registries(db_services.engines, grown)

    after = units.list()
    pd.testing.assert_frame_equal(after[after["code"] != "CA-NEW"].reset_index(drop=True), edited)
    new = after.set_index("code").loc["CA-NEW"]
    assert new["name"] == "Công an mới" and new["active"]


def test_dispatch_to_an_inactive_unit_is_refused(db_services, pack):
    incident_id = drive_to(db_services, pack, "U-1", ["acknowledged"])
    store(db_services).set_active("PCCC-02", False, ADMIN)
    refused = writer(db_services).incident_events(
        [event("U-1", "dispatched", 5, unit_codes=["PCCC-01", "PCCC-02"])], feed="console")
    assert refused.accepted == 0 and "response unit 'PCCC-02' is inactive" in refused.rejected[0].error
    assert "dispatched" not in set(db_services.incidents.trail(incident_id)["to_status"])

    sent = writer(db_services).incident_events([event("U-1", "dispatched", 6, unit_codes=["PCCC-01"])],
                                               feed="console")
    assert sent.accepted == 1
    store(db_services).set_active("PCCC-01", False, ADMIN)
    again = writer(db_services).incident_events([event("U-1", "dispatched", 6, unit_codes=["PCCC-01"])],
                                                feed="console")
    assert again.duplicates == 1 and not again.rejected  # resending what was accepted stays a duplicate
    trail = db_services.incidents.trail(incident_id)
    assert trail.loc[trail["to_status"] == "dispatched", "units"].tolist() == [["PCCC-01"]]  # still shown
    assert {"PCCC-01", "PCCC-02"} <= set(db_services.incidents.response_units()["code"])
    assert not {"PCCC-01", "PCCC-02"} & set(db_services.incidents.response_units(active_only=True)["code"])


def test_the_simulator_dispatches_an_active_unit_of_the_same_kind(db_services, pack):
    from data.demo.seed import with_active_units

    drive_to(db_services, pack, "U-2", ["acknowledged"])
    store(db_services).set_active("PCCC-01", False, ADMIN)
    planned = [{**event("U-2", "dispatched", 5), "unit_code": "PCCC-01"}]
    events = with_active_units(writer(db_services), planned)
    assert events[0]["unit_code"] == "PCCC-02"  # the first active fire unit
    assert writer(db_services).incident_events(events, feed="sim/incidents").accepted == 1
    for code in pack.response_units.loc[pack.response_units["kind"] == "fire", "code"]:
        store(db_services).set_active(code, False, ADMIN)
    assert with_active_units(writer(db_services), planned)[0]["unit_code"] is None  # no fire unit left


@pytest.fixture(params=DATABASES)
def bare_engine(request, tmp_path):
    """An empty database on SQLite and on PostgreSQL (no migrations run)."""
    from conftest import _drop_pg_schema, _pg_available, _pg_engine, need_service

    from data.store.db import make_engine

    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'bare.db'}")
        yield engine
    else:
        need_service(_pg_available(), "PostgreSQL at 127.0.0.1:5432")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        engine = _pg_engine(schema)
        yield engine
        _drop_pg_schema(schema)
    engine.dispose()


def test_migration_marks_existing_units_active(bare_engine):
    from alembic import command

    from data.store.schema import alembic_config, migrate

    with bare_engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0002")
        command.upgrade(alembic_config(conn), "0003")
        conn.execute(text("INSERT INTO response_units (code, name, kind, lon, lat) "
                          "VALUES ('OLD-1', 'Đội cũ', 'fire', 105.78, 19.80)"))
    migrate(bare_engine)
    with bare_engine.connect() as conn:
        assert conn.execute(text("SELECT active FROM response_units WHERE code = 'OLD-1'")).scalar_one() in (True, 1)
        heads = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(None))
    applied = {r.revision for r in script.iterate_revisions(tuple(heads), "base")}
    assert applied == {r.revision for r in script.walk_revisions()}  # every revision, 0004 and later included


def test_admin_panel_rows_and_actions(db_services, pack):
    import callbacks.admin as admin

    with installed(db_services), CallbackRequest(db_services) as request:
        request.sign_in("admin", ADMIN)
        lon, lat = inside(pack, 3)
        request.trigger("admin-unit-add.n_clicks")
        message, refresh = admin.unit_action(None, None, 1, None, [], "dl-09", "Đội Điện lực mới", "power",
                                             lat, lon, "", 4, "en")
        assert (message, refresh) == ("Unit DL-09 added.", 5)
        request.trigger("admin-units.cellValueChanged")
        cell = [{"colId": "phone", "value": "0237 999", "oldValue": "", "data": {"code": "DL-09"}}]
        assert admin.unit_action(None, None, 1, cell, [], *[None] * 6, 5, "en")[0] == "Saved."
        assert admin.unit_action(None, None, 1, cell, [], *[None] * 6, 6, "en")[0] == "Nothing changed."
        request.trigger("admin-unit-deactivate.n_clicks")
        assert admin.unit_action(1, None, 1, cell, [{"code": "DL-09"}], *[None] * 6, 7, "en")[0] == "Saved."
        request.trigger("admin-unit-add.n_clicks")
        message, _ = admin.unit_action(1, None, 2, None, [], "DL-09", "Trùng mã", "power", lat, lon, "", 8, "vi")
        assert message == "Không thực hiện được: Mã: đơn vị DL-09 đã có"  # the reason in the page's language

        rows, kinds = admin.show_units(9, "en")
    row = next(r for r in rows if r["code"] == "DL-09")
    assert row == {"code": "DL-09", "name": "Đội Điện lực mới", "kind": "Power utility",
                   "ward": pack.wards.iloc[3]["name"], "phone": "0237 999", "state": "✕ Inactive", "active": False}
    assert {"label": "Fire and rescue", "value": "fire"} in kinds and len(kinds) == 8
    actions = AuditProvider(db_services.engines.main).entries(target="unit:DL-09")["action"].tolist()
    assert actions == ["unit.deactivate", "unit.update", "unit.add"]


def test_unit_kind_names_fall_back_to_the_code():
    from layouts.admin import kind_name, page

    assert kind_name("ambulance", "vi") == "Cấp cứu 115" and kind_name("lifeguard", "en") == "lifeguard"
    text = str(page("vi"))
    assert "admin-units" in text and "Đơn vị phản ứng" in text and "Thêm" in text


def test_units_in_their_own_database_are_audited_in_the_main_one(tmp_path, pack):
    from data.store.settings import Settings
    from data.wiring.services import Services
    from data.wiring.setup import migrate_all

    settings = Settings(data_dir=tmp_path, demo=False, _env_file=None,
                        database_urls={"incidents": f"sqlite:///{tmp_path / 'incidents.db'}"})
    services = Services.create(settings)
    assert services.engines["incidents"] is not services.engines.main
    migrate_all(services)
    try:
        units = store(services)
        units.add("CA-09", "Công an khu vực mới", "police", *inside(pack, 4), actor=ADMIN)
        units.set_active("CA-09", False, ADMIN)
        with pytest.raises(UnitError):
            units.add("CA-09", "Công an khu vực mới", "police", *inside(pack, 4), actor=ADMIN)
        assert not unit(services, "CA-09")["active"]
        actions = AuditProvider(services.engines.main).entries(target="unit:CA-09")["action"].tolist()
        assert actions == ["unit.deactivate", "unit.add"]
    finally:
        services.engines.dispose()
