"""Who may see the leaders' board and its report: the board's callback as a plain function for each role, the
download route and the sign-in landing through the real middleware (sessions, access guard) on fresh services."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from conftest import TEST_PASSWORD, installed
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient

KPI_ROLES = ("leader", "analyst", "admin", "operator")


def run_board(day: str | None = None):
    from callbacks.kpi import show_day

    return show_day(day, None, None, "vi")


@pytest.mark.parametrize("role", KPI_ROLES)
def test_board_callback_for_each_reading_role(app_services, callback_request, role):
    callback_request.sign_in(role)
    callback_request.trigger("kpi-date.date")
    day = app_services.kpi.yesterday()
    board, wards, heading, pdf, xlsx, saved, picked = run_board(day.isoformat())
    assert [section.id for section in board] == [f"kpi-pillar-{p}" for p in
                                                 ("governance", "living", "environment", "economy")]
    assert len(wards) == len(app_services.pack.wards) and wards[0]["ward"].startswith("[")
    assert day.strftime("%d/%m/%Y") in heading and "trọn ngày" in heading
    assert pdf.startswith("/api/v1/reports/daily.pdf?day=" + day.isoformat()) and xlsx.endswith("lang=vi")


def test_today_so_far_moves_the_picker(app_services, callback_request):
    callback_request.sign_in("leader")
    callback_request.trigger("kpi-today.n_clicks")
    *_rest, heading, _pdf, _xlsx, _saved, picked = run_board((app_services.kpi.yesterday()).isoformat())
    assert picked == app_services.kpi.today().isoformat() and "đến" in heading


def test_a_future_day_is_today(app_services, callback_request):
    callback_request.sign_in("analyst")
    callback_request.trigger("kpi-date.date")
    later = (app_services.kpi.today() + timedelta(days=3)).isoformat()
    assert run_board(later)[-1] == app_services.kpi.today().isoformat()


@pytest.mark.parametrize("role", ["display", None])
def test_board_callback_refuses_others(app_services, callback_request, role):
    if role:
        callback_request.sign_in(role)
    callback_request.trigger("kpi-date.date")
    with pytest.raises(HTTPException) as refused:
        run_board(app_services.kpi.yesterday().isoformat())
    assert refused.value.status_code == (403 if role else 401)


@contextmanager
def app_client(services):
    """The API routers behind the real session middleware and access guard."""
    import api
    from api import security

    server = FastAPI()
    security.install(server, "test-secret-key-for-sessions-000")
    api.mount(server)
    with installed(services), TestClient(server, raise_server_exceptions=False, follow_redirects=False) as client:
        yield client


def signed_in(client, services, role: str) -> str:
    from data.commands.users import UserStore

    UserStore(services.engines.main).create(f"{role}1", role, TEST_PASSWORD)
    response = client.post("/login", data={"username": f"{role}1", "password": TEST_PASSWORD, "next": "/"})
    assert response.status_code == 303
    return response.headers["location"]


@pytest.mark.parametrize(("role", "lands"), [("leader", "/kpi"), ("analyst", "/"), ("operator", "/"), ("admin", "/")])
def test_report_route_and_landing_by_role(app_services, role, lands):
    with app_client(app_services) as client:
        assert client.get("/api/v1/reports/daily.pdf").status_code == 401
        assert signed_in(client, app_services, role) == lands
        day = app_services.kpi.yesterday().isoformat()
        pdf = client.get(f"/api/v1/reports/daily.pdf?day={day}")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert pdf.headers["content-disposition"] == f'attachment; filename="bao-cao-ngay-{day}.pdf"'
        if role == "leader":
            xlsx = client.get(f"/api/v1/reports/daily.xlsx?day={day}&lang=en")
            assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
            future = (app_services.kpi.today() + timedelta(days=1)).isoformat()
            assert client.get(f"/api/v1/reports/daily.pdf?day={future}").status_code == 400


def test_a_saved_report_is_served_as_written(app_services):
    from reports.files import report_dir, report_paths

    day = app_services.kpi.yesterday()
    folder = report_dir(app_services.settings.data_dir)
    folder.mkdir(parents=True)
    report_paths(folder, day)["pdf"].write_bytes(b"%PDF-saved")
    with app_client(app_services) as client:
        signed_in(client, app_services, "leader")
        assert client.get(f"/api/v1/reports/daily.pdf?day={day}").content == b"%PDF-saved"
        assert client.get(f"/api/v1/reports/daily.pdf?day={day}&lang=en").content != b"%PDF-saved"


def test_admins_edit_targets_audited_and_the_board_follows(app_services, callback_request):
    from callbacks.admin import kpi_target_action, show_kpi_targets
    from data.commands.kpi_targets import KpiTargets
    from data.ingest.audit import AuditProvider

    callback_request.sign_in("admin")
    rows = {r["code"]: r for r in show_kpi_targets(0, "vi")}
    assert rows["gov.incidents_on_time"]["target"] == 90 and rows["gov.incidents_on_time"]["placeholder"].startswith("Tạm")
    assert rows["ho_so_dung_han"]["name"] == "Hồ sơ thủ tục hành chính giải quyết đúng hạn"
    change = [{"data": {**rows["gov.incidents_on_time"], "target": 95, "amber": 85}, "colId": "target", "value": 95}]
    message, refresh = kpi_target_action(change, 0, "vi")
    assert (message, refresh) == ("Đã lưu.", 1)
    after = KpiTargets(app_services.engines).list().set_index("code").loc["gov.incidents_on_time"]
    assert (after["target"], after["amber"], bool(after["placeholder"]), after["updated_by"]) == (95, 85, False, "admin1")
    entry = AuditProvider(app_services.engines.main).entries(action="kpi_target.update").iloc[0]
    assert entry["target"] == "kpi:gov.incidents_on_time" and entry["actor"] == "admin1"
    board = {k["code"]: k for k in app_services.kpi.board()["kpis"]}
    assert (board["gov.incidents_on_time"]["target"], board["gov.incidents_on_time"]["placeholder"]) == (95, False)

    wrong = [{"data": {**rows["gov.backlog"], "amber": 10}, "colId": "amber", "value": 10}]  # lower is better
    message, _ = kpi_target_action(wrong, 1, "vi")
    assert message.endswith("ngưỡng cần chú ý phải nằm ở phía kém hơn mục tiêu")
    assert kpi_target_action([{"data": {**rows["gov.backlog"], "target": "x"}, "colId": "target", "value": "x"}],
                             1, "en")[0].endswith("Target: not a number")
    assert KpiTargets(app_services.engines).set("gov.backlog", 30, 60, "admin1") is False  # unchanged


def test_only_admins_may_edit_targets():
    from api.access import declared_roles
    from callbacks.admin import kpi_target_action

    assert declared_roles(kpi_target_action) == ("admin",)
