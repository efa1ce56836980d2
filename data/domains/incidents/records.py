"""What incident feeds send: a new incident, and a lifecycle event of a known one (the console's adds several
units for a dispatch and the incident a duplicate is merged into)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import AwareDatetime, Field

from data.rules.records import Code, Record, Text200

# How an incident reached the centre. Citizen field reports (phản ánh hiện trường) come from the city's app or
# through Open311; a record may name its channel, else it follows from its source.
CHANNELS = ("citizen_report", "hotline", "camera_ai", "sensor", "operator", "other")
SOURCE_CHANNELS = {"open311": "citizen_report", "citizen_app": "citizen_report", "hotline": "hotline",
                   "camera_ai": "camera_ai", "rules": "sensor", "sensor": "sensor", "operator": "operator"}


def channel_of(source: str, channel: str | None = None) -> str:
    return channel or SOURCE_CHANNELS.get(source, "other")


class IncidentRecord(Record):
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
    address: str | None = Field(default=None, max_length=200)


class IncidentEventRecord(Record):
    source: Code
    external_id: Code
    ts: AwareDatetime
    to_status: str = Field(min_length=1, max_length=16)
    actor: str = Field(min_length=1, max_length=80)
    note: str | None = Field(default=None, max_length=2000)
    unit_code: Code | None = None


class LifecycleRecord(IncidentEventRecord):
    """A lifecycle event with what the console adds: several units for a dispatch, the incident a duplicate
    is merged into."""

    unit_codes: list[Code] = Field(default_factory=list, max_length=12)
    merge_into: int | None = Field(default=None, ge=1)
    # A feed names the original by its own external id (same source) instead of the database id.
    merge_into_external_id: Code | None = None


# What an operator types into the console's create form, checked before it becomes an IncidentRecord: each
# field's problem as a reason code the UI words (`inc.form.<field>.<reason>`).
TITLE_LENGTH = (5, 200)
PHONE = re.compile(r"^\+?[0-9][0-9 .\-]*$")
PHONE_DIGITS = (8, 13)
FORM_LIMITS = {"name": 120, "address": 200, "description": 2000}


def form_problems(title: str | None, name: str | None, phone: str | None, address: str | None,
                  description: str | None) -> dict[str, str]:
    """{field: reason} for the console form ({} when it may be submitted); all text is stripped first."""
    problems: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        problems["title"] = "required"
    elif not TITLE_LENGTH[0] <= len(title) <= TITLE_LENGTH[1]:
        problems["title"] = "length"
    phone = (phone or "").strip()
    digits = sum(c.isdigit() for c in phone)
    if phone and (not PHONE.match(phone) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]):
        problems["phone"] = "format"
    for field, value in (("name", name), ("address", address), ("description", description)):
        if len((value or "").strip()) > FORM_LIMITS[field]:
            problems[field] = "length"
    return problems
