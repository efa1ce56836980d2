"""`/incidents` — the operator console: queue, map, detail, lifecycle actions, SLA clocks, alerts.
Operators (and admins) act; leaders and analysts read."""

import dash

from callbacks.incidents import console_choices
from data.wiring.services import get_services
from geo.pack import map_labels
from layouts.i18n import normalise_lang, pack_text, t
from layouts.incidents import page
from layouts.map import fit_view

dash.register_page(__name__, path="/incidents", order=10, nav_key="nav.incidents", grid=True,
                   role=("operator", "leader", "analyst", "admin"), title=t("inc.title", "vi"))


def layout(lang: str | None = None, id: str | None = None, **_query):  # noqa: A002 - the URL's ?id=
    lang = normalise_lang(lang)
    pack = get_services().pack
    choices = console_choices(lang)
    selected = int(id) if id and str(id).isdigit() else None
    view = {**fit_view(pack.meta["bounds"], 820, 820), "labels": map_labels(pack, lang)}  # the map column at 1920 px
    return page(lang, view, "/api/v1/geo/wards.geojson",
                pack_text(pack, "map_note", lang), choices["options"], choices["units"], choices["can_act"], selected)
