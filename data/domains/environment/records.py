"""What an environment feed sends: one reading of one parameter at one station, and the parameters known."""

from __future__ import annotations

from pydantic import AwareDatetime, Field

from data.rules.records import Code, Record

ENV_PARAMETERS = {
    # parameter: (canonical unit, accepted range)
    "pm25": ("ug/m3", (0, 2000)), "pm10": ("ug/m3", (0, 3000)), "o3": ("ug/m3", (0, 2000)),
    "co": ("ug/m3", (0, 200_000)), "so2": ("ug/m3", (0, 5000)), "no2": ("ug/m3", (0, 5000)),
    "temperature": ("C", (-20, 60)), "humidity": ("%", (0, 100)), "rain_mm": ("mm", (0, 500)),
    "water_level_m": ("m", (-10, 50)), "ph": ("pH", (0, 14)), "do": ("mg/l", (0, 30)),
    "bod5": ("mg/l", (0, 500)), "cod": ("mg/l", (0, 2000)), "nh4": ("mg/l", (0, 200)),
    "tss": ("mg/l", (0, 5000)), "coliform": ("MPN/100ml", (0, 10_000_000)),
}
UNIT_ALIASES = {"µg/m3": "ug/m3", "µg/m³": "ug/m3", "ug/m³": "ug/m3", "°c": "C", "degc": "C", "mg/l": "mg/l"}


class EnvRecord(Record):
    station: Code
    ts: AwareDatetime
    parameter: str = Field(min_length=1, max_length=24)
    value: float
    unit: str | None = Field(default=None, max_length=16)
    flag: str | None = Field(default=None, max_length=16)
