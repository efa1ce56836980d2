"""How each domain shows itself, one module per domain (`layouts/domains/<name>.py` defines `VIEW`), in the
order of the domain registry: its layers on the situation map, its overview card, its wall KPI and scene.

Pure builders. The map's traces have a fixed order (each domain's placeholders, in registry order, then the
wall's focus ring), so callbacks patch one domain's traces by index (`trace_slots`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from dash import html

from data.domains.registry import ordered_names
from layouts import ids


@dataclass(frozen=True)
class DomainView:
    """- `placeholders(lang)`: the domain's map traces, empty, in the order it always draws them;
    - `card(summary, lang)` → (figure, detail) of its overview card from its provider's `summary()`;
    - `legend(lang)`: its part of the map legend (it names its layer and never covers data);
    - `wall_kpi`: the catalog key of its KPI label on the wall's overview; `wall_kpi_text(summary, lang)` →
      (value, detail, state), the state ("ok", "warn", "bad", "none") colouring the tile by the domain's threshold;
    - `wall_scene(lang, view, wards_url)`: its wall scene; `dwell_s`: how long the wall shows it by default;
    - `wall_overview_panel(lang)`: an optional panel beside the wall's overview map;
    - `wall_charts`, `wall_maps`: the ids of its wall scene's charts and maps (text and zoom follow the screen);
    - `alarm_rules`, `alarm_words(rule, values, refs, lang)`: the alert rules of the domain that may take over
      the wall, and the words of such an alarm's banner from the alert's values."""

    name: str
    placeholders: Callable[[str], list[dict]]
    card: Callable[[dict, str], tuple]
    legend: Callable[[str], html.Div]
    wall_kpi: str
    wall_kpi_text: Callable[[dict, str], tuple]
    wall_scene: Callable[[str, dict, str], html.Section]
    dwell_s: int = 30
    wall_overview_panel: Callable[[str], html.Section] | None = None
    wall_charts: tuple[str, ...] = ()
    wall_maps: tuple[str, ...] = ()
    alarm_rules: tuple[str, ...] = ()
    alarm_words: Callable[[str, dict, dict, str], dict] | None = None


@cache
def views() -> tuple[DomainView, ...]:
    found = []
    for name in ordered_names():
        view = importlib.import_module(f"{__name__}.{name}").VIEW
        if view.name != name:
            raise ValueError(f"layouts/domains/{name}.py: VIEW.name is {view.name!r}")
        found.append(view)
    return tuple(found)


def view_of(name: str) -> DomainView:
    return next(v for v in views() if v.name == name)


@cache
def trace_slots() -> dict[str, list[int]]:
    """domain → the indexes of its traces on the situation map."""
    slots, start = {}, 0
    for view in views():
        count = len(view.placeholders("vi"))
        slots[view.name] = list(range(start, start + count))
        start += count
    return slots


def focus_trace_index() -> int:
    """The wall's focus ring comes after every domain's traces."""
    return sum(len(indexes) for indexes in trace_slots().values())


def placeholder_traces(lang: str) -> list[dict]:
    return [trace for view in views() for trace in view.placeholders(lang)]


def wall_charts() -> list[str]:
    return [g for v in views() for g in v.wall_charts]


def wall_maps() -> list[str]:
    """The overview map, then every domain's own wall maps."""
    return [ids.WALL_MAP] + [g for v in views() for g in v.wall_maps]
