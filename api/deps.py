"""Request handling shared by the feed endpoints: bearer tokens, rate limits, bounded bodies, JSON/NDJSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from fastapi import HTTPException, Request
from limits import parse
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from pydantic import BaseModel, Field

from data.ingest.tokens import Feed, TokenStore, token_hash
from data.ingest.write_path import Rejection, WriteResult
from data.wiring.services import get_services

JSON_TYPES = {"application/json"}
NDJSON_TYPES = {"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"}


class Problem(BaseModel):
    """An error answer: what went wrong, in words."""

    detail: str


class RejectedRecord(BaseModel):
    index: int
    error: str = Field(description="what is wrong, in English")
    reason: str = Field(description="the same as a stable code (e.g. `unknown_code`, `invalid_field`)")


class IngestResult(BaseModel):
    """Outcome of a batch: records written, records already known, and each invalid record with its reason."""

    accepted: int
    duplicates: int
    rejected: list[RejectedRecord]


ERRORS = {
    400: {"model": Problem, "description": "Malformed body (not JSON / NDJSON)"},
    401: {"model": Problem, "description": "Missing, unknown or revoked feed token"},
    403: {"model": Problem, "description": "The token is limited to another domain"},
    413: {"model": Problem, "description": "Body or batch too large"},
    415: {"model": Problem, "description": "Content type is not JSON or NDJSON"},
    429: {"model": Problem, "description": "Too many requests for this token"},
}


@lru_cache(maxsize=1)
def _limiter() -> MovingWindowRateLimiter:
    # Limits are shared between workers when Redis is configured; otherwise they are per process.
    url = get_services().settings.redis_url
    return MovingWindowRateLimiter(storage_from_string(url) if url else MemoryStorage())


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def authenticate(token: str | None, domain: str | None = None) -> Feed:
    """The feed of a valid token (401 otherwise), allowed for `domain` (403 otherwise), within its rate (429)."""
    services = get_services()
    feed = TokenStore(services.engines.main).verify(token)
    if feed is None:
        raise HTTPException(401, "missing, unknown or revoked feed token", headers={"WWW-Authenticate": "Bearer"})
    if domain is not None and not feed.allows(domain):
        raise HTTPException(403, f"this token is limited to the {feed.domain} domain")
    rate = parse(services.settings.ingest_rate)
    if not _limiter().hit(rate, "feed", token_hash(token)):
        raise HTTPException(429, f"rate limit of {services.settings.ingest_rate} exceeded for this token",
                            headers={"Retry-After": str(rate.get_expiry())})
    return feed


def feed_of(request: Request, domain: str | None = None) -> Feed:
    return authenticate(bearer(request), domain)


class BodyTooLarge(ValueError):
    """A request body longer than its endpoint takes."""

    def __init__(self, limit: int):
        super().__init__(f"body larger than {limit} bytes")
        self.limit = limit


async def capped_body(request: Request, limit: int) -> bytes:
    """The request body, refused (`BodyTooLarge`) as soon as the declared or received size passes `limit`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_body(request: Request) -> bytes:
    """A feed's request body, refused with 413 as soon as it passes the configured size."""
    try:
        return await capped_body(request, get_services().settings.ingest_max_bytes)
    except BodyTooLarge as exc:
        raise HTTPException(413, str(exc)) from None


def _loads(text: str):
    # NaN / Infinity parse to floats and are then refused per record by the record models.
    return json.loads(text)


@dataclass
class Batch:
    """Records parsed from a body; lines that were not JSON objects are already rejected with their index."""

    records: list[tuple[int, object]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.records) + len(self.rejected)


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def parse_batch(body: bytes, content_type: str) -> Batch:
    """A JSON array (or one object) or NDJSON lines; 400 for a malformed JSON body, 415 for other types."""
    if content_type not in JSON_TYPES | NDJSON_TYPES:
        raise HTTPException(415, "send application/json (an array of records) or application/x-ndjson")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, "body is not valid UTF-8") from exc
    batch = Batch()
    if content_type in JSON_TYPES:
        try:
            data = _loads(text)
        except (ValueError, RecursionError) as exc:
            raise HTTPException(400, f"malformed JSON: {str(exc)[:200]}") from exc
        items = [data] if isinstance(data, Mapping) else data
        if not isinstance(items, list):
            raise HTTPException(400, "body must be a JSON array of records")
        batch.records = list(enumerate(items))
        return batch
    index = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            batch.records.append((index, _loads(line)))
        except (ValueError, RecursionError) as exc:
            batch.rejected.append(Rejection(index, f"line: malformed JSON ({str(exc)[:120]})", "malformed_json"))
        index += 1
    return batch


def write_batch(domain: str, batch: Batch, feed: Feed) -> WriteResult:
    """Write through the shared write path, reporting rejections by the records' positions in the body."""
    limit = get_services().settings.ingest_max_records
    if len(batch) > limit:
        raise HTTPException(413, f"batch of {len(batch)} records; at most {limit} per request")
    positions = [i for i, _ in batch.records]
    result = get_services().write_path.write(domain, [r for _, r in batch.records], feed.name,
                                             feed.expected_every_s)
    result.rejected = sorted([r.at(positions[r.index]) for r in result.rejected] + batch.rejected,
                             key=lambda r: r.index)
    return result
