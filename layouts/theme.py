"""Colours and the shared Plotly template. Colour always carries one meaning, and always with a word."""

from __future__ import annotations

FONT = "Be Vietnam Pro, system-ui, sans-serif"
BACKGROUND = "#0b1220"
PANEL = "#111a2e"
TEXT = "#e8eef9"
MUTED = "#9fb0cc"
WARD_LINE = "#7f93b8"
LAND = "#142036"  # the city's land, a step lighter than the background around it
WATER = "#2f6db5"

# Congestion: one sequential scale of its own on the roads (grey free flow → violet → magenta → light pink at a
# standstill: lightness and line width rise together, so it reads without hue and shares no colour with VN_AQI or
# severity, which are shown as badges of their own shapes).
CONGESTION = {"free": "#5d6680", "moderate": "#a070c8", "heavy": "#e05fb0", "standstill": "#ff9ccf",
              "unknown": "#3a4360"}
SEVERITY = {1: "#ff3b3b", 2: "#ff9f1c", 3: "#ffd166", 4: "#8ecae6"}
STATUS = {"online": "#3ddc84", "ok": "#3ddc84", "late": "#ffb020", "stale": "#ff4d4f", "offline": "#ff4d4f",
          "unknown": "#8a96ad", "import": "#8a96ad"}
# The six official VN_AQI colours (QĐ 1459/QĐ-TCMT, Bảng 1), by category key.
AQI = {"good": "#00E400", "moderate": "#FFFF00", "poor": "#FF7E00", "bad": "#FF0000", "very_bad": "#8F3F97",
       "hazardous": "#7E0023"}
AQI_INK = {"good": BACKGROUND, "moderate": BACKGROUND, "poor": BACKGROUND, "bad": "#ffffff", "very_bad": "#ffffff",
           "hazardous": "#ffffff"}  # readable text on each official colour


def figure_layout(**overrides) -> dict:
    """The one layout template for every figure: dark, the Vietnamese font, trimmed margins, no animation."""
    base = {
        "paper_bgcolor": PANEL, "plot_bgcolor": PANEL,
        "font": {"family": FONT, "color": TEXT, "size": 14},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "showlegend": False, "transition": {"duration": 0}, "uirevision": "keep",
    }
    base.update(overrides)
    return base
