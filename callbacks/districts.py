"""The drill-down by area: the chosen metric, range and level → the map, the player's days and the exports; the
player's day → the map's values, the ranking and the day markers; a unit → its detail; up to four units → the
comparison; everything → the URL. Analysts, leaders and admins; checked here too."""

from __future__ import annotations

from datetime import date, timedelta

from dash import ALL, Input, Output, Patch, State, callback, clientside_callback, ctx, no_update

from api.access import DRILL, require, requires
from data.wiring.services import get_services
from layouts import districts as view
from layouts.i18n import t

WHOLE = 0


def _view(query: dict):
    districts = get_services().districts
    return districts.view(query["metric"], query["level"], date.fromisoformat(query["from"]),
                          date.fromisoformat(query["to"]))


def _day(shown, index: int | None) -> date | None:
    return shown.days[index - 1] if index and 1 <= index <= len(shown.days) else None


def chosen_range(choice: str, start: str | None, end: str | None, today: date) -> tuple[str, str, str]:
    """(range, from, to): a preset counts back from today; a picked pair of dates is a custom range."""
    if ctx.triggered_id == view.DATES and start and end:
        return "custom", start[:10], end[:10]
    if choice == "custom" and start and end:
        return choice, start[:10], end[:10]
    days = 30 if choice == "custom" else int(choice)
    return choice, (today - timedelta(days=days - 1)).isoformat(), today.isoformat()


@callback(Output(view.QUERY, "data"), Output(view.MAP, "figure"), Output(view.SLIDER, "max"),
          Output(view.SLIDER, "marks"), Output(view.SLIDER, "value"), Output(view.CSV, "href"),
          Output(view.XLSX, "href"), Output(view.GEOJSON, "href"), Output(view.NOTE, "children"),
          Output(view.RANGE, "value"), Output(view.DATES, "start_date"), Output(view.DATES, "end_date"),
          Output(view.UNIT, "options"), Output(view.COMPARE, "options"),
          Input(view.METRIC, "value"), Input(view.RANGE, "value"), Input(view.DATES, "start_date"),
          Input(view.DATES, "end_date"), Input(view.LEVEL, "value"),
          State(view.SLIDER, "value"), State(view.QUERY, "data"), State(view.UNIT, "value"), State(view.LANG, "data"))
@requires(*DRILL)
def choose(metric, choice, start, end, level, index, before, selected, lang):
    require(*DRILL)
    services = get_services()
    districts = services.districts
    choice, first, last = chosen_range(choice, start, end, districts.today())
    query = {"metric": metric, "level": level, "from": first, "to": last}
    try:
        shown = _view(query)
    except ValueError:
        return (no_update,) * 8 + (t("districts.error.range", lang),) + (no_update,) * 5
    # Keep the player's day where the new range has it (on the first call the slider is the page's own).
    day = _day(_view(before) if before else shown, index)
    index = shown.days.index(day) + 1 if day in shown.days else WHOLE
    figure = view.map_figure(shown, f"/api/v1/geo/units/{level}.geojson", services.pack.meta["bounds"], index, lang,
                             selected if selected in set(shown.units["code"]) else None)
    csv, xlsx, geojson = view.export_links({**query}, lang)
    units = [{"label": u.short_name, "value": u.code} for u in shown.units.itertuples()]
    return (query, figure, len(shown.days), view.slider_marks(shown.days, lang), index, csv, xlsx, geojson,
            view.level_note(shown, lang), choice, first, last, units, units)


@callback(Output(view.MAP, "figure", allow_duplicate=True), Output(view.RANKING, "rowData"),
          Output(view.SHOWING, "children"), Output(view.CITY, "children"),
          Output(view.SERIES, "figure", allow_duplicate=True), Output(view.COMPARE_CHART, "figure", allow_duplicate=True),
          Input(view.SLIDER, "value"), Input(view.QUERY, "data"), State(view.LANG, "data"),
          prevent_initial_call=True)
@requires(*DRILL)
def step(index, query, lang):
    """One day of the player (0: the whole range): only values and markers go to the browser."""
    require(*DRILL)
    if not query:
        return (no_update,) * 6
    shown = _view(query)
    index = index or WHOLE
    values = view.map_values(shown, index, lang)
    figure = Patch()
    for key in ("z", "hovertext", "zmin", "zmax"):
        figure["data"][0][key] = values[key]
    for key, value in view.missing_values(values).items():
        figure["data"][2][key] = value
    markers = []
    for _ in range(2):
        marker = Patch()
        marker["layout"]["shapes"] = view.day_marker(_day(shown, index))
        markers.append(marker)
    return (figure, view.ranking_rows(shown, index, lang), view.showing_text(shown, index, lang),
            view.city_text(shown, index, lang), *markers)


@callback(Output(view.TICK, "disabled"), Output(view.PLAY, "children"),
          Output(view.SLIDER, "value", allow_duplicate=True),
          Input(view.PLAY, "n_clicks"), Input(view.TICK, "n_intervals"),
          State(view.TICK, "disabled"), State(view.SLIDER, "value"), State(view.SLIDER, "max"),
          State(view.LANG, "data"), prevent_initial_call=True)
@requires(*DRILL)
def play(_clicks, _ticks, stopped, index, last, lang):
    """Play starts at the first day (or goes on from the day shown) and stops after the last one."""
    require(*DRILL)
    index = index or WHOLE
    if ctx.triggered_id == view.PLAY:
        if not stopped:
            return True, t("districts.play", lang), no_update
        return False, t("districts.pause", lang), 1 if index in (WHOLE, last) else index + 1
    if stopped:
        return no_update, no_update, no_update
    if index >= last:
        return True, t("districts.play", lang), no_update
    return no_update, no_update, index + 1


@callback(Output(view.UNIT, "value"), Output(view.LEVEL, "value", allow_duplicate=True),
          Output(view.COMPARE, "value", allow_duplicate=True),
          Input(view.MAP, "clickData"), Input({"type": "districts-go", "level": ALL, "code": ALL}, "n_clicks"),
          Input(view.LEVEL, "value"), prevent_initial_call=True)
@requires(*DRILL)
def pick(click, _steps, level):
    """A click on the map picks its unit; a breadcrumb step goes to its level and unit (the city: none); another
    level chosen by hand starts with none picked (a new ward may carry a former unit's code)."""
    require(*DRILL)
    if ctx.triggered_id == view.LEVEL:
        return None, no_update, []
    if isinstance(ctx.triggered_id, dict):
        if not ctx.triggered[0]["value"]:  # the step was just drawn, not clicked
            return no_update, no_update, no_update
        step = ctx.triggered_id
        return step["code"] or None, step["level"] if step["level"] != level else no_update, no_update
    points = (click or {}).get("points") or []
    return (points[0].get("location") if points else no_update), no_update, no_update


@callback(Output(view.MAP, "figure", allow_duplicate=True),
          Input(view.UNIT, "value"), State(view.QUERY, "data"), prevent_initial_call=True)
@requires(*DRILL)
def outline(code, query):
    """The selected unit outlined on the map (the values are left as they are)."""
    require(*DRILL)
    if not query:
        return no_update
    codes = set(get_services().districts.units(query["level"])["code"])
    figure = Patch()
    figure["data"][1]["locations"] = [code] if code in codes else []
    figure["data"][1]["z"] = [1] if code in codes else []
    return figure


@callback(Output(view.DETAIL, "children"), Output(view.CRUMBS, "children"), Output(view.SERIES, "figure"),
          Output(view.INCIDENTS, "rowData"), Output(view.SITES, "rowData"),
          Input(view.UNIT, "value"), Input(view.QUERY, "data"), State(view.SLIDER, "value"), State(view.LANG, "data"))
@requires(*DRILL)
def detail(code, query, index, lang):
    require(*DRILL)
    if not query:
        return (no_update,) * 5
    services = get_services()
    districts = services.districts
    shown = _view(query)
    levels = (districts.units("ward"), districts.units("former"))
    if not code or code not in set(shown.units["code"]):
        empty = view.series_figure({}, {}, None)
        return t("districts.detail.none", lang), view.crumbs(shown, None, lang, *levels), empty, [], []
    first, last = shown.first, shown.last
    series = {m: districts.view(m, shown.level, first, last).daily[code] for m in view.SERIES_METRICS}
    names = {m: view.metric_name(m, lang) for m in view.SERIES_METRICS}
    incidents = districts.incidents_in(shown.level, code, first, last)
    cameras, stations = districts.sites_in(shown.level, code)
    categories = services.pack.categories.set_index("code")["name_vi" if lang == "vi" else "name_en"].to_dict()
    return (view.detail_heading(shown, code, lang, districts.indicator_names(lang),
                                                   dict(zip(levels[0]["code"], levels[0]["short_name"], strict=True))), view.crumbs(shown, code, lang, *levels),
            view.series_figure(series, names, _day(shown, index)),
            view.incident_rows(incidents, categories, services.zone, lang),
            view.site_rows(cameras, stations, lang))


@callback(Output(view.COMPARE_CHART, "figure"), Output(view.COMPARE, "value"), Output(view.COMPARE_NOTE, "children"),
          Input(view.COMPARE, "value"), Input(view.QUERY, "data"), State(view.SLIDER, "value"),
          State(view.LANG, "data"))
@requires(*DRILL)
def compare(codes, query, index, lang):
    require(*DRILL)
    if not query:
        return no_update, no_update, no_update
    shown = _view(query)
    codes = [c for c in (codes or []) if c in set(shown.units["code"])]
    kept = codes[:view.MAX_COMPARE]
    note = t("districts.compare.max", lang) if len(codes) > view.MAX_COMPARE else ""
    return view.compare_figure(shown, kept, lang, _day(shown, index)), kept if kept != codes else no_update, note


@callback(Output(view.SHARE, "data"),
          Input(view.QUERY, "data"), Input(view.SLIDER, "value"), Input(view.UNIT, "value"),
          Input(view.COMPARE, "value"), State(view.RANGE, "value"), State(view.LANG, "data"),
          prevent_initial_call=True)
@requires(*DRILL)
def remember(query, index, code, codes, choice, lang):
    """The URL says the whole view, so a copied link opens it again."""
    require(*DRILL)
    if not query:
        return no_update
    shown = _view(query)
    day = _day(shown, index)
    state = {**query, "range": choice, "ward": code, "compare": codes or [],
             "day": day.isoformat() if day else None}
    if choice != "custom":
        state.pop("from"), state.pop("to")
    return view.query_string(state, lang)


# The address bar follows the view without a navigation (Dash Pages would render the page again on a new query).
clientside_callback(
    """function (search) {
        if (search && search !== window.location.search) {
            window.history.replaceState(window.history.state, "", window.location.pathname + search);
        }
        return search;
    }""",
    Output(view.SHARED, "data"), Input(view.SHARE, "data"), prevent_initial_call=True)
