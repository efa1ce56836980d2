"""The control-room wall: frame (top bar, alarm banner, feed strip), rotation config and shared formatting.

Pure builders. The overview scene and what scenes share live in `layouts/wall_scenes.py`, each domain's scene in
`layouts/domains/<name>.py`; the callbacks fill them from the providers.
Every size is in viewport units (assets/wall.css), so the same layout reads at 1920×1080 and 3840×2160.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
from dash import dcc, html

from layouts import ids
from layouts.domains import focus_trace_index, views, wall_charts, wall_maps
from layouts.formats import local_time
from layouts.i18n import t, t_or
from layouts.theme import STATUS
from layouts.wall_scenes import TICK_STANDOFF

OVERVIEW_DWELL_S = 60
DEFAULT_TAKEOVER_S = 30
DEFAULT_GRID = (3, 3)
MIN_DWELL_S, MAX_DWELL_S = 2, 3600


@dataclass(frozen=True)
class WallConfig:
    """What the URL asked for: `?scenes=overview,traffic&dwell=45` or `dwell=overview:60,traffic:30`,
    `takeover=30` (seconds an alarm holds the screen; 0 = no takeover), `grid=4x4` (camera tiles)."""

    scenes: tuple[str, ...] = field(default_factory=lambda: scene_names())
    dwell: dict[str, int] = field(default_factory=lambda: default_dwell())
    takeover_s: int = DEFAULT_TAKEOVER_S
    grid: tuple[int, int] = DEFAULT_GRID

    def as_store(self, view: dict, zone: str, lang: str) -> dict:
        """Everything the browser-side timers need (rotation, takeover, camera pages, clock)."""
        return {"scenes": list(self.scenes), "dwell": self.dwell, "takeover_s": self.takeover_s,
                "grid": list(self.grid), "view": view, "zone": zone, "lang": lang,
                "cam_dwell_s": max(3, self.dwell.get("cameras", 45) // 3),
                "titles": {s: t(f"wall.scene.{s}", lang) for s in scene_names()},
                # The browser-side rotation sets every scene's class and moves the focus ring (the map trace
                # after every domain's layers).
                "scene_names": list(scene_names()), "focus_trace": focus_trace_index(),
                "chart_count": len(wall_charts()), "map_count": len(wall_maps()), "tick_standoff": TICK_STANDOFF,
                "unavailable": t("wall.unavailable", lang, since="{since}"),
                "cam_page": t("wall.cam.page", lang, n="{n}", total="{total}")}


def scene_names() -> tuple[str, ...]:
    """The overview, then every domain's scene in registry order."""
    return ("overview", *(v.name for v in views()))


def default_dwell() -> dict[str, int]:
    return {"overview": OVERVIEW_DWELL_S, **{v.name: v.dwell_s for v in views()}}


def _int(text: str, low: int, high: int, what: str) -> int:
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise ValueError(f"{what}: {text!r} is not a whole number") from None
    if not low <= value <= high:
        raise ValueError(f"{what}: {value} is outside {low}..{high}")
    return value


def parse_config(scenes: str | None = None, dwell: str | None = None, takeover: str | None = None,
                 grid: str | None = None) -> WallConfig:
    """The wall's configuration from URL parameters; ValueError with a readable reason for bad values."""
    known = scene_names()
    chosen = known
    if scenes:
        chosen = tuple(s.strip() for s in scenes.split(",") if s.strip())
        unknown = [s for s in chosen if s not in known]
        if unknown or not chosen:
            raise ValueError(f"scenes: unknown {', '.join(unknown) or 'none given'} (known: {', '.join(known)})")
    times = default_dwell()
    if dwell:
        for part in dwell.split(","):
            name, _, value = part.strip().rpartition(":")
            if name and name not in known:
                raise ValueError(f"dwell: unknown scene {name!r}")
            seconds = _int(value, MIN_DWELL_S, MAX_DWELL_S, "dwell")
            times.update({name: seconds} if name else dict.fromkeys(known, seconds))
    hold = DEFAULT_TAKEOVER_S if takeover in (None, "") else _int(takeover, 0, MAX_DWELL_S, "takeover")
    size = DEFAULT_GRID
    if grid:
        cols, _, rows = grid.lower().partition("x")
        size = (_int(cols, 1, 8, "grid"), _int(rows or cols, 1, 8, "grid"))
    return WallConfig(chosen, times, hold, size)


# --- formatting -------------------------------------------------------------------------------------

def duration(seconds: float, lang: str) -> str:
    minutes = max(0, int(seconds // 60))
    if minutes < 60:
        return t("wall.duration.min", lang, m=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return t("wall.duration.hour", lang, h=hours, m=minutes)
    days, hours = divmod(hours, 24)
    return t("wall.duration.day", lang, d=days, h=hours)


def every(seconds: float, lang: str) -> str:
    seconds = int(seconds)
    if seconds < 120:
        return t("wall.every.s", lang, n=seconds)
    if seconds < 7200:
        return t("wall.every.min", lang, n=seconds // 60)
    return t("wall.every.h", lang, n=seconds // 3600)


def number(value, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "–"
    return f"{float(value):.{digits}f}"


# --- frame ------------------------------------------------------------------------------------------

def distinct_names(names: list[str]) -> list[str]:
    """Names without the words they all begin with ("Trạm quan trắc không khí Đông Tiến" → "Đông Tiến" in a list
    titled as air stations), so the part that tells them apart is what a wall has room for. Capitalised words the
    names share at the end of that start belong to their proper names and stay ("Trạm Đông Sơn", "Trạm Đông Tiến"
    are kept whole); a name that would be left empty keeps its words."""
    words = [name.split() for name in names]
    if len(words) < 2:
        return list(names)
    shared = 0
    while all(len(w) > shared + 1 and w[shared] == words[0][shared] for w in words):
        shared += 1
    while shared and words[0][shared - 1][:1].isupper():
        shared -= 1
    return [" ".join(w[shared:]) for w in words]


def top_bar(lang: str, city: str, simulated: bool, scenes: tuple[str, ...]) -> html.Header:
    return html.Header(className="wall-top", children=[
        html.Div(className="wall-brand", children=[
            html.Span("CityOps", className="wall-brand-name"), html.Span(city, className="wall-city")]),
        html.Div(id=ids.WALL_SCENE_TITLE, className="wall-scene-title", children=t(f"wall.scene.{scenes[0]}", lang)),
        html.Div(className="wall-top-right", children=[
            html.Span(t("badge.simulated", lang), className="wall-sim", hidden=not simulated),
            html.Div(className="wall-time", children=[
                html.Span(id=ids.WALL_CLOCK, className="wall-clock"), html.Span(id=ids.WALL_DATE, className="wall-date")]),
        ]),
    ])


# Feeds of the system's own parts, by the source that prefixes their id ("simulator/cameras"); an integrator's
# feed keeps the name it was registered with.
OWN_SOURCES = ("simulator", "seed", "mqtt")
NAMED_FEEDS = 3  # late or stale feeds named one by one; the rest are counted


def feed_label(feed: str, domain: str | None, lang: str) -> str:
    """A feed's name for people: "Camera · mô phỏng", "Bàn điều hành", "MQTT · tram-01"; else its own id."""
    if feed == "console":
        return t("wall.feed.source.console", lang)
    source, _, rest = feed.partition("/")
    if source not in OWN_SOURCES or not rest:
        return feed
    what = t_or(f"card.{rest}", lang, t_or(f"card.{domain}", lang, rest)) if source != "mqtt" else rest
    return t(f"wall.feed.source.{source}", lang, what=what)


def feed_strip(feeds: pd.DataFrame, zone, lang: str) -> list:
    """One row that never wraps: how many feeds are fine, each late or stale feed by name with when it was last
    heard (the first few; the rest counted), and the one-off loads (the seeded history) as one item."""
    if feeds.empty:
        return [html.Span(t("wall.feeds.none", lang), className="wall-feed")]
    items = [html.Span(t("wall.feeds.title", lang), className="wall-feeds-title")]
    domains = feeds["domain"] if "domain" in feeds else pd.Series(None, index=feeds.index)
    fine = feeds[feeds["state"] == "ok"]
    if len(fine):
        names = ", ".join(feed_label(f, d, lang) for f, d in zip(fine["feed"], domains[fine.index], strict=True))
        items.append(_feed_item(t("wall.feeds.ok", lang, n=len(fine)), "ok", names, lang))
    bad = feeds[feeds["state"].isin(("stale", "late"))].sort_values(["state", "last_seen"], ascending=[False, True],
                                                                    kind="stable")
    for row in bad.head(NAMED_FEEDS).itertuples():
        detail = t("wall.feed.detail", lang, every=every(row.expected_every_s, lang),
                   last=local_time(row.last_seen, zone, "%H:%M:%S"))
        items.append(_feed_item(feed_label(row.feed, domains[row.Index], lang), row.state, detail, lang))
    if len(bad) > NAMED_FEEDS:
        items.append(_feed_item(t("wall.feeds.more", lang, n=len(bad) - NAMED_FEEDS), bad["state"].iloc[NAMED_FEEDS],
                                ", ".join(feed_label(f, None, lang) for f in bad["feed"].iloc[NAMED_FEEDS:]), lang))
    imports = feeds[feeds["state"] == "import"]
    if not imports.empty:  # one-off loads (the seeded history) have no cadence: one item for all of them
        labels = sorted({feed_label(f, d, lang) for f, d in zip(imports["feed"], domains[imports.index], strict=True)})
        items.append(_feed_item(t("wall.feeds.imported", lang, n=len(imports)), "import",
                                f"{local_time(imports['last_seen'].max(), zone, '%d/%m %H:%M')} · {', '.join(labels)}",
                                lang))
    return items


def _feed_item(name: str, state: str, detail: str, lang: str) -> html.Div:
    return html.Div(className=f"wall-feed wall-feed-{state}", **{"data-state": state}, children=[
        html.Span(name, className="wall-feed-name"),
        html.Span(t(f"wall.feed.{state}", lang), className="wall-feed-state",
                  style={"color": STATUS.get(state, STATUS["unknown"])}),
        html.Span(detail, className="wall-feed-detail"),
    ])


def feeds_signature(feeds: pd.DataFrame) -> list:
    """What the strip shows, to skip re-sending it when nothing visible changed."""
    return [[r.feed, r.state, int(r.expected_every_s), str(r.last_seen)] for r in feeds.itertuples()]


def alarm_records(alarms: pd.DataFrame, refs: dict, zone, lang: str) -> list[dict]:
    """The wall's alarms (`AlertsProvider.takeovers()`) as small JSON records for the browser: id, place and the
    words of the banner; each rule's domain view puts its values in words (`DomainView.alarm_words`)."""
    words_of = {rule: view.alarm_words for view in views() for rule in view.alarm_rules}
    records = []
    for row in alarms.itertuples():
        values = row.values
        words = (words_of[row.rule](row.rule, {**values, "ward_code": row.ward_code}, refs, lang) if row.rule in words_of
                 else {"domain": values.get("domain", ""), "age": duration(60 * float(values.get("value", 0)), lang)})
        place = None if row.lat is None or pd.isna(row.lat) else {"lat": round(float(row.lat), 5),
                                                                   "lon": round(float(row.lon), 5)}
        records.append({"id": row.alarm_id, "kind": row.rule, "severity": int(row.severity), "place": place,
                        "title": t(f"wall.alarm.kind.{row.rule}", lang),
                        "message": t(f"wall.alarm.{row.rule}", lang, subject=row.subject, **words),
                        "since": t("wall.alarm.since", lang, time=local_time(row.since, zone))})
    return records


def page(lang: str, config: WallConfig, view: dict, zone: str, city: str, simulated: bool, scenes: list) -> html.Div:
    """The whole wall: stores, top bar, banners, the scenes (one visible at a time) and the feed strip."""
    return html.Div(id=ids.WALL, className="wall", lang=lang, children=[
        dcc.Store(id=ids.WALL_CONFIG, data=config.as_store(view, zone, lang)),
        dcc.Store(id=ids.WALL_LANG, data=lang),
        *[dcc.Store(id=ids.wall_seen(v.name)) for v in views()],
        *[dcc.Store(id=ids.wall_ask(name)) for name in (*(v.name for v in views()), "all")],
        dcc.Store(id=ids.WALL_ALARMS, data=[]),
        dcc.Store(id=ids.WALL_ALARMS_SEEN, storage_type="local", data=[]),
        dcc.Store(id=ids.WALL_ROTATION),
        dcc.Store(id=ids.WALL_FEEDS_SIG),
        dcc.Store(id=ids.WALL_SIZE),
        top_bar(lang, city, simulated, config.scenes),
        html.Div(id=ids.WALL_UNAVAILABLE, className="wall-unavailable", hidden=True),
        html.Div(id=ids.WALL_ALARM, className="wall-alarm", hidden=True, children=[
            html.Div(id=ids.WALL_ALARM_TITLE, className="wall-alarm-title"),
            html.Div(id=ids.WALL_ALARM_MESSAGE, className="wall-alarm-message"),
            html.Div(id=ids.WALL_ALARM_SINCE, className="wall-alarm-since"),
        ]),
        html.Main(className="wall-scenes", children=scenes),
        html.Footer(id=ids.WALL_FEEDS, className="wall-feeds"),
    ])


def error_page(lang: str, error: str) -> html.Div:
    return html.Div(className="wall wall-error", children=[
        html.Div(t("wall.bad_param", lang, error=error), className="wall-unavailable")])
