"""`/incidents` — the operator console: queue, map, detail, lifecycle actions, SLA clocks, alerts.
Operators (and admins) act; leaders and analysts read."""

import dash

from callbacks.incidents import console_choices
from data.wiring.services import get_services
from geo.pack import map_labels
from layouts.i18n import normalise_lang, pack_text
from layouts.incidents import page
from layouts.map import city_view
from pages import titled

dash.register_page(__name__, path="/incidents", order=10, nav_key="nav.incidents", grid=True,
                   role=("operator", "leader", "analyst", "admin"), title=titled("inc.title"))


def layout(lang: str | None = None, id: str | None = None, **_query):  # noqa: A002 - the URL's ?id=
    lang = normalise_lang(lang)
    services = get_services()
    pack, settings = services.pack, services.settings
    choices = console_choices(lang)
    selected = int(id) if id and str(id).isdigit() else None
    view = city_view(pack.meta["bounds"], map_labels(pack, lang), 820, 820,  # the map column at 1920 px
                     settings.map_tiles_url, settings.map_tiles_attribution)
    return page(lang, view, "/api/v1/geo/wards.geojson",
                pack_text(pack, "map_note", lang), choices["options"], choices["units"], choices["can_act"], selected)
