"""REST bulk ingest: `POST /api/v1/ingest/{domain}` for every domain of the registry (DESIGN §7).

Each record is validated on its own by the shared write path; valid ones are written idempotently and the
answer lists every rejected record with its index in the body.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter

from api.deps import ERRORS, IngestResult, feed_of, media_type, parse_batch, read_body, write_batch
from data.domains.registry import specs

router = APIRouter(prefix="/api/v1/ingest", tags=["ingest"])

REF = "#/components/schemas/{model}"
# Schemas of the record models, added to the OpenAPI components by api/docs.py.
SCHEMAS: dict[str, dict] = {}


def _request_body(model) -> dict:
    schema = TypeAdapter(model).json_schema(ref_template=REF)
    SCHEMAS.update(schema.pop("$defs", {}))
    SCHEMAS[model.__name__] = schema
    ref = {"$ref": REF.format(model=model.__name__)}
    return {"required": True, "content": {
        "application/json": {"schema": {"type": "array", "items": ref}},
        "application/x-ndjson": {"schema": {"type": "string", "description": f"one {model.__name__} per line"}},
    }}


async def ingest(domain: str, request: Request) -> JSONResponse:
    feed = await run_in_threadpool(feed_of, request, domain)
    batch = parse_batch(await read_body(request), media_type(request))
    result = await run_in_threadpool(write_batch, domain, batch, feed)
    nothing_valid = result.accepted == 0 and result.duplicates == 0
    return JSONResponse(result.as_dict(), status_code=422 if nothing_valid else 200)


def _route(domain: str, model) -> None:
    async def endpoint(request: Request) -> JSONResponse:
        return await ingest(domain, request)

    endpoint.__name__ = f"ingest_{domain}"
    router.add_api_route(
        f"/{domain}", endpoint, methods=["POST"], response_model=IngestResult,
        summary=f"Bulk ingest of {domain} records (JSON array or NDJSON)",
        description=("Authorization: `Bearer <feed token>`. Each record is validated on its own; valid records "
                     "are written idempotently (a resent record counts as a duplicate), invalid ones are listed "
                     "with their index. 422 (same body shape) when no record was valid."),
        responses={**ERRORS, 422: {"model": IngestResult, "description": "No record was valid"}},
        openapi_extra={"requestBody": _request_body(model)})


for _spec in specs():
    _route(_spec.name, _spec.record)
