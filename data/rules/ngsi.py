"""Reading FIWARE NGSI-v2 entities (Smart Data Models): attribute values in normalized
(`{"attr": {"type", "value", "metadata"}}`) and keyValues (`{"attr": value}`) forms, `unitCode` metadata and
`dateObserved` instants or ISO intervals. Each domain's translator (`data/domains/<name>/feeds.py`) uses these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

# UN/CEFACT unit codes → (unit the write path knows, factor)
UNIT_CODES = {"GQ": ("ug/m3", 1.0), "GP": ("ug/m3", 1000.0), "CEL": ("C", 1.0), "P1": ("%", 1.0),
              "MTR": ("m", 1.0), "MMT": ("mm", 1.0), "M1": ("mg/l", 1.0)}


class EntityError(ValueError):
    pass


@dataclass
class Translated:
    domain: str
    records: list[dict]
    skipped: list[str] = field(default_factory=list)  # attributes refused, with reasons


def value_of(attr):
    """The value of a normalized attribute, or the attribute itself in keyValues form."""
    return attr.get("value") if isinstance(attr, Mapping) and "value" in attr else attr


def unit_code(attr) -> str | None:
    if not isinstance(attr, Mapping):
        return None
    meta = attr.get("metadata")
    code = value_of(meta.get("unitCode")) if isinstance(meta, Mapping) else None
    return str(code) if code is not None else None


def observed_at(entity: Mapping, *names: str) -> tuple[datetime, float | None]:
    """(start, interval seconds or None) of the first of `names` present."""
    for name in names:
        raw = value_of(entity.get(name))
        if raw is None:
            continue
        if not isinstance(raw, str):
            raise EntityError(f"{name}: not a date")
        start, _, end = raw.partition("/")
        first = _instant(name, start)
        return first, ((_instant(name, end) - first).total_seconds() if end else None)
    raise EntityError(f"{names[0]}: missing")


def _instant(name: str, text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise EntityError(f"{name}: not an ISO-8601 date ({text[:40]!r})") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)
