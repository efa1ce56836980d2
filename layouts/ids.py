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
OVERVIEW_ASK = "overview-ask"  # the pushed versions, passed on only when the map does not show them yet
INC_ASK = "inc-ask"  # the pushed incidents' version, passed on only when the queue does not show it yet
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


def wall_ask(domain: str) -> str:
    """The version of a domain a wall has asked the server for (each pushed version once)."""
    return f"wall-ask-{domain}"


def wall_kpi(domain: str) -> str:
    return f"wall-kpi-{domain}"


def wall_kpi_value(domain: str) -> str:
    return f"wall-kpi-{domain}-value"


def wall_kpi_detail(domain: str) -> str:
    return f"wall-kpi-{domain}-detail"


# The incident console's queue search and time range, and its create form.
INC_SEARCH = "inc-search"
INC_PERIOD = "inc-filter-period"
INC_CREATE_WHERE = "inc-create-where"
INC_CREATE_CATEGORY = "inc-create-category"
INC_CREATE_SEVERITY = "inc-create-severity"
INC_CREATE_TITLE = "inc-create-title"
INC_CREATE_NAME = "inc-create-name"
INC_CREATE_PHONE = "inc-create-phone"
INC_CREATE_ADDRESS = "inc-create-address"
INC_CREATE_DESCRIPTION = "inc-create-description"
INC_CREATE_ERRORS = "inc-create-errors"
INC_CREATE_SUBMIT = "inc-create-submit"
INC_CREATE_POINT = "inc-create-point"
INC_CREATE_CANCEL = "inc-create-cancel"
INC_NEW = "inc-new"  # the "new incident" mode switch over the map
INC_MODE = "inc-mode"  # "view" (a click selects) or "create" (a click places the new incident)
INC_ROOT = "inc-root"
INC_SPLIT = "inc-split"  # the gutter between the queue and the map: drag to widen either
INC_DETAIL_PANEL = "inc-detail-panel"
INC_SELECTED_POINT = "inc-selected-point"  # {lat, lon} of the selected incident, ringed on the map
# The create form's text fields, in the order they are read and cleared.
INC_CREATE_TEXTS = (INC_CREATE_TITLE, INC_CREATE_NAME, INC_CREATE_PHONE, INC_CREATE_ADDRESS, INC_CREATE_DESCRIPTION)
