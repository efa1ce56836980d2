"""`/kpi` — the leaders' board: the day's KPIs by the four pillars against their targets, with trends, a ward
table and the daily report (PDF, XLSX). Leaders land here; analysts and admins use it; operators may read."""

from datetime import date, timedelta

import dash

from api.access import KPI
from data.wiring.services import get_services
from layouts.i18n import normalise_lang
from layouts.kpi import page
from pages import titled

dash.register_page(__name__, path="/kpi", order=5, nav_key="nav.kpi", role=KPI, grid=True,
                   title=titled("kpi.title"))

HISTORY_DAYS = 800


def layout(lang: str | None = None, day: str | None = None, **_query):
    kpi = get_services().kpi
    today = kpi.today()
    try:
        chosen = date.fromisoformat(day) if day else kpi.yesterday()
    except ValueError:
        chosen = kpi.yesterday()
    chosen = min(max(chosen, today - timedelta(days=HISTORY_DAYS)), today)
    return page(normalise_lang(lang), chosen, today - timedelta(days=HISTORY_DAYS), today)
