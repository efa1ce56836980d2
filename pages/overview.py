"""`/` — the overview: domain cards and the live situation map."""

import dash

from data.wiring.services import get_services
from geo.pack import map_labels
from layouts.i18n import normalise_lang, pack_text
from layouts.map import city_view
from layouts.overview import page
from pages import titled

dash.register_page(__name__, path="/", order=0, nav_key="nav.overview",
                   role=("admin", "operator", "leader", "analyst", "display"),
                   title=titled("app.title"))


def layout(lang: str | None = None, **_query):
    services = get_services()
    pack, settings = services.pack, services.settings
    lang = normalise_lang(lang)
    # The map's panel at 1920×1080: the width of the page, under the cards and above the legend.
    view = city_view(pack.meta["bounds"], map_labels(pack, lang), 1850, 700, settings.map_tiles_url,
                     settings.map_tiles_attribution)
    return page(lang, view, "/api/v1/geo/wards.geojson", pack_text(pack, "map_note", lang))
