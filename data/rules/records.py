"""Record shapes accepted by the write path (DESIGN §7), validated one by one with pydantic."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32, pattern=r"^[\w.\-:]+$")]
Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]

ENV_PARAMETERS = {
    # parameter: (canonical unit, accepted range)
    "pm25": ("ug/m3", (0, 2000)), "pm10": ("ug/m3", (0, 3000)), "o3": ("ug/m3", (0, 2000)),
    "co": ("ug/m3", (0, 200_000)), "so2": ("ug/m3", (0, 5000)), "no2": ("ug/m3", (0, 5000)),
    "temperature": ("C", (-20, 60)), "humidity": ("%", (0, 100)), "rain_mm": ("mm", (0, 500)),
    "water_level_m": ("m", (-10, 50)), "ph": ("pH", (0, 14)), "do": ("mg/l", (0, 30)),
    "bod5": ("mg/l", (0, 500)), "cod": ("mg/l", (0, 2000)), "nh4": ("mg/l", (0, 200)),
    "tss": ("mg/l", (0, 5000)), "coliform": ("MPN/100ml", (0, 10_000_000)),
}
# How an incident reached the centre. Citizen field reports (phản ánh hiện trường) come from the city's app or
# through Open311; a record may name its channel, else it follows from its source.
CHANNELS = ("citizen_report", "hotline", "camera_ai", "sensor", "operator", "other")
SOURCE_CHANNELS = {"open311": "citizen_report", "citizen_app": "citizen_report", "hotline": "hotline",
                   "camera_ai": "camera_ai", "rules": "sensor", "sensor": "sensor", "operator": "operator"}


def channel_of(source: str, channel: str | None = None) -> str:
    return channel or SOURCE_CHANNELS.get(source, "other")


UNIT_ALIASES = {"µg/m3": "ug/m3", "µg/m³": "ug/m3", "ug/m³": "ug/m3", "°c": "C", "degc": "C", "mg/l": "mg/l"}


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, str_max_length=2000)


class TrafficRecord(_Record):
    segment: Code
    ts: AwareDatetime
    speed_kmh: float = Field(ge=0, le=200)
    volume_vph: int | None = Field(default=None, ge=0, le=20_000)
    occupancy: float | None = Field(default=None, ge=0, le=1)


class EnvRecord(_Record):
    station: Code
    ts: AwareDatetime
    parameter: str = Field(min_length=1, max_length=24)
    value: float
    unit: str | None = Field(default=None, max_length=16)
    flag: str | None = Field(default=None, max_length=16)


class CameraEventIn(_Record):
    kind: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_]+$")
    value: float | None = None
    confidence: float | None = Field(default=None, ge=0, le=1)


class CameraRecord(_Record):
    camera: Code
    ts: AwareDatetime
    online: bool | None = None
    event: CameraEventIn | None = None


class IncidentRecord(_Record):
    external_id: Code
    source: Code
    category: Code
    severity: int = Field(ge=1, le=4)
    title: Text200
    description: str | None = Field(default=None, max_length=2000)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    reported_at: AwareDatetime
    channel: Literal[CHANNELS] | None = None  # type: ignore[valid-type]
    reporter_name: str | None = Field(default=None, max_length=120)
    reporter_phone: str | None = Field(default=None, max_length=40)


class IncidentEventRecord(_Record):
    source: Code
    external_id: Code
    ts: AwareDatetime
    to_status: str = Field(min_length=1, max_length=16)
    actor: str = Field(min_length=1, max_length=80)
    note: str | None = Field(default=None, max_length=2000)
    unit_code: Code | None = None
