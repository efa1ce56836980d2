"""Component ids shared by layouts, callbacks, browser-side callbacks and tests: each id is typed once, here
(a domain's own ids live in its view module, `layouts/domains/<name>.py`)."""

from __future__ import annotations

# The shell.
LANG = "lang"
LIVE_VERSIONS = "live-versions"
LIVE_HEARTBEAT = "live-heartbeat"
LIVE_ACCESS = "live-access"
CLOCK_TICK = "clock-tick"

# The overview page.
OVERVIEW_MAP = "overview-map"
OVERVIEW_LANG = "overview-lang"
OVERVIEW_SEEN = "overview-seen"
OVERVIEW_UPDATED = "overview-updated"

# The wall.
WALL = "wall"
WALL_CONFIG = "wall-config"
WALL_LANG = "wall-lang"
WALL_MAP = "wall-overview-map"
WALL_ALARMS = "wall-alarms"
WALL_ALARMS_SEEN = "wall-alarms-seen"
WALL_ROTATION = "wall-rotation"
WALL_FEEDS = "wall-feeds"
WALL_FEEDS_SIG = "wall-feeds-sig"
WALL_SIZE = "wall-size"
WALL_SCENE_TITLE = "wall-scene-title"
WALL_ALARM = "wall-alarm"
WALL_ALARM_TITLE = "wall-alarm-title"
WALL_ALARM_MESSAGE = "wall-alarm-message"
WALL_ALARM_SINCE = "wall-alarm-since"
WALL_UNAVAILABLE = "wall-unavailable"
WALL_CLOCK = "wall-clock"
WALL_DATE = "wall-date"


def live(domain: str) -> str:
    """The shell store a domain's pushed version lands in."""
    return f"live-{domain}"


def card_value(domain: str) -> str:
    return f"card-{domain}-value"


def card_detail(domain: str) -> str:
    return f"card-{domain}-detail"


def wall_scene(scene: str) -> str:
    return f"wall-scene-{scene}"


def wall_seen(domain: str) -> str:
    """The version of a domain a wall shows."""
    return f"wall-seen-{domain}"


def wall_kpi(domain: str) -> str:
    return f"wall-kpi-{domain}"


def wall_kpi_value(domain: str) -> str:
    return f"wall-kpi-{domain}-value"


def wall_kpi_detail(domain: str) -> str:
    return f"wall-kpi-{domain}-detail"
