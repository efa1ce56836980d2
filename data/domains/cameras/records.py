"""What a camera feed sends: an online/offline report, an AI video event, or both."""

from __future__ import annotations

from pydantic import AwareDatetime, Field

from data.rules.records import Code, Record


class CameraEventIn(Record):
    kind: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_]+$")
    value: float | None = None
    confidence: float | None = Field(default=None, ge=0, le=1)


class CameraRecord(Record):
    camera: Code
    ts: AwareDatetime
    online: bool | None = None
    event: CameraEventIn | None = None
