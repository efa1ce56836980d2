"""FIWARE NGSI-v2: `POST /api/v1/ngsi-v2/notify` takes Orion subscription notifications.

Each entity becomes write-path records; rejections name the entity's index in `data` and the reason.
"""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.deps import ERRORS, IngestResult, feed_of, media_type, read_body
from data.ingest.ngsi import EntityError, EntityMap, translate
from data.ingest.tokens import Feed
from data.ingest.write_path import Rejection, WriteResult
from data.wiring.services import get_services

router = APIRouter(prefix="/api/v1/ngsi-v2", tags=["ingest"])


class Notification(BaseModel):
    """An Orion notification: entities in normalized or keyValues form."""

    subscriptionId: str | None = Field(None, max_length=200)
    data: list[dict] = Field(max_length=50_000)


def notify_entities(entities: list, feed: Feed) -> WriteResult:
    services = get_services()
    mapping = EntityMap(services.engines.main)

    def resolve(ids: list[str], domain: str) -> str | None:
        known = services.registry.entities(domain)
        return mapping.lookup(ids, domain) or next((i for i in ids if i in known), None)

    total = WriteResult()
    batches: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for index, entity in enumerate(entities):
        try:
            translated = translate(entity, resolve)
        except EntityError as exc:
            total.rejected.append(Rejection(index, str(exc), "invalid_entity"))
            continue
        if not feed.allows(translated.domain):
            total.rejected.append(Rejection(index, f"type: this token is limited to the {feed.domain} domain",
                                            "token_domain_limit", {"domain": feed.domain}))
            continue
        total.rejected += [Rejection(index, reason, "attribute_skipped") for reason in translated.skipped]
        batches[translated.domain] += [(index, r) for r in translated.records]
    for domain, items in batches.items():
        result = services.write_path.write(domain, [r for _, r in items], feed.name, feed.expected_every_s)
        total.accepted += result.accepted
        total.duplicates += result.duplicates
        total.rejected += [r.at(items[r.index][0]) for r in result.rejected]
    total.rejected.sort(key=lambda r: r.index)
    return total


@router.post("/notify", response_model=IngestResult, responses={**ERRORS, 422: {"model": IngestResult}},
             summary="Orion subscription notification (AirQualityObserved, WaterQualityObserved, "
                     "TrafficFlowObserved, Device, Alert)",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": Notification.model_json_schema()}}}})
async def notify(request: Request) -> JSONResponse:
    feed = await run_in_threadpool(feed_of, request)
    if media_type(request) != "application/json":
        raise HTTPException(415, "send application/json")
    body = await read_body(request)
    try:
        notification = Notification.model_validate_json(body)
    except ValueError as exc:
        raise HTTPException(400, f"not an NGSI-v2 notification: {str(exc).splitlines()[0][:200]}") from exc
    result = await run_in_threadpool(notify_entities, notification.data, feed)
    nothing = result.accepted == 0 and result.duplicates == 0
    return JSONResponse(result.as_dict(), status_code=422 if nothing else 200)
