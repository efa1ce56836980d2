"""Open311 GeoReport v2 over the incidents domain: services from the categories, requests as citizen reports.

A posted request becomes a new incident (source `open311`, a generated external id, which is also the
`service_request_id`) written through the shared write path. Requests are read back from `incidents` and the
latest `incident_events` row; the reporter's contact data never leaves this module.

The incident table has no address or media column, so an `address_string` and a `media_url` sent alongside
lat/long are kept as tagged lines at the end of the description and split off again when read.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pandas as pd

from data.ingest.write_path import WritePath
from data.rules import lifecycle
from data.store.db import utcnow

SOURCE = "open311"
DEFAULT_WINDOW = timedelta(days=90)
MAX_RESULTS = 1000
MAX_IDS = 100
TAG = "[open311] "
LIMITS = {"description": 1200, "address_string": 200, "media_url": 400, "first_name": 50, "last_name": 50,
          "email": 120, "phone": 40}
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_REQUEST_ID = re.compile(r"^311-[0-9a-f]{12}$")


class Open311Error(ValueError):
    """A request Open311 answers with `[{"code": status, "description": message}]`."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def bad(description: str) -> Open311Error:
    return Open311Error(400, description)


# --- services ----------------------------------------------------------------------------------------------

def service_list(categories: pd.DataFrame, group: str) -> list[dict]:
    """Open311 services from the incident categories (code, name_vi, name_en, default_severity); `group` names
    them all (the channel's name in the city's language)."""
    return [{"service_code": row.code, "service_name": row.name_vi,
             "description": f"{row.name_vi} ({row.name_en})", "metadata": False, "type": "realtime",
             "keywords": row.code.replace("_", " "), "group": group}
            for row in categories.itertuples()]


# --- posting a request -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewRequest:
    """The form of `POST requests.json`, checked; contact fields stay with the incident for operators only."""

    service_code: str
    lat: float
    lon: float
    description: str | None = None
    address_string: str | None = None
    media_url: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None


def _text(form: dict, name: str) -> str | None:
    value = (form.get(name) or "").strip()
    if len(value) > LIMITS.get(name, 64):
        raise bad(f"{name}: at most {LIMITS.get(name, 64)} characters")
    return value or None


def _coordinate(form: dict, name: str, low: float, high: float) -> float | None:
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise bad(f"{name}: not a number") from None
    if not low <= value <= high:  # also refuses nan and inf
        raise bad(f"{name}: must be between {low} and {high}")
    return value


def parse_new_request(form: dict, categories: Iterable[str]) -> NewRequest:
    """Check a posted form (`long` is Open311's name for the longitude). Raises Open311Error (400)."""
    code = _text(form, "service_code")
    if code is None:
        raise bad("service_code: required")
    if code not in set(categories):
        raise bad(f"service_code: unknown service {code[:40]!r}; see services.json")
    lat, lon = _coordinate(form, "lat", -90, 90), _coordinate(form, "long", -180, 180)
    address = _text(form, "address_string")
    if lat is None or lon is None:
        if address or (form.get("address_id") or "").strip():
            raise bad("lat/long: required; an address alone cannot be located (this city has no geocoder)")
        raise bad("lat/long: a location is required (lat and long in WGS84)")
    media = _text(form, "media_url")
    if media and not (urlsplit(media).scheme in ("http", "https") and urlsplit(media).netloc):
        raise bad("media_url: must be an http(s) URL")
    email = _text(form, "email")
    if email and not _EMAIL.match(email):
        raise bad("email: not an e-mail address")
    return NewRequest(code, lat, lon, _text(form, "description"), address, media, _text(form, "first_name"),
                      _text(form, "last_name"), email, _text(form, "phone"))


def _reporter_name(req: NewRequest) -> str | None:
    name = " ".join(p for p in (req.first_name, req.last_name) if p)
    if req.email:
        name = f"{name} <{req.email}>" if name else req.email
    return name or None


def _description(req: NewRequest) -> str | None:
    tagged = [f"{TAG}{key}: {value}" for key, value in (("address_string", req.address_string),
                                                         ("media_url", req.media_url)) if value]
    parts = [p for p in (req.description, "\n".join(tagged)) if p]
    return "\n\n".join(parts) or None


def split_description(text: str | None) -> tuple[str | None, dict[str, str]]:
    """The citizen's description and the tagged extras (address_string, media_url) kept after it."""
    if not text:
        return None, {}
    extras = {}
    kept = []
    for line in text.split("\n"):
        key, sep, value = line.removeprefix(TAG).partition(": ")
        if line.startswith(TAG) and sep and key in ("address_string", "media_url"):
            extras[key] = value
        else:
            kept.append(line)
    return "\n".join(kept).strip() or None, extras


def create_request(write_path: WritePath, categories: pd.DataFrame, req: NewRequest, feed: str,
                   expected_every_s: int | None = None, now: datetime | None = None) -> str:
    """Write a new citizen-report incident; its service_request_id. Raises Open311Error for a rejected record."""
    category = categories.set_index("code").loc[req.service_code]
    record = {"source": SOURCE, "category": req.service_code, "severity": int(category["default_severity"]),
              "title": category["name_vi"], "description": _description(req), "lat": req.lat, "lon": req.lon,
              "reported_at": (now or utcnow()).isoformat(), "reporter_name": _reporter_name(req),
              "reporter_phone": req.phone}
    for _ in range(3):  # a generated id colliding with an existing one is written as a duplicate: draw again
        request_id = f"311-{secrets.token_hex(6)}"
        result = write_path.write("incidents", [{**record, "external_id": request_id}], feed=feed,
                                  expected_every_s=0 if expected_every_s is None else expected_every_s,
                                  actor=f"{SOURCE}:{feed}"[:80])
        if result.rejected:
            reason = result.rejected[0].error
            if reason.startswith("lat/lon"):
                reason = "lat/long: the point is outside the city's wards"
            raise bad(reason)
        if result.accepted:
            return request_id
    raise Open311Error(409, "could not allocate a request id; try again")


# --- reading requests ----------------------------------------------------------------------------------------

def parse_datetime(value: str | None, name: str, zone: ZoneInfo) -> datetime | None:
    """W3C/ISO-8601 date-time (an offset or Z; without one, the city's local time) or a local date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            parsed = datetime.combine(datetime.strptime(text, "%Y-%m-%d").date(), time(0), zone)
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=zone)
    except ValueError:
        raise bad(f"{name}: not an ISO-8601 date-time (e.g. 2026-11-20T08:00:00+07:00)") from None
    return parsed.astimezone(ZoneInfo("UTC"))


@dataclass(frozen=True)
class RequestQuery:
    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    open: bool | None = None  # None: both

    def of(self, incidents, limit: int = MAX_RESULTS):
        """The Open311 requests this query asks for, from the incidents provider."""
        return incidents.reported_by(SOURCE, list(self.ids), list(self.service_codes), self.start, self.end,
                                     self.open, limit)


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in (value or "").split(",") if v.strip()))


def parse_query(params: dict, categories: Iterable[str], zone: ZoneInfo, now: datetime | None = None) -> RequestQuery:
    """Filters of `GET requests.json`; service_request_id overrides every other filter (as Open311 says)."""
    ids = _list(params.get("service_request_id"))
    if len(ids) > MAX_IDS:
        raise bad(f"service_request_id: at most {MAX_IDS} ids")
    if ids:
        return RequestQuery(ids=ids)
    codes = _list(params.get("service_code"))
    unknown = [c for c in codes if c not in set(categories)]
    if unknown:
        raise bad(f"service_code: unknown service {unknown[0][:40]!r}; see services.json")
    statuses = _list((params.get("status") or "").lower())
    if any(s not in ("open", "closed") for s in statuses):
        raise bad("status: must be open, closed or both (comma separated)")
    start = parse_datetime(params.get("start_date"), "start_date", zone)
    end = parse_datetime(params.get("end_date"), "end_date", zone)
    if start is None and end is None:
        end = now or utcnow()
    if start is None:
        start = end - DEFAULT_WINDOW
    if end is not None and end <= start:
        raise bad("end_date: must be after start_date")
    return RequestQuery(service_codes=codes, start=start, end=end,
                        open=None if len(statuses) != 1 else statuses[0] == "open")


def is_request_id(value: str) -> bool:
    return bool(_REQUEST_ID.match(value))


def to_open311(frame: pd.DataFrame, names: dict[str, str], zone: ZoneInfo,
               status_label: Callable[[str], str]) -> list[dict]:
    """Rows of `IncidentsProvider.reported_by(SOURCE, ...)` as GeoReport v2 service requests (times in the city's
    zone)."""
    out = []
    for row in frame.itertuples():
        description, extras = split_description(row.description)
        finished = row.status in lifecycle.DONE_STATUSES
        notes = status_label(row.status)
        if finished and isinstance(row.note, str) and row.note.strip():
            notes = f"{notes}: {row.note.strip()}"  # only the closing comment is meant for the citizen
        item = {"service_request_id": row.external_id,
                "status": "open" if row.status in lifecycle.OPEN_STATUSES else "closed",
                "status_notes": notes, "service_code": row.category, "service_name": names.get(row.category),
                "description": description, "requested_datetime": row.reported_at.astimezone(zone).isoformat(),
                "updated_datetime": row.updated_at.astimezone(zone).isoformat(),
                "lat": float(row.lat), "long": float(row.lon)}
        if "address_string" in extras:
            item["address"] = extras["address_string"]
        if "media_url" in extras:
            item["media_url"] = extras["media_url"]
        out.append(item)
    return out
