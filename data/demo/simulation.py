"""A deterministic model of the city's feeds, shared by the seeder (history) and the live simulator (now).

Every value is a pure function of (seed, entity, time slot): `records(domain, t0, t1)` gives the same
records for a window whether it is produced in one call or in many small ones, so a restart, a re-seed
or an overlapping tick writes duplicates (which the write path drops), never different data.
Each entity reports at its own phase within its cadence, so a live tick of a few seconds changes a few
entities instead of all of them once every ten minutes.
"""

from __future__ import annotations

import importlib
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache

import numpy as np
import pandas as pd
import shapely

from data.rules import lifecycle
from geo.pack import CityPack

LOCAL = timedelta(hours=7)
SOURCE = "simulator"
CADENCE = {"traffic": timedelta(minutes=10), "air": timedelta(minutes=15), "water_quality": timedelta(hours=1),
           "water_level": timedelta(minutes=15), "rain": timedelta(minutes=15)}
# An incident takes at most this multiple of its resolve target, so its plan ends within a known look-back.
LONGEST_RESOLVE = 2.5
DEFAULT_TARGETS = (60.0, 1440.0)
EVENT_BLOCK_DAYS = 10  # one storm and one pollution episode in every block of this many days  # acknowledge, resolve minutes for a category the pack gives no SLA
# How incidents reach the centre (incident channels) and how often each one is used.
SIMULATED_CHANNELS = ("citizen_report", "hotline", "camera_ai", "sensor", "operator")
CHANNEL_WEIGHTS = (0.45, 0.25, 0.1, 0.05, 0.15)
DESCRIPTIONS = {
    "citizen_report": "{title}. Người dân phản ánh qua ứng dụng, kèm ảnh hiện trường.",
    "hotline": "{title}. Người dân gọi đường dây nóng báo tin.",
    "camera_ai": "{title}. Camera phân tích hình ảnh tự động phát hiện.",
    "sensor": "{title}. Cảm biến hiện trường phát hiện bất thường.",
    "operator": "{title}. Trực ban phát hiện khi theo dõi camera.",
}
DUPLICATE_SHARE = 0.05  # reports that are a second report of an event already reported
REJECT_SHARE = 0.05  # reports refused after checking (not true, not the city's to handle)
LATE_SHARE = 0.16  # of the incidents handled to the end, those that take longer than their resolve target
REJECT_NOTES = ("Đã xác minh: phản ánh không đúng thực tế", "Không thuộc thẩm quyền xử lý của thành phố",
                "Nội dung phản ánh không đủ thông tin để xác minh")
# The simulated duty operators who handle incidents (names of the demo's own accounts, not people).
OPERATORS = ("sim.truc_ban_1", "sim.truc_ban_2", "sim.truc_ban_3")
# The response unit kind each category dispatches (others are handled by the ward's office without dispatch).
UNIT_KINDS = {"giao_thong": "traffic_police", "an_ninh_trat_tu": "police", "y_te": "ambulance",
              "moi_truong": "sanitation", "dien_chieu_sang": "power", "cap_thoat_nuoc": "water"}
CAMERA_EVENT_KINDS = {"traffic": ("red_light", "wrong_way", "illegal_parking", "congestion"),
                      "security": ("crowd", "loitering", "intrusion"), "flood": ("water_on_road",)}
TITLES = {  # per category: (vi, en) title templates
    "giao_thong": [("Ùn tắc tại {road}", "Congestion on {road}"), ("Va chạm giao thông trên {road}", "Traffic collision on {road}")],
    "trat_tu_do_thi": [("Lấn chiếm vỉa hè", "Pavement encroachment"), ("Xây dựng trái phép", "Unlicensed construction")],
    "moi_truong": [("Rác thải tồn đọng", "Uncollected waste"), ("Đốt rác gây khói", "Waste burning smoke")],
    "dien_chieu_sang": [("Đèn chiếu sáng hỏng", "Street light out"), ("Sự cố lưới điện", "Power line fault")],
    "cap_thoat_nuoc": [("Ngập úng cục bộ", "Local flooding"), ("Vỡ ống cấp nước", "Burst water main")],
    "ha_tang": [("Hư hỏng mặt đường", "Damaged road surface"), ("Nắp cống bị mất", "Missing drain cover")],
    "an_ninh_trat_tu": [("Gây rối trật tự công cộng", "Public disorder"), ("Tụ tập đông người", "Large gathering")],
    "y_te": [("Cấp cứu y tế", "Medical emergency"), ("Nghi ngộ độc thực phẩm", "Suspected food poisoning")],
    "du_lich": [("Phản ánh dịch vụ du lịch", "Tourism service complaint")],
    "khac": [("Phản ánh khác", "Other report")],
}


@cache
def simulator_of(domain: str, as_frame: bool = False):
    """The callable a domain's spec names as its simulator: `callable(simulation, t0, t1)` → records (with
    `as_frame`, the one its bulk load names → a DataFrame of the same records)."""
    from data.domains.registry import spec

    found = spec(domain)
    module, _, name = (found.bulk.simulate if as_frame else found.simulate).partition(":")
    target = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    return target


def _key(*parts) -> int:
    return zlib.crc32("|".join(str(p) for p in parts).encode())


def _rng(seed: int, *parts) -> np.random.Generator:
    return np.random.default_rng([seed, _key(*parts)])


def _uniform(seed: int, tag: str, *keys: np.ndarray) -> np.ndarray:
    """Uniform [0, 1) numbers that depend only on (seed, tag, keys): a splitmix64 hash, vectorised."""
    with np.errstate(over="ignore"):
        x = np.full(np.broadcast(*keys).shape, np.uint64(_key(seed, tag)), dtype=np.uint64)
        for k in keys:
            x = x ^ np.asarray(k, dtype=np.int64).astype(np.uint64)
            x = x + np.uint64(0x9E3779B97F4A7C15)
            x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def _normal(seed: int, tag: str, *keys: np.ndarray) -> np.ndarray:
    """Standard normal numbers keyed like `_uniform` (Box–Muller)."""
    u1 = np.maximum(_uniform(seed, tag + ".1", *keys), 1e-12)
    u2 = _uniform(seed, tag + ".2", *keys)
    return np.sqrt(-2 * np.log(u1)) * np.cos(2 * np.pi * u2)


def _slots(t0: datetime, t1: datetime, cadence: timedelta, phases: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(entity index, epoch seconds) of every report k*cadence + phase in [t0, t1)."""
    step = cadence.total_seconds()
    a, b = t0.timestamp(), t1.timestamp()
    first = np.floor((a - phases) / step)
    last = np.ceil((b - phases) / step)
    idx, times = [], []
    for k in range(int(first.min()), int(last.max()) + 1):
        t = k * step + phases
        inside = (t >= a) & (t < b)
        idx.append(np.nonzero(inside)[0])
        times.append(t[inside])
    if not idx:
        return np.array([], dtype=int), np.array([])
    return np.concatenate(idx), np.concatenate(times)


def _local_hours(epoch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Local hour of day (fractional) and weekday (0 = Monday) of epoch seconds."""
    local = epoch + LOCAL.total_seconds()
    hour = (local % 86400) / 3600.0
    weekday = ((local // 86400) + 3) % 7  # 1970-01-01 was a Thursday
    return hour, weekday


def _ts(epoch: float) -> datetime:
    return datetime.fromtimestamp(round(float(epoch)), UTC)


def _frame(columns: dict, epoch: np.ndarray) -> pd.DataFrame:
    """Records as columns, `ts` the whole second of each epoch time (aware UTC)."""
    ts = pd.to_datetime(np.round(np.asarray(epoch, dtype=float)).astype(np.int64), unit="s", utc=True)
    return pd.DataFrame({**columns, "ts": ts})


def _records(frame: pd.DataFrame) -> list[dict]:
    """A frame of records as the dicts a feed sends (Python values; `ts` an aware datetime)."""
    rows = frame.drop(columns="ts").to_dict("records")
    for row, ts in zip(rows, frame["ts"].dt.to_pydatetime(), strict=True):
        row["ts"] = ts
    return rows


def demand(hour: np.ndarray, weekday: np.ndarray) -> np.ndarray:
    """Traffic demand 0..1 by local hour: peaks at 7–8 h and 17–18 h on weekdays, a later, flatter weekend."""
    weekend = weekday >= 5
    morning = np.exp(-((hour - 7.5) ** 2) / 1.2)
    evening = np.exp(-((hour - 17.5) ** 2) / 1.5)
    midday = 0.45 * np.exp(-((hour - 12.5) ** 2) / 8.0)
    night = 0.08
    weekday_curve = night + 0.9 * morning + 0.95 * evening + midday
    weekend_curve = night + 0.35 * np.exp(-((hour - 10) ** 2) / 6) + 0.55 * np.exp(-((hour - 18.5) ** 2) / 4)
    return np.clip(np.where(weekend, weekend_curve, weekday_curve), 0, 1)


def daily_demand(seed: int, epoch: np.ndarray) -> np.ndarray:
    """`demand` on the day's own terms: each local day scales its traffic (±10 %, a market day, a school
    holiday) and moves its peaks (±20 min), so no day repeats the same weekday of the week before."""
    hour, weekday = _local_hours(epoch)
    day = np.floor((epoch + LOCAL.total_seconds()) / 86400).astype(np.int64)
    scale = np.clip(1 + 0.10 * _normal(seed, "day.scale", day), 0.75, 1.25)
    shift = np.clip(0.33 * _normal(seed, "day.shift", day), -0.75, 0.75)
    return np.clip(demand(hour - shift, weekday) * scale, 0, 1)


def block_event_day(seed: int, tag: str, day: int) -> tuple[int, np.random.Generator]:
    """The local day on which the event `tag` of the EVENT_BLOCK_DAYS-day block holding `day` starts, and a
    generator for its other draws: every block has exactly one, so a month always has a few."""
    block = day // EVENT_BLOCK_DAYS
    rng = _rng(seed, tag, block)
    return block * EVENT_BLOCK_DAYS + int(rng.integers(EVENT_BLOCK_DAYS)), rng


@dataclass
class Weather:
    """Rain per local day: some days bring a shower of a few hours, and once in every block of days a storm
    heavy enough to raise the river to its first alarm level about every other time."""

    seed: int

    def rain_mm_per_h(self, epoch: np.ndarray) -> np.ndarray:
        epoch = np.asarray(epoch, dtype=float)
        local = epoch + LOCAL.total_seconds()
        days = np.floor(local / 86400).astype(int)
        hour = (local % 86400) / 3600.0
        out = np.zeros_like(epoch)
        for day in np.unique(days):
            storm_day, storm = block_event_day(self.seed, "storm", int(day))
            if day == storm_day:
                start, length, peak = storm.uniform(0, 18), storm.uniform(3, 6), storm.uniform(12, 32)
            else:
                rng = _rng(self.seed, "rain", int(day))
                if rng.random() > 0.35:
                    continue
                start, length, peak = rng.uniform(0, 20), rng.uniform(1.5, 6), rng.gamma(2.0, 3.0)
            inside = (days == day) & (hour >= start) & (hour < start + length)
            shape = np.sin(np.pi * (hour - start) / length)
            out = np.where(inside, peak * np.clip(shape, 0, 1), out)
        return out


class CitySimulation:
    """Produces plausible records for every feed of a city pack; see the module docstring."""

    def __init__(self, pack: CityPack, seed: int = 2025, segments: int | None = None):
        self.pack = pack
        self.seed = seed
        self.weather = Weather(seed)
        roads = pack.roads.reset_index(drop=True)
        self.roads = roads if segments is None else roads.iloc[:segments].reset_index(drop=True)
        self.cameras = pack.cameras.reset_index(drop=True)
        self.stations = pack.stations.reset_index(drop=True)
        self._phase_cache: dict[str, np.ndarray] = {}
        self._unit_cache: dict[tuple[str, str], list[str]] = {}
        self._units_by_kind = {kind: (units["code"].astype(str).to_numpy(), units["ward_code"].to_numpy(),
                                      units.geometry.to_numpy())
                               for kind, units in pack.response_units.groupby("kind", sort=False)}
        wards = pack.wards.set_index("code")
        self._wards = wards
        population = wards["population"].astype(float).fillna(1.0)
        self._ward_weights = (population / population.sum()).to_numpy()
        # Looked up for every simulated incident: plain Python containers, not pandas indexing each time.
        self._ward_codes = wards.index.to_numpy()
        self._ward_polygons = dict(zip(wards.index, wards.geometry, strict=True))
        self._categories = list(pack.categories.itertuples())
        self._road_names = self.roads["road"].to_numpy()
        self._sla = {(r.category, int(r.severity)): (float(r.ack_minutes), float(r.resolve_minutes))
                     for r in pack.sla.itertuples()}
        longest = max((resolve for _, resolve in self._sla.values()), default=DEFAULT_TARGETS[1])
        # Plans of incidents reported this long ago may still emit events; a tick asks for each hour of it
        # again, so the arrivals (a pure function of the hour) are kept.
        self._lookback = timedelta(minutes=longest * LONGEST_RESOLVE + 240, hours=2)
        self._arrivals = lru_cache(maxsize=int(self._lookback / timedelta(hours=1)) + 48)(self._arrivals_of_hour)

    def _phases(self, name: str, codes, cadence: timedelta) -> np.ndarray:
        if name not in self._phase_cache:
            step = cadence.total_seconds()
            self._phase_cache[name] = np.array([_key(self.seed, name, c) % int(step) for c in codes], dtype=float)
        return self._phase_cache[name]

    def records(self, domain: str, t0: datetime, t1: datetime) -> list[dict]:
        """The simulated records of one domain in [t0, t1), by its spec's `simulate` ("module:callable")."""
        return simulator_of(domain)(self, t0, t1)

    def frame(self, domain: str, t0: datetime, t1: datetime) -> pd.DataFrame:
        """The same records as columns, for a domain with a bulk load."""
        return simulator_of(domain, as_frame=True)(self, t0, t1)

    # --- traffic ----------------------------------------------------------------------------------

    def traffic(self, t0: datetime, t1: datetime) -> list[dict]:
        return _records(self.traffic_frame(t0, t1))

    def traffic_frame(self, t0: datetime, t1: datetime) -> pd.DataFrame:
        """The traffic records of [t0, t1) as columns (what a bulk load writes); `traffic` gives them as records."""
        roads = self.roads
        cadence = CADENCE["traffic"]
        idx, epoch = _slots(t0, t1, cadence, self._phases("traffic", roads["code"], cadence))
        if not len(idx):
            return _frame({"segment": [], "speed_kmh": [], "volume_vph": [], "occupancy": []}, epoch)
        level = daily_demand(self.seed, epoch)
        sensitivity = np.array([0.55 + (_key(self.seed, "sens", c) % 40) / 100 for c in roads["code"]])[idx]
        rain = self.weather.rain_mm_per_h(epoch)
        slot = np.floor(epoch / cadence.total_seconds()).astype(np.int64)
        noise = 0.06 * _normal(self.seed, "traffic", idx, slot)
        jam = self._jams(idx, epoch)
        congestion = np.clip(level * sensitivity * 0.8 + np.minimum(rain, 30) / 60 + jam + noise, 0, 0.95)
        free_flow = roads["free_flow_kmh"].to_numpy(dtype=float)[idx]
        speed = np.round(free_flow * (1 - congestion), 1)
        lanes = roads["lanes"].to_numpy(dtype=float)[idx]
        volume = np.round(lanes * 900 * np.clip(level + 0.05 + noise, 0.02, 1.0) * (1 - 0.4 * jam)).astype(int)
        occupancy = np.round(np.clip(congestion * 0.9 + 0.03, 0, 1), 3)
        return _frame({"segment": roads["code"].to_numpy()[idx], "speed_kmh": speed, "volume_vph": volume,
                       "occupancy": occupancy}, epoch)

    def _jams(self, idx: np.ndarray, epoch: np.ndarray) -> np.ndarray:
        """Occasional incidents on the road: a segment jammed for up to two hours, a few times a day city-wide."""
        out = np.zeros(len(idx))
        hours = np.floor(epoch / 3600).astype(np.int64)
        for h in np.unique(hours):
            for back in range(3):
                rng = _rng(self.seed, "jam", int(h - back))
                if rng.random() > 0.25:
                    continue
                victim, start, length = rng.integers(len(self.roads)), rng.uniform(0, 3600), rng.uniform(1800, 7200)
                begin = (h - back) * 3600 + start
                hit = (hours == h) & (idx == victim) & (epoch >= begin) & (epoch < begin + length)
                out[hit] = 0.55
        return out

    # --- environment ------------------------------------------------------------------------------

    def environment(self, t0: datetime, t1: datetime) -> list[dict]:
        return _records(self.environment_frame(t0, t1))

    def environment_frame(self, t0: datetime, t1: datetime) -> pd.DataFrame:
        """The environment records of [t0, t1) as columns, station kind by kind."""
        out = [_frame({"station": [], "parameter": [], "value": []}, np.array([]))]
        for kind, maker in (("air", self._air), ("water_quality", self._water_quality),
                            ("water_level", self._water_level), ("rain", self._rain)):
            stations = self.stations[self.stations["kind"] == kind].reset_index(drop=True)
            if stations.empty:
                continue
            cadence = CADENCE[kind]
            idx, epoch = _slots(t0, t1, cadence, self._phases(kind, stations["code"], cadence))
            if len(idx):
                out.append(maker(stations, idx, epoch))
        return pd.concat(out, ignore_index=True)

    def _episode(self, epoch: np.ndarray) -> np.ndarray:
        """Pollution episodes (stagnant air for one to three days, one in every block of days) as a
        factor ≥ 1; the strongest push the VN_AQI past the alert level of 151 for some hours."""
        days = np.floor((epoch + LOCAL.total_seconds()) / 86400).astype(int)
        factor = np.ones_like(epoch)
        for day in np.unique(days):
            for block_day in (int(day), int(day) - EVENT_BLOCK_DAYS):  # an episode may run into the next block
                start, rng = block_event_day(self.seed, "episode", block_day)
                length, strength = int(rng.integers(1, 4)), float(rng.uniform(1.3, 2.4))
                if start <= day < start + length:
                    factor = np.where(days == day, np.maximum(factor, strength), factor)
        return factor

    def _air(self, stations: pd.DataFrame, idx: np.ndarray, epoch: np.ndarray) -> pd.DataFrame:
        hour, _ = _local_hours(epoch)
        traffic = daily_demand(self.seed, epoch)
        diurnal = 1 + 0.45 * np.exp(-((hour - 8) ** 2) / 3) + 0.6 * np.exp(-((hour - 20.5) ** 2) / 5) \
            - 0.3 * np.exp(-((hour - 14) ** 2) / 6)
        rain = self.weather.rain_mm_per_h(epoch)
        washout = 1 / (1 + rain / 4)
        site = np.array([0.8 + (_key(self.seed, "site", c) % 60) / 100 for c in stations["code"]])[idx]
        def lognormal(tag: str, sigma: float) -> np.ndarray:
            return np.exp(sigma * _normal(self.seed, tag, idx, epoch.astype(np.int64)))

        base = 28 * diurnal * washout * site * self._episode(epoch) * lognormal("pm", 0.15)
        values = {
            "pm25": base, "pm10": base * 1.7 * lognormal("pm10", 0.1),
            "o3": 40 + 70 * np.exp(-((hour - 14) ** 2) / 8) * lognormal("o3", 0.2),
            "co": 900 + 1800 * traffic * site * lognormal("co", 0.2),
            "so2": 12 * site * lognormal("so2", 0.3),
            "no2": 20 + 45 * traffic * site * lognormal("no2", 0.2),
            "temperature": 22 + 6 * np.sin((hour - 9) / 24 * 2 * np.pi) - rain / 5,
            "humidity": np.clip(78 - 15 * np.sin((hour - 9) / 24 * 2 * np.pi) + rain * 2, 30, 100),
        }
        return self._env_rows(stations, idx, epoch, values)

    def _water_quality(self, stations: pd.DataFrame, idx: np.ndarray, epoch: np.ndarray) -> pd.DataFrame:
        site = np.array([0.8 + (_key(self.seed, "wsite", c) % 70) / 100 for c in stations["code"]])[idx]
        rain = self.weather.rain_mm_per_h(epoch)

        def normal(tag: str) -> np.ndarray:
            return _normal(self.seed, tag, idx, epoch.astype(np.int64))

        values = {
            "ph": 7.1 + 0.15 * normal("ph"), "do": 6.2 / site + 0.3 * normal("do"),
            "bod5": 5 * site * np.exp(0.2 * normal("bod5")), "cod": 12 * site * np.exp(0.2 * normal("cod")),
            "nh4": 0.3 * site * np.exp(0.3 * normal("nh4")),
            "tss": 25 * site * (1 + rain / 5) * np.exp(0.2 * normal("tss")),
            "coliform": 2500 * site * np.exp(0.4 * normal("coliform")),
            "temperature": 24 + 0.5 * normal("wt"),
        }
        values["do"] = np.clip(values["do"], 0.5, 12)
        return self._env_rows(stations, idx, epoch, values)

    def _water_level(self, stations: pd.DataFrame, idx: np.ndarray, epoch: np.ndarray) -> pd.DataFrame:
        # The river answers the last 24 hours of rain with a lag: sum rain over the previous day in 2-h steps.
        lagged = sum(self.weather.rain_mm_per_h(epoch - h * 3600) for h in range(2, 26, 2)) * 2
        alarm1 = stations["alarm1"].to_numpy(dtype=float)[idx]
        base = np.where(np.isnan(alarm1), 2.0, alarm1 - 1.6)
        tide = 0.25 * np.sin(epoch / 3600 / 12.42 * 2 * np.pi)
        level = base + tide + lagged / 45
        return self._env_rows(stations, idx, epoch, {"water_level_m": np.round(level, 2)})

    def _rain(self, stations: pd.DataFrame, idx: np.ndarray, epoch: np.ndarray) -> pd.DataFrame:
        step_h = CADENCE["rain"].total_seconds() / 3600
        return self._env_rows(stations, idx, epoch, {"rain_mm": np.round(self.weather.rain_mm_per_h(epoch) * step_h, 1)})

    @staticmethod
    def _env_rows(stations: pd.DataFrame, idx: np.ndarray, epoch: np.ndarray, values: dict) -> pd.DataFrame:
        """One row per station report and parameter the station measures (parameter by parameter)."""
        codes = stations["code"].to_numpy()[idx]
        wanted = [set(p.split(";")) for p in stations["parameters"].to_numpy()[idx]]
        parts = []
        for parameter, series in values.items():
            measured = np.array([parameter in params for params in wanted], dtype=bool)
            value = np.maximum(np.round(np.asarray(series, dtype=float), 2), 0.0)
            parts.append(_frame({"station": codes[measured], "parameter": parameter, "value": value[measured]},
                                epoch[measured]))
        return pd.concat(parts, ignore_index=True)

    # --- cameras ----------------------------------------------------------------------------------

    def _outages(self, day: int) -> list[tuple[int, float, float]]:
        """(camera index, start, end) epoch seconds of the outages that start on a local day."""
        rng = _rng(self.seed, "outage", day)
        n = len(self.cameras)
        count = rng.poisson(0.04 * n)
        who = rng.integers(0, n, count)
        starts = day * 86400 - LOCAL.total_seconds() + rng.uniform(0, 86400, count)
        lengths = np.where(rng.random(count) < 0.08, rng.uniform(6, 40, count) * 3600,
                           rng.lognormal(np.log(40 * 60), 0.8, count))
        return [(int(c), float(s), float(s + d)) for c, s, d in zip(who, starts, starts + lengths - starts, strict=True)]

    def camera_records(self, t0: datetime, t1: datetime) -> list[dict]:
        """Status changes (online/offline edges) and AI events whose time falls in [t0, t1)."""
        a, b = t0.timestamp(), t1.timestamp()
        rows: list[dict] = []
        codes = self.cameras["code"].to_numpy()
        first_day = int((a + LOCAL.total_seconds()) // 86400) - 2
        last_day = int((b + LOCAL.total_seconds()) // 86400)
        for day in range(first_day, last_day + 1):
            for cam, start, end in self._outages(day):
                for edge, online in ((start, False), (end, True)):
                    if a <= edge < b:
                        rows.append({"camera": codes[cam], "ts": _ts(edge), "online": online})
        rows.extend(self._camera_events(a, b))
        return rows

    def initial_camera_status(self, t: datetime) -> list[dict]:
        return [{"camera": c, "ts": t, "online": True} for c in self.cameras["code"]]

    def _camera_events(self, a: float, b: float) -> list[dict]:
        rows = []
        kinds = self.cameras["kind"].to_numpy()
        codes = self.cameras["code"].to_numpy()
        for hour in range(int(a // 3600), int(b // 3600) + 1):
            rng = _rng(self.seed, "camevents", hour)
            count = rng.poisson(0.25 * len(codes))
            who = rng.integers(0, len(codes), count)
            when = hour * 3600 + rng.uniform(0, 3600, count)
            pick, confidence = rng.random(count), rng.uniform(0.6, 0.99, count)
            for cam, t, p, c in zip(who, when, pick, confidence, strict=True):
                if a <= t < b:
                    kind = CAMERA_EVENT_KINDS.get(kinds[cam], ("motion",))
                    event = {"kind": kind[int(p * len(kind))], "confidence": round(float(c), 2)}
                    rows.append({"camera": codes[cam], "ts": _ts(t), "event": event})
        return rows

    # --- incidents --------------------------------------------------------------------------------

    def _arrivals_of_hour(self, hour: int) -> list[Arrival]:
        """Incidents reported during one UTC hour (a Poisson process by category, weighted by time of day);
        a few are reported twice, the second report a duplicate of the first."""
        rng = _rng(self.seed, "incidents", hour)
        local_hour = ((hour * 3600 + LOCAL.total_seconds()) % 86400) / 3600
        daytime = 0.35 + 1.4 * np.exp(-((local_hour - 13) ** 2) / 30)
        out: list[Arrival] = []
        ward_codes = self._ward_codes
        for cat in self._categories:
            count = rng.poisson(float(cat.rate_per_day) / 24 * daytime)
            for k in range(count):
                ward = ward_codes[rng.choice(len(ward_codes), p=self._ward_weights)]
                lon, lat = self._point_in(ward, rng)
                severity = int(np.clip(cat.default_severity + rng.choice([-1, 0, 0, 0, 1]), 1, 4))
                titles = TITLES.get(cat.code, TITLES["khac"])
                road = self._road_names[int(rng.integers(len(self._road_names)))]
                title = titles[int(rng.integers(len(titles)))][0].format(road=road)
                channel = SIMULATED_CHANNELS[int(rng.choice(len(SIMULATED_CHANNELS), p=CHANNEL_WEIGHTS))]
                record = {
                    "external_id": f"SIM-{hour}-{cat.code}-{k}", "source": SOURCE, "channel": channel,
                    "category": cat.code, "severity": severity, "title": title,
                    "description": DESCRIPTIONS[channel].format(title=title),
                    "lat": lat, "lon": lon, "reported_at": _ts(hour * 3600 + rng.uniform(0, 3600)),
                }
                out.append(self._planned(Arrival(record, ward)))
                if rng.random() < DUPLICATE_SHARE:
                    again = record["reported_at"] + timedelta(minutes=float(rng.uniform(5, 90)))
                    out.append(self._planned(Arrival(
                        {**record, "external_id": f"{record['external_id']}-D", "channel": "citizen_report",
                         "reported_at": again, "description": DESCRIPTIONS["citizen_report"].format(title=title)},
                        ward, duplicate_of=record["external_id"])))
        return out

    def _planned(self, arrival: Arrival) -> Arrival:
        return Arrival(arrival.record, arrival.ward, arrival.duplicate_of, tuple(self._plan(arrival)))

    def _point_in(self, ward: str, rng: np.random.Generator) -> tuple[float, float]:
        polygon = self._ward_polygons[ward]
        minx, miny, maxx, maxy = polygon.bounds
        for _ in range(100):
            lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            if shapely.contains_xy(polygon, lon, lat):
                return round(float(lon), 6), round(float(lat), 6)
        point = polygon.representative_point()
        return round(point.x, 6), round(point.y, 6)

    def _targets(self, category: str, severity: int) -> tuple[float, float]:
        """(acknowledge, resolve) minutes the pack's SLA allows; a category without targets gets a day."""
        return self._sla.get((category, severity), DEFAULT_TARGETS)

    def _plan(self, arrival: Arrival) -> list[dict]:
        """The lifecycle the incident goes through, timed against its SLA targets: acknowledged, then merged
        (a duplicate), rejected with a reason, or dispatched → in progress → resolved → closed. About one in
        six of those handled to the end takes longer than its resolve target (LATE_SHARE)."""
        incident = arrival.record
        rng = _rng(self.seed, "plan", incident["external_id"])
        ack_target, resolve_target = self._targets(incident["category"], incident["severity"])
        steps: list[tuple[str, float, dict]] = []  # (status, minutes after the report, extra fields)
        acknowledged = float(ack_target * rng.lognormal(np.log(0.3), 0.6))
        steps.append((lifecycle.ACKNOWLEDGED, acknowledged, {}))
        if arrival.duplicate_of is not None:
            steps.append((lifecycle.DUPLICATE, acknowledged + float(rng.uniform(2, 30)), {
                "merge_into_external_id": arrival.duplicate_of,
                "note": f"Trùng với phản ánh {arrival.duplicate_of} (cùng sự việc, cùng địa điểm)"}))
        elif rng.random() < REJECT_SHARE:
            steps.append((lifecycle.REJECTED, acknowledged + float(rng.uniform(5, 120)),
                          {"note": REJECT_NOTES[int(rng.integers(len(REJECT_NOTES)))]}))
        else:
            if rng.random() < LATE_SHARE:  # finished after its resolve target
                share = float(rng.uniform(1.05, LONGEST_RESOLVE))
            else:
                share = min(float(rng.lognormal(np.log(0.45), 0.5)), 0.98)
            resolved = max(resolve_target * share, acknowledged + 10)
            unit = self._unit_for(incident["category"], arrival.ward, rng)
            started = acknowledged + (resolved - acknowledged) * float(rng.uniform(0.1, 0.4))
            if unit is not None:
                dispatched = acknowledged + (started - acknowledged) * float(rng.uniform(0.2, 0.6))
                steps.append((lifecycle.DISPATCHED, dispatched, {"unit_code": unit}))
            steps += [(lifecycle.IN_PROGRESS, started, {}), (lifecycle.RESOLVED, resolved, {}),
                      (lifecycle.CLOSED, resolved + float(rng.uniform(30, 240)), {})]
        events, previous = [], incident["reported_at"]
        actor = OPERATORS[int(rng.integers(len(OPERATORS)))]
        for status, minutes, extra in steps:
            ts = max(incident["reported_at"] + timedelta(minutes=minutes), previous + timedelta(seconds=30))
            previous = ts.replace(microsecond=0)
            events.append({"source": SOURCE, "external_id": incident["external_id"], "ts": previous,
                           "to_status": status, "actor": actor, **extra})
        return events

    def _unit_for(self, category: str, ward: str, rng: np.random.Generator) -> str | None:
        """A unit of the kind the category needs: the incident's own ward's where it has one (ward police, ward
        office), else the one of that kind nearest the ward; None when the city has no unit of that kind."""
        candidates = self._candidates(UNIT_KINDS.get(category, "ward_office"), ward)
        return candidates[int(rng.integers(len(candidates)))] if candidates else None

    def _candidates(self, kind: str, ward: str) -> list[str]:
        key = (kind, ward)
        if key not in self._unit_cache:
            codes, wards, geometries = self._units_by_kind.get(kind, ((), (), ()))
            local = [code for code, unit_ward in zip(codes, wards, strict=True) if unit_ward == ward]
            if not local and len(codes):  # distances in degrees: enough to rank within a province
                centre = self._ward_polygons[ward].representative_point()
                local = [codes[int(np.argmin(shapely.distance(geometries, centre)))]]
            self._unit_cache[key] = local
        return self._unit_cache[key]

    def incident_reports(self, t0: datetime, t1: datetime) -> list[dict]:
        return self.incidents(t0, t1)[0]

    def incidents(self, t0: datetime, t1: datetime,
                  reported_since: datetime | None = None) -> tuple[list[dict], list[dict]]:
        """New incidents reported in [t0, t1) and the lifecycle events falling in it, of any incident reported
        since `reported_since` (default: of any incident)."""
        new, events = [], []
        first = t0 - self._lookback
        if reported_since is not None:
            first = max(first, reported_since)
        for hour in range(int(first.timestamp() // 3600), int(t1.timestamp() // 3600) + 1):
            for arrival in self._arrivals(hour):
                reported = arrival.record["reported_at"]
                if t0 <= reported < t1:
                    new.append(arrival.record)
                if (reported_since is None or reported >= reported_since) and reported < t1:
                    events.extend(e for e in arrival.events if t0 <= e["ts"] < t1)
        return new, events


@dataclass(frozen=True)
class Arrival:
    """A simulated incident record and, for a second report of the same event, the one it duplicates."""

    record: dict
    ward: str
    duplicate_of: str | None = None
    events: tuple[dict, ...] = ()  # its lifecycle (see CitySimulation._plan)
