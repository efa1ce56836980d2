"""Sign in and out. The login form posts here; attempts are rate limited per client and per username."""

from __future__ import annotations

from functools import cache
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from api.access import user_store
from api.deps import BodyTooLarge, capped_body
from data.wiring.services import get_services
from layouts.i18n import normalise_lang
from layouts.login import login_html

router = APIRouter(include_in_schema=False)
# Failed attempts allowed per minute, per username and per client address.
PER_USERNAME = parse("5/minute")
PER_CLIENT = parse("30/minute")
MAX_FORM_BYTES = 16_384  # a login form is a few hundred bytes


@cache
def limiter() -> MovingWindowRateLimiter:
    """Shared through Redis when configured (several workers), else per process."""
    url = get_services().settings.redis_url or "memory://"
    return MovingWindowRateLimiter(storage_from_string(url))


# Where a role lands after signing in when no other page was asked for: leaders on their board.
LANDING = {"leader": "/kpi"}


def safe_next(value: str | None) -> str:
    """Only a local path, never another site (`//host`, `https://...`)."""
    value = value or "/"
    return value if value.startswith("/") and not value.startswith("//") and "\\" not in value else "/"


def _page(lang: str, next_url: str, error: str | None = None, status: int = 200) -> HTMLResponse:
    return HTMLResponse(login_html(lang, next_url, error, get_services().settings.demo), status_code=status,
                        headers={"Cache-Control": "no-store"})


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    params = request.query_params
    return _page(normalise_lang(params.get("lang")), safe_next(params.get("next")),
                 "login.failed" if params.get("error") else None)


@router.post("/login")
async def login(request: Request):
    try:
        body = await capped_body(request, MAX_FORM_BYTES)
    except BodyTooLarge:
        return _page(normalise_lang(request.query_params.get("lang")), "/", "login.failed", status=413)
    form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    lang, next_url = normalise_lang(form.get("lang")), safe_next(form.get("next"))
    username, password = form.get("username", "").strip()[:64], form.get("password", "")[:200]
    client = request.client.host if request.client else "unknown"
    keys = ((PER_CLIENT, "login-client", client), (PER_USERNAME, "login-user", username.lower()))
    if not all(limiter().test(*key) for key in keys):
        return _page(lang, next_url, "login.limited", status=429)
    principal = user_store().authenticate(username, password) if username and password else None
    if principal is None:
        for key in keys:  # only failures count: a guessing client or a targeted account is slowed down
            limiter().hit(*key)
        return _page(lang, next_url, "login.failed", status=401)
    request.session.clear()
    request.session["user"] = principal.name
    if next_url == "/":
        next_url = LANDING.get(principal.role, "/")
    if lang != "vi" and "lang=" not in next_url:
        next_url += ("&" if "?" in next_url else "?") + f"lang={lang}"
    return RedirectResponse(next_url, status_code=303)


@router.api_route("/logout", methods=["GET", "POST"])
def logout(request: Request) -> RedirectResponse:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
