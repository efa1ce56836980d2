"""The incident console (pure builders): filters, the queue (AG Grid), the map, the detail with its
timeline, SLA clock and actions, the create form and the alerts panel."""

from __future__ import annotations

import json
import math

import dash_ag_grid as dag
import pandas as pd
from dash import dcc, html

from data.domains.incidents.records import CHANNELS
from data.domains.incidents.sla import SLA_STATES
from data.rules import lifecycle
from layouts import ids
from layouts.domains.incidents import severity_badges
from layouts.formats import local_time
from layouts.i18n import dropdown, grid_locale, t
from layouts.map import map_figure
from layouts.theme import SEVERITY
from layouts.words import actor_name, duration

FILTERS = ("status", "category", "severity", "ward", "channel", "sla")


def local(ts, zone, fmt: str = "%H:%M %d/%m") -> str:
    return local_time(ts, zone, fmt, missing="")


# --- filters and queue ------------------------------------------------------------------------------

def filter_bar(lang: str, options: dict[str, list[dict]]) -> html.Div:
    def filter_dropdown(name: str, multi: bool = True, value=None):
        return html.Div(className="filter", children=[
            html.Label(t(f"inc.filter.{name}", lang), htmlFor=f"inc-filter-{name}"),
            dropdown(lang, id=f"inc-filter-{name}", options=options[name], multi=multi, value=value,
                     placeholder="–", className="dropdown")])

    search = html.Div(className="filter filter-search", children=[
        html.Label(t("inc.filter.search", lang), htmlFor=ids.INC_SEARCH),
        dcc.Input(id=ids.INC_SEARCH, type="search", debounce=True, maxLength=100, className="text-input",
                  placeholder=t("inc.filter.search.hint", lang))])
    period = html.Div(className="filter", children=[
        html.Label(t("inc.filter.period", lang), htmlFor=ids.INC_PERIOD),
        dropdown(lang, id=ids.INC_PERIOD, options=options["period"], value="all", clearable=False,
                 className="dropdown")])
    return html.Div(className="filter-bar", children=[search, period, *[filter_dropdown(name) for name in FILTERS]])


# The queue's time ranges: reported within the last N hours ("all": no limit).
PERIODS = {"all": None, "24h": 24, "7d": 7 * 24, "30d": 30 * 24}


def filter_options(lang: str, categories: pd.DataFrame, wards: dict[str, str]) -> dict:
    name = "name_vi" if lang == "vi" else "name_en"
    return {
        "status": [{"label": t(f"inc.status.{s}", lang), "value": s} for s in lifecycle.STATUSES],
        "category": [{"label": r[name], "value": r["code"]} for _, r in categories.iterrows()],
        "severity": [{"label": f"{s} · {t(f'severity.{s}', lang)}", "value": s} for s in (1, 2, 3, 4)],
        "ward": [{"label": n, "value": c} for c, n in sorted(wards.items(), key=lambda kv: kv[1])],
        "channel": [{"label": t(f"inc.channel.{c}", lang), "value": c} for c in CHANNELS],
        "sla": [{"label": t(f"inc.sla.{s}", lang), "value": s} for s in SLA_STATES],
        "period": [{"label": t(f"inc.period.{p}", lang), "value": p} for p in PERIODS],
    }


# Long text wraps onto a second line of its row instead of being cut off.
WRAP = {"wrapText": True, "autoHeight": True, "cellStyle": {"lineHeight": "1.35", "paddingTop": "6px",
                                                            "paddingBottom": "6px"}}


def queue_columns(lang: str) -> list[dict]:
    """Columns that fit the queue (a third of a 1920 px console) without a horizontal scroll: the title carries
    when, what and where on its second line (time, category, ward; each is also a filter); the SLA column shows
    its state with the time left or overdue and sorts by the minutes left."""
    return [
        {"field": "id", "headerName": t("inc.col.id", lang), "width": 58},
        {"field": "title", "headerName": t("inc.col.title", lang), "flex": 1, "minWidth": 140,
         "tooltipField": "title", "cellRenderer": "IncidentSummary", **WRAP},
        {"field": "severity", "headerName": t("inc.col.severity", lang), "width": 84,
         "valueFormatter": {"function": "params.data ? params.data.severity_name : ''"},
         "cellClassRules": {f"sev-{s}": f"data.severity == {s}" for s in (1, 2, 3, 4)}, **WRAP},
        {"field": "status_name", "headerName": t("inc.col.status", lang), "width": 98, **WRAP},
        {"field": "remaining", "headerName": t("inc.col.sla", lang), "width": 120,
         "valueFormatter": {"function": "params.data ? params.data.sla_text : ''"},
         "cellClassRules": {"sla-late": "data.sla == 'late'", "sla-near": "data.sla == 'near_late'",
                            "sla-ok": "data.sla == 'on_time'"}, **WRAP},
    ]


SLA_ICONS = {"on_time": "✓", "near_late": "◔", "late": "✕"}


def queue_sla_text(state: str, due, at, lang: str) -> str:
    """"✕ quá hạn 19 ngày 7 giờ", "✓ còn 2 giờ 5 phút"; the state's words where there is no target."""
    if state not in SLA_ICONS or due is None:
        return t(f"inc.sla.{state}", lang)
    return f"{SLA_ICONS[state]} {sla_text(due, at, lang)}"


def queue_rows(frame: pd.DataFrame, lang: str, zone, categories: dict[str, str], wards: dict[str, str],
               at) -> list[dict]:
    """Rows for the grid from the SLA provider's frame (finished incidents, if filtered in, have no clock)."""
    rows = []
    for r in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        sla = r.get("sla_state") or "none"
        due = r.get("due")
        rows.append({
            "id": int(r["id"]), "reported": local(r["reported_at"], zone), "title": r["title"],
            "category_name": categories.get(r["category"], r["category"]), "severity": int(r["severity"]),
            "where_when": " · ".join(x for x in (local(r["reported_at"], zone),
                                                 categories.get(r["category"], r["category"]),
                                                 wards.get(r["ward_code"], r["ward_code"] or "")) if x),
            "severity_name": t("severity." + str(int(r["severity"])), lang),
            "ward_name": wards.get(r["ward_code"], r["ward_code"] or ""),
            "channel_name": t(f"inc.channel.{r['channel']}", lang),
            "status_name": t(f"inc.status.{r['status']}", lang), "sla": sla,
            "sla_name": t(f"inc.sla.{sla}", lang) if r["status"] in lifecycle.OPEN_STATUSES else "",
            "remaining": None if due is None else round((pd.Timestamp(due) - pd.Timestamp(at)).total_seconds() / 60),
            "sla_text": queue_sla_text(sla, due, at, lang) if r["status"] in lifecycle.OPEN_STATUSES else "",
        })
    return rows


def queue(lang: str) -> html.Section:
    return html.Section(className="panel queue-panel", children=[
        html.Div(className="panel-head", children=[
            html.H2(t("inc.queue", lang)), html.Span(id="inc-count", className="muted")]),
        dag.AgGrid(id="incidents-grid", columnDefs=queue_columns(lang), rowData=[], className="cityops-grid",
                   style={"height": "100%"},
                   dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": False,
                                                     "enableClickSelection": True},
                                    "animateRows": False, "rowHeight": 34, "headerHeight": 36,
                                    "localeText": grid_locale(lang)},
                   defaultColDef={"sortable": True, "resizable": True}),
    ])


# --- map --------------------------------------------------------------------------------------------

def incident_points(frame: pd.DataFrame, lang: str) -> dict:
    text = [f"#{i} {title}<br>{t('inc.status.' + s, lang)}"
            for i, title, s in zip(frame["id"], frame["title"], frame["status"], strict=True)]
    return severity_badges({
        "type": "scattermap", "mode": "markers", "name": t("layer.incidents", lang),
        "lat": [round(float(v), 5) for v in frame["lat"]], "lon": [round(float(v), 5) for v in frame["lon"]],
        "customdata": [int(i) for i in frame["id"]], "hovertext": text, "hoverinfo": "text",
        "marker": {"size": [18 - 2 * int(s) for s in frame["severity"]],
                   "color": [SEVERITY[int(s)] for s in frame["severity"]]}}, frame["severity"])


def picked_point(point: dict | None) -> dict:
    """The point clicked for a new incident, drawn as a ring."""
    lat, lon = ([point["lat"]], [point["lon"]]) if point else ([], [])
    return {"type": "scattermap", "mode": "markers", "lat": lat, "lon": lon, "hoverinfo": "skip",
            "marker": {"size": 24, "color": "rgba(76,194,255,0.8)"}}


def selected_ring() -> dict:
    """The selected incident, ringed (placed by the page's script when the selection changes)."""
    return {"type": "scattermap", "mode": "markers", "lat": [], "lon": [], "hoverinfo": "skip",
            "marker": {"size": 34, "color": "rgba(255,255,255,0.28)"}}


def incident_map(view: dict, wards_url: str, lang: str) -> dcc.Graph:
    empty = pd.DataFrame({"id": [], "title": [], "status": [], "lat": [], "lon": [], "severity": []})
    figure = map_figure(view, wards_url, [incident_points(empty, lang), picked_point(None), selected_ring()])
    return dcc.Graph(id="incidents-map", figure=figure, className="map-graph", responsive=True,
                     config={"displayModeBar": False, "scrollZoom": True}, style={"height": "100%", "width": "100%"})


def create_form(lang: str, options: dict) -> list:
    """The create form (operators only, in "new incident" mode): the point comes from a click on the map; caller,
    phone, address and description may be typed before or after it."""
    def text(ident: str, key: str, limit: int, **extra):
        return html.Div(className="form-field", children=[
            html.Label(t(key, lang), htmlFor=ident),
            dcc.Input(id=ident, maxLength=limit, className="text-input", debounce=False, value="", **extra)])

    return [html.H3(t("inc.create.title", lang)),
            html.P(t("inc.create.hint", lang), id=ids.INC_CREATE_WHERE, className="muted"),
            html.Div(className="form-row", children=[
                dropdown(lang, id=ids.INC_CREATE_CATEGORY, options=options["category"], clearable=False,
                         value=options["category"][0]["value"] if options["category"] else None,
                         className="dropdown"),
                dropdown(lang, id=ids.INC_CREATE_SEVERITY, options=options["severity"], value=3, clearable=False,
                         className="dropdown dropdown-narrow")]),
            text(ids.INC_CREATE_TITLE, "inc.create.summary", 200),
            html.Div(className="form-row", children=[
                text(ids.INC_CREATE_NAME, "inc.create.name", 120, autoComplete="off"),
                text(ids.INC_CREATE_PHONE, "inc.create.phone", 20, type="tel", autoComplete="off")]),
            text(ids.INC_CREATE_ADDRESS, "inc.create.address", 200),
            html.Div(className="form-field", children=[
                html.Label(t("inc.create.description", lang), htmlFor=ids.INC_CREATE_DESCRIPTION),
                dcc.Textarea(id=ids.INC_CREATE_DESCRIPTION, maxLength=2000, value="", className="text-input comment")]),
            html.Ul(id=ids.INC_CREATE_ERRORS, className="form-errors", role="alert"),
            html.Div(className="form-row", children=[
                html.Button(t("inc.create.submit", lang), id=ids.INC_CREATE_SUBMIT, className="btn btn-primary"),
                html.Button(t("inc.create.cancel", lang), id=ids.INC_CREATE_CANCEL, className="btn")])]


def picked_where(lang: str, point: dict | None, ward_name: str | None) -> str:
    if not point:
        return t("inc.create.hint", lang)
    return t("inc.create.point", lang, lat=f"{point['lat']:.5f}", lon=f"{point['lon']:.5f}",
             ward=ward_name or t("inc.create.outside", lang))


def error_lines(texts: list[str]) -> list:
    return [html.Li(text) for text in texts]


def form_errors(problems: dict[str, str], lang: str) -> list:
    """The form's problems, one line each, in the page's language."""
    return error_lines([t(f"inc.form.{field}.{reason}", lang) for field, reason in problems.items()])


def field_classes(problems: dict[str, str]) -> list[str]:
    """The class of each text field (ids.INC_CREATE_TEXTS order): marked when it has a problem."""
    def base(ident: str) -> str:
        return "text-input comment" if ident == ids.INC_CREATE_DESCRIPTION else "text-input"

    return [base(ident) + (" invalid" if ident.removeprefix("inc-create-") in problems else "")
            for ident in ids.INC_CREATE_TEXTS]


# --- detail -----------------------------------------------------------------------------------------

def sla_text(due, at, lang: str) -> str:
    """Time left before `due`, or how long it is overdue, in days and hours when long ("quá hạn 19 ngày 7 giờ")."""
    seconds = (pd.Timestamp(due) - pd.Timestamp(at)).total_seconds()
    return t("inc.sla.left" if seconds >= 0 else "inc.sla.over", lang, span=duration(seconds, lang))


def sla_line(sla: dict | None, zone, lang: str) -> list:
    """The state, the due time, and either the share of the allowed time used (while it is under the limit) or
    how long the incident is overdue; never a percentage above 100."""
    if not sla or sla.get("sla_state") == "none":
        return [html.Span(t("inc.sla.none", lang), className="sla sla-none")]
    state = sla["sla_state"]
    css = {"late": "sla-late", "near_late": "sla-near", "on_time": "sla-ok"}[state]
    used = sla["used"]
    stage = t(f"inc.sla.stage.{sla['stage']}", lang)
    due = local(sla["due"], zone)
    if state == "late" or (used is not None and not math.isnan(used) and used >= 1):
        clock = t("inc.sla.clock_over", lang, stage=stage, due=due)
    else:
        shown = "–" if used is None or math.isnan(used) else f"{100 * used:.0f}"
        clock = t("inc.sla.clock", lang, stage=stage, due=due, used=shown)
    return [html.Span(t(f"inc.sla.{state}", lang), id="inc-sla-state", className=f"sla {css}"),
            html.Span(clock, className="sla-clock"),
            html.Span(id="inc-sla-countdown", className="sla-countdown"),
            html.Span(t("inc.sla.placeholder", lang), className="placeholder-tag") if sla.get("placeholder") else None]


def sla_clock(sla: dict | None, lang: str) -> dict | None:
    """What the browser's countdown needs: the due time and its words in the page's language."""
    if not sla or sla.get("sla_state") == "none":
        return None
    return {"due_ms": int(pd.Timestamp(sla["due"]).timestamp() * 1000), "left": t("inc.sla.left", lang),
            "over": t("inc.sla.over", lang), "dh": t("duration.days_hours", lang, d="{d}", h="{h}"),
            "dh1": t("duration.days_hours", lang, d=1, h="{h}")}


def timeline(trail: pd.DataFrame, incident_id: int, zone, lang: str, unit_names: dict[str, str]) -> html.Ol:
    items = []
    for r in trail.astype(object).where(trail.notna(), None).to_dict("records"):
        change = (t(f"inc.status.{r['from_status']}", lang) + " → " if r["from_status"] else "") + t(
            f"inc.status.{r['to_status']}", lang)
        parts = [html.Span(local(r["ts"], zone, "%H:%M:%S %d/%m"), className="tl-time"),
                 html.B(change), html.Span(actor_name(r["actor"], lang), className="tl-actor")]
        if r["incident_id"] != incident_id:
            parts.append(html.Span(t("inc.tl.of", lang, id=r["incident_id"]), className="muted"))
        if r["units"]:
            parts.append(html.Div(t("inc.tl.units", lang, units=", ".join(unit_names.get(u, u) for u in r["units"])),
                                  className="tl-note"))
        if r["note"]:
            parts.append(html.Div(r["note"], className="tl-note"))
        items.append(html.Li(parts, className=f"tl-item tl-{r['to_status']}"))
    return html.Ol(items, id="inc-timeline", className="timeline")


def action_buttons(lang: str, status: str | None, can_act: bool) -> list:
    """The lifecycle actions legal from `status`, for operators only."""
    if not can_act or status is None:
        return []
    return [html.Button(t(f"inc.action.{a}", lang), id={"type": "inc-action", "action": a},
                        className=f"btn btn-action btn-{a}") for a in lifecycle.available_actions(status)]


def actions(lang: str, units: list[dict], can_act: bool, hidden: bool) -> html.Div:
    """Comment, units and merge target stay put while the detail refreshes (typing is never lost); `hidden`
    while no incident is selected."""
    if not can_act:
        return html.Div(id="inc-actions", className="actions", hidden=hidden, children=[
            html.P(t("inc.action.readonly", lang), className="muted readonly"),
            html.Div(id="inc-action-buttons", hidden=True)])
    return html.Div(className="actions", id="inc-actions", hidden=hidden, children=[
        html.Div(id="inc-action-buttons", className="action-buttons"),
        dcc.Textarea(id="inc-comment", placeholder=t("inc.action.comment", lang), className="text-input comment"),
        html.Div(className="form-row", children=[
            dropdown(lang, id="inc-units", options=units, multi=True, placeholder=t("inc.action.units", lang),
                     className="dropdown"),
            dcc.Input(id="inc-merge-into", type="number", min=1, placeholder=t("inc.action.merge_into", lang),
                      className="text-input narrow")]),
    ])


def source_text(incident: dict, lang: str) -> str:
    """The channel in words, the sending system by name when it says more than the channel, and its own id."""
    channel = t(f"inc.channel.{incident['channel']}", lang)
    source = actor_name(incident["source"], lang)
    parts = [channel] + ([source] if source.lower() != channel.lower() else []) + [
        t("inc.detail.external_id", lang, id=incident["external_id"])]
    return " · ".join(parts)


def detail(lang: str, zone, incident: dict | None, sla: dict | None, trail: pd.DataFrame | None,
           cameras: pd.DataFrame | None, names: dict) -> list:
    if incident is None:
        return [html.P(t("inc.detail.empty", lang), className="muted")]
    sev = int(incident["severity"])
    meta = [
        (t("inc.detail.place", lang), f"{names['wards'].get(incident['ward_code'], '–')} · "
                                      f"{incident['lat']:.5f}, {incident['lon']:.5f}"),
        (t("inc.detail.source", lang), source_text(incident, lang)),
        (t("inc.detail.reported", lang), local(incident["reported_at"], zone, "%H:%M %d/%m/%Y")),
    ]
    if incident.get("address"):
        meta.insert(1, (t("inc.detail.address", lang), incident["address"]))
    if "reporter_name" in incident and (incident.get("reporter_name") or incident.get("reporter_phone")):
        meta.append((t("inc.detail.reporter", lang),
                     " · ".join(x for x in (incident.get("reporter_name"), incident.get("reporter_phone")) if x)))
    links = []
    if incident.get("merged_into"):
        links.append(html.P(t("inc.detail.merged_into", lang, id=incident["merged_into"]), className="merge-link"))
    if incident.get("merged_from"):
        links.append(html.P(t("inc.detail.merged_from", lang, ids=", ".join(f"#{i}" for i in incident["merged_from"])),
                            className="merge-link"))
    cams = [html.Li([html.Span(r["name"]), html.Span(t("inc.detail.distance", lang, m=f"{r['distance_m']:.0f}"),
                                                     className="muted")]) for r in cameras.to_dict("records")]
    return [
        html.Div(className="detail-head", children=[
            html.Span(f"#{incident['id']}", className="detail-id"),
            html.H2(incident["title"], id="inc-detail-title"),
            html.Span(f"{sev} · {t(f'severity.{sev}', lang)}", className=f"chip sev-{sev}"),
            html.Span(t(f"inc.status.{incident['status']}", lang), id="inc-detail-status", className="chip status"),
            html.Span(names["categories"].get(incident["category"], incident["category"]), className="chip")]),
        html.Div(sla_line(sla, zone, lang), className="sla-line", id="inc-sla") if incident["status"] in
        lifecycle.OPEN_STATUSES else None,
        html.P(incident.get("description") or t("inc.detail.no_description", lang), className="description"),
        html.Dl([x for k, v in meta for x in (html.Dt(k), html.Dd(v))], className="meta"),
        *links,
        html.Div(className="detail-cols", children=[
            html.Div([html.H3(t("inc.detail.timeline", lang)), timeline(trail, int(incident["id"]), zone, lang,
                                                                        names["units"])]),
            html.Div([html.H3(t("inc.detail.cameras", lang)), html.Ul(cams, className="camera-list")]),
        ]),
    ]


# --- alerts -----------------------------------------------------------------------------------------

def alert_text(row: dict, lang: str) -> str:
    values = json.loads(row["message"]) if row["message"].startswith("{") else {"name": row["message"]}
    return t(f"alerts.rule.{row['rule']}", lang, **{"value": "", "threshold": "", "minutes": "", "name": "",
                                                    **values})


def alerts_panel(frame: pd.DataFrame, lang: str, zone, can_act: bool) -> list:
    if frame.empty:
        return [html.P(t("alerts.empty", lang), className="muted")]
    items = []
    for r in frame.to_dict("records"):
        body = [html.Span(f"{r['severity']}", className=f"chip sev-{int(r['severity'])}"),
                html.Span(alert_text(r, lang), className="alert-text"),
                html.Span(t("alerts.since", lang, time=local(r["opened_at"], zone)), className="muted"),
                html.Span(t(f"alerts.status.{r['status']}", lang), className="chip status")]
        if can_act and r["status"] == "open":
            body.append(html.Button(t("alerts.ack", lang), id={"type": "alert-ack", "id": int(r["id"])},
                                    className="btn btn-small"))
        if can_act and r["status"] in ("open", "acknowledged"):
            body.append(html.Button(t("alerts.escalate", lang), id={"type": "alert-escalate", "id": int(r["id"])},
                                    className="btn btn-small"))
        items.append(html.Li(body, className="alert-item"))
    return [html.Ul(items, className="alert-list")]


# --- the page ---------------------------------------------------------------------------------------

def map_tools(lang: str, can_act: bool) -> html.Div:
    """Over the map: the "new incident" switch (operators). Outside that mode a click only selects."""
    if not can_act:  # the mode's switches exist for its callback, hidden and inert
        return html.Div(className="map-tools", hidden=True, children=[html.Button(id=ids.INC_NEW, disabled=True),
                                                                       html.Button(id=ids.INC_CREATE_CANCEL,
                                                                                   disabled=True)])
    return html.Div(className="map-tools", children=[
        html.Button(t("inc.mode.new", lang), id=ids.INC_NEW, className="btn btn-primary"),
        html.Span(t("inc.mode.hint", lang), className="map-tools-hint hint-view"),
        html.Span(t("inc.mode.placing", lang), className="map-tools-hint hint-create")])


def page(lang: str, view: dict, wards_url: str, map_note: str, options: dict, units: list[dict], can_act: bool,
         selected: int | None) -> html.Div:
    """Queue and alerts | the map | the selected incident's detail, or the create form in "new incident" mode."""
    return html.Div(className="incidents", id=ids.INC_ROOT, children=[
        dcc.Store(id="inc-lang", data=lang),
        dcc.Store(id="inc-selected", data=selected),
        dcc.Store(id=ids.INC_SELECTED_POINT),
        dcc.Store(id=ids.INC_MODE, data="view"),
        dcc.Store(id="inc-seen"),
        dcc.Store(id=ids.INC_ASK),
        dcc.Store(id="inc-refresh", data=0),
        dcc.Store(id="inc-sla-clock"),
        dcc.Store(id=ids.INC_CREATE_POINT),
        dcc.Store(id="inc-map-click"),
        dcc.Store(id="inc-can-act", data=can_act),
        dcc.Interval(id="inc-tick", interval=1000),
        dcc.Interval(id="inc-sla-tick", interval=30_000),  # SLA states move with time even when no data does
        html.Div(id="inc-grid-ticked", hidden=True),
        html.Div(id="inc-map-bound", hidden=True),
        filter_bar(lang, options),
        html.Div(className="incidents-body", children=[
            html.Div(className="incidents-left", children=[
                queue(lang),
                html.Section(className="panel alerts-panel", children=[
                    html.H2(t("alerts.title", lang)),
                    dcc.Input(id="alert-comment", placeholder=t("alerts.comment", lang), className="text-input",
                              style=None if can_act else {"display": "none"}),
                    html.Div(id="alerts-list")])]),
            html.Div(className="split-gutter", id=ids.INC_SPLIT, title=t("inc.split", lang)),
            html.Section(className="panel map-panel incidents-map-panel", children=[
                incident_map(view, wards_url, lang), map_tools(lang, can_act),
                html.Div(map_note, className="map-note")]),
            html.Div(className="incidents-side", children=[
                html.Section(className="panel detail-panel", id=ids.INC_DETAIL_PANEL, children=[
                    html.Div(id="inc-detail", children=[html.P(t("inc.detail.empty", lang), className="muted")]),
                    html.Div(id="inc-message", className="message", role="status"),
                    actions(lang, units, can_act, hidden=selected is None)]),
                html.Section(className="panel create-panel", id="inc-create",
                             children=create_form(lang, options) if can_act else [], hidden=True),
            ]),
        ]),
    ])
