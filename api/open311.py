"""Open311 GeoReport v2 at `/open311/v2/`: services, posting a citizen report, reading requests back.

`api_key` (a form field or query parameter) is a feed token allowed for the incidents domain (an unlimited
token or one issued with `--domain incidents`). Reading is public like the open data API, unless
`CITYOPS_OPEN_DATA_PUBLIC=false`, then any valid token is needed. Errors are Open311 arrays
`[{"code": <HTTP status>, "description": "..."}]`. Only JSON is served (no `.xml`).
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.deps import BodyTooLarge, authenticate, capped_body, media_type
from data.ingest import open311
from data.ingest.open311 import Open311Error
from data.ingest.tokens import Feed
from data.wiring.services import get_services
from layouts.i18n import t

MAX_FORM_BYTES = 64_000
FORM = "application/x-www-form-urlencoded"


class Open311Problem(BaseModel):
    code: int
    description: str


class Service(BaseModel):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: Literal["realtime", "batch", "blackbox"]
    keywords: str
    group: str


class RequestCreated(BaseModel):
    service_request_id: str
    service_notice: str


class ServiceRequest(BaseModel):
    """A request as published: never the reporter's contact data."""

    service_request_id: str
    status: Literal["open", "closed"]
    status_notes: str
    service_code: str
    service_name: str | None
    description: str | None
    requested_datetime: str = Field(description="ISO-8601 with the city's UTC offset")
    updated_datetime: str
    lat: float
    long: float
    address: str | None = None
    media_url: str | None = None


class RequestForm(BaseModel):
    """Form fields of `POST requests.json` (application/x-www-form-urlencoded)."""

    api_key: str = Field(description="feed token allowed for incidents")
    service_code: str
    lat: float | None = Field(None, ge=-90, le=90)
    long: float | None = Field(None, ge=-180, le=180)
    address_string: str | None = Field(None, description="kept with the report; alone it cannot be located")
    description: str | None = None
    media_url: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    jurisdiction_id: str | None = None


ERRORS = {400: {"model": list[Open311Problem], "description": "Bad input (the description says which field)"},
          403: {"model": list[Open311Problem], "description": "Missing, invalid or revoked api_key"},
          429: {"model": list[Open311Problem], "description": "Too many requests for this api_key"}}

router = APIRouter(prefix="/open311/v2", tags=["open311"], responses=ERRORS)


def error(status: int, description: str) -> JSONResponse:
    return JSONResponse([{"code": status, "description": description}], status_code=status)


def _key(given: str | None, domain: str | None) -> Feed:
    try:
        return authenticate(given or None, domain)
    except HTTPException as exc:  # Open311 answers a bad api_key with 403
        status = 403 if exc.status_code == 401 else exc.status_code
        detail = "api_key: missing, invalid or revoked" if exc.status_code == 401 else str(exc.detail)
        raise Open311Error(status, detail) from None


def _check_jurisdiction(value: str | None) -> None:
    slug = get_services().pack.slug
    if value and value != slug:
        raise Open311Error(400, f"jurisdiction_id: this endpoint serves only {slug!r}")


def _read_access(api_key: str | None) -> None:
    if not get_services().settings.open_data_public:
        _key(api_key, None)


def _categories():
    return get_services().incidents.categories()


def _status_label(status: str) -> str:
    return t(f"inc.status.{status}", get_services().settings.lang)


async def _answer(work, *args) -> JSONResponse:
    try:
        return JSONResponse(await run_in_threadpool(work, *args))
    except Open311Error as exc:
        return error(exc.status, exc.description)


@router.get("/services.json", response_model=list[Service], summary="Service types (the incident categories)")
async def services(jurisdiction_id: str | None = Query(None),
                   api_key: str | None = Query(None)) -> JSONResponse:
    def work():
        _check_jurisdiction(jurisdiction_id)
        _read_access(api_key)
        return open311.service_list(_categories(), t("inc.channel.citizen_report", get_services().settings.lang))

    return await _answer(work)


def _published(query: open311.RequestQuery) -> list[dict]:
    services_ = get_services()
    categories = _categories()
    frame = query.of(services_.incidents)
    return open311.to_open311(frame, dict(zip(categories["code"], categories["name_vi"], strict=True)),
                              services_.zone, _status_label)


@router.get("/requests.json", response_model=list[ServiceRequest],
            summary="Service requests (default: reported in the last 90 days; at most 1000, newest first)")
async def list_requests(
        service_request_id: str | None = Query(None, description="comma-separated ids; overrides other filters"),
        service_code: str | None = Query(None, description="comma-separated service codes"),
        start_date: str | None = Query(None, description="ISO-8601 (requested_datetime ≥ start_date)"),
        end_date: str | None = Query(None, description="ISO-8601 (requested_datetime < end_date)"),
        status: str | None = Query(None, description="open, closed or both (comma-separated)"),
        jurisdiction_id: str | None = Query(None), api_key: str | None = Query(None)) -> JSONResponse:
    params = {"service_request_id": service_request_id, "service_code": service_code, "start_date": start_date,
              "end_date": end_date, "status": status}

    def work():
        _check_jurisdiction(jurisdiction_id)
        _read_access(api_key)
        codes = _categories()["code"].tolist()
        return _published(open311.parse_query(params, codes, get_services().zone))

    return await _answer(work)


@router.get("/requests/{service_request_id}.json", response_model=list[ServiceRequest],
            responses={404: {"model": list[Open311Problem], "description": "No such service request"}},
            summary="One service request (an array of one, as Open311 answers)")
async def get_request(service_request_id: str, jurisdiction_id: str | None = Query(None),
                      api_key: str | None = Query(None)) -> JSONResponse:
    def work():
        _check_jurisdiction(jurisdiction_id)
        _read_access(api_key)
        found = (_published(open311.RequestQuery(ids=(service_request_id,)))
                 if open311.is_request_id(service_request_id) else [])
        if not found:
            raise Open311Error(404, f"service_request_id: no request {service_request_id[:40]!r}")
        return found

    return await _answer(work)


def _form(body: bytes) -> dict[str, str]:
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
                          errors="strict", max_num_fields=50)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Open311Error(400, f"body: not a valid form ({str(exc)[:100]})") from None
    return {key: values[0] for key, values in parsed.items()}


@router.post("/requests.json", response_model=list[RequestCreated],
             summary="Post a citizen report (creates a new incident)",
             description=("Form-encoded. `lat`/`long` are required: the city pack has no geocoder, so an "
                          "`address_string` alone is refused (it is kept when sent with coordinates). The "
                          "incident's title is the category name and its severity the category's default."),
             openapi_extra={"requestBody": {"required": True, "content": {
                 FORM: {"schema": RequestForm.model_json_schema()}}}})
async def post_request(request: Request) -> JSONResponse:
    if media_type(request) != FORM:
        return error(400, f"body: send {FORM}")
    try:
        body = await capped_body(request, MAX_FORM_BYTES)
    except BodyTooLarge as exc:
        return error(400, f"body: {exc}")

    def work():
        form = _form(body)
        feed = _key(form.get("api_key") or request.query_params.get("api_key"), "incidents")
        _check_jurisdiction(form.get("jurisdiction_id"))
        services_ = get_services()
        categories = _categories()
        new = open311.parse_new_request(form, categories["code"].tolist())
        request_id = open311.create_request(services_.write_path, categories, new, feed.name,
                                            feed.expected_every_s)
        return [{"service_request_id": request_id, "service_notice": t("open311.notice", get_services().settings.lang)}]

    return await _answer(work)


@router.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
async def not_found(rest: str) -> JSONResponse:
    return error(404, f"not found: /open311/v2/{rest[:80]} (only the JSON endpoints of GeoReport v2 are served)")
