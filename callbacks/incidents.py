"""Incident console callbacks: queue and map from the pushed versions and filters, the detail of the selected
incident, lifecycle actions, map-click creation and alert actions. State-changing callbacks declare
`@requires(*OPERATE)`; the access guard enforces it before they run."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    Patch,
    State,
    callback,
    clientside_callback,
    ctx,
    no_update,
)
from dash.exceptions import PreventUpdate

from api.access import OPERATE, current_principal, refuse_request, requires
from callbacks.wall import current
from data.domains.incidents.provider import nearest
from data.domains.incidents.records import form_problems
from data.domains.incidents.sla import SlaProvider
from data.providers.alerts import AlertError, AlertsProvider
from data.rules import lifecycle
from data.wiring.services import get_services
from layouts import ids
from layouts.i18n import t
from layouts.incidents import (
    FILTERS,
    PERIODS,
    action_buttons,
    alerts_panel,
    detail,
    error_lines,
    field_classes,
    filter_options,
    form_errors,
    incident_points,
    picked_point,
    picked_where,
    queue_rows,
    sla_clock,
)
from layouts.refusals import refusal_text

FILTER_INPUTS = [Input(f"inc-filter-{name}", "value") for name in FILTERS]


def console_choices(lang: str) -> dict:
    """What the console page offers: the filters' options, the active response units for a dispatch, and
    whether the signed-in user may act."""
    services = get_services()
    principal = current_principal()
    return {"options": filter_options(lang, services.incidents.categories(), services.pack.unit_names("ward")),
            "units": [{"label": f"{r.name} ({r.code})", "value": r.code}
                      for r in services.incidents.response_units(active_only=True).itertuples()],
            "can_act": principal is not None and principal.role in OPERATE}


def names(lang: str) -> dict:
    services = get_services()
    cats = services.incidents.categories()
    units = services.incidents.response_units()
    return {"categories": dict(zip(cats["code"], cats["name_vi" if lang == "vi" else "name_en"], strict=True)),
            "wards": services.pack.unit_names("ward"), "units": dict(zip(units["code"], units["name"], strict=True))}


def sla_provider() -> SlaProvider:
    services = get_services()
    return SlaProvider(services.incidents, services.pack.sla)


def queue_frame(status, category, severity, ward, channel, sla, search=None, period=None):
    hours = PERIODS.get(period or "all")
    since = None if hours is None else datetime.now(UTC) - timedelta(hours=hours)
    return sla_provider().queue(tuple(status or ()), category, severity, ward, channel, sla,
                                search=(search or "").strip()[:100] or None, since=since)


@callback(Output("incidents-grid", "rowData"), Output("inc-count", "children"), Output("incidents-map", "figure"),
          Output("inc-seen", "data"),
          Input(ids.INC_ASK, "data"), Input("inc-refresh", "data"), Input("inc-sla-tick", "n_intervals"),
          *FILTER_INPUTS, Input(ids.INC_SEARCH, "value"), Input(ids.INC_PERIOD, "value"),
          State("inc-seen", "data"), State("inc-lang", "data"))
def refresh_queue(_pushed, _refresh, _tick, status, category, severity, ward, channel, sla, search, period, seen, lang):
    # A page just opened draws at its first push, which comes as the socket opens (drawing at the render as well
    # would answer twice when the push lands before that first answer); whatever asks before that push is answered
    # with nothing. Opened from another page, the push store already holds a version and the queue draws at once.
    if _pushed is None:
        return no_update, no_update, no_update, no_update
    # The version this process knows, not the pushed one: a later push of it finds the page up to date.
    version = current("incidents")
    if ctx.triggered_id == ids.INC_ASK and version == seen:
        return no_update, no_update, no_update, no_update
    frame = queue_frame(status, category, severity, ward, channel, sla, search, period)
    label = names(lang)
    figure = Patch()
    figure["data"][0] = incident_points(frame, lang)
    return (queue_rows(frame, lang, get_services().zone, label["categories"], label["wards"], datetime.now(UTC)),
            t("inc.count", lang, n=len(frame)), figure, version)


@callback(Output("inc-selected", "data"), Input("incidents-grid", "selectedRows"), Input("incidents-map", "clickData"),
          State(ids.INC_MODE, "data"), prevent_initial_call=True)
def select_incident(rows, click, mode):
    """A click on an incident selects it, except in "new incident" mode, where the click places the new one."""
    if ctx.triggered_id == "incidents-map":
        if mode == "create":
            return no_update
        points = (click or {}).get("points") or []
        ids = [p.get("customdata") for p in points if p.get("curveNumber") == 0]
        return ids[0] if ids else no_update
    return int(rows[0]["id"]) if rows else no_update


@callback(Output("inc-detail", "children"), Output("inc-sla-clock", "data"), Output("inc-action-buttons", "children"),
          Output(ids.INC_SELECTED_POINT, "data"), Output("inc-actions", "hidden"),
          Input("inc-selected", "data"), Input("inc-seen", "data"), State("inc-lang", "data"))
def show_detail(incident_id, _version, lang):
    services = get_services()
    principal = current_principal()
    can_act = principal is not None and principal.role in OPERATE
    incident = services.incidents.detail(int(incident_id), with_contact=can_act) if incident_id else None
    if incident is None:
        return detail(lang, services.zone, None, None, None, None, {}), None, [], None, True
    sla = sla_provider().of(int(incident_id))
    label = names(lang)
    cameras = nearest(incident, services.cameras.cameras(), k=3)
    clock = sla_clock(sla, lang)
    return (detail(lang, services.zone, incident, sla, services.incidents.trail(int(incident_id)), cameras, label),
            clock, action_buttons(lang, incident["status"], can_act),
            {"id": int(incident_id), "lat": float(incident["lat"]), "lon": float(incident["lon"])}, False)


@callback(Output("inc-message", "children"), Output("inc-refresh", "data"),
          Input({"type": "inc-action", "action": ALL}, "n_clicks"),
          State("inc-selected", "data"), State("inc-comment", "value"), State("inc-units", "value"),
          State("inc-merge-into", "value"), State("inc-refresh", "data"), State("inc-lang", "data"),
          prevent_initial_call=True)
@requires(*OPERATE)
def act(clicks, incident_id, comment, units, merge_into, refresh, lang):
    if not incident_id or not any(clicks or []):
        return no_update, no_update
    target = lifecycle.ACTIONS.get(ctx.triggered_id["action"])
    if target is None:
        refuse_request("unknown incident action")
    if target == lifecycle.DISPATCHED and not units:
        return t("inc.action.need_units", lang), no_update
    services = get_services()
    incident = services.incidents.detail(int(incident_id))
    record = {"source": incident["source"], "external_id": incident["external_id"], "to_status": target,
              "actor": current_principal().name, "ts": datetime.now(UTC).isoformat(),
              "note": (comment or "").strip() or None}
    if target == lifecycle.DISPATCHED:
        record["unit_codes"] = units
    if target == lifecycle.DUPLICATE and merge_into:
        record["merge_into"] = int(merge_into)
    result = services.write_path.incident_events([record], feed="console")
    if result.rejected:
        return refusal_text(result.rejected[0], lang), no_update
    return t("inc.action.done", lang, status=t(f"inc.status.{target}", lang)), (refresh or 0) + 1


@callback(Output(ids.INC_CREATE_POINT, "data"), Output(ids.INC_CREATE_WHERE, "children"),
          Output("incidents-map", "figure", allow_duplicate=True),
          Input("inc-map-click", "data"), State("inc-lang", "data"), prevent_initial_call=True)
@requires(*OPERATE)
def pick_point(point, lang):
    """A click on the map in "new incident" mode (the browser sends no other)."""
    if not point:
        return no_update, no_update, no_update
    services = get_services()
    ward = services.registry.locator.locate(point["lon"], point["lat"])
    figure = Patch()
    figure["data"][1] = picked_point(point)
    point = {"lat": float(point["lat"]), "lon": float(point["lon"]),
             "external_id": f"OP-{uuid.uuid4().hex[:12]}"}  # one id per pick: a double submit is one incident
    return point, picked_where(lang, point, services.pack.unit_names("ward").get(ward)), figure


CREATE_TEXT_STATES = [State(ident, "value") for ident in ids.INC_CREATE_TEXTS]
CLEARED = ("",) * len(ids.INC_CREATE_TEXTS)


@callback(Output("inc-message", "children", allow_duplicate=True),
          Output("inc-selected", "data", allow_duplicate=True),
          Output(ids.INC_CREATE_ERRORS, "children"),
          *[Output(ident, "className") for ident in ids.INC_CREATE_TEXTS],
          *[Output(ident, "value") for ident in ids.INC_CREATE_TEXTS],
          Output(ids.INC_CREATE_POINT, "data", allow_duplicate=True),
          Output(ids.INC_CREATE_WHERE, "children", allow_duplicate=True),
          Output("incidents-map", "figure", allow_duplicate=True),
          Input(ids.INC_CREATE_SUBMIT, "n_clicks"), State(ids.INC_CREATE_POINT, "data"),
          State(ids.INC_CREATE_CATEGORY, "value"), State(ids.INC_CREATE_SEVERITY, "value"),
          *CREATE_TEXT_STATES, State("inc-lang", "data"), prevent_initial_call=True)
@requires(*OPERATE)
def create_incident(clicks, point, category, severity, title, name, phone, address, description, lang):
    """Check the form, write the incident through the write path, then clear the form (the point too)."""
    keep = (no_update,) * (2 * len(ids.INC_CREATE_TEXTS) + 3)
    if not clicks:
        return no_update, no_update, no_update, *keep
    problems = form_problems(title, name, phone, address, description)
    if not point:
        problems = {"point": "required", **problems}
    if problems:
        return (no_update, no_update, form_errors(problems, lang), *field_classes(problems),
                *(no_update,) * len(ids.INC_CREATE_TEXTS), no_update, no_update, no_update)
    services = get_services()
    record = {"external_id": point["external_id"], "source": "operator", "category": category, "severity": severity,
              "title": title.strip(), "lat": point["lat"], "lon": point["lon"],
              "reported_at": datetime.now(UTC).isoformat()}
    for key, value in (("reporter_name", name), ("reporter_phone", phone), ("address", address),
                       ("description", description)):
        if (value or "").strip():
            record[key] = value.strip()
    result = services.write_path.write("incidents", [record], feed="console", actor=current_principal().name)
    if result.rejected:
        return (no_update, no_update, error_lines([refusal_text(result.rejected[0], lang)]), *keep)
    incident_id = int(services.incidents.id_of("operator", point["external_id"]))
    figure = Patch()
    figure["data"][1] = picked_point(None)
    return (t("inc.create.done", lang, id=incident_id), incident_id, [], *field_classes({}), *CLEARED, None,
            picked_where(lang, None, None), figure)


@callback(Output(ids.INC_CREATE_ERRORS, "children", allow_duplicate=True),
          *[Output(ident, "className", allow_duplicate=True) for ident in ids.INC_CREATE_TEXTS],
          *[Input(ident, "value") for ident in ids.INC_CREATE_TEXTS], Input(ids.INC_CREATE_POINT, "data"),
          State(ids.INC_CREATE_ERRORS, "children"), State("inc-lang", "data"), prevent_initial_call=True)
@requires(*OPERATE)
def recheck_form(title, name, phone, address, description, point, shown, lang):
    """Once a submit has listed problems, the list and the marked fields follow what is typed and picked."""
    if not shown:
        raise PreventUpdate
    problems = form_problems(title, name, phone, address, description)
    if not point:
        problems = {"point": "required", **problems}
    return form_errors(problems, lang), *field_classes(problems)


@callback(Output("alerts-list", "children"), Input("inc-seen", "data"), State("inc-lang", "data"))
def show_alerts(_version, lang):
    services = get_services()
    principal = current_principal()
    return alerts_panel(AlertsProvider.from_services(services).alerts(), lang, services.zone,
                        principal is not None and principal.role in OPERATE)


@callback(Output("inc-message", "children", allow_duplicate=True), Output("inc-refresh", "data",
                                                                         allow_duplicate=True),
          Input({"type": "alert-ack", "id": ALL}, "n_clicks"), Input({"type": "alert-escalate", "id": ALL}, "n_clicks"),
          State("alert-comment", "value"), State("inc-refresh", "data"), State("inc-lang", "data"),
          prevent_initial_call=True)
@requires(*OPERATE)
def alert_action(ack, escalate, comment, refresh, lang):
    if not any(ack or []) and not any(escalate or []):
        return no_update, no_update
    alert_id = ctx.triggered_id["id"]
    if not isinstance(alert_id, int):
        refuse_request("an alert id is a number")
    alerts = AlertsProvider.from_services(get_services())
    actor = current_principal().name
    try:
        if ctx.triggered_id["type"] == "alert-ack":
            if not (comment or "").strip():
                return t("alerts.need_comment", lang), no_update
            alerts.acknowledge(alert_id, actor, comment)
            message = t("alerts.done.ack", lang)
        else:
            message = t("alerts.done.escalate", lang, id=alerts.escalate(alert_id, actor, comment))
    except AlertError as exc:
        return refusal_text(exc, lang), no_update
    return message, (refresh or 0) + 1


# The SLA clock of the open detail runs in the browser; the queue's SLA column is recomputed on every push
# and every 30 s.
clientside_callback(
    ClientsideFunction("cityops", "slaCountdown"),
    Output("inc-sla-countdown", "children"), Input("inc-tick", "n_intervals"), State("inc-sla-clock", "data"),
)

# In "new incident" mode a click anywhere on the map (not only on a marker) places it: MapLibre's own click event.
clientside_callback(
    ClientsideFunction("cityops", "bindIncidentMap"),
    Output("inc-map-bound", "children"), Input("incidents-map", "figure"), State("inc-can-act", "data"),
)

# "+ New incident" turns the side panel into the form and map clicks into places; cancel or any selection (a
# created incident is selected) turns it back.
clientside_callback(
    ClientsideFunction("cityops", "incidentMode"),
    Output(ids.INC_MODE, "data"), Output(ids.INC_ROOT, "className"), Output(ids.INC_DETAIL_PANEL, "hidden"),
    Output("inc-create", "hidden"), Input(ids.INC_NEW, "n_clicks"), Input(ids.INC_CREATE_CANCEL, "n_clicks"),
    Input("inc-selected", "data"), State("inc-can-act", "data"), prevent_initial_call=True,
)

# A push of the incidents' version the queue already shows (the first push after the page drew itself) asks the
# server nothing.
clientside_callback(
    ClientsideFunction("cityops", "askIfNew"),
    Output(ids.INC_ASK, "data"), Input(ids.live("incidents"), "data"), State("inc-seen", "data"),
)

# The selected incident is ringed on the map, and brought into view when it lies outside it.
clientside_callback(
    ClientsideFunction("cityops", "markSelectedIncident"),
    Output("incidents-map", "figure", allow_duplicate=True), Input(ids.INC_SELECTED_POINT, "data"),
    prevent_initial_call=True,
)
