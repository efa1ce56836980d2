"""The leaders' board (/kpi): the day's KPIs as cards by the four pillars, a ward table and the report downloads.
Pure builders: the board dict of `KpiProvider.board()` in, components out. The words and figures of a KPI (`kpi_text`)
are shared with the daily report, so the page, the PDF and the XLSX say the same."""

from __future__ import annotations

from datetime import date

import dash_ag_grid as dag
import pandas as pd
from dash import dcc, html

from layouts.i18n import grid_locale, t, t_or
from layouts.theme import FONT, MUTED, PANEL, TEXT
from layouts.wall import duration

PAGE = "kpi-page"
DATE = "kpi-date"
TODAY = "kpi-today"
YESTERDAY = "kpi-yesterday"
LANG = "kpi-lang"
HEADING = "kpi-heading"
BOARD = "kpi-board"
WARDS = "kpi-wards"
PDF = "kpi-pdf"
XLSX = "kpi-xlsx"
REPORTS = "kpi-reports"

PILLARS = ("governance", "living", "environment", "economy")
# Red/amber/green: the board's states, each with its word (never colour alone).
RAG = {"green": "#3ddc84", "amber": "#ffb020", "red": "#ff4d4f", "none": "#8a96ad", "nodata": "#8a96ad"}
RAG_ICON = {"green": "●", "amber": "▲", "red": "■", "none": "○", "nodata": "○"}


# --- numbers in words -----------------------------------------------------------------------------------------

def decimal(value: float, digits: int, lang: str) -> str:
    """A number with `digits` decimals in the language's way (vi: 1.234,5; en: 1,234.5)."""
    text = f"{value:,.{digits}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def minutes_text(minutes: float, lang: str) -> str:
    if minutes < 120:
        return f"{decimal(minutes, 0, lang)} {t('kpi.unit.minutes', lang)}"
    return f"{decimal(minutes / 60, 1, lang)} {t('kpi.unit.hours', lang)}"


def value_text(kpi: dict, value: float | None, lang: str) -> str:
    """A KPI's value with its unit."""
    if value is None:
        return "–"
    unit = kpi["unit"]
    if unit == "pct":
        return f"{decimal(value, 1, lang)} %"
    if unit == "minutes":
        return minutes_text(value, lang)
    if unit == "kmh":
        return f"{decimal(value, 1, lang)} km/h"
    if unit == "stage":
        return t(f"kpi.stage.{int(value)}", lang)
    if unit == "number":
        return f"{decimal(value, 0, lang)} {kpi['unit_vi'] if lang == 'vi' else kpi['unit_en']}".strip()
    return decimal(value, 0, lang)


def delta_text(kpi: dict, delta: float | None, lang: str) -> str:
    """A signed change in the KPI's unit (+ up, − down; đ.% = percentage points)."""
    if delta is None:
        return ""
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    shown = abs(delta)
    if kpi["unit"] == "minutes":
        return sign + minutes_text(shown, lang)
    if kpi["unit"] == "pct":  # percentage points
        return sign + decimal(shown, 1, lang)
    digits = 1 if kpi["unit"] in ("kmh", "aqi", "stage") else 0
    return sign + decimal(shown, digits, lang)


def name_of(kpi: dict, lang: str) -> str:
    if kpi.get("indicator"):
        return kpi["name_vi"] if lang == "vi" else kpi["name_en"]
    return t(f"kpi.{kpi['code']}", lang)


def target_text(kpi: dict, lang: str) -> str:
    if kpi["code"] == "env.river":
        return t("kpi.target.river", lang)
    if kpi["target"] is None:
        return t("kpi.target.none", lang)
    text = t(f"kpi.target.{kpi['better']}", lang, target=value_text(kpi, kpi["target"], lang))
    return f"{text} {t('kpi.placeholder', lang)}" if kpi["placeholder"] else text


def coverage_text(kpi: dict, lang: str) -> str:
    kind = kpi.get("coverage")
    if kind == "reported":
        return t("kpi.coverage.reported" if kpi["value"] is not None else "kpi.coverage.missing", lang)
    if kind is None or kpi.get("total") is None:
        return ""
    return t(f"kpi.coverage.{kind}", lang, have=kpi["have"], total=kpi["total"])


def as_of_text(kpi: dict, zone, lang: str) -> str:
    moment = kpi.get("as_of")
    if moment is None or pd.isna(moment):
        return t("kpi.as_of.none", lang)
    stamp = pd.Timestamp(moment).tz_convert(zone)
    # The end of a whole day reads as 24:00 of that day, not 00:00 of the next.
    text = f"24:00 {(stamp - pd.Timedelta(seconds=1)):%d/%m}" if stamp.hour == stamp.minute == 0 else f"{stamp:%H:%M %d/%m}"
    return t("kpi.as_of", lang, time=text)


def detail_text(kpi: dict, refs: dict, lang: str) -> str:
    """The line under a KPI's value that says where it comes from."""
    d, code = kpi.get("detail") or {}, kpi["code"]
    if kpi["value"] is None and not d:
        return ""
    if code in ("gov.reports_on_time", "gov.incidents_on_time") and "received" in d:
        return t("kpi.detail.on_time", lang, received=d["received"], handled=d["handled"], late=d["late"], due=d["due"])
    if code == "gov.median_resolve":
        parts = [t("kpi.detail.severity", lang, severity=s, minutes=minutes_text(m, lang))
                 for s, m in sorted((d.get("by_severity") or {}).items())]
        return " · ".join([t("kpi.detail.resolved", lang, resolved=d.get("resolved", 0)), *parts])
    if code == "gov.backlog":
        names = refs.get("categories", {})
        top = sorted((d.get("by_category") or {}).items(), key=lambda kv: -kv[1])[:3]
        return " · ".join(f"{names.get(c, c)}: {n}" for c, n in top)
    if code == "liv.congestion" and d.get("worst"):
        names = refs.get("segments", {})
        return t("kpi.detail.worst", lang, segments=", ".join(names.get(s, s) for s in d["worst"]))
    if code == "env.aqi_worst" and d.get("station"):
        pollutant = t_or(f"kpi.pollutant.{d.get('dominant')}", lang, "–")
        return t("kpi.detail.aqi_worst", lang, station=refs.get("stations", {}).get(d["station"], d["station"]),
                 pollutant=pollutant)
    if code == "env.aqi_mean" and d.get("hours"):
        parts = [f"{t(f'aqi.{key}', lang)} {n}" for key, n in d["hours"].items() if n]
        return t("kpi.detail.aqi_hours", lang, hours=" · ".join(parts))
    if code == "env.good_air" and "good" in d:
        return t("kpi.detail.good_air", lang, good=d["good"], station_days=d["station_days"])
    if code == "env.wqi_worst" and d.get("station"):
        return t("kpi.detail.wqi", lang, station=refs.get("stations", {}).get(d["station"], d["station"]),
                 category=t(f"wqi.{d['category']}", lang))
    if code == "env.river" and d.get("station"):
        return t("kpi.detail.river", lang, station=refs.get("stations", {}).get(d["station"], d["station"]),
                 level=decimal(d["level"], 2, lang))
    if code == "liv.camera_uptime":
        if not d.get("longest_camera"):
            return t("kpi.detail.no_outage", lang) if kpi["value"] is not None else ""
        return t("kpi.detail.outage", lang, camera=refs.get("cameras", {}).get(d["longest_camera"], d["longest_camera"]),
                 duration=duration(d["longest_s"], lang))
    if code == "liv.ai_events":
        top = sorted((d.get("by_kind") or {}).items(), key=lambda kv: -kv[1])[:3]
        return " · ".join(f"{t_or(f'kpi.event.{k}', lang, t('kpi.event.other', lang))}: {decimal(n, 0, lang)}"
                          for k, n in top)
    if kpi.get("indicator") and d.get("period") is not None:
        period = d["period"].strftime("%m/%Y" if kpi.get("period") == "month" else "%d/%m/%Y")
        text = t("kpi.detail.indicator", lang, department=kpi["department_vi" if lang == "vi" else "department_en"],
                 period=period)
        return text + (f" · {t('kpi.simulated', lang)}" if d.get("simulated") else "")
    return ""


def kpi_text(kpi: dict, refs: dict, zone, lang: str) -> dict:
    """Everything a KPI says, as text: the card, the PDF's table and the XLSX's rows use it."""
    return {"name": name_of(kpi, lang), "value": value_text(kpi, kpi["value"], lang), "target": target_text(kpi, lang),
            "state": t(f"kpi.state.{kpi['state']}", lang),
            "delta_day": delta_text(kpi, kpi["delta_day"], lang), "delta_7d": delta_text(kpi, kpi["delta_7d"], lang),
            "coverage": coverage_text(kpi, lang), "as_of": as_of_text(kpi, zone, lang),
            "detail": detail_text(kpi, refs, lang)}


# --- components -----------------------------------------------------------------------------------------------

def sparkline(kpi: dict) -> dict:
    """The 30-day series as a small SVG line (no WebGL), the day itself marked."""
    days = [d.isoformat() for d, _ in kpi["series"]]
    values = [v for _, v in kpi["series"]]
    colour = RAG[kpi["state"]] if kpi["state"] not in ("none", "nodata") else TEXT
    traces = [{"type": "scatter", "mode": "lines", "x": days, "y": values, "line": {"color": MUTED, "width": 1.5},
               "hoverinfo": "skip", "connectgaps": False}]
    if values and values[-1] is not None:
        traces.append({"type": "scatter", "mode": "markers", "x": days[-1:], "y": values[-1:],
                       "marker": {"color": colour, "size": 7}, "hoverinfo": "skip"})
    if kpi["target"] is not None and kpi["code"] != "env.river":
        traces.append({"type": "scatter", "mode": "lines", "x": [days[0], days[-1]] if days else [],
                       "y": [kpi["target"]] * (2 if days else 0), "line": {"color": RAG["green"], "width": 1,
                                                                            "dash": "dot"}, "hoverinfo": "skip"})
    return {"data": traces, "layout": {
        "paper_bgcolor": PANEL, "plot_bgcolor": PANEL, "margin": {"l": 0, "r": 0, "t": 2, "b": 2},
        "xaxis": {"visible": False, "fixedrange": True}, "yaxis": {"visible": False, "fixedrange": True},
        "showlegend": False, "font": {"family": FONT}, "height": 34, "transition": {"duration": 0}}}


def card(kpi: dict, refs: dict, zone, lang: str) -> html.Article:
    words = kpi_text(kpi, refs, zone, lang)
    state = kpi["state"]
    deltas = [x for x in (t("kpi.delta.day", lang, delta=words["delta_day"]) if words["delta_day"] else "",
                          t("kpi.delta.week", lang, delta=words["delta_7d"]) if words["delta_7d"] else "") if x]
    return html.Article(className=f"kpi-card kpi-{state}", id=f"kpi-card-{kpi['code']}",
                        **{"data-code": kpi["code"], "data-state": state}, children=[
        html.Div(className="kpi-card-head", children=[
            html.H3(words["name"], className="kpi-name"),
            html.Span([RAG_ICON[state], " ", words["state"]], className="kpi-state", style={"color": RAG[state]}),
        ]),
        html.Div(className="kpi-figure", children=[html.Span(words["value"], className="kpi-value")]),
        html.Div(words["target"], className="kpi-target", title=words["target"]),
        html.Div(" · ".join(deltas) or t("kpi.delta.none", lang), className="kpi-delta", title=" · ".join(deltas)),
        dcc.Graph(figure=sparkline(kpi), config={"displayModeBar": False, "staticPlot": True}, className="kpi-spark",
                  style={"height": "34px"}),
        html.Div(words["detail"], className="kpi-detail", title=words["detail"]),
        html.Div(meta := " · ".join(x for x in (words["as_of"], words["coverage"]) if x), className="kpi-meta",
                 title=meta),
    ])


def heading(board: dict, zone, lang: str) -> str:
    day = board["day"].strftime("%d/%m/%Y")
    if board["complete"]:
        return t("kpi.heading.complete", lang, day=day)
    return t("kpi.heading.partial", lang, day=day, time=pd.Timestamp(board["computed_at"]).tz_convert(zone).strftime("%H:%M"))


def pillars(board: dict, refs: dict, zone, lang: str) -> list[html.Section]:
    """One section per pillar, its KPIs as cards."""
    return [html.Section(className=f"kpi-pillar kpi-pillar-{p}", id=f"kpi-pillar-{p}", children=[
        html.H2(t(f"kpi.pillar.{p}", lang)),
        html.Div(className="kpi-cards", children=[card(k, refs, zone, lang) for k in board["kpis"] if k["pillar"] == p]),
    ]) for p in PILLARS]


WARD_COLUMNS = ("incidents", "per_10k", "on_time", "aqi_mean", "congestion", "uptime")


def ward_columns(lang: str) -> list[dict]:
    return [{"field": "ward", "headerName": t("kpi.ward.name", lang), "flex": 2,
             "cellRenderer": "markdown", "linkTarget": "_self"},
            *({"field": c, "headerName": t(f"kpi.ward.{c}", lang), "type": "numericColumn", "flex": 1,
               "wrapHeaderText": True, "autoHeaderHeight": True} for c in WARD_COLUMNS)]


def ward_rows(frame: pd.DataFrame, names: dict, day: date, lang: str) -> list[dict]:
    """One row per ward; its name links to the ward's drill-down (`/districts?ward=…&day=…`)."""
    rows = []
    for r in frame.to_dict("records"):
        name = names.get(r["ward_code"], r["ward_code"]).removeprefix("Phường ")
        query = f"ward={r['ward_code']}&day={day.isoformat()}" + ("&lang=en" if lang == "en" else "")
        rows.append({"ward": f"[{name}](/districts?{query})", "ward_code": r["ward_code"],
                     **{c: (None if r[c] is None or pd.isna(r[c]) else r[c]) for c in WARD_COLUMNS}})
    return rows


def report_links(day: date, lang: str) -> tuple[str, str]:
    query = f"?day={day.isoformat()}&lang={lang}"
    return f"/api/v1/reports/daily.pdf{query}", f"/api/v1/reports/daily.xlsx{query}"


def saved_reports(files: list[dict], lang: str) -> html.Div:
    """The reports the schedule wrote (newest first): day with its PDF and XLSX links."""
    if not files:
        return html.Div(t("kpi.reports.none", lang), className="muted")
    return html.Ul(className="kpi-saved", children=[
        html.Li([html.Span(f["day"].strftime("%d/%m/%Y")), " ",
                 *[html.A(kind.upper(), href=href, className="kpi-saved-link") for kind, href in f["links"].items()]])
        for f in files])


def page(lang: str, day: date, first: date, last: date) -> html.Div:
    pdf, xlsx = report_links(day, lang)
    return html.Div(className="kpi", id=PAGE, children=[
        dcc.Store(id=LANG, data=lang),
        html.Div(className="kpi-bar", children=[
            html.H1(t("kpi.title", lang)),
            html.Label(t("kpi.day", lang), htmlFor=DATE, className="muted"),
            dcc.DatePickerSingle(id=DATE, date=day.isoformat(), min_date_allowed=first.isoformat(),
                                 max_date_allowed=last.isoformat(), display_format="DD/MM/YYYY",
                                 first_day_of_week=1, className="kpi-date"),
            html.Button(t("kpi.yesterday", lang), id=YESTERDAY, className="btn btn-quiet"),
            html.Button(t("kpi.today", lang), id=TODAY, className="btn"),
            html.Span(id=HEADING, className="kpi-heading"),
            html.A(t("kpi.download.pdf", lang), id=PDF, href=pdf, className="btn kpi-download"),
            html.A(t("kpi.download.xlsx", lang), id=XLSX, href=xlsx, className="btn kpi-download"),
        ]),
        html.Div(t("kpi.simulated.note", lang), className="kpi-note"),
        html.Div(className="kpi-body", children=[
            html.Div(id=BOARD, className="kpi-pillars"),
            html.Aside(className="kpi-side", children=[
                html.Section(className="panel kpi-wards-panel", children=[
                    html.H2(t("kpi.wards", lang)),
                    dag.AgGrid(id=WARDS, columnDefs=ward_columns(lang), rowData=[], className="cityops-grid",
                               style={"height": "32vh"}, defaultColDef={"sortable": True, "resizable": True},
                               dashGridOptions={"animateRows": False, "rowHeight": 32, "headerHeight": 34,
                                                "localeText": grid_locale(lang)},
                               columnSize="sizeToFit"),
                ]),
                html.Section(className="panel", children=[html.H2(t("kpi.reports", lang)),
                                                          html.Div(id=REPORTS)]),
            ]),
        ]),
    ])
