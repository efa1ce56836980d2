"""Environment across the feeds: NGSI-v2 `AirQualityObserved` / `WaterQualityObserved` → readings (`unitCode`
honoured; other unit codes reject that attribute; unknown attributes are ignored); open data: stations with the
latest VN_AQI and readings."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from data.rules.ngsi import UNIT_CODES, Translated, observed_at, unit_code, value_of
from data.store.frames import feature_collection, json_records, point_geometry

AIR = {"pm25": "pm25", "pm2_5": "pm25", "pm2.5": "pm25", "pm10": "pm10", "o3": "o3", "co": "co", "so2": "so2",
       "no2": "no2", "temperature": "temperature", "relativehumidity": "humidity", "humidity": "humidity",
       "precipitation": "rain_mm"}
WATER = {"ph": "ph", "o2": "do", "dissolvedoxygen": "do", "nh4": "nh4", "bod": "bod5", "bod5": "bod5",
         "cod": "cod", "tss": "tss", "temperature": "temperature"}


def air_quality(entity: Mapping, station: str) -> Translated:
    return _readings(entity, station, AIR)


def water_quality(entity: Mapping, station: str) -> Translated:
    return _readings(entity, station, WATER)


def _readings(entity: Mapping, station: str, names: dict[str, str]) -> Translated:
    ts, _ = observed_at(entity, "dateObserved")
    out = Translated("environment", [])
    for name, attr in entity.items():
        parameter = names.get(name.lower())
        value = value_of(attr)
        if parameter is None or value is None:
            continue  # unknown attributes are ignored
        if isinstance(value, bool) or not isinstance(value, int | float):
            out.skipped.append(f"{name}: not a number")
            continue
        record = {"station": station, "ts": ts.isoformat(), "parameter": parameter, "value": float(value)}
        code = unit_code(attr)
        if code is not None:
            if code not in UNIT_CODES:
                out.skipped.append(f"{name}: unsupported unitCode {code[:16]!r}")
                continue
            record["unit"], factor = UNIT_CODES[code]
            record["value"] = float(value) * factor
        elif parameter == "humidity" and 0 <= value <= 1:
            record["value"] = float(value) * 100  # the models give relativeHumidity as a fraction
        out.records.append(record)
    return out


def stations_layer(environment, at) -> dict:
    frame = pd.DataFrame(environment.stations().drop(columns="geometry"))
    aqi = environment.aqi_current(at)[["station", "ts", "aqi", "dominant", "category"]].rename(
        columns={"ts": "aqi_ts", "station": "code"})
    frame = frame.merge(aqi, on="code", how="left")
    latest = environment.latest(at)
    readings = {code: {r["parameter"]: {"value": r["value"], "unit": r["unit"], "ts": r["ts"]}
                       for r in json_records(group)} for code, group in latest.groupby("station_code")}
    frame["latest"] = [readings.get(code, {}) for code in frame["code"]]
    return feature_collection(frame, point_geometry)


def series(environment, start, end, bucket: str, ward: str | None, entity: str | None, parameter: str):
    return environment.series(start, end, parameter, bucket, station=entity, ward=ward)
