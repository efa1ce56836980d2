"""`/` — the overview: domain cards and the live situation map."""

import dash

from data.wiring.services import get_services
from geo.pack import map_labels
from layouts.i18n import normalise_lang, pack_text, t
from layouts.map import fit_view
from layouts.overview import page

dash.register_page(__name__, path="/", order=0, nav_key="nav.overview",
                   role=("admin", "operator", "leader", "analyst", "display"),
                   title=t("app.title", "vi"))


def layout(lang: str | None = None, **_query):
    pack = get_services().pack
    lang = normalise_lang(lang)
    view = {**fit_view(pack.meta["bounds"]), "labels": map_labels(pack, lang)}
    return page(lang, view, "/api/v1/geo/wards.geojson", pack_text(pack, "map_note", lang))
