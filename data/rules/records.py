"""What every domain's record shapes share (DESIGN §7): codes, short texts and a strict base model.

Each domain's own records live in its folder (`data/domains/<name>/records.py`); the write path validates
them one by one with pydantic.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32, pattern=r"^[\w.\-:]+$")]
Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Record(BaseModel):
    """A record a feed sends: unknown fields, NaN and ∞ are refused."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, str_max_length=2000)
