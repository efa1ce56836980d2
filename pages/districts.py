"""`/districts` — the analysts' drill-down: a metric per ward (or former unit) over a range, day by day, with the
ranking, a unit's detail, a comparison and exports. Analysts, leaders and admins. The whole view is in the URL
(`?metric=…&range=…&from=…&to=…&level=…&ward=…&day=…&compare=…&lang=…`)."""

from datetime import timedelta

import dash

from api.access import DRILL
from data.providers.districts import MAX_DAYS
from data.wiring.services import get_services
from layouts.districts import metric_name, page, state_of
from layouts.i18n import normalise_lang
from pages import titled

dash.register_page(__name__, path="/districts", order=6, nav_key="nav.districts", role=DRILL, grid=True,
                   title=titled("districts.title"))

HISTORY_DAYS = 800


def layout(lang: str | None = None, **query):
    lang = normalise_lang(lang)
    districts = get_services().districts
    today = districts.today()
    catalogue = districts.indicator_names(lang)
    metrics = [(m.code, metric_name(m.code, lang, catalogue)) for m in districts.metrics()]
    levels = districts.levels()
    level = query.get("level") if query.get("level") in levels else levels[0]
    units = [{"label": u.short_name, "value": u.code} for u in districts.units(level).itertuples()]
    state = state_of(query, today, {code for code, _ in metrics}, levels, {u["value"] for u in units},
                     MAX_DAYS, HISTORY_DAYS)
    return page(lang, state, metrics, levels, units, today - timedelta(days=HISTORY_DAYS), today)
