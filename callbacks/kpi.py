"""The leaders' board: a day chosen (the date picker, "yesterday", "today so far") → the board's cards, the ward
table and the report links. Leaders, analysts, admins and operators (read only) may run it; checked here too."""

from __future__ import annotations

from datetime import date

from dash import Input, Output, State, callback, ctx, no_update

from api.access import KPI, require, requires
from data.wiring.services import get_services
from layouts import kpi as view
from reports.files import saved_reports
from reports.gathered import names as refs


def chosen_day(picked: str | None, trigger: str | None) -> date:
    kpi = get_services().kpi
    if trigger == view.TODAY:
        return kpi.today()
    if trigger == view.YESTERDAY or not picked:
        return kpi.yesterday()
    return min(date.fromisoformat(picked[:10]), kpi.today())


@callback(Output(view.BOARD, "children"), Output(view.WARDS, "rowData"), Output(view.HEADING, "children"),
          Output(view.PDF, "href"), Output(view.XLSX, "href"), Output(view.REPORTS, "children"),
          Output(view.DATE, "date"),
          Input(view.DATE, "date"), Input(view.TODAY, "n_clicks"), Input(view.YESTERDAY, "n_clicks"),
          State(view.LANG, "data"))
@requires(*KPI)
def show_day(picked, _today, _yesterday, lang):
    require(*KPI)
    services = get_services()
    trigger = ctx.triggered_id if ctx.triggered else None
    day = chosen_day(picked, trigger)
    board = services.kpi.board(day)
    names = refs(services, lang)
    pdf, xlsx = view.report_links(day, lang)
    files = saved_reports(services.settings.data_dir, lang)
    return (view.pillars(board, names, services.zone, lang),
            view.ward_rows(services.kpi.wards(day), names["wards"], day, lang),
            view.heading(board, services.zone, lang), pdf, xlsx, view.saved_reports(files, lang),
            day.isoformat() if day.isoformat() != (picked or "")[:10] else no_update)
