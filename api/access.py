"""Who is asking, and may they: the roles, `@requires` / `@for_page` declarations on callbacks and the current
principal. Callbacks, pages and routes import this module; the middleware that enforces it on every request
is `api/security.py`.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import NoReturn

from fastapi import HTTPException
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import HTTPConnection

from data.commands.users import Principal, UserStore
from data.store.models_access import ROLES
from data.wiring.services import get_services

log = logging.getLogger("cityops.security")

ALL_ROLES = ROLES
OPERATE = ("operator", "admin")  # change incidents and alerts
ADMIN = ("admin",)  # users, display tokens, thresholds, audit
KPI = ("leader", "analyst", "admin", "operator")  # the leaders' board and the daily report (operators read)
DRILL = ("analyst", "leader", "admin")  # the drill-down by area (/districts) and its exports
ANYONE = "anyone"  # marker: public, no session needed

_connection: ContextVar[HTTPConnection | None] = ContextVar("cityops_connection", default=None)


@dataclass(frozen=True)
class PageRoles:
    """A callback that runs with the roles of a page, e.g. `pages.wall` (looked up when it is asked for)."""

    module: str


_declared: dict[Callable, tuple[str, ...] | PageRoles] = {}


def requires(*roles: str):
    """Declare the roles a callback needs (use on state-changing callbacks, above or below `@callback`)."""
    unknown = set(roles) - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    def mark(func):
        _declared[inspect.unwrap(func)] = tuple(roles)
        return func

    return mark


def for_page(page: str):
    """Declare that a callback serves page `page` (e.g. "wall") and takes its roles: for callbacks whose module
    does not share the page's name (a domain's wall callbacks)."""
    def mark(func):
        _declared[inspect.unwrap(func)] = PageRoles(f"pages.{page}")
        return func

    return mark


def declared_roles(func: Callable) -> tuple[str, ...] | PageRoles | None:
    return _declared.get(inspect.unwrap(func))


@cache
def _store_for(engine) -> UserStore:
    return UserStore(engine)


def user_store() -> UserStore:
    return _store_for(get_services().engines.main)


_last_known: dict[tuple[str, str], Principal | None] = {}


def principal_of(connection: HTTPConnection | None) -> Principal | None:
    """The signed-in user or display screen of a connection, re-read so disabling/revoking applies at once.

    While the database is unreachable, the answer it last gave for the session stands (stale-if-error), so a
    wall keeps its screen through an outage instead of failing every request."""
    if connection is None or "session" not in connection.scope:
        return None
    session = connection.session
    store = user_store()
    if session.get("user"):
        key, lookup = ("user", session["user"]), store.active
    elif session.get("display"):
        key, lookup = ("display", session["display"]), store.display_active
    else:
        return None
    try:
        _last_known[key] = principal = lookup(key[1])
    except SQLAlchemyError:
        log.warning("user store unreachable: using the last known role of %s %s", *key)
        return _last_known.get(key)
    return principal


def current_connection() -> HTTPConnection | None:
    return _connection.get()


def current_principal() -> Principal | None:
    return principal_of(_connection.get())


def may(principal: Principal | None, roles: Iterable[str] | str | None) -> int:
    """200 when allowed, else the status to refuse with (401 no session, 403 wrong role)."""
    if roles == ANYONE:
        return 200
    if principal is None:
        return 401
    return 200 if roles is not None and principal.role in roles else 403


def require(*roles: str) -> Principal:
    """Inside a callback or route: the principal, or an HTTPException when they may not act."""
    principal = current_principal()
    status = may(principal, roles)
    if status != 200:
        raise HTTPException(status, "login required" if status == 401 else "not allowed for this role")
    return principal


def refuse_request(detail: str) -> NoReturn:
    """Inside a callback: answer 400 to a request the page never sends (an unknown action, a malformed id)."""
    raise HTTPException(400, detail)


def require_roles(*roles: str):
    """A FastAPI dependency for API routes: `Depends(require_roles("admin"))`."""
    def dependency() -> Principal:
        return require(*roles)

    return dependency
