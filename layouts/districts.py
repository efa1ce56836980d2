"""The analysts' drill-down (/districts): a choropleth of one metric per unit over a range, a day-by-day player,
the ranking, a unit's detail and a comparison of up to four units. Pure builders: a `DistrictView`
(data/providers/districts.py) and plain frames in, components and figure dicts out.

The map's boundaries come from one GeoJSON URL per level (cached by the browser); a day of the player or another
metric changes only the trace's values (a Patch built in the callback from `map_values`)."""

from __future__ import annotations

import math
from datetime import date, timedelta
from urllib.parse import urlencode

import dash_ag_grid as dag
import numpy as np
import pandas as pd
from dash import dcc, html

from layouts.formats import local_time
from layouts.i18n import dropdown, grid_locale, t, t_or
from layouts.kpi import decimal
from layouts.map import OFFLINE_STYLE, fit_view
from layouts.theme import MUTED, PANEL, TEXT, WARD_LINE, figure_layout

PAGE = "districts-page"
LANG = "districts-lang"
SHARE = "districts-share"  # the view's URL query, written into the address bar in the browser
SHARED = "districts-shared"
QUERY = "districts-query"
METRIC = "districts-metric"
RANGE = "districts-range"
DATES = "districts-dates"
LEVEL = "districts-level"
MAP = "districts-map"
SLIDER = "districts-day"
PLAY = "districts-play"
TICK = "districts-tick"
SHOWING = "districts-showing"
CITY = "districts-city"
NOTE = "districts-note"
RANKING = "districts-ranking"
UNIT = "districts-unit"
CRUMBS = "districts-crumbs"
DETAIL = "districts-detail"
SERIES = "districts-series"
INCIDENTS = "districts-incidents"
SITES = "districts-sites"
COMPARE = "districts-compare"
COMPARE_CHART = "districts-compare-chart"
COMPARE_NOTE = "districts-compare-note"
CSV, XLSX, GEOJSON = "districts-csv", "districts-xlsx", "districts-geojson"

RANGES = ("1", "7", "30", "365", "custom")
DEFAULT_RANGE = "30"
MAX_COMPARE = 4
PLAY_EVERY_MS = 1200
# Sequential scale from good to bad; a metric where higher is better reverses it.
SCALE = [[0, "#1a9850"], [0.25, "#91cf60"], [0.5, "#fee08b"], [0.75, "#fc8d59"], [1, "#d73027"]]
NO_DATA = "#2a3550"
SELECTED = "#ffd166"
CLEAR = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]  # a trace that fills nothing
SERIES_METRICS = ("incidents_per_10k", "aqi_mean", "congestion", "camera_uptime")
COMPARE_COLOURS = ("#4cc9f0", "#f72585", "#ffd166", "#80ed99")


# --- words and numbers ------------------------------------------------------------------------------------------

def metric_name(code: str, lang: str, indicator_names: dict[str, str] | None = None) -> str:
    if code.startswith("ind."):
        return (indicator_names or {}).get(code.removeprefix("ind."), code)
    return t(f"districts.metric.{code}", lang)


def value_text(value, unit: str, lang: str) -> str:
    """A metric's value with its unit, in the language's number format; "No data" when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("districts.nodata", lang)
    digits = 0 if unit in ("aqi", "days", "count", "minutes") else 1
    number = decimal(float(value), digits, lang)
    return t_or(f"districts.unit.{unit}", lang, f"{number} {unit}").format(value=number)


def day_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def query_string(state: dict, lang: str) -> str:
    """The view's state as the page's URL query (a copied link opens the same view)."""
    keys = ("metric", "range", "from", "to", "level", "ward", "day", "compare")
    query = {k: state[k] for k in keys if state.get(k) not in (None, "", [])}
    if isinstance(query.get("compare"), list):
        query["compare"] = ",".join(query["compare"])
    if lang == "en":
        query["lang"] = "en"
    return "?" + urlencode(query)


def export_links(state: dict, lang: str) -> tuple[str, str, str]:
    query = urlencode({"metric": state["metric"], "level": state["level"], "from": state["from"], "to": state["to"],
                       "lang": lang})
    return tuple(f"/api/v1/districts/export.{kind}?{query}" for kind in ("csv", "xlsx", "geojson"))


# --- the view in the URL ---------------------------------------------------------------------------------------

def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def state_of(query: dict, today: date, metrics: set[str], levels: list[str], units: set[str], max_days: int = 366,
             history_days: int = 800) -> dict:
    """The view asked for by a URL query, every part checked (anything unknown falls back to the default): a range
    of at most `max_days` within the last `history_days`."""
    earliest = today - timedelta(days=history_days)
    clamp = lambda d: None if d is None else min(max(d, earliest), today)  # noqa: E731
    chosen = query.get("range") if query.get("range") in RANGES else DEFAULT_RANGE
    first, last, day = clamp(_day(query.get("from"))), clamp(_day(query.get("to"))), clamp(_day(query.get("day")))
    if day and not (first and last) and not query.get("range"):
        # A link to one day (the leaders' ward table): the 30 days ending that day, played at it.
        chosen, first, last = "custom", day - timedelta(days=29), day
    if chosen != "custom" or not (first and last) or last < first or (last - first).days >= max_days:
        chosen = DEFAULT_RANGE if chosen == "custom" else chosen
        last, first = today, today - timedelta(days=int(chosen) - 1)
    level = query.get("level") if query.get("level") in levels else levels[0]
    ward = query.get("ward") if query.get("ward") in units else None
    compare = [c for c in (query.get("compare") or "").split(",") if c in units][:MAX_COMPARE]
    index = (day - first).days + 1 if day and first <= day <= last else 0
    return {"metric": query.get("metric") if query.get("metric") in metrics else "incidents_per_10k",
            "range": chosen, "from": first.isoformat(), "to": last.isoformat(), "level": level, "ward": ward,
            "day": index, "compare": compare}


# --- the map ------------------------------------------------------------------------------------------------------

def colour_range(view, day_index: int) -> tuple[float, float]:
    """The colour range of the whole range's values, or one range for every day of it (so that a colour means the
    same on each day of the player)."""
    values = (view.totals["value"] if day_index <= 0 else view.daily).to_numpy(dtype=float).ravel()
    values = values[~np.isnan(values)]
    if values.size == 0:
        return 0.0, 1.0
    low, high = float(values.min()), float(values.max())
    return (low, high) if high > low else (low, low + 1.0)


def map_values(view, day_index: int, lang: str) -> dict:
    """The values the map shows: the whole range (`day_index` 0) or day `day_index` (1-based), with hover text and
    the colour range."""
    codes = list(view.units["code"])
    if day_index <= 0 or day_index > len(view.daily.index):
        values = view.totals.set_index("code")["value"].reindex(codes)
    else:
        values = view.daily.iloc[day_index - 1].reindex(codes)
    names = dict(zip(view.units["code"], view.units["short_name"], strict=True))
    z = [None if pd.isna(v) else round(float(v), 2) for v in values]
    text = [f"{names[c]}: {value_text(v, view.metric.unit, lang)}" for c, v in zip(codes, z, strict=True)]
    low, high = colour_range(view, day_index)
    return {"locations": codes, "z": [np.nan if v is None else v for v in z], "hovertext": text, "zmin": low,
            "zmax": high}


def missing_values(values: dict) -> dict:
    """Of `map_values()`, the units without a value: Plotly neither draws nor picks a unit whose z is NaN, so
    these go on a trace of their own (no fill over the grey layer) that hovers, and is clicked, like the others."""
    gone = [i for i, z in enumerate(values["z"]) if np.isnan(z)]
    return {"locations": [values["locations"][i] for i in gone], "z": [0] * len(gone),
            "hovertext": [values["hovertext"][i] for i in gone]}


def no_data(geojson_url: str, values: dict) -> dict:
    return {"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code",
            **missing_values(values), "hoverinfo": "text", "showscale": False,
            "colorscale": CLEAR, "marker": {"line": {"width": 0}}}


def choropleth(geojson_url: str, values: dict, better: str) -> dict:
    return {"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code",
            **values, "hoverinfo": "text",
            "colorscale": SCALE, "reversescale": better == "higher",
            "marker": {"opacity": 0.78, "line": {"color": WARD_LINE, "width": 1}},
            "colorbar": {"thickness": 14, "len": 0.7, "x": 0.01, "xanchor": "left", "bgcolor": PANEL,
                         "tickfont": {"color": TEXT}, "outlinewidth": 0}}


def highlight(geojson_url: str, code: str | None) -> dict:
    """The selected unit's outline, drawn over the values."""
    return {"type": "choroplethmap", "geojson": geojson_url, "featureidkey": "properties.code",
            "locations": [code] if code else [], "z": [1] if code else [], "showscale": False, "hoverinfo": "skip",
            "colorscale": CLEAR,
            "marker": {"line": {"color": SELECTED, "width": 4}}}


def map_figure(view, geojson_url: str, bounds: list[float], day_index: int, lang: str,
               selected: str | None = None) -> dict:
    """A unit without data stays on the map: every unit is first filled grey (a layer of the same GeoJSON)."""
    place = fit_view(bounds, 1100, 640)
    layers = [{"sourcetype": "geojson", "source": geojson_url, "type": "fill", "below": "traces", "color": NO_DATA,
               "opacity": 0.9}]
    values = map_values(view, day_index, lang)
    # The values, the selection's outline (the callbacks patch traces 0 and 1), the units without a value.
    return {"data": [choropleth(geojson_url, values, view.metric.better), highlight(geojson_url, selected),
                     no_data(geojson_url, values)],
            "layout": figure_layout(map={"style": OFFLINE_STYLE, "center": place["center"], "zoom": place["zoom"],
                                         "layers": layers}, uirevision=view.level)}


# --- ranking, player, detail, compare ----------------------------------------------------------------------------

def ranking_columns(lang: str) -> list[dict]:
    return [{"field": "rank", "headerName": t("districts.col.rank", lang), "width": 80, "type": "numericColumn"},
            {"field": "name", "headerName": t("districts.col.unit", lang), "flex": 2},
            {"field": "value_text", "headerName": t("districts.col.value", lang), "flex": 1,
             "comparator": {"function": "(a, b, na, nb) => (na.data.value ?? -Infinity) - (nb.data.value ?? -Infinity)"}},
            {"field": "population", "headerName": t("districts.col.population", lang), "flex": 1,
             "type": "numericColumn"}]


def ranking_rows(view, day_index: int, lang: str) -> list[dict]:
    """The units by rank (the best first; no data last) for the whole range or a day of it."""
    shown = map_values(view, day_index, lang)
    values = pd.Series(shown["z"], index=shown["locations"], dtype=float)
    ranks = values.rank(method="min", ascending=view.metric.better == "lower")
    rows = []
    for unit in view.units.itertuples():
        value = values.get(unit.code)
        rows.append({"code": unit.code, "name": unit.short_name,
                     "rank": None if pd.isna(ranks.get(unit.code)) else int(ranks[unit.code]),
                     "value": None if pd.isna(value) else float(value),
                     "value_text": value_text(value, view.metric.unit, lang),
                     "population": None if pd.isna(unit.population) else decimal(float(unit.population), 0, lang)})
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["name"]))


def slider_marks(days: list[date], lang: str) -> dict:
    """Marks of the player's slider: the whole range at 0, then about 8 of the days (positions 1..N), spaced so
    that no two labels meet."""
    step = max(1, math.ceil(len(days) / 8))
    marks = {0: t("districts.whole", lang)}
    shown = [i for i in range(step, len(days) + 1, step)]
    if shown and len(days) - shown[-1] >= step / 2:
        shown.append(len(days))
    marks.update({i: days[i - 1].strftime("%d/%m") for i in shown})
    return marks


def showing_text(view, day_index: int, lang: str) -> str:
    if 1 <= day_index <= len(view.days):
        return t("districts.showing.day", lang, day=day_text(view.days[day_index - 1]))
    return t("districts.showing.whole", lang, first=day_text(view.first), last=day_text(view.last))


def city_text(view, day_index: int, lang: str) -> str:
    value = view.city if not 1 <= day_index <= len(view.days) else view.city_daily.iloc[day_index - 1]
    return t("districts.city.value", lang, value=value_text(None if pd.isna(value) else value, view.metric.unit, lang))


def level_note(view, lang: str) -> str:
    notes = [t("districts.simulated", lang)]
    if view.level == "former":
        notes.append(t("districts.level.former.note", lang))
    elif view.first < date(2025, 7, 1):
        notes.append(t("districts.level.ward.before", lang))
    return " ".join(notes)


def go(label: str, level: str, code: str) -> html.Button:
    """A breadcrumb's step: to `level` with unit `code` selected ("" for none)."""
    return html.Button(label, id={"type": "districts-go", "level": level, "code": code}, className="crumb")


def crumbs(view, code: str | None, lang: str, wards: pd.DataFrame, former: pd.DataFrame) -> list:
    """City → ward → former unit, each step a link: a ward offers the former units it was made of, a former unit
    links to the ward(s) it went to."""
    names = dict(zip(view.units["code"], view.units["short_name"], strict=True))
    parts = [go(t("districts.city", lang), view.level, "")]
    if not code or code not in names:
        return parts
    if view.level == "former":
        ward_names = dict(zip(wards["code"], wards["short_name"], strict=True))
        went_to = view.units.set_index("code").loc[code, "wards"]
        parts += [html.Span(" › "), *[go(ward_names.get(w, w), "ward", w) for w in went_to]]
    parts += [html.Span(" › "), html.Span(names[code], className="crumb-here")]
    if view.level == "ward" and len(former):
        made_of = former[[code in w for w in former["wards"]]]
        if len(made_of):
            parts += [html.Span(t("districts.made_of", lang), className="crumb-muted"),
                      *[go(u.short_name, "former", u.code) for u in made_of.itertuples()]]
    return parts


def series_figure(series: dict[str, pd.Series], names: dict[str, str], day: date | None) -> dict:
    """Small multiples, one row per metric, shared days; a line marks the player's day."""
    rows = len(series)
    data, layout = [], figure_layout(showlegend=False, margin={"l": 40, "r": 12, "t": 8, "b": 28}, height=110 * rows + 40)
    for i, (code, values) in enumerate(series.items(), start=1):
        axis = "" if i == 1 else str(i)
        data.append({"type": "scatter", "mode": "lines+markers", "x": [d.isoformat() for d in values.index],
                     "y": [None if pd.isna(v) else float(v) for v in values], "xaxis": f"x{axis}", "yaxis": f"y{axis}",
                     "line": {"color": "#4cc9f0", "width": 2}, "marker": {"size": 4}, "name": names[code],
                     "hovertemplate": "%{x}: %{y}<extra>" + names[code] + "</extra>"})
        span = [1 - i / rows + 0.02, 1 - (i - 1) / rows - 0.09]
        layout[f"yaxis{axis}"] = {"domain": span, "gridcolor": "#24314d", "zeroline": False, "nticks": 4}
        layout.setdefault("annotations", []).append(
            {"text": names[code], "xref": "paper", "yref": "paper", "x": 0, "y": span[1] + 0.01, "xanchor": "left",
             "yanchor": "bottom", "showarrow": False, "font": {"size": 12, "color": MUTED}})
        layout[f"xaxis{axis}"] = {"anchor": f"y{axis}", "matches": "x" if i > 1 else None, "showticklabels": i == rows,
                                  "gridcolor": "#24314d", "type": "date", "tickformat": "%d/%m"}
    layout["shapes"] = day_marker(day)
    return {"data": data, "layout": layout}


def day_marker(day: date | None) -> list[dict]:
    if day is None:
        return []
    return [{"type": "line", "xref": "x", "yref": "paper", "x0": day.isoformat(), "x1": day.isoformat(), "y0": 0,
             "y1": 1, "line": {"color": "#ffd166", "width": 2, "dash": "dot"}}]


def compare_figure(view, codes: list[str], lang: str, day: date | None) -> dict:
    names = dict(zip(view.units["code"], view.units["short_name"], strict=True))
    data = [{"type": "scatter", "mode": "lines+markers", "name": names.get(code, code),
             "x": [d.isoformat() for d in view.daily.index],
             "y": [None if pd.isna(v) else round(float(v), 2) for v in view.daily[code]],
             "line": {"color": COMPARE_COLOURS[i % len(COMPARE_COLOURS)], "width": 2}}
            for i, code in enumerate(codes) if code in view.daily.columns]
    data.append({"type": "scatter", "mode": "lines", "name": t("districts.city", lang),
                 "x": [d.isoformat() for d in view.city_daily.index],
                 "y": [None if pd.isna(v) else round(float(v), 2) for v in view.city_daily],
                 "line": {"color": MUTED, "width": 1, "dash": "dash"}})
    layout = figure_layout(showlegend=True, legend={"orientation": "h", "y": 1.12}, height=300,
                           margin={"l": 48, "r": 12, "t": 30, "b": 30},
                           xaxis={"gridcolor": "#24314d", "type": "date", "tickformat": "%d/%m"},
                           yaxis={"gridcolor": "#24314d"})
    layout["shapes"] = day_marker(day)
    return {"data": data, "layout": layout}


def validity_text(valid_from, valid_to, lang: str) -> str:
    """"In force since 01/07/2025", "until 30/06/2025" or both, from a unit's validity dates."""
    def day(value) -> str | None:
        return None if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%d/%m/%Y")

    since, until = day(valid_from), day(valid_to)
    if since and until:
        return t("districts.valid.between", lang, since=since, until=until)
    if since:
        return t("districts.valid.since", lang, since=since)
    return t("districts.valid.until", lang, until=until) if until else ""


def detail_heading(view, code: str, lang: str, indicator_names: dict[str, str],
                   ward_names: dict[str, str] | None = None) -> list:
    unit = view.units.set_index("code").loc[code]
    ward_names = ward_names or {}
    totals = view.totals.set_index("code")
    rank = totals.loc[code, "rank"]
    name = metric_name(view.metric.code, lang, indicator_names)
    ranked = ~totals["value"].isna()
    line = (t("districts.detail.unranked", lang, metric=name) if pd.isna(rank) else
            t("districts.detail.rank", lang, rank=int(rank), of=int(ranked.sum()), metric=name,
              value=value_text(totals.loc[code, "value"], view.metric.unit, lang)))
    extra = []
    if not pd.isna(unit["population"]):
        extra.append(t("districts.detail.population", lang, population=decimal(float(unit["population"]), 0, lang)))
    extra.append(validity_text(unit["valid_from"], unit["valid_to"], lang))
    if view.level == "former" and unit["wards"]:
        extra.append(t("districts.detail.went_to", lang, wards=", ".join(ward_names.get(w, w) for w in unit["wards"])))
    return [html.H2(unit["name"]), html.Div(line, className="districts-rank"),
            html.Div(" · ".join(e for e in extra if e), className="muted")]


def incident_columns(lang: str) -> list[dict]:
    return [{"field": "id", "headerName": t("districts.col.id", lang), "width": 80, "filter": "agNumberColumnFilter"},
            {"field": "reported", "headerName": t("districts.col.reported", lang), "width": 150},
            {"field": "title", "headerName": t("districts.col.title", lang), "flex": 2, "filter": True},
            {"field": "category", "headerName": t("districts.col.category", lang), "flex": 1, "filter": True},
            {"field": "severity", "headerName": t("districts.col.severity", lang), "width": 120, "filter": True},
            {"field": "status", "headerName": t("districts.col.status", lang), "width": 140, "filter": True}]


def site_columns(lang: str) -> list[dict]:
    return [{"field": "kind", "headerName": t("districts.col.kind", lang), "width": 110, "filter": True},
            {"field": "name", "headerName": t("districts.col.site", lang), "flex": 2, "filter": True},
            {"field": "state", "headerName": t("districts.col.state", lang), "flex": 1, "filter": True}]


def incident_rows(frame: pd.DataFrame, categories: dict[str, str], zone, lang: str) -> list[dict]:
    return [{"id": int(r.id), "reported": local_time(r.reported_at, zone, "%H:%M %d/%m/%Y"), "title": r.title,
             "category": categories.get(r.category, r.category), "severity": t(f"severity.{int(r.severity)}", lang),
             "status": t(f"inc.status.{r.status}", lang)} for r in frame.itertuples()]


def site_rows(cameras: pd.DataFrame, stations: pd.DataFrame, lang: str) -> list[dict]:
    """The unit's cameras (online or not) and stations (an air station with its VN_AQI now)."""
    rows = []
    for r in cameras.itertuples():
        state = "unknown" if r.online is None else ("online" if r.online else "offline")
        rows.append({"kind": t("districts.site.camera", lang), "name": r.name, "state": t(f"districts.site.{state}", lang)})
    for r in stations.itertuples():
        reading = None if pd.isna(r.aqi) else t("districts.site.aqi", lang, aqi=int(r.aqi))
        kind = t_or(f"districts.site.kind.{r.kind}", lang, t("districts.site.station", lang))
        rows.append({"kind": kind, "name": r.name, "state": reading or ("" if r.kind != "air" else
                                                                         t("districts.site.unknown", lang))})
    return rows


def grid(component_id: str, columns: list[dict], height: str, lang: str) -> dag.AgGrid:
    return dag.AgGrid(id=component_id, columnDefs=columns, rowData=[], className="cityops-grid",
                      style={"height": height}, defaultColDef={"sortable": True, "resizable": True},
                      dashGridOptions={"animateRows": False, "rowHeight": 30, "headerHeight": 32,
                                       "localeText": grid_locale(lang)},
                      columnSize="sizeToFit")


def detail_panel(lang: str) -> html.Section:
    return html.Section(className="panel districts-detail", children=[
        html.Div(id=DETAIL, children=t("districts.detail.none", lang), className="muted"),
        html.Div(className="districts-detail-body", children=[
            html.Div([html.H3(t("districts.detail.series", lang)),
                      dcc.Graph(id=SERIES, config={"displayModeBar": False}, figure={"data": [], "layout": figure_layout()})],
                     className="districts-series"),
            html.Div([html.H3(t("districts.detail.incidents", lang)), grid(INCIDENTS, incident_columns(lang), "30vh", lang)],
                     className="districts-incidents"),
            html.Div([html.H3(t("districts.detail.sites", lang)), grid(SITES, site_columns(lang), "30vh", lang)],
                     className="districts-sites"),
        ]),
    ])


def page(lang: str, state: dict, metrics: list[tuple[str, str]], levels: list[str], units: list[dict],
         first_allowed: date, last_allowed: date) -> html.Div:
    """`state`: metric, range, from, to, level, ward, day (0: the whole range), compare (codes)."""
    return html.Div(className="districts", id=PAGE, children=[
        dcc.Store(id=LANG, data=lang), dcc.Store(id=QUERY), dcc.Store(id=SHARE), dcc.Store(id=SHARED),
        dcc.Interval(id=TICK, interval=PLAY_EVERY_MS, disabled=True),
        html.Div(className="districts-bar", children=[
            html.H1(t("districts.title", lang)),
            html.Label([t("districts.metric", lang),
                        dropdown(lang, id=METRIC, options=[{"label": name, "value": code} for code, name in metrics],
                                 value=state["metric"], clearable=False, className="districts-metric")]),
            html.Label([t("districts.range", lang),
                        dcc.RadioItems(id=RANGE, value=state["range"], inline=True, className="districts-range",
                                       options=[{"label": t(f"districts.range.{r}", lang), "value": r}
                                                for r in RANGES])]),
            dcc.DatePickerRange(id=DATES, start_date=state["from"], end_date=state["to"],
                                min_date_allowed=first_allowed.isoformat(), max_date_allowed=last_allowed.isoformat(),
                                display_format="DD/MM/YYYY", first_day_of_week=1, className="districts-dates"),
            html.Label([t("districts.level", lang),
                        dcc.RadioItems(id=LEVEL, value=state["level"], inline=True, className="districts-level",
                                       options=[{"label": t(f"districts.level.{lv}", lang), "value": lv}
                                                for lv in levels])]),
            html.Span(t("districts.export", lang), className="muted"),
            html.A(t("districts.export.csv", lang), id=CSV, className="btn btn-quiet"),
            html.A(t("districts.export.xlsx", lang), id=XLSX, className="btn btn-quiet"),
            html.A(t("districts.export.geojson", lang), id=GEOJSON, className="btn btn-quiet"),
        ]),
        html.Div(id=NOTE, className="kpi-note"),
        html.Div(id=CRUMBS, className="districts-crumbs"),
        html.Div(className="districts-body", children=[
            html.Section(className="panel districts-map-panel", children=[
                html.Div(className="districts-player", children=[
                    html.Button(t("districts.play", lang), id=PLAY, className="btn", n_clicks=0),
                    html.Div(dcc.Slider(id=SLIDER, min=0, max=1, step=1, value=state["day"], marks=None,
                                        updatemode="drag", allow_direct_input=False), className="districts-slider"),
                ]),
                html.Div([html.Span(id=SHOWING), " · ", html.Strong(id=CITY)], className="districts-showing"),
                dcc.Graph(id=MAP, config={"displayModeBar": False, "scrollZoom": True}, className="districts-map",
                          figure={"data": [], "layout": figure_layout()}, style={"height": "100%"}),
            ]),
            html.Aside(className="districts-side", children=[
                html.Section(className="panel", children=[
                    html.H2(t("districts.ranking", lang)),
                    dropdown(lang, id=UNIT, options=units, value=state.get("ward"), placeholder=t("districts.pick", lang)),
                    grid(RANKING, ranking_columns(lang), "34vh", lang),
                ]),
                html.Section(className="panel", children=[
                    html.H2(t("districts.compare", lang)),
                    dropdown(lang, id=COMPARE, options=units, value=state.get("compare") or [], multi=True,
                             placeholder=t("districts.compare.pick", lang)),
                    html.Div(id=COMPARE_NOTE, className="muted"),
                    dcc.Graph(id=COMPARE_CHART, config={"displayModeBar": False},
                              figure={"data": [], "layout": figure_layout(height=300)}),
                ]),
            ]),
        ]),
        detail_panel(lang),
    ])
