"""`/incidents` — the operator console: queue, map, detail, lifecycle actions, SLA clocks, alerts.
Operators (and admins) act; leaders and analysts read."""

import dash

from api.access import OPERATE, current_principal
from data.wiring.services import get_services
from layouts.i18n import normalise_lang, pack_text, t
from layouts.incidents import filter_options, page
from layouts.map import fit_view

dash.register_page(__name__, path="/incidents", order=10, nav_key="nav.incidents",
                   role=("operator", "leader", "analyst", "admin"), title=t("inc.title", "vi"))


def layout(lang: str | None = None, id: str | None = None, **_query):  # noqa: A002 - the URL's ?id=
    lang = normalise_lang(lang)
    services = get_services()
    principal = current_principal()
    options = filter_options(lang, services.incidents.categories(), services.pack.unit_names("ward"))
    selected = int(id) if id and str(id).isdigit() else None
    units = [{"label": f"{r.name} ({r.code})", "value": r.code}
             for r in services.incidents.response_units(active_only=True).itertuples()]
    return page(lang, fit_view(services.pack.meta["bounds"], 380, 330), "/api/v1/geo/wards.geojson",
                pack_text(services.pack, "map_note", lang), options, units,
                principal is not None and principal.role in OPERATE, selected)
