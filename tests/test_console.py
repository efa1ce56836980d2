"""The incident console as plain functions: queue search and time range, the create form's checks, clearing and
single creation, SLA text for long-overdue incidents; codes in words (plurals, actors, pollutants, audit rows)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
from dash import no_update
from test_callbacks import patched, pushed, report

from layouts import ids
from layouts.i18n import t


def text_of(component) -> str:
    """The words a component tree shows (children only, not ids or classes)."""
    if component is None or isinstance(component, bool):
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


def queue(request, live, search=None, period=None, lang="vi"):
    from callbacks.incidents import refresh_queue

    request.trigger("inc-ask.data", live["versions"]["incidents"])  # the push of the incidents' version, passed on
    return refresh_queue(live["versions"]["incidents"], None, None, None, None, None, None, None, None, search, period, None, lang)


def test_console001_queue_search_by_id_or_words_and_time_range(app_services, callback_request):
    callback_request.sign_in("operator")
    tree = report(app_services, "S-1", title="Cây đổ chắn đường Lê Lợi", minutes_ago=5)
    flood = report(app_services, "S-2", title="Ngập nước sau mưa lớn", minutes_ago=3 * 24 * 60)
    live = pushed(app_services)

    rows, count, _figure, _seen = queue(callback_request, live, search=f"#{tree}")
    assert [r["id"] for r in rows] == [tree] and count == "1 sự cố"
    rows, *_ = queue(callback_request, live, search=str(flood))
    assert [r["id"] for r in rows] == [flood]
    rows, *_ = queue(callback_request, live, search="lê LỢI cây")  # every word, any case
    assert [r["id"] for r in rows] == [tree]
    rows, *_ = queue(callback_request, live, search="100%_không_có")  # wildcards are literal
    assert rows == []
    rows, *_ = queue(callback_request, live, period="24h")
    assert [r["id"] for r in rows] == [tree]
    rows, *_ = queue(callback_request, live, period="7d")
    assert {r["id"] for r in rows} == {tree, flood}


def test_console002_long_overdue_reads_in_days_and_hours(app_services, callback_request):
    from layouts.incidents import queue_sla_text, sla_line, sla_text

    at = datetime(2026, 12, 1, 12, tzinfo=UTC)
    due = at - timedelta(days=19, hours=7, minutes=42)
    assert sla_text(due, at, "vi") == "quá hạn 19 ngày 7 giờ"
    assert sla_text(due, at, "en") == "19 days 7 h overdue"
    assert sla_text(at + timedelta(minutes=25, seconds=30), at, "vi") == "còn 25 phút"
    assert sla_text(at - timedelta(hours=1, minutes=5), at, "vi") == "quá hạn 1 giờ 5 phút"
    assert sla_text(at - timedelta(days=1, hours=2), at, "en") == "1 day 2 h overdue"
    assert queue_sla_text("late", due, at, "vi") == "✕ quá hạn 19 ngày 7 giờ"
    shown = text_of(sla_line({"sla_state": "late", "used": 464.7, "stage": "resolve", "due": pd.Timestamp(due),
                          "placeholder": True}, "Asia/Ho_Chi_Minh", "vi"))
    assert "%" not in shown and "46471" not in shown and "placeholder" not in shown

    callback_request.sign_in("operator")
    old = report(app_services, "OLD-1", minutes_ago=19 * 24 * 60 + 7 * 60 + 30)
    rows, *_ = queue(callback_request, pushed(app_services))
    row = next(r for r in rows if r["id"] == old)
    assert row["sla_text"].startswith("✕ quá hạn 19 ngày") and row["remaining"] < 0


def create(callback_request, point, title="Cây đổ chắn đường", name="Trần Văn C", phone="0912 345 678",
           address="Số 12 Lê Lợi", description="Cây lớn đổ sau mưa", lang="vi", clicks=1):
    from callbacks.incidents import create_incident

    callback_request.trigger(f"{ids.INC_CREATE_SUBMIT}.n_clicks", clicks)
    return create_incident(clicks, point, "giao_thong", 2, title, name, phone, address, description, lang)


def picked(app_services, callback_request) -> dict:
    from callbacks.incidents import pick_point

    inside = app_services.pack.wards.iloc[0].geometry.representative_point()
    callback_request.trigger("inc-map-click.data", {"lat": inside.y, "lon": inside.x})
    point, where, figure = pick_point({"lat": inside.y, "lon": inside.x}, "vi")
    assert point["external_id"].startswith("OP-") and "ngoài địa bàn" not in where
    assert patched(figure)[("data", 1)]["lat"] == [inside.y]
    return point


def test_console003_create_form_checks_fields_in_vietnamese(app_services, callback_request):
    callback_request.sign_in("operator")
    out = create(callback_request, None, title="", phone="12ab")
    message, selected, errors, *rest = out
    assert message is no_update and selected is no_update
    texts = [li.children for li in errors]
    assert texts == [t("inc.form.point.required", "vi"), t("inc.form.title.required", "vi"),
                     t("inc.form.phone.format", "vi")]
    classes = rest[:len(ids.INC_CREATE_TEXTS)]
    assert classes[0].endswith("invalid") and classes[2].endswith("invalid") and "invalid" not in classes[1]
    assert rest[len(ids.INC_CREATE_TEXTS):2 * len(ids.INC_CREATE_TEXTS)] == [no_update] * 5  # nothing typed is lost

    point = picked(app_services, callback_request)
    _m, _s, errors, *_ = create(callback_request, point, title="abc", address="x" * 201)
    assert [li.children for li in errors] == [t("inc.form.title.length", "vi"), t("inc.form.address.length", "vi")]
    assert app_services.incidents.incidents(status=None).empty


def test_console004_create_writes_every_field_once_and_clears_the_form(app_services, callback_request):
    callback_request.sign_in("operator")
    point = picked(app_services, callback_request)
    message, selected, errors, *rest = create(callback_request, point)
    n = len(ids.INC_CREATE_TEXTS)
    assert message.startswith("Đã tạo sự cố #") and errors == []
    assert rest[n:2 * n] == [""] * n  # the fields are cleared
    assert rest[2 * n] is None and rest[2 * n + 1] == t("inc.create.hint", "vi")  # the point too
    assert patched(rest[2 * n + 2])[("data", 1)]["lat"] == []
    # The same form submitted again (a double click before the answer) is the same incident.
    again, selected_again, *_ = create(callback_request, point, clicks=2)
    assert selected_again == selected
    frame = app_services.incidents.incidents(status=None)
    assert len(frame) == 1
    detail = app_services.incidents.detail(selected, with_contact=True)
    assert (detail["title"], detail["address"], detail["description"]) == (
        "Cây đổ chắn đường", "Số 12 Lê Lợi", "Cây lớn đổ sau mưa")
    assert (detail["reporter_name"], detail["reporter_phone"]) == ("Trần Văn C", "0912 345 678")
    assert detail["channel"] == "operator"


def test_console005_plural_forms_and_words_for_codes():
    from layouts.words import actor_name, audit_sentence, pollutant_name

    assert t("card.traffic.detail", "en", heavy=1, total=12) == "1 congested segment · 12 segments"
    assert t("card.traffic.detail", "en", heavy=3, total=1) == "3 congested segments · 1 segment"
    assert t("card.traffic.detail", "vi", heavy=1, total=12) == "1 đoạn ùn tắc · 12 đoạn đường"
    assert t("inc.count", "en", n=0) == "0 incidents"
    assert pollutant_name("pm25", "vi") == "PM2.5" and pollutant_name("o3", "en") == "O₃"
    assert actor_name("sim.truc_ban_2", "vi") == "Trực ban 2 (mô phỏng)"
    assert actor_name("op1", "vi") == "op1" and actor_name("rules", "en") == "Automatic alert rules"
    assert actor_name("open311:citizen-app", "vi") == "Cổng phản ánh (Open311) · citizen-app"
    row = {"actor": "op1", "action": "incident.status", "target": "incident:12",
           "before": '{"status": "new"}', "after": '{"status": "acknowledged", "note": "đã gọi lại"}'}
    assert audit_sentence(row, "vi") == "op1 chuyển sự cố #12 từ Mới sang Đã tiếp nhận; ghi chú: “đã gọi lại”"
    assert audit_sentence(row, "en") == "op1 moved incident #12 from New to Acknowledged; note: “đã gọi lại”"
    unit = {"actor": "admin", "action": "unit.update", "target": "unit:CSGT-01", "before": '{"phone": "1"}',
            "after": '{"phone": "2"}'}
    created = {"actor": "hotline", "action": "incident.create", "target": "incident:3", "before": float("nan"),
               "after": '{"status": "new"}'}
    assert audit_sentence(created, "vi") == "Đường dây nóng tạo sự cố #3"
    assert "{" not in audit_sentence(unit, "vi") and "Sửa đơn vị xử lý".lower() in audit_sentence(unit, "vi")


def test_console006_admin_audit_rows_read_as_sentences(app_services, callback_request):
    from callbacks.admin import show_audit

    callback_request.sign_in("operator")
    _m, selected, *_ = create(callback_request, picked(app_services, callback_request))
    callback_request.sign_in("admin")
    rows = show_audit(None, None, None, None, 7, "vi")
    created = next(r for r in rows if r["target"] == f"Sự cố #{selected}")
    assert created["action"] == "Tạo sự cố" and created["detail"] == f"operator1 tạo sự cố #{selected}"
    assert all("{" not in r["detail"] and "." not in r["action"] for r in rows)


def test_console007_listed_problems_follow_what_is_typed(app_services, callback_request):
    from dash.exceptions import PreventUpdate

    from callbacks.incidents import recheck_form

    callback_request.sign_in("operator")
    callback_request.trigger(f"{ids.INC_CREATE_TITLE}.value", "Cây")
    try:
        recheck_form("Cây", "", "", "", "", None, [], "vi")
        raise AssertionError("nothing listed yet: nothing to recheck")
    except PreventUpdate:
        pass
    errors, *classes = recheck_form("Cây đổ", "", "09", "", "", {"lat": 19.8, "lon": 105.78}, ["listed"], "vi")
    assert [li.children for li in errors] == [t("inc.form.phone.format", "vi")]
    assert "invalid" not in classes[0] and classes[2].endswith("invalid")
