"""`/districts` — the analysts' drill-down: a metric per ward (or former unit) over a range, day by day, with the
ranking, a unit's detail, a comparison and exports. Analysts, leaders and admins. The whole view is in the URL
(`?metric=…&range=…&from=…&to=…&level=…&ward=…&day=…&compare=…&lang=…`)."""

from datetime import date, timedelta

import dash

from api.access import DRILL
from data.providers.districts import MAX_DAYS
from data.wiring.services import get_services
from layouts.districts import RANGES, metric_name, page
from layouts.i18n import normalise_lang, t

dash.register_page(__name__, path="/districts", order=6, nav_key="nav.districts", role=DRILL, grid=True,
                   title=t("districts.title", "vi"))

HISTORY_DAYS = 800
DEFAULT_RANGE = "30"


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def state_of(query: dict, today: date, metrics: set[str], levels: list[str], units: set[str]) -> dict:
    """The view asked for by a URL query, every part checked (anything unknown falls back to the default)."""
    earliest = today - timedelta(days=HISTORY_DAYS)
    clamp = lambda d: None if d is None else min(max(d, earliest), today)  # noqa: E731
    chosen = query.get("range") if query.get("range") in RANGES else DEFAULT_RANGE
    first, last, day = clamp(_day(query.get("from"))), clamp(_day(query.get("to"))), clamp(_day(query.get("day")))
    if day and not (first and last) and not query.get("range"):
        # A link to one day (the leaders' ward table): the 30 days ending that day, played at it.
        chosen, first, last = "custom", day - timedelta(days=29), day
    if chosen != "custom" or not (first and last) or last < first or (last - first).days >= MAX_DAYS:
        chosen = DEFAULT_RANGE if chosen == "custom" else chosen
        last, first = today, today - timedelta(days=int(chosen) - 1)
    level = query.get("level") if query.get("level") in levels else levels[0]
    ward = query.get("ward") if query.get("ward") in units else None
    compare = [c for c in (query.get("compare") or "").split(",") if c in units][:4]
    index = (day - first).days + 1 if day and first <= day <= last else 0
    return {"metric": query.get("metric") if query.get("metric") in metrics else "incidents_per_10k",
            "range": chosen, "from": first.isoformat(), "to": last.isoformat(), "level": level, "ward": ward,
            "day": index, "compare": compare}


def layout(lang: str | None = None, **query):
    lang = normalise_lang(lang)
    districts = get_services().districts
    today = districts.today()
    catalogue = districts.indicator_names(lang)
    metrics = [(m.code, metric_name(m.code, lang, catalogue)) for m in districts.metrics()]
    levels = districts.levels()
    level = query.get("level") if query.get("level") in levels else levels[0]
    units = [{"label": u.short_name, "value": u.code} for u in districts.units(level).itertuples()]
    state = state_of(query, today, {code for code, _ in metrics}, levels, {u["value"] for u in units})
    return page(lang, state, metrics, levels, units, today - timedelta(days=HISTORY_DAYS), today)
