"""`/wall` — the control-room wall: rotating scenes, alarm takeover, camera wall, feed health. No chrome.

`?scenes=overview,traffic,cameras&dwell=45` (or `dwell=overview:60,traffic:30`), `takeover=30`, `grid=4x4`.
"""

import dash

from data.wiring.services import get_services
from geo.pack import map_labels
from layouts.domains import views
from layouts.i18n import normalise_lang, pack_text
from layouts.map import city_view
from layouts.wall import error_page, page, parse_config
from layouts.wall_scenes import overview_scene
from pages import titled

dash.register_page(__name__, path="/wall", order=90, nav_key="nav.wall",
                   role=("display", "operator", "leader", "admin"), chrome=False, title=titled("wall.title"))

WARDS_URL = "/api/v1/geo/wards.geojson"


def layout(lang: str | None = None, scenes: str | None = None, dwell: str | None = None,
           takeover: str | None = None, grid: str | None = None, **_query):
    lang = normalise_lang(lang)
    try:
        config = parse_config(scenes, dwell, takeover, grid)
    except ValueError as exc:
        return error_page(lang, str(exc))
    services = get_services()
    view = city_view(services.pack.meta["bounds"], map_labels(services.pack, lang), 1150, 700,
                     services.settings.map_tiles_url, services.settings.map_tiles_attribution)
    city = services.pack.meta.get("name_vi" if lang == "vi" else "name_en", "")
    map_note = pack_text(services.pack, "map_note", lang)
    scene_list = [overview_scene(lang, view, WARDS_URL, map_note),
                  *(v.wall_scene(lang, view, WARDS_URL) for v in views())]
    return page(lang, config, view, str(services.zone), city, services.settings.demo, scene_list)
